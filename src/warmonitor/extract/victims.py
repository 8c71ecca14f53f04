"""Who a counted noun phrase refers to: "23 pro-government forces" -> combatants, government.

The phrase after a quantity is read word by word against the victim nouns and the actor
names of the data files; the group comes from its head nouns, the side from the actors it
names (or, failing that, from what its nouns point to by default).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import Lexicon, VictimTerm
from .numbers import is_number_word
from .tokens import Token

_COORDINATORS = frozenset({"and", "or", "&", "/", "plus"})
_MAX_MODIFIERS = 3
_PARTITIVE_DETERMINERS = frozenset({"the", "its", "their", "these"})
_POSSESSIVES = frozenset({"his", "her", "their", "its"})
_ADULT_AGE = 18


@dataclass
class VictimPhrase:
    """The noun phrase that follows a quantity, and what it says about the victims."""

    end: int  # one past its last token
    heads: list[VictimTerm] = field(default_factory=list)
    named_sides: set[str] = field(default_factory=set)
    not_people: bool = False
    is_age: bool = False
    anaphoric: bool = False  # "five of them", "of whom"
    open_coordination: bool = False  # just read "and" after a head: modifiers may follow
    coordinated: bool = False  # "pro-government and rebel fighters": parts that may differ in side

    @property
    def has_head(self) -> bool:
        return bool(self.heads)

    def group(self) -> str | None:
        if not self.heads:
            return None
        # "members of the Kurdish forces": members of a named armed party are its fighters
        groups = {h.named_group if self.named_sides and h.named_group else h.group for h in self.heads}
        if len(groups) == 1:
            return groups.pop()
        return "unspecified"

    def side_from_context(self) -> bool:
        """May the sentence around decide the side? Only for labels that do not name a side themselves."""
        return not self.named_sides and all(h.side_from_context for h in self.heads if h.group == "combatants")

    def side(self) -> str | None:
        if self.group() != "combatants":
            return None
        if self.coordinated:  # "20 pro-government and rebel fighters" is both sides' dead
            told = self.named_sides | {h.side for h in self.heads if h.side and not h.side_from_context}
            if len(told) > 1:
                return "mixed"
        sides = self.named_sides or {h.side for h in self.heads if h.side}
        if not sides:
            return "unknown"
        return next(iter(sides)) if len(sides) == 1 else "mixed"


def read_victim_phrase(tokens: list[Token], start: int, lex: Lexicon, *, after_vague: bool = False) -> VictimPhrase:
    """Read the victims named from ``tokens[start]`` on ("Kurdish militia fighters", "of them")."""
    phrase = VictimPhrase(end=start)
    k = start
    if k < len(tokens) and tokens[k].lower == "of":
        if k + 1 < len(tokens) and tokens[k + 1].lower in ("them", "whom", "which", "those"):
            named = _named_after_anaphora(tokens, k + 2, lex)  # "five of them children"
            phrase = named if named.has_head else phrase
            phrase.anaphoric = True
            phrase.end = max(phrase.end, k + 2)
            return phrase
        if k + 1 < len(tokens) and tokens[k + 1].lower in _PARTITIVE_DETERMINERS:  # "22 of the jihadists"
            k += 2
        elif not after_vague:
            return phrase
        else:
            k += 1
    if k < len(tokens) and tokens[k].lower in lex.not_count_after:
        phrase.is_age = True
        return phrase
    if k < len(tokens) and tokens[k].lower in lex.anaphora and not _names_victims(tokens, k + 1, lex):
        phrase.anaphoric = True
        phrase.end = k + 1
        return phrase
    if k + 1 < len(tokens) and tokens[k].text == "-" and tokens[k + 1].lower in lex.not_count_after:
        phrase.is_age = True
        return phrase
    modifiers = 0
    while k < len(tokens) and modifiers <= _MAX_MODIFIERS:
        k, progressed = _read_word(tokens, k, lex, phrase)
        if progressed == "stop":
            break
        if progressed == "modifier":
            modifiers += 1
        else:
            modifiers = 0
            phrase.end = k
        if phrase.not_people and not phrase.heads:
            break
    phrase.coordinated = any(t.lower in _COORDINATORS for t in tokens[start : phrase.end])
    return phrase


def _read_word(tokens: list[Token], k: int, lex: Lexicon, phrase: VictimPhrase) -> tuple[int, str]:
    """Consume one word or phrase at ``k``; say whether it was a head, a name, a modifier or the end."""
    token = tokens[k]
    if token.is_digit or _age_at(tokens, k, lex):
        if not phrase.heads and _age_at(tokens, k, lex):
            return _skip_age(tokens, k, lex), "modifier"
        return k, "stop"
    actor = lex.actors.match(tokens, k)
    victim = lex.victims.match(tokens, k)
    if actor and (not victim or actor[0] > victim[0]):
        phrase.named_sides.add(actor[1].side)
        last = k + actor[0] - 1
        head = lex.victims.match_ending(tokens, last)
        if head and head[0] == 1 and tokens[last].lower not in ("police",):
            phrase.heads.append(head[1])
        return k + actor[0], "name"
    if victim and lex.not_people.match(tokens, k + victim[0]) and not lex.victims.match(tokens, k + victim[0] + 1):
        phrase.not_people = not phrase.heads  # "a police headquarters", "the army base": a place
        return k + victim[0] + 1, "stop"
    if victim:
        phrase.heads.append(victim[1])
        phrase.open_coordination = False
        return k + victim[0], "head"
    if phrase.heads and not phrase.open_coordination:
        coordinator = 3 if _words_at(tokens, k, ("as", "well", "as")) else int(token.lower in _COORDINATORS)
        if coordinator and not _starts_count(tokens, k + coordinator, lex):
            phrase.open_coordination = True
            return k + coordinator, "modifier"
        if token.lower in ("of", "the", "from"):
            return k + 1, "modifier"
        return k, "stop"
    if lex.not_people.match(tokens, k):
        if lex.victims.match(tokens, k + 1):  # "village headman", "camp residents": a modifier
            return k + 1, "modifier"
        if not phrase.heads:  # "26 insurgents and their weapons": things after people leave them people
            phrase.not_people = True
        return k + 1, "stop"
    if phrase.open_coordination and token.lower in _POSSESSIVES:  # "one mother and her child"
        return k + 1, "modifier"
    if token.lower in lex.boundaries or not token.text[0].isalpha() or _starts_count(tokens, k, lex):
        return k, "stop"
    return k + 1, "modifier"


def _named_after_anaphora(tokens: list[Token], k: int, lex: Lexicon) -> VictimPhrase:
    """The victims named after "of them" / "of whom": "five of them children", "two of
    whom were women"."""
    if k < len(tokens) and tokens[k].lower in ("were", "are", "was", "is"):
        k += 1
    if k < len(tokens) and tokens[k].lower in lex.after_links and not _names_victims(tokens, k, lex):
        return VictimPhrase(end=k)
    return read_victim_phrase(tokens, k, lex)


