"""A report's text read once: its sentences and their tokens, shared by every component.

The extract stage's components — claims, sources, events — each read the same sentences
in the same order (the order ``extract`` calls them in), and the resolve stage reads them
again for places (the Doc rides on the Report until resolve drops it), so the text is
split and tokenized here, once, as spaCy builds one ``Doc`` for its pipeline. Offsets
always point into the original text: nothing here rewrites it.
"""

from __future__ import annotations

from ..records import Doc, Sentence
from .tokens import sentence_spans, tokenize


def read_doc(text: str) -> Doc:
    """Split ``text`` into sentences and each sentence into tokens."""
    return Doc(text, [Sentence(start, end, tokenize(text, start, end)) for start, end in sentence_spans(text)])
