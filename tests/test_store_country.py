"""The store keeps each event's country and conflict, and each incident's, on SQLite and
PostgreSQL; a store of the revision before them upgrades (docs/store.md).

Reports are invented; their conflict and country are set by hand, as the conflict packs
will set them (records.Report.conflict, Report.country).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from warmonitor.extract import extract
from warmonitor.records import Document, Report
from warmonitor.resolve import resolve
from warmonitor.store import schema as t
from warmonitor.store.database import open_store
from warmonitor.store.writer import StoreWriter

from conftest import db, sample_store_upgraded_from  # noqa: F401 - db: the store fixture, on SQLite and PostgreSQL


def read(name: str, text: str, published: date, **known) -> Report:
    """An invented report, read; ``known``: its conflict and country, as a pack would give."""
    return replace(resolve(extract(Document(id=name, text=text, published=published, outlet=name))), **known)


def stored(db: str, *reports: Report) -> tuple[list, list]:
    """Store the reports in order; every event's and incident's (id, country, conflict)."""
    engine = open_store(db)
    writer = StoreWriter(engine)
    for report in reports:
        writer.add(report)
    with engine.connect() as connection:
        e, i = t.event.c, t.incident.c
        events = connection.execute(select(e.document_id, e.incident_id, e.country, e.conflict).order_by(e.id)).all()
        incidents = connection.execute(select(i.id, i.country, i.conflict).order_by(i.id)).all()
    engine.dispose()
    return [tuple(row) for row in events], [tuple(row) for row in incidents]


def test_an_event_takes_its_places_country_else_its_reports(db):
    # Azaz is a Syrian town the gazetteer knows; "Umm Zeefa" is no place it knows, so the
    # event has no place and takes the country the report's main event happened in.
    syria = read("a", "An air strike killed 12 civilians in the town of Azaz on Sunday, a monitor said.",
                 date(2024, 6, 4), conflict="Syria", country="SY")
    sudan = read("b", "Shelling killed 9 civilians in the market of Umm Zeefa on Monday, medics said.",
                 date(2024, 6, 4), conflict="Sudan", country="SD")
    unknown = read("c", "Shelling killed 4 civilians in the market of Umm Zeefa on Monday, medics said.", date(2024, 6, 9))
    events, incidents = stored(db, syria, sudan, unknown)
    assert [(country, conflict) for *_, country, conflict in events] == [("SY", "Syria"), ("SD", "Sudan"), (None, None)]
    assert [(country, conflict) for _, country, conflict in incidents] == [("SY", "Syria"), ("SD", "Sudan"), (None, None)]


def test_a_place_outweighs_the_reports_country(db):
    # A report a pack placed in Sudan that tells of an attack in a Syrian town: the event's
    # own place says where it happened.
    told = read("a", "An air strike killed 12 civilians in the town of Azaz on Sunday, a monitor said.",
                date(2024, 6, 4), conflict="Sudan", country="SD")
    events, incidents = stored(db, told)
    assert events[0][2:] == ("SY", "Sudan") and incidents[0][1:] == ("SY", "Sudan")


def test_an_incident_keeps_the_first_known_conflict(db):
    # Three reports of one air strike (same town, day and toll): the first read without a
    # pack, the second with one, the third with another. The incident takes the first
    # conflict a report made known and keeps it; each event keeps its own report's.
    text = "An air strike killed 12 civilians in the town of Azaz on Sunday, a monitor said."
    first = read("a", text, date(2024, 6, 3), conflict=None)
    second = read("b", text.replace("a monitor", "rescuers"), date(2024, 6, 3), conflict="Syria", country="SY")
    third = read("c", text.replace("a monitor", "medics"), date(2024, 6, 3), conflict="Other war", country="SY")
    events, incidents = stored(db, first, second, third)
    assert len(incidents) == 1 and {incident_id for _, incident_id, *_ in events} == {incidents[0][0]}
    assert [conflict for *_, conflict in events] == [None, "Syria", "Other war"]
    assert incidents[0][1:] == ("SY", "Syria")


def test_a_merge_keeps_the_first_known_conflict(db):
    """Two incidents found to be one (writer._merge): the kept one, known without a
    conflict, takes the conflict of the other, and keeps its own country."""
    from warmonitor.store.writer import _merge

    first = read("a", "An air strike killed 12 civilians in the town of Azaz on Sunday, a monitor said.", date(2024, 6, 4), conflict=None)
    second = read("b", "Shelling killed 30 civilians in the town of Azaz on Monday, medics said.", date(2024, 6, 20),
                  conflict="Syria", country="SY")
    _, incidents = stored(db, first, second)
    assert [incident[2] for incident in incidents] == [None, "Syria"]
    engine = open_store(db)
    with engine.begin() as connection:
        _merge(connection, [incidents[1][0]], into=incidents[0][0])
    engine.dispose()
    events, merged = stored(db)
    assert merged == [(incidents[0][0], "SY", "Syria")]
    assert {incident_id for _, incident_id, *_ in events} == {incidents[0][0]}


def test_an_older_store_upgraded_has_event_countries_from_their_places(db):
    """A store of revision 0004 (no event country, no conflict) upgraded to the newest:
    each event takes the country of its first place that has one, an incident without a
    country one of its events'; conflicts were never recorded, so none is made up."""
    engine = sample_store_upgraded_from(db, "0004")
    with engine.connect() as connection:
        upgraded = connection.execute(select(t.event.c.id, t.event.c.country).order_by(t.event.c.id)).all()
        first_place_country = dict(connection.execute(
            select(t.event_place.c.event_id, t.event_place.c.country)
            .where(t.event_place.c.country.is_not(None)).order_by(t.event_place.c.span_start.desc())
        ).all())  # the last row written for an event wins: its first place
        conflicts = set(connection.execute(select(t.incident.c.conflict)).scalars())
    engine.dispose()
    assert upgraded == [(event_id, first_place_country.get(event_id)) for event_id, _ in upgraded]
    assert any(country for _, country in upgraded)
    assert conflicts == {None}


def test_a_place_abroad_where_an_event_was_told_is_not_where_it_happened(db):
    # By hand: the minister spoke in Sochi, named first; the strikes hit Azaz, a Syrian
    # town in Aleppo province (GeoNames spells it I‘zāz). The incident is in Syria, at
    # Azaz. A Syria report of an attack told only abroad (Ankara) keeps that place: it
    # happened there.
    told_in_sochi = read("m", "Speaking in Sochi, the defence minister said strikes killed 40 militants in the town "
                         "of Azaz in Aleppo province on Sunday.", date(2024, 6, 4), conflict="Syria")
    abroad = read("k", "A car bomb killed 9 people in Ankara on Monday, officials said.", date(2024, 6, 4),
                  conflict="Syria")
    engine = open_store(db)
    writer = StoreWriter(engine)
    for report in (told_in_sochi, abroad):
        writer.add(report)
    with engine.connect() as connection:
        i = t.incident.c
        rows = connection.execute(select(i.location, i.admin1, i.country).where(i.killed > 0).order_by(i.id)).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("I‘zāz", "Aleppo", "SY"), ("Ankara", "Ankara", "TR")]
