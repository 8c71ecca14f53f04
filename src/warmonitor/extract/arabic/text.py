"""Arabic text read into sentences and tokens, with a normalised key for each word.

Arabic spells one word many ways: with or without vowel marks (قُتِلَ / قتل), with a
stretching tatweel (لـ), with or without the hamza on alif (أطفال / اطفال), with a final
ya or alif maqsura, ta marbuta or ha. Matching compares keys with all of that folded
away; the tokens keep their offsets into the untouched text, so quotes stay as written.
"""

from __future__ import annotations

import re

from ...records import Doc, Sentence, Token

_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, tanween, shadda, sukun, dagger alif, tatweel
_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff"
_MARK_CHARS = "\u064b-\u065f\u0670\u0640"
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_TOKEN = re.compile(
    rf"""
      [{_DIGIT}]{{1,3}}(?:[.,٬][{_DIGIT}]{{3}})+(?![{_DIGIT}])   # 23.708  1,200  ٢٬٥٠٠
    | [{_DIGIT}]+(?:[.٫][{_DIGIT}]+)?                           # 45  ١٣  1.5
    | [{_LETTERS}{_MARK_CHARS}]+                                # a word with its marks
    | [A-Za-z]+
    | \S
    """,
    re.VERBOSE,
)
# A sentence ends at a full stop, question or exclamation mark (Arabic or Latin) or at a
# line break; reports often glue the next sentence to the stop ("برس.وقال").
MAX_SENTENCE_TOKENS = 400  # the longest real sentence of the Arabic reports read has about 150
_SENTENCE_END = re.compile(rf"[.!?؟]+['\"”’»)]*(?=\s|[{_LETTERS}]|$)|\n+")


def normalise(word: str) -> str:
    """The key a word is matched by: no marks, hamza and final letters folded, Indic digits as Western."""
    return _MARKS.sub("", word).translate(_FOLDS).translate(_INDIC_DIGITS)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``; each token's ``lower`` is its normalised key."""
    end = len(text) if end is None else end
    return [Token(m.group(), normalise(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def read_doc(text: str) -> Doc:
    """The report split into sentences, each into tokens, with offsets into ``text``."""
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_sentence(sentences, text, start, match.end())
        start = match.end()
    _add_sentence(sentences, text, start, len(text))
    return Doc(text, sentences)


def _add_sentence(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Add ``text[start:end]`` trimmed; a run of more than ``MAX_SENTENCE_TOKENS`` tokens
    with no full stop (a pasted table, a feed dump) is cut at its last comma in reach, so
    that no rule reading a sentence costs more than a sentence's worth."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    tokens = tokenize(text, start, end) if start < end else []
    while len(tokens) > MAX_SENTENCE_TOKENS:
        cut = _cut(tokens)
        sentences.append(Sentence(tokens[0].start, tokens[cut - 1].end, tokens[:cut]))
        tokens = tokens[cut:]
    if tokens:
        sentences.append(Sentence(tokens[0].start, end, tokens))


def _cut(tokens: list[Token]) -> int:
    """Where a run too long for a sentence is cut: after its last comma in the second
    half of the reach, else at the reach."""
    for k in range(MAX_SENTENCE_TOKENS - 1, MAX_SENTENCE_TOKENS // 2, -1):
        if tokens[k].text in "،,؛;":
            return k + 1
    return MAX_SENTENCE_TOKENS


def arabic_share(text: str) -> float:
    """The share of Arabic letters among the text's letters (0.0 with no letters)."""
    letters = sum(ch.isalpha() for ch in text)
    arabic = len(re.findall(f"[{_LETTERS}]", text))
    return arabic / letters if letters else 0.0
