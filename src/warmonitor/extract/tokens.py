"""Sentences and tokens with character offsets into the report's text.

Every claim's span must point back into the text a user can read, so nothing
here ever rewrites the text: sentences and tokens are (start, end) windows on it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from ..packs import read_data
from ..records import Token

_TOKEN = re.compile(
    r"""
      [^\W\d_]+(?:['’-][^\W\d_]+)*       # words: pro-government, al-Nusra, twenty-three
    | \d{1,4}[./-]\d{1,2}[./-]\d{1,4}     # a date: 23-04-2016  07.04.2017  4/5/2017
    | \d{1,3}(?:,\d{3})+(?:\.\d+)?      # 370,000   1,200.5
    | \d+(?:\.\d+)?                      # 5000      1.5
    | \S                                 # any other single character
    """,
    re.VERBOSE,
)
"""Words first: most tokens are words, and a word opens with a letter, a number with a
digit, so no token is read otherwise than with numbers first; the engine is spared three
failed tries at every word (a third of the tokenizer's matching time)."""

# A sentence ends at . ! or ? (maybe closed by a quote or bracket) before a space and a
# capital, digit or opening quote; a line break always ends one (headlines, paragraphs).
_SENTENCE_END = re.compile(r"""[.!?]+['"”’)\]]*(?=\s+['"“‘(\[]?[A-Z0-9])|\n+""")
# A photo's caption ends with its credit in brackets ("(TRT World and Agencies)", "(Reuters
# Photo)"; data/boilerplate.toml), though no full stop ends it, when a capital follows.
_CAPTION_END = re.compile(
    r"\((?:[^()\n]{0,30}\W)?(?:%s)(?:\W[^()\n]{0,30})?\)(?=\s+[A-Z]|$)"
    % "|".join(re.escape(word) for word in read_data("boilerplate.toml")["caption_credits"])
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Brig|Gov|Sen|Rep|St|Mt|No|Nos|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|Prof|Sheikh|Jr|Sr|Inc|Ltd|Co)"
    r"|\b[A-Z](?:\.[A-Z])*)\.$"
)



def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences, returned as (start, end) offsets with no outer blanks."""
    spans = []
    start = 0
    for match in _sentence_ends(text):
        end = match.end()
        if end <= start or match.group().strip() and _ABBREVIATION.search(text, max(start, end - 12), match.start() + 1):
            continue
        _append_trimmed(spans, text, start, end)
        start = end
    _append_trimmed(spans, text, start, len(text))
    return spans


def is_caption(text: str, start: int, end: int) -> bool:
    """Does the sentence from ``start`` to ``end`` end with a photo's credit ("... June 18
    2016 (TRT World and Agencies)")? A caption tells what a photo shows, not the story."""
    opening = text.rfind("(", start, end)
    return opening >= 0 and text[end - 1 : end] == ")" and _CAPTION_END.match(text, opening, end) is not None


def _sentence_ends(text: str) -> Iterable[re.Match]:
    """The ends of sentences, in order: stops and line breaks, and the credits that end
    captions (most reports have none: that expression runs only where a bracket is)."""
    ends = _SENTENCE_END.finditer(text)
    if "(" not in text:
        return ends
    return sorted([*ends, *_CAPTION_END.finditer(text)], key=lambda m: m.start())


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, with offsets into the whole ``text``. Each word
    is stored once however often it recurs (a report of megabytes repeats the same few
    thousand words), with its lower case made once."""
    tokens = []
    new_token = tuple.__new__  # a Token made as the tuple it is: no call of its Python __new__ per token
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        known = _WORDS.get(m.group())
        if known is None:
            if len(_WORDS) >= _MAX_WORDS:  # a long run meets ever more names and numbers
                _WORDS.clear()
            word = sys.intern(m.group())
            known = _WORDS[word] = (word, sys.intern(word.lower()))
        tokens.append(new_token(Token, (*known, *m.span())))
    return tokens


_WORDS: dict[str, tuple[str, str]] = {}  # each word met, and its lower case: one copy of each
_MAX_WORDS = 200_000
