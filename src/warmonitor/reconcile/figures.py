"""Killed and injured of an incident, reconciled across the reports that tell it.

Categories lose nothing (as UCDP keeps them): ``civilians``; each side's combatants
(government, opposition, jihadist, kurdish, foreign); ``combatants`` of several or
unknown sides ("32 jihadists and allied rebels"); ``unspecified``. An incident's toll is
always the sum of its categories.

1. Only current incident figures with a count count: a superseded toll ("up from 112")
   never does, totals over a period never do, and nor do the figures of a report that is
   a copy of another (the same wire story twice is one source).
2. Within one report, each figure lands in one category or is explained
   (:func:`explain`): a category's figure is its largest (a toll told twice is one
   toll), counts told beside each other add up ("12 soldiers in X and 8 in Y"), and a
   broader figure that covers narrower ones keeps only what they do not cover — "55
   combatants ... 23 soldiers and 32 rebels" is 23 government and 32 combatants, "25
   people, among them 10 children" is 10 civilians and 15 unspecified. A broader figure
   told beside a narrower one ("five soldiers and 12 others") adds to it instead.
3. One source (whom the figure's sentence credits, else the body the outlet speaks
   for, else the outlet that printed it: :func:`warmonitor.outlets.credited`) counts
   once, with the breakdown of its report that gives the largest total (then the
   latest). A toll only rises: a source's higher count replaces its first hours'
   lower one, and a later report that gives less retells an earlier count, as outlets
   do for days ("22 civilians" retold after the monitor had said 31). A count the
   source revised down is read as superseded by extract and never reaches here. A
   report that quotes several sources ("medics said 32; the Observatory gave 31") gives
   each its own figures.
4. Across sources, per outcome: ``low`` and ``high`` are the smallest and largest
   source totals (a range "20 to 25" gives its ends). ``best`` is the total most
   sources give, counting as agreeing totals within :data:`AGREEING` of each other (86
   and 87), and among those the one given most often exactly; among totals given
   equally often, that of the source most reports
   cite (the monitor every outlet quotes), then the latest, then the larger. A count
   the most-cited source raised later overtakes the lower counts others gave before
   it (the first hours' "at least 100" against the monitor's next-day 126).
5. Each category's figure is chosen the same way among the sources that give it
   (civilians among those of the chosen toll: :func:`_of_the_chosen_toll`); where sources tell different categories (the army its soldiers, the rebels theirs)
   the toll is at least their sum, unless they are one count of fighters named as two
   sides by two sources (:func:`_one_count_of_fighters`). Unspecified is what the
   categories leave of the toll.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

SIDES = frozenset({"government", "opposition", "jihadist", "kurdish", "foreign"})
SEVERAL_SIDES = "combatants"  # combatants of several or unknown sides
UNSPECIFIED = "unspecified"
AGREEING = 0.05  # 86 and 87 killed are one count told twice; 80 and 87 are two
MIN_RENAMED_TOTAL = 10  # small counts add up by chance: 12 soldiers beside 7 and 5 others


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
    part_of: int | None = None  # the id of the claim it is a sub-count of
    beside: int | None = None  # the id of the claim it is told beside ("23 soldiers as well as 32 rebels")


@dataclass(frozen=True)
class Figure:
    """One category of an incident's toll."""

    outcome: str
    category: str
    best: int
    low: int
    high: int
    claim_ids: tuple[int, ...]


@dataclass(frozen=True)
class Toll:
    """An incident's killed (or injured): best, low and high, and its categories, whose
    best values add up to ``best``."""

    outcome: str
    best: int
    low: int
    high: int
    claim_ids: tuple[int, ...]  # the claims behind best
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class SourceFigure:
    """What one source says of one (outcome, category) of an incident: its value in the
    breakdown of the source's kept report (rule 3), with the claims behind it."""

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
    if claim.side in SIDES:
        return claim.side
    return SEVERAL_SIDES if claim.group == "combatants" else UNSPECIFIED


def countable(claim: StoredClaim) -> bool:
    """Rule 1."""
    return not claim.is_copy and claim.status == "current" and claim.scope == "incident" and claim.count is not None


