"""Write reports into the store, one transaction per report.

A report is stored whole or not at all: its document, claims, events, places and
aggregates, its events' links to incidents and those incidents' figures commit together.
A crash (even ``kill -9``) loses at most the report being written, and running the same
ingest again completes the job, since a report already stored is recognised by the hash
of its cleaned text and skipped. Writers take turns (SQLite's ``BEGIN IMMEDIATE``,
PostgreSQL's advisory lock), so two ingests at once never store one report twice nor
split one incident in two.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from datetime import date, datetime, timedelta, timezone
from itertools import groupby
from typing import Literal

from sqlalchemy import Connection, CursorResult, Engine, and_, bindparam, delete, func, insert, or_, select, text, true, update

from ..reconcile import IncidentSummary, StoredClaim, best_match
from ..reconcile.figures import SourceFigure, Toll, combine, fighters_only, preferred, report_figures, report_killed
from ..reconcile.matching import (
    MAX_DAYS_APART, MAX_DAYS_ONE_TOWN_TOLL, MIN_TOLL_IN_ONE_TOWN, MIN_TOLL_WITHOUT_PLACE, RECALL_AFTER_DAYS,
    TOLL_AGREEMENT, agreeing_toll, also_matched, at_war, main_place, names_an_attack_days_apart, one_attack_in_town,
    place_of_figures, recalled, score, summarise_at, sums_of_others, told_long_after, town, violent,
)
from ..outlets import credited
from ..packs import packs
from ..records import Claim, Document, Event, Place, Report
from ..resolve import last_day, one_area
from . import schema as t
from .copies import BANDS, COPY_CONTAINMENT, MAX_CANDIDATES, MIN_SHARED_BANDS, Fingerprint, containment, fingerprint, shingles
from .public_id import assign_public_ids, public_id

_WRITE_LOCK = 0x77A2_0002  # PostgreSQL advisory lock key: one writer at a time


@dataclass(frozen=True)
class Stored:
    """What became of one report."""

    status: Literal["stored", "copy", "duplicate"]
    document_id: int | None
    events: int = 0
    merged: int = 0  # events that joined an incident another report had told


def content_hash(document: Document) -> str:
    """Identical after cleaning is identical: the hash of the cleaned text."""
    return hashlib.sha256(document.text.encode("utf-8")).hexdigest()


class StoreWriter:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.stored_since_look = 0  # reports stored since PostgreSQL's statistics were last looked at

    def has(self, document: Document) -> bool:
        with self.engine.connect() as connection:
            return _run(connection, _STORED, {"content_hash": content_hash(document)}).first() is not None

    def stored_among(self, documents: list[Document]) -> set[str]:
        """The content hashes of those of ``documents`` the store holds: one query."""
        digests = sorted({content_hash(document) for document in documents})
        with self.engine.connect() as connection:
            return set(connection.execute(_STORED_AMONG, {"digests": digests}).scalars())

    def add(self, report: Report) -> Stored:
        """Store one report (once), link its events to incidents, refresh their figures."""
        stored = self._add(report)
        if stored.status != "duplicate" and self.engine.dialect.name == "postgresql":
            self.stored_since_look += 1
            if self.stored_since_look >= LOOK_AT_STATISTICS_EVERY:
                self.stored_since_look = 0
                analyze_grown_tables(self.engine)
        return stored

    def _add(self, report: Report) -> Stored:
        digest = content_hash(report.document)
        with self.engine.begin() as connection:
            take_write_lock(connection)
            found = _run(connection, _STORED, {"content_hash": digest}).first()
            if found:
                return Stored("duplicate", found[0])
            marks = fingerprint(report.document.text)
            copy_of, similarity = _find_copy(connection, marks)
            document_id = _insert_document(connection, report, digest, copy_of, similarity)
            _run(connection, _INSERT[t.document_band], [{"band": b, "document_id": document_id} for b in set(marks.bands)])
            war = _war_countries(report.conflict)
            placed = [at_war(event, war) for event in report.events]  # where it happened, for matching
            mains = [main_place(event) for event in placed]  # found once an event: it costs more than matching
            countries = [event_country(event, report, main) for event, main in zip(placed, mains)]
            event_ids = _insert_events(connection, report, countries, document_id)
            claim_ids = _insert_claims(connection, report, document_id, event_ids)
            merged = 0
            touched: set[int] = set()
            written = _Written()
            links = _Links(event_ids)
            # The report's main events (those with figures) find their incidents first: a
            # side event of the same report may not then take the main event's place.
            order = sorted(range(len(report.events)), key=lambda k: -len(report.events[k].claims))
            figures_of = [
                report_figures(_stored_claims(event, report.document, document_id, claim_ids, is_copy=copy_of is not None))
                for event in placed
            ]
            summed = sums_of_others([report_killed(figures) for figures in figures_of])
            if summed:
                connection.execute(update(t.event).where(t.event.c.id.in_([event_ids[k] for k in summed]))
                                   .values(sum_of_others=True))
            for k in order:
                event, figures = placed[k], figures_of[k]
                background = recalled(event, report.document.published)
                incident_id, joined, gone, known = _reconcile(
                    connection, event, mains[k], document_id, figures, background, country=countries[k],
                    conflict=report.conflict, links=links, public_id_if_new=public_id(digest, k))
                if joined and not known:
                    _keep_first_known(connection, incident_id, country=countries[k], conflict=report.conflict)
                links.link(k, incident_id, gone)
                # a recalled attack's mention, or the report's sum of its other events ("140
                # killed in Hama and Homs"), adds nothing to an incident's toll
                sources = None if joined else _Sources()
                if not (background and joined) and k not in summed:
                    sources = record_source_figures(connection, incident_id, figures, new_incident=not joined)
                written.note(incident_id, joined, gone, sources)
                touched = (touched - gone) | {incident_id}
                merged += joined
            links.write(connection)
            _insert_aggregates(connection, report, document_id, claim_ids)
            refresh_all_figures(connection, sorted(touched), document_id, report.document.published, written)
            # the incidents' earliest events may have changed (not those the report made: they have their id)
            assign_public_ids(connection, sorted(touched - written.made))
        return Stored("copy" if copy_of else "stored", document_id, len(report.events), merged)


_STORED = select(t.document.c.id).where(t.document.c.content_hash == bindparam("content_hash"))
# The statements the writer runs for every report are built once, here, with bind
# parameters for what changes: built anew at each call, SQLAlchemy would construct the
# statement and compute its cache key every time, a third of its cost per statement.
_INSERT = {table: insert(table) for table in t.metadata.sorted_tables}
_INSERT_DOCUMENT = insert(t.document).returning(t.document.c.id)
_INSERT_INCIDENT = insert(t.incident).returning(t.incident.c.id)
_INSERTED_IN_ORDER = {table: insert(table).returning(table.c.id, sort_by_parameter_order=True) for table in (t.claim, t.event)}
_IDS_OF_DOCUMENT = {
    table: select(table.c.id).where(table.c.document_id == bindparam("document_id")).order_by(table.c.id)
    for table in (t.claim, t.event)
}
_STORED_AMONG = select(t.document.c.content_hash).where(t.document.c.content_hash.in_(bindparam("digests", expanding=True)))


def _run(connection: Connection, statement, rows: list[dict] | dict) -> CursorResult:
    """Run ``statement`` (no expanding IN; what it returns, if anything, needs no
    conversion: ids) once for ``rows``, a dict, or once for each of them, a list (the
    driver's ``executemany``): as SQLAlchemy compiled it for this database, through
    ``Connection.exec_driver_sql``, the values bound here. The writer sends some 20 such
    statements and 50 rows a report; :meth:`Connection.execute` would build each row's
    parameters anew (its compiled form looked up, every value's key and type processed):
    some 8 % of the writer's CPU time on fa-kes. Errors, events and the transaction stay SQLAlchemy's:
    a refused write or a lost connection is the same ``DBAPIError`` for store/faults.py."""
    many = isinstance(rows, list)
    sql, names, fixed, processors = _driver_form(statement, connection.dialect, tuple(rows[0] if many else rows))
    values = [[row[name] if name in row else fixed[name] for name in names] for row in (rows if many else [rows])]
    for column, process in processors:
        for row in values:
            row[column] = process(row[column])
    if connection.dialect.positional:
        parameters = [tuple(row) for row in values]
    else:
        parameters = [dict(zip(names, row)) for row in values]
    return connection.exec_driver_sql(sql, parameters if many else parameters[0])


_DRIVER_FORMS: dict = {}


def _driver_form(statement, dialect, keys: tuple[str, ...]) -> tuple[str, list[str], dict, list]:
    """``statement``'s SQL for ``dialect`` with values for ``keys``, the names of its
    parameters in the order the driver takes them, the values of those the statement
    fixes itself (a LIMIT), and the processors (by position) of those whose type
    converts values (dates into text on SQLite): compiled once."""
    key = (id(statement), dialect.name, keys)  # the writer's statements live as long as the module
    if key not in _DRIVER_FORMS:
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        names = list(compiled.positiontup) if compiled.positional else list(compiled.binds)
        processors = [(column, process) for column, name in enumerate(names)
                      if (process := compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))]
        fixed = {name: bind.effective_value for name, bind in compiled.binds.items() if name not in keys}
        _DRIVER_FORMS[key] = (compiled.string, names, fixed, processors)
    return _DRIVER_FORMS[key]


LOOK_AT_STATISTICS_EVERY = 100
"""Reports a PostgreSQL writer stores between two looks at whether its tables need ANALYZE."""


def analyze_grown_tables(engine: Engine) -> list[str]:
    """ANALYZE the store's tables that changed by more than autovacuum's threshold since
    they were last analysed (50 rows and a tenth of the table, its defaults): the tables
    autovacuum would analyse. Where autovacuum is off (or lags behind an ingest), a store
    filled in one run would otherwise never be analysed: PostgreSQL would plan the
    writer's lookups by default selectivities, chosen when the tables were empty, which
    turn to scans of whole tables as they grow (bench/writer_growth.py: 13 to 21 ms of
    wall a report over 3,000 synthetic reports, flat when analysed). What is stored does
    not depend on it: only how PostgreSQL finds the rows. Never fails the ingest: a store
    that cannot be analysed (no privilege, a lost connection) is simply not. Returns the
    tables analysed."""
    try:
        with engine.begin() as connection:
            grown = list(connection.execute(_GROWN_TABLES, {"tables": _STORE_TABLES}).scalars())
            if grown:
                quote = connection.dialect.identifier_preparer.quote
                connection.exec_driver_sql("ANALYZE " + ", ".join(quote(name) for name in grown))
        return grown
    except Exception:  # noqa: BLE001 - statistics help the planner; storing goes on without them
        return []


_STORE_TABLES = sorted(table.name for table in t.metadata.sorted_tables)
_GROWN_TABLES = text(
    "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ANY(:tables)"
    " AND n_mod_since_analyze > 50 + 0.1 * n_live_tup ORDER BY relname"
)


def take_write_lock(connection: Connection) -> None:
    """Wait for this transaction's turn to write (SQLite's transactions take it as they begin)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})


