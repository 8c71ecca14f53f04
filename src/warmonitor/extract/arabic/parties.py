"""The war an Arabic report is about, the parties it names, and who did what.

English chooses a report's war from its dateline, headline and the countries and local
words it names (:mod:`warmonitor.extract.conflict`); an Arabic report shows it by the
country whose names and places it names most (:mod:`.country`). Its war is the pack
active on the report's day that is fought in that country; where several are, the one
whose Arabic party names (``aliases_ar`` in each ``[[actors]]`` entry of
``data/conflicts/*.toml``) the report names most. The same party is on a different side
from one war to the next (Hezbollah fights for the government in Syria and against
Israel in Lebanon), so its names are read with that pack only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

from ...packs import ConflictPack, packs
from ...records import ActorMention, Claim, Doc, Event
from ..lexicon import phrases_in
from .text import normalise
from .words import Phrases, stems

_AGENT_BEFORE = frozenset({"قبل"})  # "من قبل قوات ..." (by): the doers, though "من" comes first
_VICTIM_BEFORE = frozenset({"من", "بين"})  # "عناصر من قوات النظام": the party of the counted
_AFFILIATION = frozenset({normalise("التابعة"), normalise("التابع")})  # "الوزارة التابعة لـ ...": whose body it is
_SIDE_REACH = 6  # tokens after the fighters that may name their party, as the claim reader reads


@cache
def _names(slug: str) -> Phrases:
    """The pack's Arabic party names, each with the index of its actor in the pack."""
    return Phrases({name: str(k) for k, actor in enumerate(packs()[slug].actors) for name in actor.get("aliases_ar", ())})


def choose_pack(doc: Doc, country: str | None, published: date | None) -> ConflictPack | None:
    """The war of the report's country, the one whose parties it names most when several are."""
    fought_there = [p for p in packs().values() if country in p.countries and p.active(published)]
    if len(fought_there) <= 1:
        return fought_there[0] if fought_there else None
    return max(fought_there, key=lambda pack: len(parties_named(doc, pack)))


def parties_named(doc: Doc, pack: ConflictPack | None) -> list[ActorMention]:
    """Every party of ``pack`` the report names, in text order, as written."""
    if pack is None:
        return []
    names = _names(pack.slug)
    found = []
    for sentence in doc.sentences:
        tokens = sentence.tokens
        for start, end, index in phrases_in(names, tokens):
            actor = pack.actors[int(index)]
            span = (tokens[start].start, tokens[end - 1].end)
            found.append(ActorMention(doc.text[span[0] : span[1]], span, actor["canonical"], actor["type"], actor["side"]))
    return found


def with_actors(event: Event, doc: Doc, mentions: list[ActorMention]) -> Event:
    """The event with its actors from the parties its sentences name: actor1 the first
    that is told as the doer (any not told as the party of the counted, "عناصر من قوات
    النظام"; "من قبل" marks the doer), else the first named; actor2 the first other
    party on another side. A party a body is told to belong to ("وزارة الصحة التابعة
    لحكومة ...") is neither."""
    told = [
        m for m in mentions
        if any(start <= m.span[0] < end for start, end in event.evidence) and not _word_before(doc, m) & _AFFILIATION
    ]
    if not told:
        return event
    doers = [m for m in told if _told_as_doer(doc, m)]
    actor1 = (doers or told)[0]
    actor2 = next((m for m in told if m.canonical != actor1.canonical and m.side != actor1.side), None)
    return replace(event, actor1=actor1, actor2=actor2)


def _told_as_doer(doc: Doc, mention: ActorMention) -> bool:
    previous = _word_before(doc, mention)
    return bool(previous & _AGENT_BEFORE) or not previous & _VICTIM_BEFORE


def _word_before(doc: Doc, mention: ActorMention) -> set[str]:
    """The readings of the word before the mention in its sentence (none at its start)."""
    before = [t for s in doc.sentences if s.start <= mention.span[0] < s.end for t in s.tokens if t.end <= mention.span[0]]
    return set(stems(before[-1].lower, pronouns=False)) if before else set()


def with_pack_sides(claims: list[Claim], doc: Doc, mentions: list[ActorMention]) -> list[Claim]:
    """Fighters the claim reader could give no side ("unknown": its own party words are
    any war's, and leave out those whose side depends on the war, as حزب الله) take the
    side the report's war gives the party named right after them ("مقاتلين من حزب الله"),
    else that of the one armed party their sentence names that is neither the state's nor
    a foreign army (those do the killing), as the claim reader reads its own party words."""
    resided = []
    for claim in claims:
        side = _pack_side(claim, doc, mentions) if claim.group == "combatants" and claim.side == "unknown" else None
        resided.append(replace(claim, side=side) if side else claim)
    return resided


def _pack_side(claim: Claim, doc: Doc, mentions: list[ActorMention]) -> str | None:
    sentence = next((s for s in doc.sentences if s.start <= claim.span[0] < s.end), None)
    if sentence is None:
        return None
    inside = [m for m in mentions if sentence.start <= m.span[0] < sentence.end]
    after = [t.start for t in sentence.tokens if t.start >= claim.span[1]][:_SIDE_REACH]
    right_after = next((m for m in inside if m.span[0] in after), None)
    if right_after:
        return right_after.side
    armed = {m.side for m in inside} - {"government", "foreign", None}
    return armed.pop() if len(armed) == 1 else None