def names_one_person(tokens: list[Token], k: int, lex: Lexicon) -> bool:
    """Do the words at ``k`` name one person ("village headman", "town's only pharmacist")?"""
    reach = tokens[k : k + _MAX_MODIFIERS + 2]
    if not any(lex.victims.starts_with(t.lower) for t in reach):  # most "the"s name no person
        return False
    phrase = read_victim_phrase(tokens, k, lex)
    if not phrase.has_head or phrase.anaphoric or phrase.not_people:
        return False
    return not is_plural(tokens[phrase.end - 1].lower, lex)


def is_plural(noun: str, lex: Lexicon) -> bool:
    """ "villagers", "fishermen", "children": plural nouns, read by their ending or listed."""
    return noun.endswith("s") or noun.endswith("men") or noun in lex.plural_nouns


def _names_victims(tokens: list[Token], k: int, lex: Lexicon) -> bool:
    return lex.victims.match(tokens, k) is not None or lex.actors.match(tokens, k) is not None


def _starts_count(tokens: list[Token], k: int, lex: Lexicon) -> bool:
    if k >= len(tokens):
        return False
    word = tokens[k].lower
    return (
        tokens[k].is_digit
        or is_number_word(tokens[k], lex)
        or lex.vague.match(tokens, k) is not None
        or word in ("a", "an", "another")
        or word in lex.person_determiners and names_one_person(tokens, k + 1, lex)  # "and their grandfather"
    )


def age_span(tokens: list[Token], start: int, end: int, lex: Lexicon) -> tuple[int, int] | None:
    """The words of an age around the number at ``tokens[start:end]``, if it is one:
    "aged between 7 and 12", "7 to 12 years old", "at the age of 12"."""
    before = lex.age_before.match_ending(tokens, start - 1) if start else None
    after = lex.age_after.match(tokens, end + (end < len(tokens) and tokens[end].text == "-"))
    if not before and not after:
        return None
    first = start - before[0] if before else start
    last = end + (tokens[end].text == "-") + after[0] if after else end
    return first, last


def person_by_age(tokens: list[Token], k: int, lex: Lexicon) -> VictimPhrase | None:
    """ "a four-year-old", "a 70-year-old": an age with no noun after it names one person,
    a child under 18 (GUIDELINES: children are civilians), of no group otherwise."""
    if k >= len(tokens) or not _age_at(tokens, k, lex):
        return None
    end = _skip_age(tokens, k, lex)
    if end < len(tokens) and _names_victims(tokens, end, lex):
        return None  # "a four-year-old girl": the noun tells
    first = tokens[k].lower.split("-")[0]
    years = int(first) if first.isdigit() else lex.number_words.get(first)
    if years is None:
        return None
    group = "civilians" if years < _ADULT_AGE else "unspecified"
    return VictimPhrase(end=end, heads=[VictimTerm(group, None)])


def _age_at(tokens: list[Token], k: int, lex: Lexicon) -> bool:
    """Is ``tokens[k]`` the number of an age ("12-year-old", "7 years old")?"""
    if k + 1 >= len(tokens) or not (tokens[k].is_digit or tokens[k].lower.split("-")[0] in lex.number_words):
        return False
    return tokens[k].lower.endswith("-year-old") or _age_words_at(tokens, k + 1, lex)


def _age_words_at(tokens: list[Token], k: int, lex: Lexicon) -> bool:
    """Do the words at ``k`` make the number before them an age or a date: "-year-old", "years old", "April"?"""
    words = [t.lower for t in tokens[k : k + 2]]
    if words[:1] == ["-"]:
        words = words[1:]
    return bool(words) and (words[0] in lex.not_count_after or words[0] in lex.months or words == ["years", "old"])


def _skip_age(tokens: list[Token], k: int, lex: Lexicon) -> int:
    k += 1
    while k < len(tokens) and (tokens[k].text == "-" or tokens[k].lower in lex.not_count_after or tokens[k].lower in ("years", "old")):
        k += 1
    return k


def _words_at(tokens: list[Token], k: int, words: tuple[str, ...]) -> bool:
    return tuple(t.lower for t in tokens[k : k + len(words)]) == words
