"""Whom a report credits: "the Syrian Observatory for Human Rights said", "according to SANA".

A known name (``data/sources_en.toml``, and the ``[[sources]]`` of the report's war's
pack: "the monitor" is the Syrian Observatory only in a report of the Syrian war) counts
as a source in a sentence that also holds an attribution cue ("said", "according to",
"reported"). A sentence that credits
a body no list knows by its capitalised name ("the National Coalition for Syrian
Revolution and Opposition Forces said") credits it as written. A sentence that credits
someone else ("it said", "the monitor added", "Abdel Rahman told AFP") inherits the
source named in the sentences just before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Iterable

from ..packs import read_data
from ..records import Source
from .lexicon import Lexicon, PhraseTable, load, phrases_in
from .doc import Doc
from .tokens import Token

_INHERIT_REACH = 3  # sentences


@dataclass(frozen=True)
class _Vocabulary:
    cues: PhraseTable[bool]
    organisation_words: frozenset[str]


@cache
def _vocabulary() -> _Vocabulary:
    data = read_data("sources_en.toml")
    cues: PhraseTable[bool] = PhraseTable()
    for cue in data["cues"]:
        cues.add(cue, True)
    return _Vocabulary(cues, frozenset(data["organisation_words"]))


def find_sources(doc: Doc, lex: Lexicon | None = None) -> list[list[Source]]:
    """The sources credited in each sentence, in sentence order."""
    vocabulary = _vocabulary()
    lex = lex or load()
    text = doc.text
    credited: list[list[Source]] = []
    for number, sentence in enumerate(doc.sentences):
        tokens = sentence.tokens
        cues = _cues(tokens, vocabulary)
        found = (
            _names(text, tokens, lex.sources) or _organisation(text, tokens, cues, vocabulary) or _party(text, tokens, cues, lex)
        ) if cues else []
        if cues and not found:
            found = next((s for s in reversed(credited[max(0, number - _INHERIT_REACH) : number]) if s), [])
        credited.append(found)
    return credited


def distinct_sources(sources: Iterable[Source]) -> list[Source]:
    """Each source once (by canonical name, else as written), under its fullest name."""
    kept: list[Source] = []
    for source in sources:
        same = next((i for i, s in enumerate(kept) if (s.canonical or s.name) == (source.canonical or source.name)), None)
        if same is None:
            kept.append(source)
        elif len(source.name) > len(kept[same].name):
            kept[same] = source
    return kept


_CONNECTORS = frozenset({"for", "of", "and", "the"})
_PARTY_REACH = 5  # tokens from a party's name to the cue it speaks with


def _cues(tokens: list[Token], vocabulary: _Vocabulary) -> dict[int, int]:
    """Where the sentence's attribution cues start, each with the token after its end."""
    cues = {}
    for k in vocabulary.cues.openings(tokens):  # cues may overlap: each opening is read
        if match := vocabulary.cues.match(tokens, k):
            cues[k] = k + match[0]
    return cues


def _party(text: str, tokens: list[Token], cues: dict[int, int], lex: Lexicon) -> list[Source]:
    """A named party to the war that speaks for itself, right before a cue ("the Islamic
    State group claimed", "the Syrian army said"): its own claims are its figures."""
    actors = lex.actors
    for i in actors.openings(tokens):
        match = actors.match(tokens, i)
        # the cue may follow an aside: "the Islamic State (IS) group said"
        if match and match[1].canonical and any(i + match[0] + k in cues for k in range(_PARTY_REACH)):
            end = tokens[i + match[0] - 1].end
            return [Source(text[tokens[i].start : end], (tokens[i].start, end), match[1].canonical)]
    return []


def _organisation(text: str, tokens: list[Token], cues: dict[int, int], vocabulary: _Vocabulary) -> list[Source]:
    """The first capitalised name of a body that the sentence credits, as written: told
    right before or after a cue ("the National Coalition for Syrian Revolution and
    Opposition Forces said", "according to the Health Directorate"), not any body it names
    ("Syrian Government Forces shelled the town, it said")."""
    cue_ends = set(cues.values())
    i = 0
    while i < len(tokens):
        if not tokens[i].is_capitalized or i == 0:  # a sentence's first word is capitalised anyway
            i += 1
            continue
        end = i + 1
        while end < len(tokens) and (tokens[end].is_capitalized or tokens[end].lower in _CONNECTORS):
            end += 1
        while end > i and not tokens[end - 1].is_capitalized:  # "... Forces and" ends at "Forces"
            end -= 1
        credited = end in cues or i in cue_ends or (i - 1 in cue_ends and tokens[i - 1].lower == "the")
        if credited and any(t.lower in vocabulary.organisation_words for t in tokens[i:end]):
            start = tokens[i - 1].start if tokens[i - 1].lower == "the" else tokens[i].start
            return [Source(text[start : tokens[end - 1].end], (start, tokens[end - 1].end))]
        i = end
    return []


def _names(text: str, tokens: list[Token], names: PhraseTable[str | None]) -> list[Source]:
    """Known names in a sentence; adjacent names of one source are one ("state news agency SANA")."""
    found: list[Source] = []
    for i, end, canonical in phrases_in(names, tokens):
        n = end - i
        # "the Observatory" is the Observatory's name as written; "the medical source" is
        # the same medical source as another sentence's, so people keep no article.
        start = tokens[i - 1].start if i > 0 and tokens[i - 1].lower == "the" and canonical else tokens[i].start
        source = Source(text[start : tokens[i + n - 1].end], (start, tokens[i + n - 1].end), canonical)
        previous = found[-1] if found else None
        if previous and canonical and previous.canonical == canonical and source.span[0] - previous.span[1] <= 1:
            source = Source(text[previous.span[0] : source.span[1]], (previous.span[0], source.span[1]), canonical)
            found[-1] = source
        elif not any(s.canonical == canonical and canonical for s in found):
            found.append(source)
    return found
