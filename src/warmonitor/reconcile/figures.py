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
from dataclasses import dataclass
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
class _Reported:
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
    per_report: dict[tuple[int, str], dict[str, _Reported]] = defaultdict(dict)
    meta: dict[int, tuple[str, date | None]] = {}
    for claim in claims:
        if claim.is_copy or claim.status != "current" or claim.scope != "incident" or claim.count is None:
            continue
        meta[claim.document_id] = (claim.source, claim.published)
        figures = per_report[(claim.document_id, claim.outcome)]
        kind = category(claim)
        current = figures.get(kind)
        if current is None or claim.count > current.value:
            figures[kind] = _Reported(claim.count, claim.high or claim.count, claim.published, (claim.id,))
    for figures in per_report.values():
        _leave_uncovered(figures)
    citations = Counter(source for source, _ in meta.values())
    latest: dict[tuple[str, str, str], _Reported] = {}
    for (document_id, outcome), figures in per_report.items():
        source = meta[document_id][0]
        for kind, reported in figures.items():
            key = (outcome, kind, source)
            if key not in latest or _later(reported, latest[key]):
                latest[key] = reported
    by_category: dict[tuple[str, str], list[tuple[int, _Reported]]] = defaultdict(list)
    for (outcome, kind, source), reported in latest.items():
        by_category[(outcome, kind)].append((citations[source], reported))
    result: list[Figure] = []
    for (outcome, kind), cited in sorted(by_category.items()):
        agreeing = Counter(r.value for _, r in cited)
        best = max(cited, key=lambda c: (agreeing[c[1].value], c[0], c[1].published or date.min, c[1].value))[1]
        reports = [r for _, r in cited]
        if best.value == 0 and all(r.value == 0 for r in reports):
            continue
        result.append(Figure(
            outcome, kind, best.value, min(r.value for r in reports), max(r.high for r in reports),
            tuple(sorted({i for r in reports for i in r.claim_ids})),
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


def _leave_uncovered(figures: dict[str, _Reported]) -> None:
    total = figures.get("unspecified")
    specific = sum(r.value for kind, r in figures.items() if kind != "unspecified")
    if total and specific and total.value >= specific:
        left = total.value - specific
        figures["unspecified"] = _Reported(left, max(left, total.high - specific), total.published, total.claim_ids)


def _later(a: _Reported, b: _Reported) -> bool:
    return (a.published or date.min, a.value) > (b.published or date.min, b.value)