def _find_copy(connection: Connection, marks: Fingerprint) -> tuple[int | None, float | None]:
    """The first stored document this one is a copy of (the story's first copy)."""
    candidates = _run(connection, _COPY_CANDIDATES, {f"band{k}": band for k, band in enumerate(marks.bands)}).all()
    for candidate_id, candidate_text, candidate_copy_of in candidates:
        similarity = containment(marks.shingles, shingles(candidate_text))
        if similarity >= COPY_CONTAINMENT:
            return candidate_copy_of or candidate_id, round(similarity, 3)
    return None, None


def _copy_candidates():
    shared = func.count().label("shared")
    likely = (
        select(t.document_band.c.document_id, shared)
        # one parameter a band: a list of fixed length, which the driver form takes (a band
        # told twice counts once, as in the document's own rows)
        .where(t.document_band.c.band.in_([bindparam(f"band{k}") for k in range(BANDS)]))
        .group_by(t.document_band.c.document_id)
        .having(shared >= MIN_SHARED_BANDS)
        .order_by(shared.desc(), t.document_band.c.document_id)
        .limit(MAX_CANDIDATES)
    ).subquery()
    return (
        select(t.document.c.id, t.document.c.text, t.document.c.copy_of)
        .join(likely, likely.c.document_id == t.document.c.id)
        .order_by(likely.c.shared.desc(), t.document.c.id)
    )


