"""A report's text read once: its sentences and their tokens, shared by every component.

The extract stage's components — claims, sources, events — each read the same sentences
in the same order (the order ``extract`` calls them in), so the text is split and
tokenized here, once, as spaCy builds one ``Doc`` for its pipeline. Offsets always point
into the original text: nothing here rewrites it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tokens import Token, sentence_spans, tokenize


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    tokens: list[Token]

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True, slots=True)
class Doc:
    text: str
    sentences: list[Sentence]

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [s.span for s in self.sentences]


def read_doc(text: str) -> Doc:
    """Split ``text`` into sentences and each sentence into tokens."""
    return Doc(text, [Sentence(start, end, tokenize(text, start, end)) for start, end in sentence_spans(text)])
