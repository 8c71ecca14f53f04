"""Quantities written in a sentence: "370,000", "1 500", "twenty-three", "a dozen",
"10 to 15", "dozens", each with the qualifier written before it ("at least", "nearly").

A quantity is only a candidate: whether it counts people killed or injured is
decided by :mod:`warmonitor.extract.claims`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .lexicon import Lexicon
from .tokens import Token

_NUMERAL = re.compile(r"[\d,]+(?:\.\d+)?")
_RANGE_LINKS = frozenset({"to", "-", "–", "—", "or"})
# "1 500", "2 300 000": a first group of one to three digits, then groups of exactly three,
# each after a single space (or a no-break space). "killed 12 20 minutes later" is two numbers.
_FIRST_GROUP = re.compile(r"\d{1,3}")
_NEXT_GROUP = re.compile(r"\d{3}")
_OPENING_QUOTES = frozenset({'"', "“", "'", "‘"})
_CLOSING_QUOTES = frozenset({'"', "”", "'", "’"})


@dataclass(frozen=True)
class Quantity:
    start: int  # first token, qualifier included
    end: int  # one past the last token
    count: int | None
    qualifier: str = "exact"
    high: int | None = None
    vague: str | None = None
    singular: bool = False  # "a", "an", "one": a count only if a person noun follows


def find_quantities(tokens: list[Token], lex: Lexicon) -> list[Quantity]:
    """Every quantity in a sentence's tokens, left to right, never overlapping. Only the
    tokens a quantity may start at are tried (a cheap test that passes over most words
    of a sentence before the phrase tables are read)."""
    openers, number_words = lex.quantity_openers, lex.number_words
    found: list[Quantity] = []
    end = 0  # the token after the last quantity found
    for i, token in enumerate(tokens):
        word = token.lower
        if i < end or not (word in openers or token.is_digit or "-" in word and word.split("-")[0] in number_words):
            continue
        quantity = _quantity_at(tokens, i, lex)
        if quantity is not None:
            found.append(quantity)
            end = quantity.end
    return found


def _quantity_at(tokens: list[Token], i: int, lex: Lexicon) -> Quantity | None:
    if tokens[i].lower == "one" and i >= 1 and tokens[i - 1].lower in ("no", "not"):
        return None  # "no one was hurt", "not one soldier": nobody
    quantity = _bare_quantity_at(tokens, i, lex)
    return _within_quotes(tokens, quantity) if quantity else None


def _within_quotes(tokens: list[Token], quantity: Quantity) -> Quantity:
    """A witness's own words quoted around a count (said "about forty" villagers were killed)
    are still the count: the quote marks join it, so that its victims follow right after."""
    start, end = quantity.start, quantity.end
    quoted = start and end < len(tokens) and tokens[start - 1].text in _OPENING_QUOTES
    if quoted and tokens[end].text in _CLOSING_QUOTES:
        return replace(quantity, start=start - 1, end=end + 1)
    return quantity


def _bare_quantity_at(tokens: list[Token], i: int, lex: Lexicon) -> Quantity | None:
    vague = lex.vague.match(tokens, i)
    if vague:
        n, _ = vague
        phrase = " ".join(t.lower for t in tokens[i : i + n])
        return Quantity(_qualifier_start(tokens, i, lex), i + n, None, _qualifier(tokens, i, lex), vague=phrase)
    number = parse_number(tokens, i, lex)
    if number is None:
        return _singular_at(tokens, i, lex)
    n, value = number
    end = i + n
    high = None
    qualifier = _qualifier(tokens, i, lex)
    if end + 1 < len(tokens) and tokens[end].lower in _RANGE_LINKS:
        upper = parse_number(tokens, end + 1, lex)
        if upper and upper[1] > value:
            high, end = upper[1], end + 1 + upper[0]
    elif i >= 1 and tokens[i - 1].lower == "between" and end + 1 < len(tokens) and tokens[end].lower == "and":
        upper = parse_number(tokens, end + 1, lex)
        if upper and upper[1] > value:
            high, end = upper[1], end + 1 + upper[0]
    suffix = lex.qualifier_suffixes.match(tokens, end)
    if suffix and tokens[end].start == tokens[end - 1].end:
        qualifier, end = suffix[1], end + suffix[0]
    return Quantity(_qualifier_start(tokens, i, lex), end, value, qualifier, high=high)


def _singular_at(tokens: list[Token], i: int, lex: Lexicon) -> Quantity | None:
    """ "a", "an", "one": one person, if a person noun follows (decided by the claim reader)."""
    if lex.qualifiers.match(tokens, i):  # "an estimated 45"
        return None
    word = tokens[i].lower
    if word in ("a", "an") or (word == "one" and not _next_is(tokens, i, "of")):
        return Quantity(i, i + 1, 1, singular=True)
    return None


def _next_is(tokens: list[Token], i: int, word: str) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].lower == word


def _qualifier(tokens: list[Token], i: int, lex: Lexicon) -> str:
    found = lex.qualifiers.match_ending(tokens, i - 1)
    return found[1] if found else "exact"


def _qualifier_start(tokens: list[Token], i: int, lex: Lexicon) -> int:
    found = lex.qualifiers.match_ending(tokens, i - 1)
    return i - found[0] if found else i


def parse_number(tokens: list[Token], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """The number written at ``tokens[i]`` as (tokens used, value), or None."""
    if i >= len(tokens):
        return None
    token = tokens[i]
    if token.is_digit:
        if not _NUMERAL.fullmatch(token.text):  # a date such as 23-04-2016
            return None
        n = _digit_groups(tokens, i, lex)
        value = float("".join(t.text for t in tokens[i : i + n]).replace(",", ""))
        scale = lex.scales.get(tokens[i + n].lower) if i + n < len(tokens) else None
        if scale and scale >= 1000:
            value, n = value * scale, n + 1
        return (n, int(value)) if value == int(value) else None
    multiple = lex.multiples.match(tokens, i)
    if multiple:
        return multiple
    return _parse_number_words(tokens, i, lex)


def _digit_groups(tokens: list[Token], i: int, lex: Lexicon) -> int:
    """How many tokens write the number at ``tokens[i]``: more than one for "1 500", where a
    space separates the thousands. A day after its month ("June 3 120 people") is not a group."""
    if not _FIRST_GROUP.fullmatch(tokens[i].text) or (i and tokens[i - 1].lower in lex.months):
        return 1
    n = 1
    while i + n < len(tokens) and _is_next_group(tokens[i + n - 1], tokens[i + n]):
        n += 1
    return n


def _is_next_group(previous: Token, token: Token) -> bool:
    """Three digits one space after the group before: "500" in "1 500"."""
    return bool(_NEXT_GROUP.fullmatch(token.text)) and token.start == previous.end + 1


def _parse_number_words(tokens: list[Token], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """Number words: "six", "twenty-three", "two hundred and fifty", "1.5 million"."""
    total = current = 0
    used = 0
    j = i
    while j < len(tokens):
        parts = tokens[j].lower.split("-")
        if all(p in lex.number_words for p in parts):
            current += sum(lex.number_words[p] for p in parts)
        elif tokens[j].lower in lex.scales and used:
            scale = lex.scales[tokens[j].lower]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
        elif tokens[j].lower == "and" and used and j + 1 < len(tokens) and is_number_word(tokens[j + 1], lex):
            j += 1
            continue
        else:
            break
        j += 1
        used = j - i
    if not used:
        return None
    return used, total + current


def is_number_word(token: Token, lex: Lexicon) -> bool:
    """ "six", "twenty-three": a word (or hyphenated words) that writes a number."""
    return all(p in lex.number_words for p in token.lower.split("-"))