_COPY_CANDIDATES = _copy_candidates()  # built once: the documents sharing most bands with the new one


def _insert_document(connection: Connection, report: Report, digest: str, copy_of: int | None, similarity: float | None) -> int:
    document = report.document
    primary = report.primary_place
    return _run(
        connection, _INSERT_DOCUMENT,
        {
            "external_id": document.id[:400], "url": document.url, "outlet": document.outlet,
            "title": document.title, "published": document.published, "content_hash": digest,
            "raw_text": document.raw, "text": document.text, "copy_of": copy_of, "copy_similarity": similarity,
            "primary_place": primary.name if primary else None, "primary_admin1": primary.admin1 if primary else None,
            "ingested_at": datetime.now(timezone.utc).replace(tzinfo=None), "language": report.language,
        },
    ).scalar_one()


def _claim_row(claim: Claim, document_id: int, event_id: int | None) -> dict:
    return {
        "document_id": document_id, "event_id": event_id, "count": claim.count, "high": claim.high,
        "vague": claim.vague, "qualifier": claim.qualifier, "outcome": claim.outcome, "grp": claim.group,
        "side": claim.side, "scope": claim.scope, "status": claim.status, "quote": claim.quote,
        "span_start": claim.span[0], "span_end": claim.span[1], "source": claim.source,
    }


def _insert_claims(connection: Connection, report: Report, document_id: int, event_ids: list[int]) -> dict[tuple[int, int], int]:
    """Every claim of the report, once, in its event (``event_ids``: the stored ids of
    ``report.events``), with the claims it is part of or told beside; returns claim ids by
    span. One statement for all the claims and one for their links."""
    if not report.claims:
        return {}
    event_of = {claim.span: event_id for event, event_id in zip(report.events, event_ids) for claim in event.claims}
    rows = [_claim_row(claim, document_id, event_of.get(claim.span)) for claim in report.claims]
    ids = {claim.span: claim_id for claim, claim_id in zip(report.claims, _inserted(connection, t.claim, rows, document_id))}
    links = [
        {"id_": ids[claim.span], "part_of_id": ids.get(claim.part_of), "beside_id": ids.get(claim.beside)}
        for claim in report.claims
        if ids.get(claim.part_of) or ids.get(claim.beside)
    ]
    if links:
        _run(connection, _LINK_CLAIMS, links)
    return ids


_LINK_CLAIMS = (
    update(t.claim).where(t.claim.c.id == bindparam("id_"))
    .values(part_of_id=bindparam("part_of_id"), beside_id=bindparam("beside_id"))
)


def _inserted(connection: Connection, table, rows: list[dict], document_id: int) -> list[int]:
    """Insert ``rows`` of the new document ``document_id`` into ``table`` in one
    statement; their ids, in the rows' order. PostgreSQL returns them in that order;
    SQLite would insert a row per statement to do so, so there they are read back
    instead: the document's rows, all of this statement, hold ids in the order they
    were inserted."""
    if connection.dialect.name == "postgresql":
        return list(connection.execute(_INSERTED_IN_ORDER[table], rows).scalars())
    _run(connection, _INSERT[table], rows)
    return list(_run(connection, _IDS_OF_DOCUMENT[table], {"document_id": document_id}).scalars())


def _war_countries(conflict: str | None) -> frozenset[str]:
    """The countries the report's war (its conflict pack's name) is fought in."""
    return frozenset(next((p.countries for p in packs().values() if p.name == conflict), ()))


def _names(event: Event) -> str:
    return "; ".join(dict.fromkeys(s.canonical or s.name for s in event.sources))


def event_country(event: Event, report: Report, place: Place | None) -> str | None:
    """Where the event happened: its main place's country, else the report's country
    (that of its main event, ``Report.country``) when one of the event's places is in it
    ("... the coalition fighting IS in Iraq and Syria", in a report from Syria), else the
    first of its places that has one, else the report's country. ``place``: the event's
    :func:`main_place`."""
    if place and place.country:
        return place.country
    if report.country and any(p.country == report.country for p in event.places):
        return report.country
    return _country(event) or report.country


def _insert_events(connection: Connection, report: Report, countries: list[str | None], document_id: int) -> list[int]:
    """The report's events, in the order it tells them, and their places: one statement
    for all the events and one for their places; returns the events' ids in that order."""
    if not report.events:
        return []
    rows = [_event_row(event, country, report.conflict, document_id) for event, country in zip(report.events, countries)]
    event_ids = _inserted(connection, t.event, rows, document_id)
    places = [
        {
            "event_id": event_id, "name": p.name, "geonameid": p.geonameid, "canonical": p.canonical,
            "latitude": p.latitude, "longitude": p.longitude, "admin1": p.admin1, "country": p.country,
            "precision": p.precision, "span_start": p.span[0], "span_end": p.span[1],
        }
        for event, event_id in zip(report.events, event_ids) for p in event.places
    ]
    if places:
        _run(connection, _INSERT[t.event_place], places)
    return event_ids


def _event_row(event: Event, country: str | None, conflict: str | None, document_id: int) -> dict:
    actor1, actor2 = event.actor1, event.actor2
    return {
        "document_id": document_id, "type": event.type, "date": event.date,
        "date_precision": event.date_precision, "date_expression": event.date_expression,
        "actor1": actor1.name if actor1 else None, "actor1_canonical": actor1.canonical if actor1 else None,
        "actor1_side": actor1.side if actor1 else None,
        "actor2": actor2.name if actor2 else None, "actor2_canonical": actor2.canonical if actor2 else None,
        "actor2_side": actor2.side if actor2 else None,
        "sources": _names(event), "evidence": json.dumps([list(span) for span in event.evidence]),
        "country": country, "conflict": conflict,
    }


