"""How to cite an incident: the event page's "cite this" line and its JSON-LD block.

Both say the same: the incident's public id (the same in any store built from the same
reports, store/public_id.py), its figures, its sources (the outlets that
published its reports, by name, and the bodies they credit), the page's address and the
day it was read — a figure from a monitor changes as reports come in, so a citation
must say when it was taken. The JSON-LD is a schema.org Dataset: an incident here is a
set of figures drawn from reports, not an event one could attend.
"""

from __future__ import annotations

import json
from datetime import date

from ..outlets import Outlet, outlets


def outlet_of(code: str | None) -> Outlet | None:
    """What the outlets data file (``data/outlets.toml``) knows of an outlet code."""
    return outlets().get(code.lower()) if code else None


def sources(event: dict) -> list[str]:
    """The outlets of the event's reports (by name when known) and the bodies they
    credit, each once, in the order of the reports."""
    names: list[str] = []
    for report in event["reports"]:
        known = outlet_of(report["outlet"])
        names += [known.name if known else report["outlet"], *report["credited"]]
    return list(dict.fromkeys(n for n in names if n))


def place(event: dict, country: str | None) -> str:
    parts = [event["location"], event["admin1"] if event["admin1"] != event["location"] else None, country]
    return ", ".join(p for p in parts if p) or "place unknown"


def citation(event: dict, country: str | None, url: str, retrieved: date) -> str:
    """One line to paste: who, what, where, when, how many, from whom, where and when read."""
    what = (event["event_type"] or "event").replace("_", " ")
    figures = f"{event['fatalities']:,} killed"
    if (event["fatalities_low"], event["fatalities_high"]) != (event["fatalities"], event["fatalities"]):
        figures += f" [{event['fatalities_low']:,}–{event['fatalities_high']:,}]"
    if event["civilian_fatalities"]:
        figures += f", of whom {event['civilian_fatalities']:,} civilians"
    figures += f"; {event['injuries']:,} injured"
    reports = len(event["reports"])
    return (
        f"warmonitor, incident {event['public_id']}: {what}, {place(event, country)}, {event['event_date'] or 'date unknown'}. "
        f"{figures}. Sources: {'; '.join(sources(event)) or 'none named'} ({reports} report{'' if reports == 1 else 's'}). "
        f"{url} (retrieved {retrieved.isoformat()})."
    )


def json_ld(event: dict, country: str | None, url: str, retrieved: date) -> str:
    """The incident as a schema.org Dataset, as JSON safe inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "identifier": f"warmonitor incident {event['public_id']}",
        "name": f"warmonitor incident {event['public_id']}: {(event['event_type'] or 'event').replace('_', ' ')}, "
                f"{place(event, country)}, {event['event_date'] or 'date unknown'}",
        "description": citation(event, country, url, retrieved),
        "url": url,
        "sdDatePublished": retrieved.isoformat(),
        "creator": {"@type": "Organization", "name": "warmonitor"},
        "variableMeasured": [
            _figure("killed", event["fatalities"], event["fatalities_low"], event["fatalities_high"]),
            _figure("civilians killed", event["civilian_fatalities"]),
            _figure("injured", event["injuries"]),
        ],
        "isBasedOn": [_report(r) for r in event["reports"]],
    }
    if event["event_date"]:
        data["temporalCoverage"] = event["event_date"]
    data["spatialCoverage"] = {"@type": "Place", "name": place(event, country)}
    if event["latitude"] is not None and event["longitude"] is not None:
        data["spatialCoverage"]["geo"] = {"@type": "GeoCoordinates", "latitude": event["latitude"], "longitude": event["longitude"]}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # Report text must not close the script element nor open a comment in it.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _figure(name: str, value: int, low: int | None = None, high: int | None = None) -> dict:
    figure = {"@type": "PropertyValue", "name": name, "value": value}
    if low is not None and high is not None:
        figure.update(minValue=low, maxValue=high)
    return figure


def _report(report: dict) -> dict:
    known = outlet_of(report["outlet"])
    article = {"@type": "NewsArticle", "headline": report["title"] or report["external_id"]}
    if report["outlet"]:
        article["publisher"] = {"@type": "Organization", "name": known.name if known else report["outlet"]}
    if report["published"]:
        article["datePublished"] = report["published"]
    if report["url"] and report["url"].startswith(("http://", "https://")):
        article["url"] = report["url"]
    return article
