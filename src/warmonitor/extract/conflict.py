"""Which war a report is about, found before its claims are read.

Actors are named differently in every war, and the same army is on a different side from
one war to the next, so a report must be read with its own war's pack of actors
(``data/conflicts/``). A report rarely says which war it is about; it shows it by its
dateline ("KHARKIV, Ukraine (Reuters) -", "DAMASCUS, May 3 -"), the countries it names
("in Sudan", "the Sudanese army", from ``data/countries_en.toml``), local words ("Idlib",
"Donbas": a pack's cues) and parties only that war has. Each is evidence for a country or
a pack; the dateline and the headline weigh most, except a dateline of a city agencies
file other countries' wars from ("BEIRUT (AFP) -" over a report of Idlib). A pack applies only while its war is
on. With no evidence there is no pack, and only the nouns of any war apply.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from ..ingest.dateline import read_dateline
from ..records import Document
from ..packs import ConflictPack, packs, read_data


@dataclass(frozen=True)
class Conflict:
    """The war a report is read in: its pack (None when no pack applies) and the country
    (ISO-2) its fighting is in, when the report shows it."""

    pack: ConflictPack | None
    country: str | None


@dataclass(frozen=True)
class _Evidence:
    kind: str  # "country" or "pack"
    key: str  # ISO-2 code or pack slug
    weight: int
    place: bool = False  # a capital, or a name written as a place ("in Sudan"), not as a party


_NAME, _DEMONYM, _CAPITAL, _CUE, _ALIAS = 2, 1, 1, 2, 1
"""A country named outweighs its people or its capital; a pack's local word counts as
much as its country's name, one of its parties' names as much as a demonym."""

_DATELINE_WEIGHT, _HEADLINE_WEIGHT = 6, 3
_BODY_CHARS = 4000  # the lead tells where a report is; later paragraphs give background
_MIN_SCORE = 2  # one passing demonym ("a Russian-made drone") is no evidence of a war
_POSSESSIVE = ("'s", "’s")


def choose(document: Document) -> Conflict:
    """The report's pack and country, from its dateline, headline and lead."""
    evidence = _Tally()
    text = document.text
    headline = document.title or text.split("\n", 1)[0]
    dateline = read_dateline(text)
    # "BEIRUT (AFP) - ... in Idlib": a wire hub's dateline tells where the report was filed
    # (it still counts once, as a word of the lead)
    if dateline is not None and dateline.place.lower() not in _countries()["wire_hubs"]["cities"]:
        evidence.add(text[dateline.span[0] : dateline.span[1]], _DATELINE_WEIGHT, places=True)
    evidence.add(headline, _HEADLINE_WEIGHT)
    evidence.add(text[:_BODY_CHARS], 1)
    pack = _best_pack(evidence, document.published)
    return Conflict(pack, _country(evidence, pack))


class _Tally:
    """Evidence for countries and packs. A country written as a place tells where the
    fighting is ("in Lebanon", a dateline); written as a party it tells only who takes
    part ("Israeli jets", "Israel said")."""

    def __init__(self) -> None:
        self.where: Counter[str] = Counter()
        self.who: Counter[str] = Counter()
        self.packs: Counter[str] = Counter()

    def add(self, text: str, weight: int, *, places: bool = False) -> None:
        for evidence in _evidence_in(text):
            if evidence.kind == "pack":
                self.packs[evidence.key] += evidence.weight * weight
            else:
                (self.where if evidence.place or places else self.who)[evidence.key] += evidence.weight * weight

    def country(self, code: str) -> int:
        return self.where[code] + self.who[code]

    def best_country(self, candidates: Iterable[str], *, clear: bool = False) -> str | None:
        """The candidate most shown, as the place before as a party; with ``clear``, only
        one shown at least twice as much as any other candidate."""
        scored = sorted(((self.country(c) + self.where[c], self.where[c], c) for c in candidates if self.country(c)), reverse=True)
        if not scored or (clear and len(scored) > 1 and scored[0][0] < 2 * scored[1][0]):
            return None
        return scored[0][2]


def _best_pack(evidence: _Tally, day: date | None) -> ConflictPack | None:
    """The active pack with the most evidence, if it has enough and outweighs every
    country that is neither its ground nor one of its parties (a report about Somalia
    that names al-Qaeda is no report about Yemen; one about Syria names Turkey often)."""
    scored = [  # ties go to the pack with more evidence of its own
        (own + sum(evidence.country(c) for c in pack.countries), own, pack.slug)
        for pack in packs().values()
        if pack.active(day)
        for own in [evidence.packs[pack.slug]]
    ]
    best = max(scored, default=None)
    if best is None or best[0] < _MIN_SCORE:
        return None
    pack = packs()[best[2]]
    expected = set(pack.countries) | _party_countries(pack.slug)
    elsewhere = max((evidence.country(c) for c in evidence.where | evidence.who if c not in expected), default=0)
    return pack if best[0] > elsewhere else None


@cache
def _party_countries(slug: str) -> frozenset[str]:
    """The countries whose names or people the pack's actors are called by ("turkish")."""
    aliases = {alias for actor in packs()[slug].actors for alias in actor["aliases"]}
    return frozenset(
        country["code"]
        for country in _countries()["countries"]
        if aliases & set(country["names"] + country["demonyms"])
    )


def _country(evidence: _Tally, pack: ConflictPack | None) -> str | None:
    """The country of the pack's war the report shows clearly most (a report of a war
    fought in several countries that names two of them about as often is left to the
    places the resolve stage finds in its whole text); without a pack, the most shown
    country if it is shown enough."""
    if pack is not None:
        best = evidence.best_country(pack.countries, clear=True)
        return best or (pack.countries[0] if len(pack.countries) == 1 else None)
    best = evidence.best_country(evidence.where | evidence.who)
    return best if best and evidence.country(best) >= _MIN_SCORE else None