class _Links:
    """The incident each of the report's events (by its place in ``event_ids``) has
    joined so far. The event rows are written in one statement (:meth:`write`), before
    anything reads them from the store: until then, whether the report told an incident
    already is asked here."""

    def __init__(self, event_ids: list[int]) -> None:
        self.event_ids = event_ids
        self.incident_of: dict[int, int] = {}
        self.unwritten: dict[int, int] = {}

    def told(self) -> frozenset[int]:
        """The incidents the report's events have joined so far."""
        return frozenset(self.incident_of.values())

    def link(self, k: int, incident_id: int, gone: set[int]) -> None:
        """Event ``k`` joined ``incident_id``, into which the incidents ``gone`` were merged
        (their events, written before the merge, were moved with them)."""
        for j, joined in self.incident_of.items():
            if joined in gone:
                self.incident_of[j] = incident_id
        self.incident_of[k] = self.unwritten[k] = incident_id

    def write(self, connection: Connection) -> None:
        if self.unwritten:
            _run(connection, _LINK_EVENT, [{"id_": self.event_ids[k], "incident_id": i} for k, i in self.unwritten.items()])
            self.unwritten.clear()


_LINK_EVENT = update(t.event).where(t.event.c.id == bindparam("id_")).values(incident_id=bindparam("incident_id"))


def _insert_aggregates(connection: Connection, report: Report, document_id: int, claim_ids: dict) -> None:
    rows = [
        {
            "document_id": document_id, "claim_id": claim_ids[a.claim.span],
            "period_start": a.period_start, "period_end": a.period_end, "period_expression": a.period_expression,
            "area": a.area.name if a.area else None, "admin1": a.area.admin1 if a.area else None,
            "country": a.area.country if a.area else None,
            "source": credited((a.source.canonical or a.source.name) if a.source else None, report.document.outlet, document_id),
        }
        for a in report.aggregates
        if a.claim.span in claim_ids
    ]
    if rows:
        _run(connection, _INSERT[t.aggregate], rows)


def _reconcile(
    connection: Connection, event: Event, place: Place | None, document_id: int, figures: list[SourceFigure], background: bool,
    *, country: str | None, conflict: str | None, links: _Links, public_id_if_new: str,
) -> tuple[int, bool, set[int], bool]:
    """The incident this event (whose :func:`main_place` is ``place``) tells of: an
    existing one it matches, else a new one (marked recalled when the event is told as
    background; in ``country`` when its place gives none; of ``conflict``); also the ids of incidents the event showed to be that
    one, now merged into it; and whether the incident is known to have its country and
    conflict already (then :func:`_keep_first_known` would change nothing). A new
    incident's one event is this one: its public id is ``public_id_if_new``."""
    killed = report_killed(figures)
    summary = summarise_at(event, place, document_id, killed, has_figures=bool(figures), fighters_only=fighters_only(figures))
    match, gone = None, set()
    # What the candidates' query read of the chosen incident, just now: whether it was
    # recalled, and whether it had a country and a conflict. A merge keeps an incident
    # news once it is, and keeps a country and a conflict it has; so these stay true
    # until the town of a news report is written on the incident (below).
    news = placed = False
    # dated by its report alone: its toll may name an attack of the weeks before
    undated = event.date_expression is None and names_an_attack_days_apart(summary)
    if summary.date is not None and event.date_precision == "day" and undated and summary.geonameid is not None:
        # "the attack on the town that killed 87", a week on: the town's attack of that toll
        match = _same_toll(connection, summary, killed, _country(event), links.told(),
                           since=summary.date - timedelta(days=RECALL_AFTER_DAYS), town=summary.geonameid)
    if match is None and summary.date is not None and summary.admin1 is not None:
        candidates, state = _candidates(connection, summary, links.told())
        chosen = best_match(summary, candidates)
        if chosen is not None:
            recalled_before, country_before, conflict_before = state[chosen.id]
            news, placed = not recalled_before, bool(country_before and conflict_before)
            match, gone = chosen.id, _merge_bridged(connection, summary, chosen, candidates, links)
    if match is None and summary.date is not None and event.date_precision != "day":
        # "in early April 88 were killed in a chemical attack on the town", "days after a
        # bombing killed 120": the attack of that toll in that month or week (it names no
        # day, so matching.score judged it only against incidents of such a span)
        span = replace(summary, date=last_day(summary.date, event.date_precision))
        match = _same_toll(connection, span, killed, _country(event), links.told(), since=summary.date, town=summary.geonameid)
    if match is None and summary.date is not None and event.date_precision == "day":
        # no place, or none of its place's incidents fit: a large toll may still name one
        since = summary.date - timedelta(days=RECALL_AFTER_DAYS) if undated else summary.date
        match = _same_toll(connection, summary, killed, _country(event), links.told(), since=since)
    if match is not None:
        if not background and not news:  # an incident known to be news has nothing to give way
            _told_as_news(connection, match)
        vouched = place_of_figures(event)
        if town(vouched) is not None and not background:  # news names the town of an incident known by its governorate
            connection.execute(_PLACE_UNPLACED, {"id_": match, **_place_columns(vouched)})
            placed = False  # the town's country may be another, or none
        if not background:
            gone |= _merge_same_toll_in_town(connection, summary, match, links)
        return match, True, gone, placed
    actor1, actor2 = event.actor1, event.actor2
    incident_id = _run(
        connection, _INSERT_INCIDENT,
        {
            "type": event.type, "date": event.date, "date_precision": event.date_precision, **_place_columns(place),
            "country": (place.country if place else None) or country, "conflict": conflict,
            "actor1": (actor1.canonical or actor1.name) if actor1 else None, "actor1_side": actor1.side if actor1 else None,
            "actor2": (actor2.canonical or actor2.name) if actor2 else None, "actor2_side": actor2.side if actor2 else None,
            "reports": 1, "recalled": background, "public_id": public_id_if_new,
        },
    ).scalar_one()
    return incident_id, False, gone, False


def _keep_first_known(connection: Connection, incident_id: int, *, country: str | None, conflict: str | None) -> None:
    """An incident's country and conflict are the first its events made known: an event
    that joins an incident fills either one the incident lacks."""
    missing = tuple(name for name, value in (("country", country), ("conflict", conflict)) if value)
    if missing:
        connection.execute(_fill_first_known(missing), {"id_": incident_id, "country": country, "conflict": conflict})


