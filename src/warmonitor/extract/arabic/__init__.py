"""Reading reports written in Arabic (see docs/arabic.md).

A report is Arabic when most of its letters are; it is then read with Arabic's own
tokens, numbers and vocabulary (data/*_ar.toml) into the same records as English, its
parties with the Arabic names of its war's pack (data/conflicts/*.toml).
"""

from __future__ import annotations

import re

from ...records import Document, Report
from .text import arabic_share

_ANY_ARABIC = re.compile("[\u0621-\u064a]")
_ARABIC_SHARE = 0.5


def is_arabic(text: str) -> bool:
    """Is the report written in Arabic? Most of its letters are Arabic ones (an English
    report quoting an Arabic name is not); the cheap tests first, for English reports:
    an ASCII text (most) holds no Arabic letter, and is not searched character by character."""
    return not text.isascii() and _ANY_ARABIC.search(text) is not None and arabic_share(text) >= _ARABIC_SHARE


def extract_arabic(document: Document) -> Report:
    """An Arabic report's claims, event and aggregates, read into the same records as
    English, with the parties and sources it names. The Arabic reader is imported at the
    first Arabic report: an English corpus never needs it (some 30 ms of every start)."""
    from ..sources import distinct_sources
    from .claims import read_claims
    from .country import country_of
    from .events import events_and_aggregates
    from .parties import choose_pack, parties_named, with_actors, with_pack_sides
    from .sources import Credits, credited_by_sentence
    from .text import read_doc
    from .words import load

    doc = read_doc(document.text)
    country = country_of(doc)
    pack = choose_pack(doc, country, document.published)
    credited = credited_by_sentence(doc, pack)
    credits = Credits(doc, credited)
    sources = distinct_sources(s for found in credited for s in found)
    named = [m for m in parties_named(doc, pack) if not any(s.span[0] <= m.span[0] < s.span[1] for s in sources)]
    claims = with_pack_sides([credits.claim(c) for c in read_claims(doc, document.title, load())], doc, named)
    events, aggregates = events_and_aggregates(doc, claims, document.published)
    return Report(
        document=document, claims=claims, events=[with_actors(credits.event(e), doc, named) for e in events],
        aggregates=[credits.aggregate(a) for a in aggregates], sources=sources, actors=named,
        conflict=pack.name if pack else None, country=country, doc=doc, language="ar",
    )
