"""Whom an Arabic report credits (data/sources_ar.toml): a source's name in a sentence
that holds a word of crediting ("وفق المرصد السوري لحقوق الإنسان", "قال مصدر طبي").
Named bodies take the canonical name English reports give them, so that one body told in
both languages is one source of an incident."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from ...packs import read_data
from ...records import Aggregate, Claim, Doc, Event, Source
from ..sources import distinct_sources
from .text import normalise
from .words import Phrases, stems


@cache
def _vocabulary() -> tuple[Phrases, frozenset[str]]:
    data = read_data("sources_ar.toml")
    names = Phrases({name: entry.get("canonical", "") for entry in data["sources"] for name in entry["names"]})
    return names, frozenset(normalise(cue) for cue in data["cues"])


def credited_by_sentence(doc: Doc) -> list[list[Source]]:
    """The sources each sentence credits, in sentence order (none without a word of crediting)."""
    names, cues = _vocabulary()
    credited = []
    for sentence in doc.sentences:
        tokens = sentence.tokens
        found: list[Source] = []
        if any(set(stems(t.lower, pronouns=False)) & cues for t in tokens):
            k = 0
            while k < len(tokens):
                match = names.match(tokens, k)
                if match:
                    span = (tokens[k].start, tokens[k + match[0] - 1].end)
                    found.append(Source(doc.text[span[0] : span[1]], span, match[1] or None))
                    k += match[0]
                else:
                    k += 1
        credited.append(found)
    return credited


def with_sources(
    doc: Doc, claims: list[Claim], events: list[Event], aggregates: list[Aggregate], credited: list[list[Source]]
) -> tuple[list[Claim], list[Event], list[Aggregate]]:
    """Each claim credited to the source nearest it in its sentence; each event to the
    sources of its sentences, each aggregate to its sentence's first."""

    def sentence_of(offset: int) -> list[Source]:
        return next((found for s, found in zip(doc.sentences, credited) if s.start <= offset < s.end), [])

    def credit(claim: Claim) -> Claim:
        nearest = min(sentence_of(claim.span[0]), key=lambda s: abs(s.span[0] - claim.span[0]), default=None)
        return replace(claim, source=(nearest.canonical or nearest.name) if nearest else None)

    credited_claims = {c.span: credit(c) for c in claims}
    events = [
        replace(e, claims=[credited_claims.get(c.span, c) for c in e.claims],
                sources=distinct_sources(s for start, _ in e.evidence for s in sentence_of(start)))
        for e in events
    ]  # fmt: skip
    aggregates = [
        replace(a, claim=credited_claims.get(a.claim.span, a.claim), source=next(iter(sentence_of(a.claim.span[0])), None))
        for a in aggregates
    ]
    return [credited_claims[c.span] for c in claims], events, aggregates