def reconcile_figures(claims: list[StoredClaim]) -> list[Toll]:
    """The incident's tolls, one per outcome that any report gives (the reference the
    store's incremental updates must agree with)."""
    by_report: dict[int, list[StoredClaim]] = defaultdict(list)
    for claim in claims:
        by_report[claim.document_id].append(claim)
    citations: Counter[str] = Counter()
    kept: dict[tuple[str, str], list[SourceFigure]] = {}
    for report_claims in by_report.values():
        figures = report_figures(report_claims)
        citations.update({f.source for f in figures})
        for key in sorted({(f.source, f.outcome) for f in figures}):
            told = [f for f in figures if (f.source, f.outcome) == key]
            kept[key] = preferred(kept.get(key), told)
    return combine([f for told in kept.values() for f in told], citations)


def report_figures(claims: list[StoredClaim]) -> list[SourceFigure]:
    """One report's breakdown (rules 1 and 2): per source it quotes and outcome, its
    figure in each category.

    ``claims`` are those of one report's event. Empty when the report counts nothing
    (rule 1): it then is not cited for this incident either.
    """
    result = []
    for source, outcome in sorted({(c.source, c.outcome) for c in claims}):
        told = [c for c in claims if (c.source, c.outcome) == (source, outcome) and countable(c)]
        for kind, (value, high, ids) in _breakdown(told).items():
            result.append(SourceFigure(source, outcome, kind, value, high, told[0].published, ids))
    return [f for f in result if f.high > 0]


def explain(claims: list[StoredClaim]) -> dict[int, str]:
    """Why each claim of one report did or did not add to its categories (rule 1 and 2),
    for `show`: ``counted``, ``covers its parts`` (a total that adds only what the
    figures by category leave of it), ``repeat`` (a smaller telling of a figure the
    report gives), ``superseded``, ``period total``, ``copy`` or ``no count``."""
    reasons: dict[int, str] = {}
    for claim in claims:
        if claim.is_copy:
            reasons[claim.id] = "copy"
        elif claim.status != "current":
            reasons[claim.id] = "superseded"
        elif claim.scope != "incident":
            reasons[claim.id] = "period total"
        elif claim.count is None:
            reasons[claim.id] = "no count"
    for outcome in {c.outcome for c in claims}:
        told = [c for c in claims if c.outcome == outcome and c.id not in reasons]
        kept = _kept_groups(told)
        breakdown = _breakdown(told, kept)
        for kind, group in kept.items():
            reason = "covers its parts" if breakdown[kind][0] < group.value else "counted"
            reasons.update({i: reason for i in group.ids})
        reasons.update({i: "counted" for _, _, ids in breakdown.values() for i in ids if i not in reasons})
        reasons.update({c.id: "repeat" for c in told if c.id not in reasons})
    return reasons


@dataclass(frozen=True)
class _Group:
    """Counts of one category told beside each other ("12 soldiers in X and 8 in Y")."""

    value: int
    high: int
    ids: tuple[int, ...]


def _kept_groups(told: list[StoredClaim]) -> dict[str, _Group]:
    """Per category, the largest of its groups (a toll told twice is one toll)."""
    by_id = {c.id: c for c in told}
    root: dict[int, int] = {}

    def find(i: int) -> int:
        while root.get(i, i) != i:
            i = root[i]
        return i

    for claim in told:
        other = by_id.get(claim.beside)
        if other is not None and category(other) == category(claim):
            root[find(claim.id)] = find(other.id)
    groups: dict[int, list[StoredClaim]] = defaultdict(list)
    for claim in told:
        groups[find(claim.id)].append(claim)
    kept: dict[str, _Group] = {}
    for members in groups.values():
        kind = category(members[0])
        group = _Group(sum(c.count for c in members), sum(c.high or c.count for c in members),
                       tuple(sorted(c.id for c in members)))
        if kind not in kept or group.value > kept[kind].value:
            kept[kind] = group
    return _without_renamed_totals(kept, by_id)


def _without_renamed_totals(kept: dict[str, _Group], told: dict[int, StoredClaim]) -> dict[str, _Group]:
    """Leave out one side's single figure that is exactly the sum of the report's other
    fighters, counted in two or more figures: the headline's "kills 180 extremists" (read
    as rebels) over the body's "120 Islamic State fighters and 60 foreign mercenaries" is
    their total under another name, not 180 more."""
    fighters = {kind: g for kind, g in kept.items() if kind in SIDES or kind == SEVERAL_SIDES}
    for kind, group in fighters.items():
        others = [g for other, g in fighters.items() if other != kind]
        parts = sum(len(g.ids) for g in others)
        if (kind in SIDES and len(group.ids) == 1 and told[group.ids[0]].beside is None
                and group.value >= MIN_RENAMED_TOTAL and parts >= 2 and sum(g.value for g in others) == group.value):
            return {k: g for k, g in kept.items() if k != kind}
    return kept


