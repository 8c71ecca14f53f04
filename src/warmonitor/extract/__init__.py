"""The extract stage: read a Document's casualty claims, events and sources.

The report's war is chosen first (conflict.py), so that its parties are read with that
war's pack of actors. Places, dates and the actors behind generic names are left to the
resolve stage.
"""

import re
from bisect import bisect_right
from dataclasses import replace

from ..records import Claim, Document, Report, Source
from .claims import claims_in, read_claims
from .conflict import choose
from .doc import read_doc
from .events import find_events
from .lexicon import load
from .sources import distinct_sources, find_sources


def extract(document: Document) -> Report:
    """Read one report into its claims, events, aggregates and credited sources."""
    conflict = choose(document)
    lex = load(conflict.pack.slug if conflict.pack else None, conflict.country)
    doc = read_doc(document.text)
    claims = claims_in(doc, document.title, lex)
    credited = find_sources(doc, lex)
    claims = _credit(claims, document.text, doc.spans, credited)
    events, aggregates, actors = find_events(doc, claims, credited, lex)
    sources = distinct_sources(s for found in credited for s in found)
    return Report(
        document=document, claims=claims, events=events, aggregates=aggregates, sources=sources, actors=actors,
        conflict=conflict.pack.name if conflict.pack else None, country=conflict.country, doc=doc,
    )


def _credit(claims: list[Claim], text: str, sentences: list[tuple[int, int]], credited: list[list[Source]]) -> list[Claim]:
    """Each claim with the source its sentence credits, the nearest when it credits several
    ("medics said 32 ... the Observatory gave 31": two sources, two figures). A figure its
    own sentence does not credit takes the source of another sentence that tells the same
    count with credit ("... killing 44 people. State media gave a toll of 44 dead")."""
    starts = [start for start, _ in sentences]
    result = []
    for claim in claims:
        number = bisect_right(starts, claim.span[0]) - 1
        found = credited[number] if number >= 0 else []
        nearest = min(found, key=lambda s: abs(s.span[0] - claim.span[0]), default=None)
        if nearest is None:
            nearest = _credited_elsewhere(claim, text, sentences, credited)
        result.append(replace(claim, source=(nearest.canonical or nearest.name) if nearest else None))
    return result


_RETOLD_MIN = 10  # smaller counts recur for other people ("two children")


def _credited_elsewhere(claim: Claim, text: str, sentences: list[tuple[int, int]], credited: list[list[Source]]) -> Source | None:
    """The source of the nearest other sentence that credits someone and gives this count."""
    if claim.count is None or claim.count < _RETOLD_MIN:
        return None
    told = re.compile(rf"(?<![\d,.]){claim.count:,}(?![\d,])|(?<![\d,.]){claim.count}(?![\d,])")
    retold = [
        (abs(start - claim.span[0]), found[0])
        for (start, end), found in zip(sentences, credited)
        if found and not start <= claim.span[0] < end and told.search(text, start, end)
    ]
    return min(retold, key=lambda pair: pair[0])[1] if retold else None


__all__ = ["extract", "read_claims"]
