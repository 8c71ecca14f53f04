"""The Arabic vocabulary (data/casualties_ar.toml, data/numbers_ar.toml) as lookup tables.

A written Arabic word carries its conjunction, preposition and article on its front
(وبالأطفال = "and with the children") and often a pronoun on its back (طفلتيها = "her
two daughters"); :func:`stems` gives every reading of a key with those stripped, so each
word is listed once in the data, bare.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ...packs import read_data
from ...records import Token
from .text import normalise

_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
_PRONOUNS = ("هما", "هم", "هن", "ها", "ه")


@cache
def stems(key: str, *, pronouns: bool = True) -> tuple[str, ...]:
    """The key and its readings without attached prefixes, the accusative alif or (with
    ``pronouns``) a pronoun suffix, most literal first; no reading shorter than two letters."""
    found = [key]
    for conj in _CONJUNCTIONS:
        for prep in _PREPOSITIONS:
            for article in ("", "ال"):
                front = conj + prep + article
                if front and key.startswith(front) and len(key) - len(front) >= 2:
                    found.append(key[len(front) :])
            if prep == "ل" and key.startswith(conj + "لل") and len(key) - len(conj) - 2 >= 2:  # لل = ل + ال
                found += [key[len(conj) + 2 :], "ال" + key[len(conj) + 2 :]]
    for stem in list(found):
        if stem.endswith("ا") and not stem.endswith("ها") and len(stem) > 3:  # قتيلاً, not بعدها
            found.append(stem[:-1])
        for pronoun in _PRONOUNS if pronouns else ():
            if stem.endswith(pronoun) and len(stem) - len(pronoun) >= 3:
                bare = stem[: -len(pronoun)]
                found += [bare, bare + "ن"]  # طفلتيها: the dual loses its nun before a pronoun
                if bare.endswith("ت"):
                    found.append(bare[:-1] + "ه")  # زوجته: ta marbuta is written ت before a pronoun
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Victim:
    """What a counted noun says: its group, default side, the outcome it carries
    (شهيد, جريح), and how many one word of it counts (1, 2 for a dual, None: plural)."""

    group: str
    side: str | None = None
    outcome: str | None = None
    number: int | None = None
    anaphoric: bool = False


class Phrases:
    """Phrases of normalised words, matched by any of each token's stems."""

    def __init__(self, phrases: dict[str, str]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, value in phrases.items():
            words = tuple(normalise(w) for w in phrase.split())
            self._by_first.setdefault(words[0], []).append((words, value))
        for entries in self._by_first.values():
            entries.sort(key=lambda entry: -len(entry[0]))

    def match(self, tokens: list[Token], i: int) -> tuple[int, str] | None:
        """The longest phrase starting at ``tokens[i]``, as (number of tokens, value)."""
        if i >= len(tokens):
            return None
        for stem in stems(tokens[i].lower):
            for words, value in self._by_first.get(stem, ()):
                if len(words) == 1 or all(
                    i + n < len(tokens) and words[n] in stems(tokens[i + n].lower) for n in range(1, len(words))
                ):
                    return len(words), value
        return None

    def openings(self, tokens: list[Token]) -> range:
        """Where in ``tokens`` a phrase may start: anywhere (a word's stems are many)."""
        return range(len(tokens))

    def match_ending(self, tokens: list[Token], j: int) -> tuple[int, str] | None:
        """The longest phrase ending at ``tokens[j]``, as (number of tokens, value)."""
        best = None
        for start in range(max(0, j - 4), j + 1):
            found = self.match(tokens, start)
            if found and start + found[0] == j + 1 and (best is None or found[0] > best[0]):
                best = found
        return best


@dataclass(frozen=True)
class ArabicLexicon:
    before: Phrases
    after: Phrases
    links: frozenset[str]
    bare_followers: frozenset[str]
    victims: dict[str, Victim]
    mixed: frozenset[tuple[str, str]]
    subcounts_before: Phrases
    subcounts_after: frozenset[str]
    of_total: Phrases
    actors: Phrases
    aggregate: Phrases
    incident: Phrases
    running_toll: Phrases
    running_verbs: Phrases
    running_fighting: Phrases
    superseded: Phrases
    superseded_openers: frozenset[str]
    superseded_reports: frozenset[str]
    civilian_bodies: Phrases
    projection: Phrases
    mixed_sides: Phrases
    list_openers: Phrases
    list_stops: frozenset[str]
    longest_name: int
    numbers: dict

    def victim(self, token: Token, *, counted: bool = False) -> Victim | None:
        """The reading of a token as a victim noun, by its first stem that is one; with
        ``counted`` (the noun right after a count) not one opened by و, which starts the
        next clause ("مقتل 3 وإصابة 5")."""
        if counted and token.lower.startswith("و") and token.lower not in self.victims:
            return None
        for stem in stems(token.lower):
            found = self.victims.get(stem)
            if found:
                return found
        return None


def _by_outcome(table: dict[str, list[str]]) -> dict[str, str]:
    return {phrase: outcome for outcome, phrases in table.items() for phrase in phrases}


def _victims(data: dict) -> dict[str, Victim]:
    victims: dict[str, Victim] = {}
    duals: dict[str, Victim] = {}
    outcome_of = {normalise(w): outcome for w, outcome in _by_outcome(data["victim_nouns"]).items()}
    singular = {normalise(w) for w in data["victim_nouns_singular"]["words"]}
    for entry in data["victims"]:
        group, side = entry["group"], entry.get("side")
        for word in entry["singular"]:
            key = normalise(word)
            victims[key] = Victim(group, side, outcome_of.get(key), 1)
            stem = key[:-1] + "ت" if key.endswith("ه") else key
            for suffix in ("ان", "ين"):
                duals[stem + suffix] = Victim(group, side, outcome_of.get(key), 2)
        for word in entry["plural"]:
            victims[normalise(word)] = Victim(group, side, outcome_of.get(normalise(word)), None)
    for key, outcome in outcome_of.items():
        number = 1 if key in singular else None
        victims.setdefault(key, Victim("unspecified", None, outcome, number))
        if number:
            stem = key[:-1] + "ت" if key.endswith("ه") else key
            for suffix in ("ان", "ين"):
                duals.setdefault(stem + suffix, Victim("unspecified", None, outcome, 2))
    for word in data["anaphora"]["words"]:
        victims[normalise(word)] = Victim("unspecified", anaphoric=True)
    for word in data["anaphora"]["duals"]:
        victims[normalise(word)] = Victim("unspecified", number=2, anaphoric=True)
    for key, victim in duals.items():
        victims.setdefault(key, victim)
    return victims


@cache
def load() -> ArabicLexicon:
    data = read_data("casualties_ar.toml")
    return ArabicLexicon(
        before=Phrases(_by_outcome(data["before"])),
        after=Phrases(_by_outcome(data["after"])),
        links=frozenset(normalise(w) for w in data["links"]["words"]),
        bare_followers=frozenset(normalise(w) for w in data["links"]["bare_followers"]),
        victims=_victims(data),
        mixed=frozenset((normalise(a), normalise(b)) for a, b in data["mixed"]["pairs"]),
        subcounts_before=Phrases({p: "sub" for p in data["subcounts"]["before"]}),
        subcounts_after=frozenset(normalise(w) for w in data["subcounts"]["after"]),
        of_total=Phrases({p: "of" for p in data["subcounts"]["of_total"]}),
        actors=Phrases({name: entry["side"] for entry in data["actors"] for name in entry["names"]}),
        aggregate=Phrases({p: "aggregate" for p in data["scope"]["aggregate"]}),
        incident=Phrases({p: "incident" for p in data["scope"]["incident"]}),
        running_toll=Phrases({p: "toll" for p in data["scope"]["running_toll"]}),
        running_verbs=Phrases({p: "rises" for p in data["scope"]["running_verbs"]}),
        running_fighting=Phrases({p: "fighting" for p in data["scope"]["running_fighting"]}),
        superseded=Phrases({p: "superseded" for p in data["superseded"]["phrases"]}),
        superseded_openers=frozenset(normalise(w) for w in data["superseded"]["openers"]),
        superseded_reports=frozenset(normalise(w) for w in data["superseded"]["reports"]),
        civilian_bodies=Phrases({p: "civilians" for p in data["civilian_bodies"]["names"]}),
        projection=Phrases({p: "projection" for p in data["projection"]["phrases"]}),
        mixed_sides=Phrases({p: "mixed" for p in data["mixed_sides"]["phrases"]}),
        list_openers=Phrases({p: "list" for p in data["named_lists"]["openers"]}),
        list_stops=frozenset(normalise(w) for w in data["named_lists"]["stops"]),
        longest_name=data["named_lists"]["longest_name"],
        numbers=read_data("numbers_ar.toml"),
    )