_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
"""Words as the evidence scan sees them: the whole-text tokenizer is too slow to run
twice per report, and this one needs only words ("U.S.-led" gives "U.S", "led")."""


def _words(text: str) -> list[str]:
    return [word[:-2] if word.endswith(_POSSESSIVE) else word for word in _WORD.findall(text)]


def _evidence_in(text: str) -> list[_Evidence]:
    table = _evidence_table()
    locatives, directions, place_nouns = _place_context()
    written = _words(text)
    words = [word.lower() for word in written]
    found: list[_Evidence] = []
    free = 0  # the first word not inside a phrase already read
    for i in table.starts(words, written):
        match = table.match(words, written, i) if i >= free else None
        if not match:
            continue
        length, told = match
        before = i - 1 - (i > 1 and words[i - 1] in directions)
        after_locative = before >= 0 and words[before] in locatives
        before_place = i + length < len(words) and words[i + length] in place_nouns
        for evidence in told:
            if evidence.kind == "country" and (after_locative or before_place):
                evidence = replace(evidence, weight=evidence.weight * 2, place=True)
            found.append(evidence)
        free = i + length
    return found


class _Phrases:
    """Phrases of evidence keyed by their first word; the longest phrase wins."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[_Evidence, ...]]]] = defaultdict(list)
        self._exact: dict[str, tuple[_Evidence, ...]] = {}

    def add(self, phrase: str, evidence: tuple[_Evidence, ...]) -> None:
        words = tuple(word.lower() for word in _words(phrase))
        entries = self._by_first[words[0]]
        entries.append((words, evidence))
        entries.sort(key=lambda entry: -len(entry[0]))

    def add_exact(self, word: str, evidence: tuple[_Evidence, ...]) -> None:
        self._exact[word] = evidence

    def starts(self, words: list[str], written: list[str]) -> list[int]:
        """Where a phrase may start: most words start none, and are passed over at once."""
        return [i for i, word in enumerate(words) if word in self._by_first or written[i] in self._exact]

    def match(self, words: list[str], written: list[str], i: int) -> tuple[int, tuple[_Evidence, ...]] | None:
        for phrase, evidence in self._by_first.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                return len(phrase), evidence
        exact = self._exact.get(written[i])
        return (1, exact) if exact else None


@cache
def _place_context() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    context = _countries()["context"]
    return frozenset(context["locatives"]), frozenset(context["directions"]), frozenset(context["place_nouns"])


@cache
def _countries() -> dict:
    """``data/countries_en.toml``, read once."""
    return read_data("countries_en.toml")


@cache
def _evidence_table() -> _Phrases:
    """Every phrase that tells a country or a pack, with all it tells (a capital may also
    be a pack's cue)."""
    phrases: dict[str, list[_Evidence]] = defaultdict(list)
    exact: dict[str, list[_Evidence]] = defaultdict(list)
    for country in _countries()["countries"]:
        code = country["code"]
        kinds = ((country["names"], _NAME, False), (country["demonyms"], _DEMONYM, False), ([country["capital"]], _CAPITAL, True))
        for names, weight, place in kinds:
            for name in names:
                phrases[name].append(_Evidence("country", code, weight, place))
        for name in country.get("exact", []):
            exact[name].append(_Evidence("country", code, _NAME))
    for pack in packs().values():
        for cue in pack.cues:
            phrases[cue].append(_Evidence("pack", pack.slug, _CUE))
    _add_party_names(phrases)
    for alias, slug in _distinctive_aliases().items():
        phrases[alias].append(_Evidence("pack", slug, _ALIAS))
    table = _Phrases()
    for phrase, evidence in phrases.items():
        table.add(phrase, tuple(evidence))
    for word, evidence in exact.items():
        table.add_exact(word, tuple(evidence))
    return table


def _add_party_names(phrases: dict[str, list[_Evidence]]) -> None:
    """A country in a party's name tells who fights, not where: "Islamic State in Iraq
    and the Levant" is no report from Iraq, "Free Syrian Army" says Syrians fight."""
    for pack in packs().values():
        for actor in pack.actors:
            for alias in actor["aliases"]:
                words = [word.lower() for word in _words(alias)]
                if len(words) > 1 and alias not in phrases:
                    phrases[alias] = [
                        replace(evidence, weight=_DEMONYM, place=False)
                        for word in words
                        for evidence in phrases.get(word, ())
                        if evidence.kind == "country"
                    ]


def _distinctive_aliases() -> dict[str, str]:
    """The actor aliases that belong to one pack only, with that pack, leaving out those
    made only of words any war uses ("government forces") or of a country's names."""
    generic = read_data("actors/generic.toml")
    common = set(generic["unspecific"]["words"])
    for entry in generic["victims"] + generic["generic_actors"]:
        common.update(entry["terms"])
    for country in _countries()["countries"]:
        common.update(country["names"] + country["demonyms"] + [country["capital"]])
    common_words = {word.lower() for phrase in common for word in _words(phrase)}
    owners: dict[str, set[str]] = defaultdict(set)
    for pack in packs().values():
        for actor in pack.actors:
            for alias in actor["aliases"]:
                owners[alias].add(pack.slug)
    return {
        alias: slugs.pop()
        for alias, slugs in owners.items()
        if len(slugs) == 1 and not {word.lower() for word in _words(alias)} <= common_words
    }

