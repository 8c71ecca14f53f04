"""A report's text read once: its sentences and their tokens, shared by every component.

The extract stage's components — claims, sources, events — each read the same sentences
in the same order (the order ``extract`` calls them in), and the resolve stage reads them
again for places (the Doc rides on the Report until resolve drops it), so the text is
split and tokenized here, once, as spaCy builds one ``Doc`` for its pipeline. Offsets
always point into the original text: nothing here rewrites it.

A report longer than any article (a feed dump, a live blog, an archive pasted into one
CSV cell: many stories run together) is read in pieces (:func:`pieces`), each its own
Doc over a window of the text, so that memory stays bounded by a piece and no rule that
reads a whole report costs more than a piece's worth.
"""

from __future__ import annotations

import re

from ..records import Doc, Sentence
from .tokens import sentence_spans, tokenize

PIECE_CHARS = 200_000  # 23 times the longest article of fa-kes and the world reports (8,659)
_LINE_BREAK = re.compile(r"\n")
_SENTENCE_BREAK = re.compile(r"[.!?]['\"”’)\]]*\s+(?=['\"“‘(\[]?[A-Z0-9])")
_SPACE = re.compile(r"\s")


def read_doc(text: str, start: int = 0, end: int | None = None) -> Doc:
    """Split ``text[start:end]`` (the whole text by default) into sentences and each
    sentence into tokens, with offsets into the whole ``text``."""
    end = len(text) if end is None else end
    window = text if (start, end) == (0, len(text)) else text[start:end]
    return Doc(
        text, [Sentence(start + a, start + b, tokenize(text, start + a, start + b)) for a, b in sentence_spans(window)]
    )


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """The windows (start, end) a report is read in: the whole text when it holds at most
    ``size`` characters (every real article: read exactly as one), else runs of whole
    lines of at most ``size`` characters each — a line break always ends a sentence, so
    no sentence is cut; a window with no line break in its second half ends after its
    last sentence end, else after its last space, else at ``size`` characters."""
    windows = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start + size // 2, start + size)
        windows.append((start, end))
        start = end
    windows.append((start, len(text)))
    return windows


def _cut(text: str, earliest: int, latest: int) -> int:
    """Where a window that may end between ``earliest`` and ``latest`` ends best."""
    for boundary in (_LINE_BREAK, _SENTENCE_BREAK, _SPACE):
        last = None
        for last in boundary.finditer(text, earliest, latest):
            pass
        if last is not None:
            return last.end()
    return latest