@cache
def _fill_first_known(names: tuple[str, ...]):
    """The statement that fills the incident's columns ``names`` where it has none."""
    i = t.incident.c
    return (
        update(t.incident).where(i.id == bindparam("id_"), or_(*(i[name].is_(None) for name in names)))
        .values({i[name]: func.coalesce(i[name], bindparam(name, type_=i[name].type)) for name in names})
    )


def _merge_bridged(
    connection: Connection, summary: IncidentSummary, chosen: IncidentSummary, candidates: list[IncidentSummary], links: _Links,
) -> set[int]:
    """Merge into ``chosen`` the other candidates the event shows to be the same incident
    (matching.also_matched); their ids."""
    fitting = [c for c in candidates if c.id != chosen.id and score(summary, c) is not None]
    if not fitting:
        return set()
    ids = [chosen.id] + [c.id for c in fitting]
    links.write(connection)  # the report's own events count among the incidents' reports
    reports: dict[int, set[int]] = defaultdict(set)
    for incident_id, document_id in connection.execute(_REPORTS_OF_INCIDENTS, {"ids": ids}):
        reports[incident_id].add(document_id)
    def whole(c: IncidentSummary) -> IncidentSummary:
        return replace(c, documents=frozenset(reports[c.id]))
    gone = {other.id for other in also_matched(summary, whole(chosen), [whole(c) for c in fitting])}
    if gone:
        _merge(connection, sorted(gone), into=chosen.id)
    return gone


_REPORTS_OF_INCIDENTS = (
    select(t.event.c.incident_id, t.event.c.document_id).where(t.event.c.incident_id.in_(bindparam("ids", expanding=True)))
)


def _merge_same_toll_in_town(connection: Connection, summary: IncidentSummary, match: int, links: _Links) -> set[int]:
    """Merge into ``match`` the other incidents of the event's town that
    matching.one_attack_in_town finds to be its attack (none may share a report with
    ``match``: two events of one report are two incidents)."""
    if summary.geonameid is None or not summary.killed:
        return set()
    links.write(connection)  # the report's own events count among match's reports
    span = timedelta(days=MAX_DAYS_ONE_TOWN_TOLL)
    rows = connection.execute(_OTHERS_OF_TOWN, {
        "town": summary.geonameid, "match": match, "since": summary.date - span, "until": summary.date + span,
    }).all()
    gone = {
        r.id for r in rows
        if one_attack_in_town(summary, IncidentSummary(
            r.id, r.type, r.date, r.admin1, r.geonameid, frozenset(), killed=r.killed, date_precision=r.date_precision or "day"))
    }
    if gone:
        _merge(connection, sorted(gone), into=match)
    return gone


def _others_of_town():
    i, e = t.incident.c, t.event.c
    return (
        select(i.id, i.type, i.date, i.date_precision, i.admin1, i.geonameid, i.killed)
        .where(i.geonameid == bindparam("town"), i.id != bindparam("match"),
               i.date.between(bindparam("since"), bindparam("until")))
        .where(i.id.not_in(select(e.incident_id).where(e.incident_id.is_not(None), e.document_id.in_(
            select(e.document_id).where(e.incident_id == bindparam("match"))))))
    )


_OTHERS_OF_TOWN = _others_of_town()  # the town's other incidents of those days that share no report with the match


def _merge(connection: Connection, gone: list[int], into: int) -> None:
    """One incident stored as several: their events join ``into``, which takes a town
    if it had none, the first known country and conflict if it had none, and stays news
    if any of them was; its figures and history are rebuilt from all their reports."""
    i = t.incident.c
    # in id order on every database: the town taken is the first stored incident's that
    # has one (PostgreSQL returns rows in whatever order its plan reads them)
    rows = connection.execute(select(t.incident).where(i.id.in_(gone + [into])).order_by(i.id)).all()
    kept = next(r for r in rows if r.id == into)
    placed = next((r for r in rows if r.geonameid is not None), None)
    place = {c: getattr(placed, c) for c in _PLACE_COLUMNS} if kept.geonameid is None and placed is not None else {}
    values = dict(place)  # a town taken from another incident comes with its country
    for column in ("country", "conflict"):
        values[column] = values.get(column) or next(
            (getattr(r, column) for r in [kept, *sorted(rows, key=lambda r: r.id)] if getattr(r, column)), None)
    connection.execute(update(t.incident).where(i.id == into).values(recalled=all(r.recalled for r in rows), **values))
    connection.execute(update(t.event).where(t.event.c.incident_id.in_(gone)).values(incident_id=into))
    for table in (t.incident_history, t.incident_figure, t.incident_source_figure, t.incident_source):
        connection.execute(delete(table).where(table.c.incident_id.in_(gone)))
    connection.execute(delete(t.incident).where(i.id.in_(gone)))
    rebuild_figures(connection, [into])


_PLACE_COLUMNS = ("admin1", "country", "location", "geonameid", "latitude", "longitude")
# an incident known by its governorate alone takes the town a news report names
_PLACE_UNPLACED = (
    update(t.incident).where(t.incident.c.id == bindparam("id_"), t.incident.c.geonameid.is_(None))
    .values({t.incident.c[name]: bindparam(name, type_=t.incident.c[name].type) for name in _PLACE_COLUMNS})
)


def _place_columns(place: Place | None) -> dict:
    """The incident row's place columns for ``place`` (all None without one)."""
    if place is None:
        return dict.fromkeys(_PLACE_COLUMNS)
    values = (place.admin1, place.country, place.canonical or place.name, town(place), place.latitude, place.longitude)
    return dict(zip(_PLACE_COLUMNS, values))


def _told_as_news(connection: Connection, incident_id: int) -> None:
    """A report tells as news an incident known so far only from recalls: the recalls'
    figures give way to the news reports'."""
    i = t.incident.c
    if connection.execute(_RECALLED, {"id_": incident_id}).scalar_one():
        connection.execute(update(t.incident).where(i.id == incident_id).values(recalled=False))
        connection.execute(delete(t.incident_source_figure).where(t.incident_source_figure.c.incident_id == incident_id))
        connection.execute(delete(t.incident_source).where(t.incident_source.c.incident_id == incident_id))


