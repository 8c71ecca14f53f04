"""The extract stage: read a Document's casualty claims, events and sources.

The report's war is chosen first (conflict.py), so that its parties are read with that
war's pack of actors. Places, dates and the actors behind generic names are left to the
resolve stage.

A report longer than any article is read in pieces (:func:`.doc.pieces`). Besides
:func:`extract`, which reads them all in turn, :func:`pieces_of` and :func:`extract_piece`
let a caller read each piece on its own (and resolve it at once, on any core), and
:func:`joined` makes the pieces one report again.
"""

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace

from ..records import Claim, Doc, Document, Report, Source
from .arabic import extract_arabic, is_arabic
from .claims import claims_in, read_claims
from .conflict import Conflict, choose
from .doc import pieces, read_doc
from .events import find_events
from .lexicon import Lexicon, load
from .sources import distinct_sources, find_sources


def extract(document: Document) -> Report:
    """Read one report into its claims, events, aggregates and credited sources. A report
    longer than any article is read piece by piece (:func:`.doc.pieces`), each piece as a
    report of its own in the report's war; only the Doc of a report read whole rides on
    to resolve (which reads the pieces again)."""
    if is_arabic(document.text):
        return extract_arabic(document)
    conflict = choose(document)
    lex = _lexicon(conflict)
    windows = pieces(document.text)
    whole = len(windows) == 1
    read = [_read_piece(document, read_doc(document.text, start, end), lex, keep_doc=whole) for start, end in windows]
    return joined(document, conflict, read)


@dataclass(frozen=True)
class Piece:
    """A window of a long report's text and the war the whole report is read in: all a
    process needs to read that piece as a report of its own."""

    document: Document
    window: tuple[int, int]
    conflict: Conflict

    @property
    def id(self) -> str:
        """The report's id: a piece that cannot be read is told by it."""
        return self.document.id


def pieces_of(document: Document) -> list[Piece] | None:
    """The pieces a long report is read in, its war chosen once from its dateline,
    headline and lead; None for a report read whole (every article, and Arabic text)."""
    if is_arabic(document.text):
        return None
    windows = pieces(document.text)
    if len(windows) == 1:
        return None
    conflict = choose(document)
    return [Piece(document, window, conflict) for window in windows]


def extract_piece(piece: Piece) -> Report:
    """One piece read as :func:`extract` reads it, its Doc kept for resolve to read the
    same tokens (and let go of them with the piece)."""
    doc = read_doc(piece.document.text, *piece.window)
    read = _read_piece(piece.document, doc, _lexicon(piece.conflict), keep_doc=True)
    return replace(read, conflict=_name(piece.conflict), country=piece.conflict.country)


def joined(document: Document, conflict: Conflict, read: list[Report]) -> Report:
    """The report that the pieces ``read`` (in text order) make; the Doc of the first
    rides on only when it is the one piece."""
    return Report(
        document=document,
        claims=[c for piece in read for c in piece.claims],
        events=[e for piece in read for e in piece.events],
        aggregates=[a for piece in read for a in piece.aggregates],
        sources=distinct_sources(s for piece in read for s in piece.sources),
        actors=[a for piece in read for a in piece.actors],
        conflict=_name(conflict), country=conflict.country,
        doc=read[0].doc if len(read) == 1 else None,
    )


def _lexicon(conflict: Conflict) -> Lexicon:
    return load(conflict.pack.slug if conflict.pack else None, conflict.country)


def _name(conflict: Conflict) -> str | None:
    return conflict.pack.name if conflict.pack else None


def _read_piece(document: Document, doc: Doc, lex: Lexicon, *, keep_doc: bool) -> Report:
    """The claims, events, aggregates, sources and parties of the sentences of ``doc``;
    with ``doc`` itself only when ``keep_doc`` (a piece's tokens are let go once read)."""
    claims = claims_in(doc, document.title, lex)
    credited = find_sources(doc, lex)
    claims = _credit(claims, document.text, doc.spans, credited)
    events, aggregates, actors = find_events(doc, claims, credited, lex)
    sources = distinct_sources(s for found in credited for s in found)
    return Report(document, claims, events, aggregates, sources=sources, actors=actors, doc=doc if keep_doc else None)


def _credit(claims: list[Claim], text: str, sentences: list[tuple[int, int]], credited: list[list[Source]]) -> list[Claim]:
    """Each claim with the source its sentence credits, the nearest when it credits several
    ("medics said 32 ... the Observatory gave 31": two sources, two figures). A figure its
    own sentence does not credit takes the source of another sentence that tells the same
    count with credit ("... killing 44 people. State media gave a toll of 44 dead")."""
    starts = [start for start, _ in sentences]
    retold = _counts_credited(text, sentences, credited)
    result = []
    for claim in claims:
        number = bisect_right(starts, claim.span[0]) - 1
        found = credited[number] if number >= 0 else []
        nearest = min(found, key=lambda s: abs(s.span[0] - claim.span[0]), default=None)
        if nearest is None:
            nearest = _credited_elsewhere(claim, sentences, retold)
        result.append(replace(claim, source=(nearest.canonical or nearest.name) if nearest else None))
    return result


_RETOLD_MIN = 10  # smaller counts recur for other people ("two children")


_NUMBER = re.compile(r"(?=\d)(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+)(?![\d,])")  # "1,234" or "1234", not "1,2345"
"""The lookahead changes no match (each starts with a digit), but lets the engine skip to
the digits; with the lookbehind first it tried every position (a third of the time)."""


def _counts_credited(
    text: str, sentences: list[tuple[int, int]], credited: list[list[Source]]
) -> dict[int, list[tuple[int, int, Source]]]:
    """For each count, the sentences that credit someone and give it, in order: (start,
    end, first source). Found once, not sentence by sentence for every figure."""
    told: defaultdict[int, list[tuple[int, int, Source]]] = defaultdict(list)
    for (start, end), found in zip(sentences, credited):
        if found:
            for count in dict.fromkeys(int(n.replace(",", "")) for n in _NUMBER.findall(text, start, end)):
                told[count].append((start, end, found[0]))
    return told


def _credited_elsewhere(
    claim: Claim, sentences: list[tuple[int, int]], retold: dict[int, list[tuple[int, int, Source]]]
) -> Source | None:
    """The source of the nearest other sentence that credits someone and gives this count
    (the earlier of two as near)."""
    if claim.count is None or claim.count < _RETOLD_MIN or claim.count not in retold:
        return None
    at = claim.span[0]
    others = [s for s in retold[claim.count] if not s[0] <= at < s[1]]
    return min(others, key=lambda s: abs(s[0] - at))[2] if others else None


__all__ = ["Piece", "extract", "extract_piece", "joined", "pieces_of", "read_claims"]
