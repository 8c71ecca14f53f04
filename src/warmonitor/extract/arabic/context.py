"""When and as what an Arabic figure was told: its scope (one incident or a total over a
period), whether it is an older toll, whether its line is a headline, and the breakdown
of a period total told over the sentences after it. The same questions English answers in
:mod:`warmonitor.extract.context`, asked with Arabic's words (data/casualties_ar.toml).
"""

from __future__ import annotations

from dataclasses import replace

from ...records import Claim, Token
from .dates import names_a_day
from .words import ArabicLexicon, stems

_HEADLINE_CHARS = 150
_WAR_TOTAL_MIN = 10_000  # a figure this large is a war's total, its period told or not


def is_headline(text: str, end: int) -> bool:
    """A line of its own with no full stop: a headline, whose figures the body tells again."""
    start = text.rfind("\n", 0, end) + 1
    return text[end - 1] not in ".!?؟" and end < len(text) and text[end] == "\n" and end - start <= _HEADLINE_CHARS


def breakdown_of(total: Claim | None, read: list, tokens: list[Token], lex: ArabicLexicon):
    """The sentence's claims, as parts of the period total told before them when they go
    on breaking it down ("... يرتفع إلى 811 شخصا. ورصد المرصد اغتيال 296 مدنيا ...": each
    figure smaller than the total, no day or date of their own): aggregates, and people
    of no told group are the total's ("1383 مدنيا ... 49 ضحية في طرطوس"). Also the period
    total that goes on after this sentence."""
    counts = [claim.count for claim, _ in read if claim.count is not None]
    if not counts:
        return read, total
    if total is not None and max(counts) < total.count and not (said_in(tokens, lex.incident) or names_a_day(tokens)):
        return [(_as_part_of(claim, total), told) for claim, told in read], total
    totals = [claim for claim, _ in read if claim.scope == "aggregate" and claim.count is not None]
    return read, max(totals, key=lambda c: c.count, default=None)


def _as_part_of(claim: Claim, total: Claim) -> Claim:
    if claim.group == "unspecified" and total.group != "unspecified":
        return replace(claim, scope="aggregate", group=total.group, side=total.side)
    return replace(claim, scope="aggregate")


def scope(tokens: list[Token], start: int, count: int | None, lex: ArabicLexicon) -> str:
    """ "aggregate" for a war's total (tens of thousands), for a figure whose nearest time
    word names a period rather than a day, and for a running toll of fighting told with
    no day; else "incident" (as English does, extract/context.py)."""
    if count is not None and count >= _WAR_TOTAL_MIN:
        return "aggregate"
    period, day = _nearest(tokens, start, lex.aggregate), _nearest(tokens, start, lex.incident, lex.aggregate)
    if period is not None:
        return "incident" if day is not None and day < period else "aggregate"
    fighting = _nearest(tokens, start, lex.running_fighting)
    running = fighting is not None and said_in(tokens, lex.running_toll) and said_in(tokens, lex.running_verbs)
    return "aggregate" if running and (day is None or fighting < day) else "incident"


def _nearest(tokens: list[Token], start: int, phrases, unless_after=None) -> int | None:
    """How many tokens from ``start`` the nearest of ``phrases`` is, or None; with
    ``unless_after``, not one of them that closely follows one of those ("يومي الثلاثاء
    والأربعاء": the days of a period)."""
    found = []
    for k in range(len(tokens)):
        if phrases.match(tokens, k):
            if unless_after and any(unless_after.match(tokens, j) for j in range(max(0, k - 3), k)):
                continue
            found.append(abs(k - start))
    return min(found, default=None)


def earlier_toll(tokens: list[Token], start: int, lex: ArabicLexicon) -> bool:
    """Is the count before ``start`` told as an older toll: "حصيلة سابقة", "وكان مصدر أفاد"?"""
    if said_in(tokens[:start], lex.superseded):
        return True
    opened = bool(tokens) and tokens[0].lower in lex.superseded_openers
    return opened and any(set(stems(t.lower)) & lex.superseded_reports for t in tokens[1:start])


def said_in(tokens: list[Token], phrases) -> bool:
    return any(phrases.match(tokens, k) for k in range(len(tokens)))