_RECALLED = select(t.incident.c.recalled).where(t.incident.c.id == bindparam("id_"))


def _same_toll(
    connection: Connection, summary: IncidentSummary, killed: int, country: str | None, told: frozenset[int], *,
    since: date,
    town: int | None = None,
) -> int | None:
    """For a violent event no incident of its place fits (or with no governorate): the
    violent incident dated from ``since`` to the event's day one of whose tolls (best,
    low, high: a toll one of its sources gives) agrees with the event's own
    (matching.agreeing_toll). An event the report dates by itself alone (no date of its own: "a poison gas attack
    that killed more than 1,400 people, a rights group said") may tell an attack of the
    weeks before (``since`` RECALL_AFTER_DAYS back), one dated to its month any day of it;
    in its governorate's area when it has one; the nearest day first, then the closest
    toll. Within one ``town`` a smaller toll will do (MIN_TOLL_IN_ONE_TOWN)."""
    minimum = MIN_TOLL_IN_ONE_TOWN if town is not None else MIN_TOLL_WITHOUT_PLACE
    if not violent(summary.type) or killed < minimum:
        return None
    i = t.incident.c
    bounds = (killed * (1 - TOLL_AGREEMENT), killed / (1 - TOLL_AGREEMENT))
    rows = connection.execute(
        select(i.id, i.type, i.killed, i.killed_low, i.killed_high, i.date)
        .where(i.date.between(since, summary.date), i.date_precision == "day")
        .where(i.admin1.in_(sorted(one_area(summary.admin1))) if summary.admin1 else true())
        .where(i.geonameid == town if town is not None else true())
        # the bounds only narrow the search; agreeing_toll decides
        .where(or_(*(column.between(*bounds) for column in (i.killed, i.killed_low, i.killed_high))))
        .where(or_(i.country.is_(None), i.country == country) if country else true())
        .where(i.id.not_in(sorted(told)))  # the incidents the report told already: two events of it are two
    ).all()
    agreeing = [
        (abs((summary.date - row.date).days), abs(toll - killed), row.id)
        for row in rows
        if violent(row.type) and (toll := agreeing_toll(killed, (row.killed, row.killed_low, row.killed_high), minimum))
    ]
    return min(agreeing)[2] if agreeing else None


def _country(event: Event) -> str | None:
    return next((p.country for p in event.places if p.country), None)


def _candidates(
    connection: Connection, summary: IncidentSummary, told: frozenset[int],
) -> tuple[list[IncidentSummary], dict[int, tuple[bool, str | None, str | None]]]:
    """The incidents of the event's governorate and days that matching.score judges
    (``told``: the incidents the event's report told already), and what the writer needs
    to know of each besides: whether it is recalled, its country and its conflict."""
    span = timedelta(days=MAX_DAYS_APART)
    # an incident known to its week is dated by its Monday; an event known to its week
    # may be any of its days (matching.days_apart decides)
    week = timedelta(days=6)
    until = summary.date + (week if summary.date_precision == "week" else timedelta(0)) + span
    rows = connection.execute(_CANDIDATES_OF_TOWN if summary.geonameid else _CANDIDATES, {
        "since": summary.date - span - week, "until": until, "areas": sorted(one_area(summary.admin1)),
        "town": summary.geonameid,
    }).all()
    if not rows:
        return [], {}
    # Only whether this report already told one of them matters (two events of one
    # report are two incidents): not every report behind every candidate.
    (document_id,) = summary.documents
    return [
        IncidentSummary(r.id, r.type, r.date, r.admin1, r.geonameid, frozenset(s for s in (r.actor1_side, r.actor2_side) if s),
                        frozenset({document_id}) if r.id in told else frozenset(), r.killed,
                        killed_low=r.killed_low, killed_high=r.killed_high, date_precision=r.date_precision or "day",
                        place_name=r.location)
        for r in rows
    ], {r.id: (r.recalled, r.country, r.conflict) for r in rows}


_CANDIDATES = (
    select(*(t.incident.c[name] for name in ("id", "type", "date", "date_precision", "admin1", "geonameid", "location",
                                              "actor1_side", "actor2_side", "killed", "killed_low", "killed_high",
                                              "recalled", "country", "conflict")))
    .where(t.incident.c.date.between(bindparam("since"), bindparam("until")))
    .where(t.incident.c.admin1.in_(bindparam("areas", expanding=True)))
)
# another town is another incident (matching.score): leave such incidents out here
_CANDIDATES_OF_TOWN = _CANDIDATES.where(or_(t.incident.c.geonameid.is_(None), t.incident.c.geonameid == bindparam("town")))


def _stored_claims(
    event: Event, document: Document, document_id: int, claim_ids: dict, *, is_copy: bool
) -> list[StoredClaim]:
    """The event's claims as reconciliation sees them: with their ids and their source
    (:func:`outlets.credited`)."""
    stored = {c.span: c for c in event.claims if c.span in claim_ids}  # as stored: one claim per span
    return [
        StoredClaim(
            id=claim_ids[span], document_id=document_id, published=document.published,
            source=credited(c.source, document.outlet, document_id),
            is_copy=is_copy, outcome=c.outcome, group=c.group, side=c.side, count=c.count, high=c.high,
            scope=c.scope, status=c.status, part_of=claim_ids.get(c.part_of), beside=claim_ids.get(c.beside),
        )
        for span, c in stored.items()
    ]


@dataclass
class _Sources:
    """Some of an incident's sources: how many reports cited each, and the figures kept."""

    citations: dict[str, int] = field(default_factory=dict)
    kept: list[SourceFigure] = field(default_factory=list)


class _Written:
    """What a report wrote of its incidents, so as not to read it back: the sources of
    those it made or recorded figures of, and which incidents it made (their one report
    is this one, and they have no history yet), until another of its events joins or
    merges them."""

    def __init__(self) -> None:
        self.sources: dict[int, _Sources] = {}
        self.made: set[int] = set()

    def note(self, incident_id: int, joined: bool, gone: set[int], sources: _Sources | None) -> None:
        """An event made (or ``joined``) the incident, merging ``gone`` into it, and left
        it with ``sources`` (None: not known without reading them)."""
        if joined:
            for other in gone | {incident_id}:
                self.sources.pop(other, None)
                self.made.discard(other)
        else:
            self.made.add(incident_id)
        if sources is not None:
            self.sources[incident_id] = sources


