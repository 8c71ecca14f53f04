"""The store's tables (SQLAlchemy Core). Alembic migrations under ``migrations/`` create them.

- ``document``: one row per distinct report (by the hash of its cleaned text); a
  near-duplicate (the same wire story in another outlet) points to the first copy
  through ``copy_of``; ``document_band`` holds its MinHash band keys to find copies.
- ``event`` / ``claim`` / ``event_place``: what each report says, with spans into its text.
- ``incident``: one row per real-world incident; events of several reports that describe
  it point to it (``event.incident_id``); ``incident_figure`` holds its reconciled
  killed and injured (best, low, high) per category, recomputed whenever a report joins
  from ``incident_source`` (how many of its reports cite each source) and
  ``incident_source_figure`` (each source's latest figure per category): an incident
  told by a thousand reports costs no more to update than one told by two.
- ``incident_history``: every change of an incident's toll, with the report that caused it
  (0004), so a reader can see why a number moved.
- ``aggregate``: totals over a period, never summed into incidents.
- ``event.country``, ``event.conflict``, ``incident.conflict``: the country an event
  happened in and the conflict pack its report was read with (0005), so that tallies,
  exports and the dashboard can keep to one war.
- ``watch_source`` / ``watch_article``: what `warmonitor watch` knows of each source it
  polls (validators, health, next poll, backoff) and of each article URL it found (to be
  read, stored with its document, failed, refused), so a restart resumes (0006).
- ``incident.public_id``: an id made from natural keys, the same in every store built
  from the same reports, for citations and addresses (0009).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
    UniqueConstraint, false,
)

metadata = MetaData()

document = Table(
    "document", metadata,
    Column("id", Integer, primary_key=True),
    Column("external_id", String(400), nullable=False),
    Column("url", Text),
    Column("outlet", String(200)),
    Column("title", Text),
    Column("published", Date),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("raw_text", Text),
    Column("text", Text, nullable=False),
    Column("copy_of", Integer, ForeignKey("document.id")),
    Column("copy_similarity", Float),
    Column("primary_place", Text),
    Column("primary_admin1", String(80)),
    Column("ingested_at", DateTime, nullable=False),
    Column("language", String(8), nullable=False, server_default="en"),  # ISO 639-1 it was read in (0008)
)

document_band = Table(
    "document_band", metadata,
    Column("band", BigInteger, nullable=False),
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
    UniqueConstraint("band", "document_id"),
)

incident = Table(
    "incident", metadata,
    Column("id", Integer, primary_key=True),
    Column("type", String(40), nullable=False),
    Column("date", Date),
    Column("date_precision", String(10)),
    Column("admin1", String(80)),
    Column("country", String(2)),
    Column("location", Text),
    Column("geonameid", Integer),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("actor1", String(200)),
    Column("actor1_side", String(20)),
    Column("actor2", String(200)),
    Column("actor2_side", String(20)),
    Column("reports", Integer, nullable=False, default=1),
    # Totals of incident_figure, kept on the row so events filter and sort by toll (0002).
    Column("killed", Integer, nullable=False, server_default="0"),
    Column("killed_low", Integer, nullable=False, server_default="0"),
    Column("killed_high", Integer, nullable=False, server_default="0"),
    Column("injured", Integer, nullable=False, server_default="0"),
    Column("injured_low", Integer, nullable=False, server_default="0"),
    Column("injured_high", Integer, nullable=False, server_default="0"),
    Column("civilians_killed", Integer, nullable=False, server_default="0"),
    # Known only from later reports that recall it ("the 2013 sarin attack"), never as news (0004).
    Column("recalled", Boolean, nullable=False, server_default=false()),
    # The conflict pack its first report that had one was read with ("Sudan"); NULL: none (0005).
    Column("conflict", String(80)),
    # The same in any store built from the same reports (store/public_id.py, 0009).
    Column("public_id", String(10)),
    Index("ix_incident_lookup", "date", "type"),
    Index("ix_incident_killed", "killed"),
    Index("ix_incident_admin1_date", "admin1", "date"),  # reconciliation's candidates (0003)
    Index("ix_incident_country_date", "country", "date"),  # filters by country and conflict (0005)
    Index("ix_incident_conflict_date", "conflict", "date"),
    Index("ix_incident_public_id", "public_id", unique=True),  # addresses name it (0009)
)

incident_source = Table(
    "incident_source", metadata,
    Column("incident_id", Integer, ForeignKey("incident.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text, nullable=False),
    Column("reports", Integer, nullable=False),  # its reports with a figure for this incident
    UniqueConstraint("incident_id", "source"),
)

incident_source_figure = Table(
    "incident_source_figure", metadata,
    Column("incident_id", Integer, ForeignKey("incident.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text, nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("category", String(20), nullable=False),
    Column("value", Integer, nullable=False),
    Column("high", Integer, nullable=False),
    Column("published", Date),
    Column("claim_ids", Text, nullable=False),  # comma-separated
    UniqueConstraint("incident_id", "source", "outcome", "category"),
)

incident_figure = Table(
    "incident_figure", metadata,
    Column("incident_id", Integer, ForeignKey("incident.id", ondelete="CASCADE"), nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("category", String(20), nullable=False),  # civilians | a side | unspecified
    Column("best", Integer, nullable=False),
    Column("low", Integer, nullable=False),
    Column("high", Integer, nullable=False),
    Column("claim_ids", Text, nullable=False),  # the claims that gave best, comma-separated
    UniqueConstraint("incident_id", "outcome", "category"),
)

incident_history = Table(
    "incident_history", metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incident.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
    Column("published", Date),  # the date of the report that changed the toll
    Column("reports", Integer, nullable=False),
    Column("killed", Integer, nullable=False),
    Column("killed_low", Integer, nullable=False),
    Column("killed_high", Integer, nullable=False),
    Column("injured", Integer, nullable=False),
    Column("injured_low", Integer, nullable=False),
    Column("injured_high", Integer, nullable=False),
    Column("civilians_killed", Integer, nullable=False),
)

event = Table(
    "event", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("incident_id", Integer, ForeignKey("incident.id"), index=True),
    Column("type", String(40), nullable=False),
    Column("date", Date),
    Column("date_precision", String(10)),
    Column("date_expression", Text),
    Column("actor1", Text),
    Column("actor1_canonical", String(200)),
    Column("actor1_side", String(20)),
    Column("actor2", Text),
    Column("actor2_canonical", String(200)),
    Column("actor2_side", String(20)),
    Column("sources", Text),  # canonical (or as written) names, "; "-separated
    Column("evidence", Text, nullable=False),  # JSON list of [start, end]
    Column("country", String(2)),  # ISO-2: its main place's country, else its report's (0005)
    Column("conflict", String(80)),  # the conflict pack its report was read with (0005)
    # its toll is the sum of its report's other events': it adds no figures (0008)
    Column("sum_of_others", Boolean, nullable=False, server_default=false()),
)

event_place = Table(
    "event_place", metadata,
    Column("event_id", Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("geonameid", Integer),
    Column("canonical", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("admin1", String(80)),
    Column("country", String(2)),
    Column("precision", String(12), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
)

claim = Table(
    "claim", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("event_id", Integer, ForeignKey("event.id", ondelete="CASCADE"), index=True),
    Column("count", Integer),
    Column("high", Integer),
    Column("vague", String(40)),
    Column("qualifier", String(12), nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("grp", String(12), nullable=False),
    Column("side", String(12)),
    Column("scope", String(10), nullable=False),
    Column("status", String(12), nullable=False),
    Column("quote", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    # "25 people, among them 10 children": the 10 is part of the 25; "23 soldiers as well as
    # 32 rebels": the 32 is told beside the 23, not inside it (0004)
    Column("part_of_id", Integer),
    Column("beside_id", Integer),
    Column("source", Text),  # whom its sentence credits; NULL: the outlet's own figure (0004)
)

aggregate = Table(
    "aggregate", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("claim_id", Integer, ForeignKey("claim.id", ondelete="CASCADE"), nullable=False),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("period_expression", Text),
    Column("area", Text),
    Column("admin1", String(80)),
    Column("country", String(2)),
    Column("source", Text),
)

watch_source = Table(
    "watch_source", metadata,
    Column("name", String(80), primary_key=True),
    Column("url", Text, nullable=False),
    Column("etag", Text),  # validators of the last full answer, sent back to get a 304
    Column("last_modified", Text),
    Column("last_poll", DateTime),
    Column("last_success", DateTime),
    Column("last_error", Text),
    Column("last_error_at", DateTime),
    Column("failures", Integer, nullable=False, server_default="0"),  # errors in a row
    Column("items", Integer, nullable=False, server_default="0"),  # articles stored from it
    Column("next_poll", DateTime),
    Column("backoff", Float, nullable=False, server_default="0"),  # seconds waited after the last error
)

watch_article = Table(
    "watch_article", metadata,
    Column("id", Integer, primary_key=True),
    Column("url_hash", String(64), nullable=False, unique=True),  # sha256 of the normalized URL
    Column("url", Text, nullable=False),
    Column("source", String(80), nullable=False),
    Column("status", String(12), nullable=False),  # pending | stored | failed | refused
    Column("document_id", Integer, ForeignKey("document.id", ondelete="SET NULL")),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("first_seen", DateTime, nullable=False),
    Column("done_at", DateTime),
    Column("error", Text),
    Index("ix_watch_article_status_source", "status", "source"),
)


# Alerts sent (publish/alerts.py, 0007): one row per rule and incident, holding the
# figure the last alert carried — a rule fires again only when the figure has moved past
# the rule from there — and the last failure, retried at the next dispatch.
alert_delivery = Table(
    "alert_delivery", metadata,
    Column("id", Integer, primary_key=True),
    Column("rule", String(200), nullable=False),  # the rule's name in the config
    Column("incident_id", Integer, ForeignKey("incident.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("figure", Integer),  # what the last alert sent said (killed or civilians killed); NULL: none sent yet
    Column("sent_at", DateTime),
    Column("failures", Integer, nullable=False, server_default="0"),  # failed attempts since the last alert sent
    Column("failed_at", DateTime),
    Column("error", Text),  # the last failure, one line
    UniqueConstraint("rule", "incident_id"),
)
