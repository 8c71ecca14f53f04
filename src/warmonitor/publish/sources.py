"""Sources: every outlet that published reports and every body reports credit, and how
its figures fare beside the other sources' on the same incidents.

A source is one name, in any case: an outlet's code ("sana"), a body a report credits
("Syrian Observatory for Human Rights") or the name a figure counts for
(outlets.credited: "SANA" for what the state agency prints uncredited) — "sana" and
"SANA" are one source, since the outlet speaks for the body. Figures are compared per
incident and outcome as each source's whole toll (the sum of its categories): one source
counts "12 people" where another counts "10 civilians and 2 fighters", so categories
alone would compare unlike with unlike. A figure that is more than twice, or less than
half, every other source's figure for the same incident is flagged: it disagrees with all
of them, not just with the one reconcile chose.

Every name is read in one pass over the store (documents, events, kept figures): the
sources page and the API need all of them, and their answers are cached until the store
changes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median

from sqlalchemy import Connection, select

from ..outlets import outlets
from ..store import schema as t

DISAGREEMENT = 2.0  # a figure more than this many times, or less than 1/this of, every other one
_ANONYMOUS = re.compile(r"document \d+")  # the figure of a report with no outlet (outlets.credited): no page


def key(name: str) -> str:
    """The one spelling a source is known by, whatever case a report wrote it in."""
    return name.strip().casefold()


def disagreeing(totals: dict[str, int]) -> set[str]:
    """The sources (of ``totals``: one incident's, one outcome's) whose figure is more
    than :data:`DISAGREEMENT` times, or less than its inverse, every other source's.
    With two sources that far apart, both are: neither is known to be the odd one."""
    flagged = set()
    for source, value in totals.items():
        others = [v for s, v in totals.items() if s != source]
        if others and value > 0 and all(v > 0 and max(value, v) > DISAGREEMENT * min(value, v) for v in others):
            flagged.add(source)
    return flagged


@dataclass
class Comparison:
    """One source's toll for one incident and outcome beside the other sources'."""

    incident_id: int
    outcome: str
    value: int
    others: dict[str, int]
    chosen: bool  # its figure made the incident's best
    disagrees: bool

    @property
    def ratio(self) -> float | None:
        """Its figure over the median of the others' (None: no other source, or none above 0)."""
        others = [v for v in self.others.values() if v > 0]
        return self.value / median(others) if others and self.value > 0 else None