def record_source_figures(
    connection: Connection, incident_id: int, figures: list[SourceFigure], *, new_incident: bool = False,
) -> _Sources | None:
    """One more report of the incident gives ``figures``: count each source's citation
    and keep, per outcome, a source's breakdown if it is the one to keep (figures.preferred).
    What the incident keeps of its sources is read in one statement (none for a
    ``new_incident``, which keeps nothing yet) and written in one per kind of change.
    Returns what the incident keeps of all its sources now (None when ``figures`` are
    none: then nothing was read)."""
    sources = sorted({figure.source for figure in figures})
    if not sources:
        return _Sources() if new_incident else None
    citations: dict[str, int] = {}
    kept: dict[tuple[str, str], list[SourceFigure]] = defaultdict(list)
    if not new_incident:
        for row in connection.execute(_KEPT_OF_INCIDENTS, {"ids": [incident_id]}):
            citations[row.source] = row.reports
            if row.outcome is not None:
                kept[row.source, row.outcome].append(_source_figure(row))
    dropped, added = [], []
    for source in sources:
        told = [figure for figure in figures if figure.source == source]
        for outcome in sorted({figure.outcome for figure in told}):
            new = [figure for figure in told if figure.outcome == outcome]
            if preferred(kept.get((source, outcome)), new) is not new:
                continue
            if (source, outcome) in kept:
                dropped.append({"incident_id_": incident_id, "source_": source, "outcome_": outcome})
            kept[source, outcome] = new
            added += [
                {"incident_id": incident_id, "source": source, "outcome": outcome, "category": figure.category,
                 "value": figure.value, "high": figure.high, "published": figure.published,
                 "claim_ids": ",".join(map(str, figure.claim_ids))}
                for figure in new
            ]
    cited_again = [{"incident_id_": incident_id, "source_": s, "reports": citations[s] + 1} for s in sources if s in citations]
    if cited_again:
        _run(connection, _CITED_AGAIN, cited_again)
    first_cited = [{"incident_id": incident_id, "source": s, "reports": 1} for s in sources if s not in citations]
    if first_cited:
        _run(connection, _INSERT[t.incident_source], first_cited)
    if dropped:
        _run(connection, _DROP_KEPT, dropped)
    if added:
        _run(connection, _INSERT[t.incident_source_figure], added)
    return _Sources(citations | {s: citations.get(s, 0) + 1 for s in sources},
                    [figure for told in kept.values() for figure in told])


# Every source of several incidents with its kept figures, if any: a source's kept figures
# come with its citation (both are written together, and deleted together or the citation
# last), so the citations with their figures are all (figures unique by the sort key of
# refresh_all_figures).
_KEPT_OF_INCIDENTS = (
    select(t.incident_source.c.incident_id, t.incident_source.c.source, t.incident_source.c.reports, *(
        t.incident_source_figure.c[name] for name in ("outcome", "category", "value", "high", "published", "claim_ids")))
    .select_from(t.incident_source.outerjoin(t.incident_source_figure, and_(
        t.incident_source_figure.c.incident_id == t.incident_source.c.incident_id,
        t.incident_source_figure.c.source == t.incident_source.c.source)))
    .where(t.incident_source.c.incident_id.in_(bindparam("ids", expanding=True)))
)
_CITED_AGAIN = (
    update(t.incident_source)
    .where(t.incident_source.c.incident_id == bindparam("incident_id_"), t.incident_source.c.source == bindparam("source_"))
    .values(reports=bindparam("reports"))
)
_DROP_KEPT = delete(t.incident_source_figure).where(
    t.incident_source_figure.c.incident_id == bindparam("incident_id_"),
    t.incident_source_figure.c.source == bindparam("source_"), t.incident_source_figure.c.outcome == bindparam("outcome_"))


def _source_figure(row) -> SourceFigure:
    return SourceFigure(row.source, row.outcome, row.category, row.value, row.high, row.published,
                        tuple(int(i) for i in row.claim_ids.split(",") if i))


def refresh_figures(connection: Connection, incident_id: int, document_id: int, published: date | None) -> None:
    """Recompute an incident's killed and injured from its sources' kept figures, and
    keep the change in its history with the report (``document_id``, dated ``published``)
    that caused it."""
    refresh_all_figures(connection, [incident_id], document_id, published)


def refresh_all_figures(
    connection: Connection, incident_ids: list[int], document_id: int, published: date | None,
    written: _Written | None = None,
) -> None:
    """:func:`refresh_figures` of each of ``incident_ids`` (sorted), the report's every
    touched incident at once: each incident's figures depend on its own rows alone, so the
    few statements below serve them all. What the report has ``written`` is not read back."""
    if not incident_ids:
        return
    written = written or _Written()
    kept, citations = _kept_figures(connection, [i for i in incident_ids if i not in written.sources])
    for incident_id, sources in written.sources.items():
        kept[incident_id], citations[incident_id] = sources.kept, sources.citations
    told_before = [i for i in incident_ids if i not in written.made]
    counted, last = _told_and_last(connection, told_before, document_id)
    figure_rows, incident_rows, history_rows = [], [], []
    for incident_id in incident_ids:
        # in one order on every database: ties between sources are settled by the order they come in
        tolls = combine(sorted(kept[incident_id], key=lambda k: (k.source, k.outcome, k.category)), citations[incident_id])
        figure_rows += [
            {"incident_id": incident_id, "outcome": f.outcome, "category": f.category, "best": f.best,
             "low": f.low, "high": f.high, "claim_ids": ",".join(map(str, f.claim_ids))}
            for toll in tolls for f in toll.figures
        ]
        reports = max(counted.get(incident_id, 0), 1)
        totals = _totals(tolls)
        incident_rows.append({"id_": incident_id, "reports": reports, **totals})
        if last.get(incident_id) != tuple(totals.values()):  # the first report, or a change
            history_rows.append({"incident_id": incident_id, "document_id": document_id, "published": published,
                                 "reports": reports, **totals})
    if told_before:  # an incident the report made has no figures yet
        connection.execute(_DROP_FIGURES, {"ids": told_before})
    if figure_rows:
        _run(connection, _INSERT[t.incident_figure], figure_rows)
    _run(connection, _SET_TOTALS, incident_rows)
    if history_rows:
        _run(connection, _INSERT[t.incident_history], history_rows)


