"""`warmonitor export`: reconciled incidents as CSV, GeoJSON or JSON lines.

Columns take ACLED's names where the concept is the same (``event_id_cnty`` excepted:
ours is ``event_id``, the incident's number in its store, beside ``public_id``, the same in
any store built from the same reports): event_date, event_type, actor1, actor2, country, admin1,
location, latitude, longitude, fatalities, source, notes — ``country`` is the ISO-2 code
("SD"), where ACLED writes the name; then ours: the conflict its reports were read as,
killed and injured low and high, civilians killed, the number of reports, the languages
they were written in ("ar; en"), and for
traceability each report's document id and the spans of the sentences the event rests on.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from typing import TextIO

from sqlalchemy import Connection, select

from ..store import schema as t
from .incidents import Incident

COLUMNS = (
    "event_id", "public_id", "event_date", "event_type", "actor1", "actor2", "conflict", "country", "admin1", "location", "latitude", "longitude",
    "geonameid", "fatalities", "source", "notes", "fatalities_low", "fatalities_high", "civilian_fatalities",
    "injuries", "injuries_low", "injuries_high", "reports", "languages", "document_ids", "evidence",
)


def rows(connection: Connection, incidents: list[Incident]) -> list[dict]:
    """One export row per incident."""
    wanted = {i.id for i in incidents}
    sources: dict[int, list[str]] = defaultdict(list)
    evidence: dict[int, dict[str, list]] = defaultdict(dict)
    languages: dict[int, set[str]] = defaultdict(set)
    query = select(
        t.event.c.incident_id, t.event.c.sources, t.event.c.evidence, t.document.c.external_id, t.document.c.outlet,
        t.document.c.language,
    ).join(t.document, t.event.c.document_id == t.document.c.id).order_by(t.event.c.id)  # not the rows' places on disk
    for incident_id, names, spans, external_id, outlet, language in connection.execute(query):
        if incident_id in wanted:
            sources[incident_id].extend(n for n in [*(names or "").split("; "), outlet] if n)
            evidence[incident_id][external_id] = json.loads(spans)
            languages[incident_id].add(language)
    notes = _first_quotes(connection, wanted)
    result = []
    for incident in incidents:
        killed, killed_low, killed_high = incident.total("killed")
        injured, injured_low, injured_high = incident.total("injured")
        civilians = sum(f[2] for f in incident.figures if f[0] == "killed" and f[1] == "civilians")
        result.append({
            "event_id": incident.id, "public_id": incident.public_id, "event_date": incident.date.isoformat() if incident.date else None,
            "event_type": incident.type, "actor1": incident.actor1, "actor2": incident.actor2,
            "conflict": incident.conflict, "country": incident.country, "admin1": incident.admin1, "location": incident.location, "latitude": incident.latitude,
            "longitude": incident.longitude, "geonameid": incident.geonameid, "fatalities": killed,
            "source": "; ".join(dict.fromkeys(sources[incident.id])), "notes": notes.get(incident.id),
            "fatalities_low": killed_low, "fatalities_high": killed_high, "civilian_fatalities": civilians,
            "injuries": injured, "injuries_low": injured_low, "injuries_high": injured_high,
            "reports": incident.reports, "languages": "; ".join(sorted(languages[incident.id])),
            "document_ids": list(evidence[incident.id]),
            "evidence": evidence[incident.id],
        })
    return result


def _first_quotes(connection: Connection, wanted: set[int]) -> dict[int, str]:
    quotes: dict[int, str] = {}
    query = (
        select(t.event.c.incident_id, t.claim.c.quote)
        .join(t.event, t.claim.c.event_id == t.event.c.id)
        .order_by(t.event.c.incident_id, t.claim.c.id)
    )
    for incident_id, quote in connection.execute(query):
        if incident_id in wanted:
            quotes.setdefault(incident_id, quote)
    return quotes


def write(records: list[dict], output_format: str, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if output_format == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif output_format == "geojson":
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                "properties": {k: v for k, v in r.items() if k not in ("latitude", "longitude")},
            }
            for r in records
            if r["latitude"] is not None and r["longitude"] is not None
        ]
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
    else:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow({**record, "document_ids": " ".join(record["document_ids"]), "evidence": json.dumps(record["evidence"])})
