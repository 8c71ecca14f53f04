"""The extract stage: read a Document's casualty claims, events and sources.

Places, dates and the actors behind generic names are left to the resolve stage.
"""

from bisect import bisect_right
from dataclasses import replace

from ..records import Claim, Document, Report, Source
from .claims import read_claims
from .events import find_events
from .sources import distinct_sources, find_sources
from .tokens import sentence_spans


def extract(document: Document) -> Report:
    """Read one report into its claims, events, aggregates and credited sources."""
    claims = read_claims(document.text, document.title)
    sentences = sentence_spans(document.text)
    credited = find_sources(document.text, sentences)
    claims = _credit(claims, sentences, credited)
    events, aggregates, actors = find_events(document.text, sentences, claims, credited)
    sources = distinct_sources(s for found in credited for s in found)
    return Report(
        document=document, claims=claims, events=events, aggregates=aggregates, sources=sources, actors=actors
    )


def _credit(claims: list[Claim], sentences: list[tuple[int, int]], credited: list[list[Source]]) -> list[Claim]:
    """Each claim with the source its sentence credits, the nearest when it credits several
    ("medics said 32 ... the Observatory gave 31": two sources, two figures)."""
    starts = [start for start, _ in sentences]
    result = []
    for claim in claims:
        number = bisect_right(starts, claim.span[0]) - 1
        found = credited[number] if number >= 0 else []
        nearest = min(found, key=lambda s: abs(s.span[0] - claim.span[0]), default=None)
        result.append(replace(claim, source=(nearest.canonical or nearest.name) if nearest else None))
    return result


__all__ = ["extract", "read_claims"]
