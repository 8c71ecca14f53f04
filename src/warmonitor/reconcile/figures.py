"""Killed and injured of an incident, reconciled across the reports that tell it.

1. Only current incident figures with a count count: a superseded toll ("up from 112")
   never does, totals over a period never do, and nor do the figures of a report that is
   a copy of another (the same wire story twice is one source).
2. A figure's category is ``civilians``, the side of the combatants it counts
   (government, opposition, jihadist, kurdish, foreign), or ``unspecified``.
3. Within one report, a category's figure is its largest; a report's unspecified total
   that covers its specific figures ("55 combatants: 23 soldiers and 32 jihadists",
   "25 people, among them 10 children") leaves only what they do not cover.
4. One source (the organisation the report credits, else the outlet) counts once: its
   latest report replaces its earlier ones.
5. Across sources: ``low`` and ``high`` are the smallest and largest figures (a range
   "20 to 25" gives its ends); ``best`` is the figure most sources give; among figures
   given equally often, that of the source most reports cite (the monitor every outlet
   quotes), then the latest report's (tolls are revised upward as the dead are
   counted), then the larger.
6. Sub-counts told by other reports are not added twice: where the incident's
   unspecified total covers its specific figures (126 killed; 70 of them children),
   unspecified keeps only what they do not cover.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

SIDES = frozenset({"government", "opposition", "jihadist", "kurdish", "foreign"})


@dataclass(frozen=True)
class StoredClaim:
    id: int
    document_id: int
    published: date | None
    source: str
    is_copy: bool
    outcome: str
    group: str
    side: str | None
    count: int | None
    high: int | None
    scope: str
    status: str


@dataclass(frozen=True)
class Figure:
    outcome: str
    category: str
    best: int
    low: int
    high: int
    claim_ids: tuple[int, ...]


@dataclass(frozen=True)
class SourceFigure:
    """What one source says of one (outcome, category) of an incident: the figure of its
    latest report (rule 4), with the claims behind it."""

    source: str
    outcome: str
    category: str
    value: int
    high: int
    published: date | None
    claim_ids: tuple[int, ...]


def category(claim: StoredClaim) -> str:
    if claim.group == "civilians":
        return "civilians"
    return claim.side if claim.side in SIDES else "unspecified"


def reconcile_figures(claims: list[StoredClaim]) -> list[Figure]:
    """The incident's figures, one per (outcome, category) that any report gives."""
    by_report: dict[int, list[StoredClaim]] = defaultdict(list)
    for claim in claims:
        by_report[claim.document_id].append(claim)
    citations: Counter[str] = Counter()
    latest: dict[tuple[str, str, str], SourceFigure] = {}
    for report_claims in by_report.values():
        figures = report_figures(report_claims)
        if figures:
            citations[figures[0].source] += 1
        for figure in figures:
            key = (figure.source, figure.outcome, figure.category)
            latest[key] = later(latest.get(key), figure)
    return combine(latest.values(), citations)


def report_figures(claims: list[StoredClaim]) -> list[SourceFigure]:
    """One report's countable figures (rules 1 to 3), each as its source gives it.

    ``claims`` are those of one report's event. Empty when the report counts nothing
    (rule 1): it then is not cited for this incident either.
    """
    figures: dict[tuple[str, str], SourceFigure] = {}
    for claim in claims:
        if claim.is_copy or claim.status != "current" or claim.scope != "incident" or claim.count is None:
            continue
        key = (claim.outcome, category(claim))
        current = figures.get(key)
        if current is None or claim.count > current.value:
            figures[key] = SourceFigure(
                claim.source, claim.outcome, key[1], claim.count, claim.high or claim.count, claim.published, (claim.id,)
            )
    for outcome in {outcome for outcome, _ in figures}:
        _leave_uncovered(figures, outcome)
    return list(figures.values())


def later(kept: SourceFigure | None, new: SourceFigure) -> SourceFigure:
    """Of two figures of one source, the one its later report gave (rule 4); on a tie,
    the larger, then the one kept already."""
    if kept is None or (new.published or date.min, new.value) > (kept.published or date.min, kept.value):
        return new
    return kept


def combine(latest: Iterable[SourceFigure], citations: Mapping[str, int]) -> list[Figure]:
    """The incident's figures from each source's latest figures (rules 5 and 6).

    ``citations``: how many of the incident's reports cite each source with a figure.
    """
    by_category: dict[tuple[str, str], list[SourceFigure]] = defaultdict(list)
    for figure in latest:
        by_category[(figure.outcome, figure.category)].append(figure)
    result: list[Figure] = []
    for (outcome, kind), cited in sorted(by_category.items()):
        agreeing = Counter(f.value for f in cited)
        best = max(cited, key=lambda f: (agreeing[f.value], citations.get(f.source, 0), f.published or date.min, f.value))
        if best.value == 0 and all(f.value == 0 for f in cited):
            continue
        result.append(Figure(
            outcome, kind, best.value, min(f.value for f in cited), max(f.high for f in cited),
            tuple(sorted({i for f in cited for i in f.claim_ids})),
        ))
    return [f for f in (_uncovered(f, result) for f in result) if f.high > 0]


def _uncovered(figure: Figure, figures: list[Figure]) -> Figure:
    """An unspecified figure less the specific figures of its outcome, when it covers them."""
    if figure.category != "unspecified":
        return figure
    specific = [f for f in figures if f.outcome == figure.outcome and f.category != "unspecified"]
    best = sum(f.best for f in specific)
    if not specific or figure.best < best:
        return figure
    left = figure.best - best
    low = min(left, max(0, figure.low - sum(f.low for f in specific)))
    high = max(left, figure.high - sum(f.high for f in specific))
    return Figure(figure.outcome, figure.category, left, low, high, figure.claim_ids)


def _leave_uncovered(figures: dict[tuple[str, str], SourceFigure], outcome: str) -> None:
    total = figures.get((outcome, "unspecified"))
    specific = sum(f.value for (o, kind), f in figures.items() if o == outcome and kind != "unspecified")
    if total and specific and total.value >= specific:
        left = total.value - specific
        figures[(outcome, "unspecified")] = replace(total, value=left, high=max(left, total.high - specific))
