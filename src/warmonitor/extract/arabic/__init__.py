"""Reading reports written in Arabic (see docs/arabic.md).

A report is Arabic when most of its letters are; it is then read with Arabic's own
tokens, numbers and vocabulary (data/*_ar.toml) into the same records as English.
"""

from __future__ import annotations

import re

from ...records import Document, Report
from .claims import read_claims
from .country import country_of
from .events import events_and_aggregates
from .text import arabic_share, read_doc
from .words import load

_ANY_ARABIC = re.compile("[\u0621-\u064a]")
_ARABIC_SHARE = 0.5


def is_arabic(text: str) -> bool:
    """Is the report written in Arabic? Most of its letters are Arabic ones (an English
    report quoting an Arabic name is not); the cheap test first, for English reports."""
    return _ANY_ARABIC.search(text) is not None and arabic_share(text) >= _ARABIC_SHARE


def extract_arabic(document: Document) -> Report:
    """An Arabic report's claims, event and aggregates, read into the same records as English."""
    doc = read_doc(document.text)
    claims = read_claims(doc, document.title, load())
    events, aggregates = events_and_aggregates(doc, claims, document.published)
    return Report(
        document=document, claims=claims, events=events, aggregates=aggregates, country=country_of(doc), doc=doc,
        language="ar",
    )