def _kept_figures(connection: Connection, incident_ids: list[int]):
    """Each incident's sources' kept figures, and their citations: one query."""
    kept: dict[int, list[SourceFigure]] = defaultdict(list)
    citations: dict[int, dict[str, int]] = defaultdict(dict)
    if incident_ids:
        for row in connection.execute(_KEPT_OF_INCIDENTS, {"ids": incident_ids}):
            citations[row.incident_id][row.source] = row.reports
            if row.outcome is not None:
                kept[row.incident_id].append(_source_figure(row))
    return kept, citations


def _told_and_last(connection: Connection, incident_ids: list[int], document_id: int):
    """Of each incident: how many reports told it (copies aside) up to ``document_id``,
    and its last history row's totals, if any: one query."""
    counted, last = {}, {}
    if incident_ids:
        for row in connection.execute(_TOLD_AND_LAST, {"ids": incident_ids, "document_id": document_id}):
            counted[row.id] = row.told
            if row.history_id is not None:
                last[row.id] = tuple(row[3:])
    return counted, last


_TOTALS = ("killed", "killed_low", "killed_high", "injured", "injured_low", "injured_high", "civilians_killed")


def _told_and_last_query():
    """Of each incident of ``ids``: the reports that told it up to ``document_id``, and
    its last history row (its totals; all NULL when it has none), in one statement."""
    i, e, d, h = t.incident.c, t.event.c, t.document.c, t.incident_history.c
    # the reports told so far: in stored order, as a rebuild replays them
    told = (
        select(func.count(func.distinct(e.document_id))).join(t.document, e.document_id == d.id)
        .where(e.incident_id == i.id, d.copy_of.is_(None), e.document_id <= bindparam("document_id"))
        .scalar_subquery()
    )
    earlier = t.incident_history.alias("earlier").c
    last = select(func.max(earlier.id)).where(earlier.incident_id == i.id).correlate(t.incident).scalar_subquery()
    return (
        select(i.id, told.label("told"), h.id.label("history_id"), *(h[name] for name in _TOTALS))
        .select_from(t.incident.outerjoin(t.incident_history, h.id == last))
        .where(i.id.in_(bindparam("ids", expanding=True)))
    )


_TOLD_AND_LAST = _told_and_last_query()
_DROP_FIGURES = delete(t.incident_figure).where(t.incident_figure.c.incident_id.in_(bindparam("ids", expanding=True)))
_SET_TOTALS = (
    update(t.incident).where(t.incident.c.id == bindparam("id_"))
    .values(reports=bindparam("reports"), **{name: bindparam(name) for name in _TOTALS})
)


def _totals(tolls: list[Toll]) -> dict[str, int]:
    """The incident row's totals: each outcome's best, low and high, and civilians killed."""
    by_outcome = {toll.outcome: toll for toll in tolls}
    killed, injured = by_outcome.get("killed"), by_outcome.get("injured")
    return {
        "killed": killed.best if killed else 0, "killed_low": killed.low if killed else 0,
        "killed_high": killed.high if killed else 0,
        "injured": injured.best if injured else 0, "injured_low": injured.low if injured else 0,
        "injured_high": injured.high if injured else 0,
        "civilians_killed": sum(f.best for f in killed.figures if f.category == "civilians") if killed else 0,
    }


def rebuild_figures(connection: Connection, incident_ids: list[int] | None = None, *, flags_sums: bool = True) -> None:
    """Recompute incidents' sources, figures and history from the stored claims, taking
    reports in the order they were stored, as ingest did: every incident when the figures
    rules changed (migration 0004), or ``incident_ids`` when incidents merged. As in
    ingest, a recalled event's figures count only in an incident known from recalls alone,
    and an event that is its report's sum of others counts none (``flags_sums``: the
    store has that flag, from migration 0008 on)."""
    def chosen(column):
        return column.in_(incident_ids) if incident_ids is not None else true()

    for table in (t.incident_history, t.incident_figure, t.incident_source_figure, t.incident_source):
        connection.execute(delete(table).where(chosen(table.c.incident_id)))
    e, d, c = t.event.c, t.document.c, t.claim.c
    events = connection.execute(
        select(e.id, e.incident_id, e.document_id, e.date, e.date_precision, d.published, d.outlet, d.copy_of)
        .join(t.document, e.document_id == d.id)
        .where(e.incident_id.is_not(None), chosen(e.incident_id), e.sum_of_others.is_(False) if flags_sums else true())
        .order_by(e.document_id, e.incident_id, e.id)
    ).all()
    in_news = {row.incident_id for row in events if not told_long_after(row.date, row.date_precision, row.published)}
    told_by = [
        row for row in events
        if row.incident_id not in in_news or not told_long_after(row.date, row.date_precision, row.published)
    ]
    claims = defaultdict(list)
    for row in connection.execute(
        select(t.claim).join(t.event, c.event_id == e.id).where(e.incident_id.is_not(None), chosen(e.incident_id)).order_by(c.id)
    ):
        claims[row.event_id].append(row)
    for (incident_id, document_id), events in groupby(told_by, key=lambda row: (row.incident_id, row.document_id)):
        events = list(events)
        first = events[0]
        stored = [
            StoredClaim(
                id=r.id, document_id=document_id, published=first.published,
                source=credited(r.source, first.outlet, document_id),
                is_copy=first.copy_of is not None, outcome=r.outcome, group=r.grp, side=r.side, count=r.count,
                high=r.high, scope=r.scope, status=r.status, part_of=r.part_of_id, beside=r.beside_id,
            )
            for event in events for r in claims[event.id]
        ]
        record_source_figures(connection, incident_id, report_figures(stored))
        refresh_figures(connection, incident_id, document_id, first.published)
