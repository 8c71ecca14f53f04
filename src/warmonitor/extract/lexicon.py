"""The knowledge the claim reader applies, loaded from the package's data files.

Analysts maintain the vocabulary (number words, outcome verbs, victim nouns, actors) in
TOML under ``warmonitor/data``; this module only turns it into lookup tables. The actors
come from one conflict pack per report (``data/conflicts/``, see docs/actors.md), so that
one war's names never stand for another's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar

from ..packs import packs, read_data
from .tokens import Token, tokenize

V = TypeVar("V")


class Matcher(Protocol[V]):
    """A table of phrases (:class:`PhraseTable`, the Arabic reader's ``Phrases``)."""

    def match(self, tokens: list[Token], i: int) -> tuple[int, V] | None: ...

    def openings(self, tokens: list[Token]) -> Iterable[int]: ...


def phrases_in(table: Matcher[V], tokens: list[Token], *others: Matcher[V]) -> Iterator[tuple[int, int, V]]:
    """Each phrase of ``table`` in ``tokens``, read left to right, the longest at each
    place and none overlapping: (first token, token after the last, value). Where
    ``table`` has none, each of ``others`` is read in turn. Only the places where a
    phrase may open are tried: most words open none, and a sentence is scanned so for
    each table of phrases that the claim, source and event readers look for."""
    tables = (table, *others)
    openings = sorted({i for t in tables for i in t.openings(tokens)}) if others else table.openings(tokens)
    end = 0  # the token after the last phrase found
    for i in openings:
        if i < end:
            continue
        found = next((m for t in tables if (m := t.match(tokens, i))), None)
        if found:
            yield i, i + found[0], found[1]
            end = i + found[0]


def _possessed(token: Token) -> str | None:
    """The word a possessive or an acronym's plural is of ("ISIL's attacks", "ISILs
    attacks" where the text lost its apostrophes, "the SDFs"), lower case; else None.
    Read for parties' names only: "the town's only pharmacist" is no town."""
    text = token.text
    if len(text) < 3 or text[-1] != "s":  # most words: asked of every word a party's name may not open
        return None
    if text[-2] in "'’":
        return text[:-2].lower() if len(text) > 3 else None
    head = text[:-1]
    return head.lower() if head.isascii() and head.isalpha() and head.isupper() else None


class PhraseTable(Generic[V]):
    """Multi-word phrases keyed by their lower-case tokens; the longest phrase wins.

    The phrases that start (or end) with a word are kept by length, longest first, each
    length's in a dict: a match builds the words of the text once per length, not once
    per phrase ("syrian" opens thirteen parties of Syria's war, "number" eighteen
    tolls), and looks them up. Of two phrases written alike, the first added is kept."""

    def __init__(self, *, possessives: bool = False) -> None:
        self._possessives = possessives  # a party's name: "ISIL's attacks" name ISIL (:func:`_possessed`)
        self._by_first: dict[str, list[tuple[int, dict[tuple[str, ...], V]]]] = {}
        self._by_last: dict[str, list[tuple[int, dict[tuple[str, ...], V]]]] = {}
        self._exact: dict[tuple[str, ...], V] = {}
        self._possessive_forms: set[str] = set()  # "isil's", "isil’s", "isils": lower cases :func:`_possessed` may read

    def add(self, phrase: str, value: V, *, exact_case: bool = False) -> None:
        words = tuple(t.text if exact_case else t.lower for t in tokenize(phrase))
        if exact_case:
            self._exact[words] = value
            return
        if self._possessives:
            self._possessive_forms.update(words[0] + ending for ending in ("'s", "’s", "s"))
        for index, key in ((self._by_first, words[0]), (self._by_last, words[-1])):
            by_length = index.setdefault(key, [])
            same_length = next((phrases for n, phrases in by_length if n == len(words)), None)
            if same_length is None:
                same_length = {}
                by_length.append((len(words), same_length))
                by_length.sort(key=lambda entry: -entry[0])
            same_length.setdefault(words, value)

    def starts_with(self, word: str) -> bool:
        """May a phrase start with this lower-case word? A cheap test before reading on."""
        return word in self._by_first

    @property
    def first_words(self) -> frozenset[str]:
        """The lower-case words a phrase may start with (:meth:`starts_with`)."""
        return frozenset(self._by_first)

    def openings(self, tokens: list[Token]) -> list[int]:
        """Where in ``tokens`` a phrase may start: at each word that is the first of one
        (or, in a table of parties' names, a one-word name with a possessive: :func:`_possessed`)."""
        first, exact = self._by_first, self._exact
        if self._possessives:  # a set first: asked of every word, :func:`_possessed` of almost none
            forms = self._possessive_forms
            return [
                i for i, t in enumerate(tokens)
                if t.lower in first or (t.text,) in exact or (t.lower in forms and _possessed(t) in first)
            ]
        if not exact:
            return [i for i, t in enumerate(tokens) if t.lower in first]
        return [i for i, t in enumerate(tokens) if t.lower in first or (t.text,) in exact]

    def match(self, tokens: list[Token], i: int) -> tuple[int, V] | None:
        """The longest phrase starting at ``tokens[i]``, as (number of tokens, value)."""
        if i >= len(tokens):
            return None
        token = tokens[i]  # most words start no phrase: this path is the claim reader's hottest
        for n, phrases in self._by_first.get(token.lower, ()):
            words = (token.lower,) if n == 1 else tuple([t.lower for t in tokens[i : i + n]])
            if words in phrases:
                return n, phrases[words]
        exact = self._exact.get((token.text,)) if self._exact else None
        if exact is not None:
            return 1, exact
        base = _possessed(token) if self._possessives else None
        one_word = next((phrases for n, phrases in self._by_first.get(base, ()) if n == 1), None) if base else None
        return (1, one_word[(base,)]) if one_word else None

    def match_ending(self, tokens: list[Token], j: int) -> tuple[int, V] | None:
        """The longest phrase ending at ``tokens[j]`` (inclusive), as (number of tokens, value)."""
        if j < 0:
            return None
        for n, phrases in self._by_last.get(tokens[j].lower, ()):
            if j + 1 < n:
                continue
            words = (tokens[j].lower,) if n == 1 else tuple([t.lower for t in tokens[j + 1 - n : j + 1]])
            if words in phrases:
                return n, phrases[words]
        exact = self._exact.get((tokens[j].text,)) if self._exact else None
        return (1, exact) if exact is not None else None


@dataclass(frozen=True)
class VictimTerm:
    """What a victim noun says: its group, and the side it points to by default."""

    group: str
    side: str | None
    named_group: str | None = None
    side_from_context: bool = False  # an armed group named in the sentence may give the side


@dataclass(frozen=True)
class Actor:
    """A party to a conflict; naming it fixes the side. A generic term ("jihadists",
    "gunmen") has no canonical name, and maybe no side."""

    canonical: str | None
    type: str | None
    side: str | None


@dataclass(frozen=True)
class Lexicon:
    number_words: dict[str, int]
    scales: dict[str, int]
    multiples: PhraseTable[int]
    vague: PhraseTable[str]
    qualifiers: PhraseTable[str]
    qualifier_suffixes: PhraseTable[str]
    after: PhraseTable[str]
    before: PhraseTable[str]
    toll: PhraseTable[str]
    toll_links: frozenset[str]
    victim_outcomes: PhraseTable[str]
    organisation_bodies: tuple[frozenset[str], frozenset[str]]  # (nouns, modifiers): "the world body"
    anaphora: frozenset[str]
    mixed: PhraseTable[bool]
    after_links: frozenset[str]
    before_links: frozenset[str]
    boundaries: frozenset[str]
    postmodifier_openers: PhraseTable[bool]
    clause_words: frozenset[str]
    person_determiners: frozenset[str]
    plural_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    subcount_openers: PhraseTable[bool]
    superseded: PhraseTable[bool]
    not_people: PhraseTable[bool]
    not_count_after: frozenset[str]
    age_after: PhraseTable[bool]
    age_before: PhraseTable[bool]
    months: frozenset[str]
    victims: PhraseTable[VictimTerm]
    actors: PhraseTable[Actor]
    generic_actors: PhraseTable[Actor]
    sources: PhraseTable[str | None]  # the bodies and people reports credit (None: kept as written)
    kind_words: frozenset[str]  # "group" of "the ISIL terrorist group": a kind told after a party's name
    unspecific_words: frozenset[str]  # "terrorist", "armed": words that name no party of their own
    # The words a quantity may start with besides digits ("a", "five", "dozens", "a dozen"),
    # and number words before a hyphen ("twenty-three"): numbers.find_quantities looks
    # at every token of every sentence, and most are none of these.
    quantity_openers: frozenset[str] = frozenset()


def phrase_table(entries: dict[str, list[str]] | list[str], value=True) -> PhraseTable:
    """The phrases of a data file's list (each worth ``value``) or of a dict (each worth its key)."""
    table: PhraseTable = PhraseTable()
    if isinstance(entries, dict):
        for key, phrases in entries.items():
            for phrase in phrases:
                table.add(phrase, key)
    else:
        for phrase in entries:
            table.add(phrase, value)
    return table


def _victim_terms(entries, victims: PhraseTable[VictimTerm]) -> None:
    for entry in entries:
        side_from_context = entry.get("side_from_context", False)
        term = VictimTerm(entry["group"], entry.get("side"), entry.get("named_group"), side_from_context)
        for phrase in entry["terms"]:
            victims.add(phrase, term)


def _actors(entries, country: str | None, generic: dict) -> PhraseTable[Actor]:
    """The named parties; a side that depends on where the fighting is (``side_in``) is
    read for ``country``. ``generic``: actors/generic.toml, as the caller read it (its
    affiliation suffixes: "al-qaeda-linked")."""
    actors: PhraseTable[Actor] = PhraseTable(possessives=True)
    suffixes = generic.get("affiliation", {}).get("suffixes", [])
    for entry in entries:
        actor = Actor(entry["canonical"], entry["type"], entry.get("side_in", {}).get(country, entry["side"]))
        for alias in entry["aliases"]:
            actors.add(alias, actor)
            if len(tokenize(alias)) == 1:  # "al-qaeda-linked" is one word
                for suffix in suffixes:
                    actors.add(f"{alias}-{suffix}", actor)
        for alias in entry.get("exact_aliases", []):
            actors.add(alias, actor, exact_case=True)
    return actors


@cache
def load(pack: str | None = None, country: str | None = None) -> Lexicon:
    """The language's vocabulary with the nouns of any war and, when a report's conflict
    is known, that ``pack``'s actors as they stand in ``country`` (one per pair, cached)."""
    if pack is None:
        return _language()
    conflict = packs()[pack]
    language = _language()
    generic = read_data("actors/generic.toml")
    victims, generic_actors = language.victims, language.generic_actors
    if conflict.victims:  # the pack's nouns first: on a tie the first entry wins
        victims = PhraseTable()
        _victim_terms(conflict.victims, victims)
        _victim_terms(_generic_victims(), victims)
    if conflict.generic_actors:  # "terrorists" in the Sahel are jihadists
        generic_actors = PhraseTable()
        _generic_actors(conflict.generic_actors, generic_actors)
        _generic_actors(generic.get("generic_actors", []), generic_actors)
    # A party of many wars applies unless the pack names its own parties of that side.
    sides = {actor["side"] for actor in conflict.actors}
    actors = _actors([*conflict.actors, *(a for a in generic.get("actors", []) if a["side"] not in sides)], country, generic)
    # "the monitor", "civil defence", "state media": a body of this war, named as its reports name it
    sources = _sources([*conflict.sources, *read_data("sources_en.toml")["sources"]]) if conflict.sources else language.sources
    return replace(language, actors=actors, victims=victims, generic_actors=generic_actors, sources=sources)


def _generic_actors(entries, table: PhraseTable[Actor]) -> None:
    for entry in entries:
        for term in entry["terms"]:
            table.add(term, Actor(None, entry.get("type"), entry.get("side")))


def _generic_victims() -> list[dict]:
    """The victim nouns of any war, and a country's people ("78 Syrians", "58
    Palestinians"), of no group by themselves. Only plural demonyms ending in -s count:
    "Sudanese" is as often the adjective of "Sudanese soldiers", whose group the soldiers give."""
    demonyms = (d for country in read_data("countries_en.toml")["countries"] for d in country["demonyms"])
    people = {"group": "unspecified", "terms": sorted({d for d in demonyms if d.endswith("s") and " " not in d})}
    return [*read_data("actors/generic.toml").get("victims", []), people]


def _sources(entries) -> PhraseTable[str | None]:
    """Credited names, each worth its canonical name (None: a person or body kept as written)."""
    names: PhraseTable[str | None] = PhraseTable()
    for entry in entries:
        for alias in entry.get("aliases", []):
            names.add(alias, entry.get("canonical"))
        for alias in entry.get("exact_aliases", []):
            names.add(alias, entry.get("canonical"), exact_case=True)
    return names


@cache
def _language() -> Lexicon:
    """Read the language's data files once per process; no conflict's actors."""
    numbers = read_data("numbers_en.toml")
    words = read_data("casualties_en.toml")
    generic = read_data("actors/generic.toml")
    multiples: PhraseTable[int] = PhraseTable()
    for phrase, value in numbers["multiples"].items():
        multiples.add(phrase, value)
    victims: PhraseTable[VictimTerm] = PhraseTable()
    _victim_terms(_generic_victims(), victims)
    generic_actors: PhraseTable[Actor] = PhraseTable()
    _generic_actors(generic.get("generic_actors", []), generic_actors)
    number_words = {**numbers["units"], **numbers["tens"]}
    vague = phrase_table(numbers["vague"]["phrases"])
    return Lexicon(
        number_words=number_words,
        scales=numbers["scales"],
        multiples=multiples,
        vague=vague,
        qualifiers=phrase_table(numbers["qualifiers"]),
        qualifier_suffixes=phrase_table(numbers["qualifier_suffixes"]),
        after=phrase_table(words["after"]),
        before=phrase_table(words["before"]),
        toll=phrase_table(words["toll"]),
        toll_links=frozenset(words["toll_links"]["words"]),
        victim_outcomes=phrase_table(words["victim_nouns"]),
        organisation_bodies=(
            frozenset(words["organisation_bodies"]["nouns"]), frozenset(words["organisation_bodies"]["modifiers"])
        ),
        anaphora=frozenset(words["anaphora"]["words"]),
        mixed=phrase_table(words["mixed"]["phrases"]),
        after_links=frozenset(words["links"]["after"]),
        before_links=frozenset(words["links"]["before"]),
        boundaries=frozenset(words["boundaries"]["words"]),
        postmodifier_openers=phrase_table(words["postmodifiers"]["prepositions"]),
        clause_words=frozenset(words["postmodifiers"]["clause_words"]),
        person_determiners=frozenset(words["persons"]["determiners"]),
        plural_nouns=frozenset(words["persons"]["plural_nouns"]),
        speech_verbs=frozenset(words["persons"]["speech_verbs"]),
        subcount_openers=phrase_table(words["subcounts"]["openers"]),
        superseded=phrase_table(words["superseded"]["markers"]),
        not_people=phrase_table(words["not_people"]["nouns"]),
        not_count_after=frozenset(words["not_counts"]["after_number"]),
        age_after=phrase_table(words["not_counts"]["age_after"]),
        age_before=phrase_table(words["not_counts"]["age_before"]),
        months=frozenset(words["months"]["words"]),
        victims=victims,
        actors=_actors(generic.get("actors", []), None, generic),
        generic_actors=generic_actors,
        sources=_sources(read_data("sources_en.toml")["sources"]),
        kind_words=frozenset(generic["kind_after_name"]["last_words"]),
        unspecific_words=frozenset(generic["unspecific"]["words"]),
        quantity_openers=frozenset({"a", "an", "one", *number_words, *vague.first_words, *multiples.first_words}),
    )