def _beside(group: _Group, others: Iterable[_Group], told: dict[int, StoredClaim]) -> bool:
    """Is any claim of ``group`` told beside a claim of ``others`` ("5 soldiers and 12 others")?"""
    theirs = {i for other in others for i in other.ids}
    return any(told[i].beside in theirs or any(told[j].beside == i for j in theirs) for i in group.ids)


def _breakdown(told: list[StoredClaim], kept: dict[str, _Group] | None = None) -> dict[str, tuple[int, int, tuple[int, ...]]]:
    """Category -> (value, high, claim ids) for one report's countable claims of one
    outcome (``kept``: their :func:`_kept_groups`, when the caller has them already)."""
    kept = _kept_groups(told) if kept is None else kept
    by_id = {c.id: c for c in told}
    result = {kind: (g.value, g.high, g.ids) for kind, g in kept.items()}
    sides = [kept[s] for s in sorted(SIDES) if s in kept]
    if SEVERAL_SIDES in kept and sides:
        result[SEVERAL_SIDES] = _told_as(SEVERAL_SIDES, _left(kept[SEVERAL_SIDES], sides, by_id), told)
    narrower = [g for kind, g in kept.items() if kind != UNSPECIFIED]
    if UNSPECIFIED in kept and narrower:
        covered = [_Group(result[k][0], result[k][1], result[k][2]) for k in kept if k != UNSPECIFIED]
        result[UNSPECIFIED] = _told_as(UNSPECIFIED, _left(kept[UNSPECIFIED], covered, by_id, beside=narrower), told)
    return result


def _told_as(kind: str, left: tuple[int, int, tuple[int, ...]], told: list[StoredClaim]) -> tuple[int, int, tuple[int, ...]]:
    """What a total leaves of a category, credited also to the claim that tells exactly
    that ("55 combatants ... 23 pro-government forces as well as 32 jihadists": the 55
    and the 32)."""
    value, high, ids = left
    exact = [c for c in told if category(c) == kind and c.count == value and c.id not in ids]
    return (value, high, tuple(sorted(ids + (exact[0].id,)))) if value and exact else left


def _left(total: _Group, parts: list[_Group], told: dict[int, StoredClaim], beside: list[_Group] | None = None):
    """What a broader figure leaves when it covers narrower ones: the whole of it when it
    is told beside them, else what they do not cover (nothing, when they exceed it)."""
    if _beside(total, beside or parts, told):
        return total.value, total.high, total.ids
    value, high = sum(p.value for p in parts), sum(p.high for p in parts)
    left = max(0, total.value - value)
    return left, max(left, total.high - high), total.ids


def preferred(kept: list[SourceFigure] | None, new: list[SourceFigure]) -> list[SourceFigure]:
    """Of two breakdowns of one source and outcome, the one to keep (rule 3): the larger
    total, then the later report's, then the one kept already."""
    if kept is None or (_total(new), _published(new)) > (_total(kept), _published(kept)):
        return new
    return kept


def _published(figures: list[SourceFigure]) -> date:
    return figures[0].published or date.min


def _total(figures: Iterable[SourceFigure]) -> int:
    return sum(f.value for f in figures)


def report_killed(figures: Iterable[SourceFigure]) -> int:
    """The killed a report's figures tell, to match it to an incident: the largest of its
    sources' totals (a report quoting two sources gives two tolls, not their sum)."""
    by_source: dict[str, list[SourceFigure]] = defaultdict(list)
    for figure in figures:
        if figure.outcome == "killed":
            by_source[figure.source].append(figure)
    return max((_total(told) for told in by_source.values()), default=0)


def fighters_only(figures: Iterable[SourceFigure]) -> bool:
    """Are all the killed a report's figures count fighters (of a side, or of several)?"""
    killed = [f for f in figures if f.outcome == "killed" and f.value]
    return bool(killed) and all(f.category in SIDES or f.category == SEVERAL_SIDES for f in killed)


def combine(kept: Iterable[SourceFigure], citations: Mapping[str, int]) -> list[Toll]:
    """The incident's tolls from each source's kept breakdown (rules 4 and 5).

    ``citations``: how many of the incident's reports cite each source with a figure.
    """
    by_outcome: dict[str, dict[str, list[SourceFigure]]] = defaultdict(lambda: defaultdict(list))
    for figure in kept:
        by_outcome[figure.outcome][figure.source].append(figure)
    return [_toll(outcome, by_source, citations) for outcome, by_source in sorted(by_outcome.items())]


