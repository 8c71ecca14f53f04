"""Reading reports written in Arabic (see docs/arabic.md).

A report is Arabic when most of its letters are; it is then read with Arabic's own
tokens, numbers and vocabulary (data/*_ar.toml) into the same records as English, its
parties with the Arabic names of its war's pack (data/conflicts/*.toml).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...records import ActorMention, Aggregate, Claim, Doc, Document, Event, Report
from ..sources import distinct_sources
from .claims import read_claims
from .country import country_of
from .events import events_and_aggregates
from .parties import choose_pack, parties_named, with_actors, with_pack_sides
from .sources import credited_by_sentence, with_sources
from .text import arabic_share, read_doc
from .words import load

_ANY_ARABIC = re.compile("[\u0621-\u064a]")
_ARABIC_SHARE = 0.5


def is_arabic(text: str) -> bool:
    """Is the report written in Arabic? Most of its letters are Arabic ones (an English
    report quoting an Arabic name is not); the cheap test first, for English reports."""
    return _ANY_ARABIC.search(text) is not None and arabic_share(text) >= _ARABIC_SHARE


def extract_arabic(document: Document) -> Report:
    """An Arabic report's claims, event and aggregates, read into the same records as
    English, with the parties and sources it names."""
    doc = read_doc(document.text)
    claims = read_claims(doc, document.title, load())
    events, aggregates = events_and_aggregates(doc, claims, document.published)
    credited = credited_by_sentence(doc)
    claims, events, aggregates = with_sources(doc, claims, events, aggregates, credited)
    country = country_of(doc)
    pack = choose_pack(doc, country, document.published)
    sources = distinct_sources(s for found in credited for s in found)
    named = [m for m in parties_named(doc, pack) if not any(s.span[0] <= m.span[0] < s.span[1] for s in sources)]
    claims, events, aggregates = _resided(claims, events, aggregates, doc, named)
    return Report(
        document=document, claims=claims, events=[with_actors(e, doc, named) for e in events], aggregates=aggregates,
        sources=sources, actors=named, conflict=pack.name if pack else None, country=country, doc=doc, language="ar",
    )


def _resided(
    claims: list[Claim], events: list[Event], aggregates: list[Aggregate], doc: Doc, named: list[ActorMention]
) -> tuple[list[Claim], list[Event], list[Aggregate]]:
    """Claims, and the events' and aggregates' copies of them, with the sides the report's
    war gives fighters the claim reader left unknown (:func:`.parties.with_pack_sides`)."""
    by_span = {c.span: c for c in with_pack_sides(claims, doc, named)}
    events = [replace(e, claims=[by_span.get(c.span, c) for c in e.claims]) for e in events]
    aggregates = [replace(a, claim=by_span.get(a.claim.span, a.claim)) for a in aggregates]
    return [by_span[c.span] for c in claims], events, aggregates
