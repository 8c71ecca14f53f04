"""Counts in Arabic: digits Western and Arabic-Indic (45, ٤٥, 23.708), number words in
every gender and case (ثلاثة / ثلاث, عشرون / عشرين), compounds joined by و (خمسة
وعشرون, مئة وعشرون), multipliers (50 ألف, ثلاثة آلاف), vague counts (عشرات، عدد من) and
the qualifier before a count (ما لا يقل عن، أكثر من، نحو). Dual nouns (طفلان) and single
persons (مقتل طفل) are counts of their noun and are read with the victims (claims.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ...records import Token
from ..numbers import Quantity
from .text import normalise
from .words import Phrases, load, stems


@dataclass(frozen=True)
class NumberWords:
    """The number words of data/numbers_ar.toml, by normalised key."""

    units: dict[str, int]
    teens: frozenset[str]
    teen_units: dict[str, int]
    tens: dict[str, int]
    hundreds: dict[str, int]
    multipliers: dict[str, int]
    duals: dict[str, int]
    vague: Phrases
    qualifiers: Phrases
    qualifiers_after: Phrases


@cache
def number_words() -> NumberWords:
    data = load().numbers

    def table(name: str) -> dict[str, int]:
        return {normalise(word): value for word, value in data[name].items()}

    return NumberWords(
        units=table("units"), teens=frozenset(table("teens")), teen_units=table("teen_units"), tens=table("tens"),
        hundreds=table("hundreds"), multipliers=table("multipliers"), duals=table("duals"),
        vague=Phrases(data["vague"]), qualifiers=Phrases(data["qualifiers"]),
        qualifiers_after=Phrases(data["qualifiers_after"]),
    )  # fmt: skip


def digits_value(key: str) -> float:
    """ "23.708" and "1,200" are thousands (a separator before three digits); "1.5" a fraction."""
    parts = key.replace("٬", ",").replace("٫", ".").replace(",", ".").split(".")
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return int("".join(parts))
    return float(key.replace("٫", ".")) if "." in key or "٫" in key else int(key)


def find_quantities(tokens: list[Token]) -> list[Quantity]:
    """Every count in a sentence, left to right, never overlapping; ``start`` includes a qualifier before it."""
    words = number_words()
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        vague = words.vague.match(tokens, i)
        read = _number_at(tokens, i, words) if not vague else None
        if vague:
            end, count, text = i + vague[0], None, _as_written(tokens, i, i + vague[0])
        elif read:
            end, count, text = read[0], read[1], None
        else:
            i += 1
            continue
        qualifier = words.qualifiers.match_ending(tokens, i - 1) if count is not None else None
        start = i - qualifier[0] if qualifier and (not found or found[-1].end <= i - qualifier[0]) else i
        high, end = _range_end(tokens, i, end, count, words)
        if high is not None and start == i:  # the range's "بين" / "ما بين" / "من" is part of it
            start = i - 2 if i >= 2 and tokens[i - 2].lower == "ما" else i - 1
        found.append(Quantity(start, end, count, qualifier[1] if qualifier and start < i else "exact", high=high, vague=text))
        i = end
    return found


def _range_end(tokens: list[Token], i: int, end: int, count: int | None, words: NumberWords) -> tuple[int | None, int]:
    """ "ما بين 10 و15", "بين عشرة وخمسة عشر", "من 10 إلى 15": the upper bound and where
    the range ends; (None, ``end``) for a single count."""
    if count is None or i == 0 or end >= len(tokens):
        return None, end
    opener, joiner = tokens[i - 1].lower, tokens[end].lower
    if opener == "بين" and joiner.startswith("و") or opener == "من" and joiner == "الي":
        after = end + 1 if joiner in ("و", "الي") else end
        if joiner.startswith("و") and joiner != "و":  # "وخمسة": the number is glued to و
            read = _words_at(tokens, end, words)
        else:
            read = _number_at(tokens, after, words) if after < len(tokens) else None
        if read and read[1] > count:
            return read[1], read[0]
    return None, end


def _as_written(tokens: list[Token], start: int, end: int) -> str:
    """A vague count as written, without a conjunction glued to it ("وعشرات" gives "عشرات")."""
    first = tokens[start].text
    if first[0] in "وف" and len(first) > 3 and normalise(first[1:]) in ("عشرات", "مئات", "الاف", "العشرات", "المئات", "عدد"):
        first = first[1:]
    return " ".join([first] + [t.text for t in tokens[start + 1 : end]])


def _number_at(tokens: list[Token], i: int, words: NumberWords) -> tuple[int, int] | None:
    """(end, value) of the number starting at ``tokens[i]``, digits or words."""
    token = tokens[i]
    if token.is_digit:
        value = digits_value(token.lower)
        end = i + 1
        multiplier = _word_value(tokens, end, words.multipliers, joined=False)
        if multiplier:
            value, end = value * multiplier, end + 1
        return (end, int(value)) if value == int(value) else None
    return _words_at(tokens, i, words)


def _word_value(tokens: list[Token], i: int, table: dict[str, int], *, joined: bool) -> int | None:
    """The value of ``tokens[i]`` in ``table``; with ``joined`` only when it starts with و."""
    if i >= len(tokens):
        return None
    key = tokens[i].lower
    if joined:
        if not key.startswith("و"):
            return None
        key = key[1:]
    for stem in stems(key, pronouns=False) if not joined else (key, key[:-1] if key.endswith("ا") else key):
        if stem in table:
            return table[stem]
    return None


def _words_at(tokens: list[Token], i: int, words: NumberWords) -> tuple[int, int] | None:
    """A number in words: parts joined by و, each a unit, a teen (ثلاثة عشر), a ten, a
    hundred (مئة, ثلاثمئة, ثلاث مئة), or a multiplier of what came before (ثلاثة آلاف)."""
    total = 0  # thousands and millions already closed
    current = 0
    k = i
    lone = _word_value(tokens, i, words.duals, joined=False) or (  # "ألفين"; "ألف" alone is one thousand
        _word_value(tokens, i, words.multipliers, joined=False) if tokens[i].lower in ("الف", "مليون") else None
    )
    if lone:
        total, k = lone, i + 1
    last = None  # the part before in this thousand: what may follow it is fixed
    while k < len(tokens):
        part = _part_at(tokens, k, words, joined=k > i)
        if part is None or last is not None and not _may_follow(last, part[1]):
            break  # "بين عشرة وخمسة عشر": 10, then another number
        k, last = part
        current += last
        multiplier = _word_value(tokens, k, words.multipliers, joined=False)
        if multiplier:
            total += current * multiplier
            current, last = 0, None
            k += 1
    return (k, total + current) if k > i else None


def _may_follow(last: int, value: int) -> bool:
    """Arabic orders a number's parts hundreds, unit, ten ("مئة وخمسة وعشرون"): after a
    hundred anything smaller, after a unit a ten, after a teen or a ten nothing."""
    if last >= 100:
        return value < 100
    return 1 <= last <= 9 and value >= 20 and value % 10 == 0


def _part_at(tokens: list[Token], k: int, words: NumberWords, *, joined: bool) -> tuple[int, int] | None:
    """(end, value) of one part of a number in words starting at ``tokens[k]``."""
    for table in (words.hundreds, words.tens):
        value = _word_value(tokens, k, table, joined=joined)
        if value:
            return k + 1, value
    teen = k + 1 < len(tokens) and tokens[k + 1].lower in words.teens
    teen_unit = _word_value(tokens, k, words.teen_units, joined=joined) if teen else None
    unit = teen_unit or _word_value(tokens, k, words.units, joined=joined)  # "أحد" alone is "one of", no count
    if not unit:
        return None
    if teen:
        return k + 2, 10 + unit
    hundred = _word_value(tokens, k + 1, words.hundreds, joined=False)
    if hundred == 100 and unit < 10:  # "ثلاث مئة"
        return k + 2, unit * 100
    return k + 1, unit
