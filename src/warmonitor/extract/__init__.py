"""The extract stage: read a Document's casualty claims, events and sources.

Places, dates and the actors behind generic names are left to the resolve stage.
"""

from ..records import Document, Report
from .claims import read_claims
from .events import find_events
from .sources import distinct_sources, find_sources
from .tokens import sentence_spans


def extract(document: Document) -> Report:
    """Read one report into its claims, events, aggregates and credited sources."""
    claims = read_claims(document.text, document.title)
    sentences = sentence_spans(document.text)
    credited = find_sources(document.text, sentences)
    events, aggregates, actors = find_events(document.text, sentences, claims, credited)
    sources = distinct_sources(s for found in credited for s in found)
    return Report(
        document=document, claims=claims, events=events, aggregates=aggregates, sources=sources, actors=actors
    )


__all__ = ["extract", "read_claims"]