def _toll(outcome: str, by_source: dict[str, list[SourceFigure]], citations: Mapping[str, int]) -> Toll:
    totals = [
        SourceFigure(source, outcome, "total", _total(told), sum(f.high for f in told), told[0].published,
                     tuple(sorted({i for f in told for i in f.claim_ids})))
        for source, told in sorted(by_source.items())
    ]
    chosen = _best(totals, citations)
    specific: list[Figure] = []
    kinds = _one_count_of_fighters({f.category for told in by_source.values() for f in told} - {UNSPECIFIED}, by_source, citations)
    for kind in sorted(kinds):
        cited = [f for told in by_source.values() for f in told if f.category == kind]
        best = _best(_of_the_chosen_toll(cited, kind, totals, chosen), citations)
        specific.append(Figure(outcome, kind, best.value, min(f.value for f in cited), max(f.high for f in cited),
                               best.claim_ids))
    given = sum(f.best for f in specific)
    best = max(chosen.value, given)
    low = min(best, min(t.value for t in totals))
    high = max(best, max(t.high for t in totals))
    figures = [f for f in specific if f.best > 0 or f.high > 0]
    if best > given:
        figures.append(Figure(outcome, UNSPECIFIED, best - given, max(0, low - given), high - given, chosen.claim_ids))
    claim_ids = chosen.claim_ids if chosen.value >= given else tuple(sorted({i for f in specific for i in f.claim_ids}))
    return Toll(outcome, best, low, high, claim_ids, tuple(figures))


def _of_the_chosen_toll(cited: list[SourceFigure], kind: str, totals: list[SourceFigure], chosen: SourceFigure) -> list[SourceFigure]:
    """The civilians figures to choose among: those of the sources whose toll agrees with
    the chosen one, when any of them counts civilians. Civilians are a part of the toll,
    not a party counting its own dead: the monitor's "86 killed, 30 of them children"
    stands against two outlets' "100 civilians", which belong to the toll of 100 that
    fewer sources gave. A side's fighters are counted by whichever source counts them."""
    if kind != "civilians":
        return cited
    agreeing = {t.source for t in totals if abs(t.value - chosen.value) <= AGREEING * max(t.value, chosen.value)}
    return [f for f in cited if f.source in agreeing] or cited


def _one_count_of_fighters(kinds: set[str], by_source: dict[str, list[SourceFigure]], citations: Mapping[str, int]) -> set[str]:
    """The categories to add up, leaving out a side's fighters that another source counts
    under another side: "62 rebel fighters" (state media) and "62 militants" (the monitor)
    are one count, as are the "terrorists" one side names jihadists and the other rebels.
    Two combatant categories are one when no source tells both and their figures agree
    (within AGREEING); a named side stays before combatants of several sides, then the
    one told by sources cited more often."""
    fighters = sorted(k for k in kinds if k in SIDES or k == SEVERAL_SIDES)
    tellers = {k: {s for s, told in by_source.items() if any(f.category == k for f in told)} for k in fighters}
    value = {k: max(f.value for told in by_source.values() for f in told if f.category == k) for k in fighters}
    weight = {k: (k != SEVERAL_SIDES, sum(citations.get(s, 0) for s in tellers[k])) for k in fighters}
    dropped: set[str] = set()
    for a in fighters:
        for b in fighters:
            if a < b and not tellers[a] & tellers[b] and abs(value[a] - value[b]) <= AGREEING * max(value[a], value[b]):
                dropped.add(min((a, b), key=lambda k: (weight[k], k)))
    return kinds - dropped


def _best(cited: list[SourceFigure], citations: Mapping[str, int]) -> SourceFigure:
    """Rule 4: the figure most sources give; then the most-cited source's, the latest,
    the larger. A count of the source cited most (by more reports than any other)
    overtakes the earlier, lower ones."""
    most = max(citations.get(f.source, 0) for f in cited)
    leads = [f for f in cited if citations.get(f.source, 0) == most]
    standing = [f for f in cited if len(leads) > 1 or not _overtaken(f, leads[0])]
    exactly = Counter(f.value for f in standing)
    def agreeing(value: int) -> int:
        return sum(n for other, n in exactly.items() if abs(other - value) <= AGREEING * max(other, value))
    return max(standing, key=lambda f: (
        agreeing(f.value), exactly[f.value], citations.get(f.source, 0), f.published or date.min, f.value))


def _overtaken(figure: SourceFigure, lead: SourceFigure) -> bool:
    return (figure.published is not None and lead.published is not None
            and figure.published < lead.published and figure.value < lead.value)
