"""Whom an Arabic report credits (data/sources_ar.toml): a source's name in a sentence
that holds a word of crediting ("وفق المرصد السوري لحقوق الإنسان", "قال مصدر طبي").
Named bodies take the canonical name English reports give them, so that one body told in
both languages is one source of an incident."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import cache

from ...packs import ConflictPack, packs, read_data
from ...records import Aggregate, Claim, Doc, Event, Source
from ..lexicon import phrases_in
from ..sources import distinct_sources
from .text import normalise
from .words import Phrases, stems


@cache
def _vocabulary(pack: str | None) -> tuple[Phrases, frozenset[str]]:
    """The names reports credit, those of the war's ``pack`` (its sources' ``aliases_ar``)
    first, and the words of crediting."""
    data = read_data("sources_ar.toml")
    own = [(name, entry["canonical"]) for entry in packs()[pack].sources for name in entry.get("aliases_ar", ())] if pack else []
    any_war = [(name, entry.get("canonical", "")) for entry in data["sources"] for name in entry["names"]]
    names = Phrases({**dict(any_war), **dict(own)})  # a name in both: the war's own entry
    return names, frozenset(normalise(cue) for cue in data["cues"])


def credited_by_sentence(doc: Doc, pack: ConflictPack | None = None) -> list[list[Source]]:
    """The sources each sentence credits, in sentence order (none without a word of crediting)."""
    names, cues = _vocabulary(pack.slug if pack else None)
    credited = []
    for sentence in doc.sentences:
        tokens = sentence.tokens
        found: list[Source] = []
        if any(set(stems(t.lower, pronouns=False)) & cues for t in tokens):
            for start, end, canonical in phrases_in(names, tokens):
                span = (tokens[start].start, tokens[end - 1].end)
                found.append(Source(doc.text[span[0] : span[1]], span, canonical or None))
        credited.append(found)
    return credited


class Credits:
    """The sources each sentence of a report credits, asked for by offset."""

    def __init__(self, doc: Doc, credited: list[list[Source]]) -> None:
        self._starts = [s.start for s in doc.sentences]
        self._ends = [s.end for s in doc.sentences]
        self._credited = credited

    def at(self, offset: int) -> list[Source]:
        """The sources of the sentence ``offset`` is in."""
        k = bisect_right(self._starts, offset) - 1
        return self._credited[k] if k >= 0 and offset < self._ends[k] else []

    def claim(self, claim: Claim) -> Claim:
        """The claim credited to the source nearest it in its sentence."""
        nearest = min(self.at(claim.span[0]), key=lambda s: abs(s.span[0] - claim.span[0]), default=None)
        return replace(claim, source=(nearest.canonical or nearest.name) if nearest else None)

    def event(self, event: Event) -> Event:
        """The event credited to the sources of its sentences."""
        return replace(event, sources=distinct_sources(s for start, _ in event.evidence for s in self.at(start)))

    def aggregate(self, aggregate: Aggregate) -> Aggregate:
        """The aggregate credited to its sentence's first source."""
        return replace(aggregate, source=next(iter(self.at(aggregate.claim.span[0])), None))