@dataclass
class Source:
    key: str
    names: dict[str, int] = field(default_factory=dict)  # spellings, and how often each was seen
    documents: set[int] = field(default_factory=set)  # reports it published or that credit it
    published: int = 0  # of which it published
    incidents: set[int] = field(default_factory=set)
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Its most frequent spelling (the first in alphabetical order among equals)."""
        return min(self.names, key=lambda n: (-self.names[n], n))

    def summary(self) -> dict:
        """The figures of the sources page and ``/api/sources``."""
        known = outlets().get(self.key)
        killed = [c for c in self.comparisons if c.outcome == "killed"]
        ratios = [c.ratio for c in killed if c.ratio is not None]
        return {
            "source": self.name, "key": self.key,
            "outlet": {"name": known.name, "owner": known.owner, "affiliation": known.affiliation} if known else None,
            "reports": len(self.documents), "published": self.published, "incidents": len(self.incidents),
            "figures": len(self.comparisons), "chosen": sum(c.chosen for c in self.comparisons),
            "compared": len(ratios), "median_ratio": round(median(ratios), 2) if ratios else None,
            "within_factor_two": sum(1 / DISAGREEMENT <= r <= DISAGREEMENT for r in ratios),
            "disagreements": sum(c.disagrees for c in self.comparisons),
        }


def load_sources(connection: Connection) -> dict[str, Source]:
    """Every source of the store, by :func:`key`."""
    found: dict[str, Source] = {}

    def source(name: str) -> Source:
        entry = found.setdefault(key(name), Source(key(name)))
        entry.names[name] = entry.names.get(name, 0) + 1
        return entry

    incidents_of: dict[int, set[int]] = defaultdict(set)
    for document_id, incident_id, names in connection.execute(
        select(t.event.c.document_id, t.event.c.incident_id, t.event.c.sources).where(t.event.c.incident_id.is_not(None))
    ):
        incidents_of[document_id].add(incident_id)
        for name in dict.fromkeys(n for n in (names or "").split("; ") if n):
            entry = source(name)  # a body: the incidents it is credited for
            entry.documents.add(document_id)
            entry.incidents.add(incident_id)
    for document_id, outlet in connection.execute(select(t.document.c.id, t.document.c.outlet).where(t.document.c.outlet.is_not(None))):
        entry = source(outlet)  # an outlet: every incident its reports tell
        entry.documents.add(document_id)
        entry.incidents.update(incidents_of[document_id])
        entry.published += 1
    for name, comparison in _comparisons(connection):
        if _ANONYMOUS.fullmatch(name):  # compared with, but no source to page
            continue
        entry = source(name)
        entry.incidents.add(comparison.incident_id)
        entry.comparisons.append(comparison)
    return found


def incident_comparisons(connection: Connection, incident_id: int) -> list[dict]:
    """Each source's toll for one incident, per outcome: whether it made the best figure
    and whether it disagrees with every other source (the event page and its API).
    ``named`` is false for a report without an outlet ("document 12"), which has no page."""
    return [
        {"source": source, "named": not _ANONYMOUS.fullmatch(source), "outcome": c.outcome, "value": c.value,
         "chosen": c.chosen, "disagrees": c.disagrees}
        for source, c in sorted(_comparisons(connection, incident_id), key=lambda sc: (sc[1].outcome != "killed", sc[0].casefold()))
    ]


def _comparisons(connection: Connection, incident_id: int | None = None) -> list[tuple[str, Comparison]]:
    """Every kept source figure (one incident's, or all), as tolls per source and outcome,
    each beside the other sources' for its incident and outcome."""
    f, best = t.incident_source_figure.c, t.incident_figure.c
    kept = select(f.incident_id, f.source, f.outcome, f.value, f.claim_ids)
    made_best = select(best.incident_id, best.outcome, best.claim_ids)
    if incident_id is not None:
        kept, made_best = kept.where(f.incident_id == incident_id), made_best.where(best.incident_id == incident_id)
    totals: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    claims: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    for incident, name, outcome, value, claim_ids in connection.execute(kept.order_by(f.incident_id, f.outcome, f.source)):
        totals[incident, outcome][name] += value
        claims[incident, outcome, name].update(i for i in claim_ids.split(",") if i)
    chosen: dict[tuple[int, str], set[str]] = defaultdict(set)
    for incident, outcome, claim_ids in connection.execute(made_best):
        chosen[incident, outcome].update(i for i in claim_ids.split(",") if i)
    result = []
    for (incident, outcome), by_source in totals.items():
        flagged = disagreeing(by_source)
        for name, value in by_source.items():
            result.append((name, Comparison(
                incident, outcome, value, {s: v for s, v in by_source.items() if s != name},
                chosen=bool(claims[incident, outcome, name] & chosen[incident, outcome]), disagrees=name in flagged,
            )))
    return result


MAX_LISTED = 500  # incidents listed on a source's page, the newest first


def source_list(connection: Connection) -> list[dict]:
    """Every source's summary, those with the most reports first."""
    summaries = [entry.summary() for entry in load_sources(connection).values()]
    return sorted(summaries, key=lambda s: (-s["reports"], -s["figures"], s["key"]))


def source_detail(connection: Connection, name: str) -> dict | None:
    """One source's summary and its figures beside the others', incident by incident
    (the newest :data:`MAX_LISTED`); None when no report names it."""
    entry = load_sources(connection).get(key(name))
    if entry is None:
        return None
    i = t.incident.c
    ids = {c.incident_id for c in entry.comparisons}
    incidents = {
        row.id: row for row in connection.execute(
            select(i.id, i.public_id, i.date, i.type, i.location, i.admin1, i.killed).where(i.id.in_(ids))
        )
    } if ids else {}
    rows = sorted(entry.comparisons, key=lambda c: (incidents[c.incident_id].date is not None, incidents[c.incident_id].date,
                                                    c.incident_id, c.outcome), reverse=True)
    figures = []
    for c in rows[:MAX_LISTED]:
        row = incidents[c.incident_id]
        figures.append({
            "event_id": row.id, "public_id": row.public_id, "event_date": row.date.isoformat() if row.date else None,
            "event_type": row.type, "location": row.location, "admin1": row.admin1, "outcome": c.outcome,
            "value": c.value, "others": c.others, "ratio": round(c.ratio, 2) if c.ratio is not None else None,
            "chosen": c.chosen, "disagrees": c.disagrees,
        })
    return {**entry.summary(), "names": sorted(entry.names), "figures_listed": figures}
