"""Group a report's sentences and claims into events (see docs/events.md).

A sentence tells of an event when it holds a word of an event type
(``data/events_en.toml``: "clashes", "air strikes", "car bomb") or an incident
casualty figure. Sentences of one type make one event, unless they name different days
("on Monday" ... "on Saturday"). A figure goes to the event of its sentence's first
type in precedence order when that type is violent; a figure in a sentence with no
violent event word ("109 evacuees were killed") goes to the violent event told just
before it (or just after), else to an event of its own.

"An attack" tells no kind of violence. Told with a kind ("a grenade attack") it is that
kind; told alone it is a clash when its dead are all fighters, else the event of a known
kind told nearby ("a deadly attack ... troops shelled the village"), else the report's
only massacre ("the attack ... the massacre"); failing those it is a clash when it hit
an armed target ("attacked an army post"), an attack on civilians when it killed people
none said to be fighters, else a clash.

A sentence whose figures are all totals over a period ("since the end of April") is
background: its figures become aggregates, never events. A report with no violence
(no violent type, no incident figure) yields no event.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import islice

from ..ingest.dateline import read_dateline
from ..packs import read_data
from ..records import ActorMention, Aggregate, Claim, Event, Source
from .context import weekday
from .doc import Doc, Sentence
from .lexicon import Actor, Lexicon, PhraseTable, load, phrase_table, phrases_in
from .sources import distinct_sources
from .tokens import Token, is_caption

_ATTACH_REACH = 2  # sentences between an event word and a figure that belongs to it
_TARGET_REACH = 7  # words after an attack word that may name its target
_TELLING_WORDS = 3  # words of a sentence that tells something, not page furniture
_AGENT_MARKERS = frozenset({"by"})
_ATTACK = "attack"  # violence of a kind the word does not tell (data/events_en.toml)


@dataclass(frozen=True)
class _Vocabulary:
    triggers: PhraseTable[str]
    precedence: tuple[str, ...]
    violent: frozenset[str]
    hold_figures: frozenset[str]  # violent kinds whose words take a sentence's dead
    kinds_of_attack: frozenset[str]  # what "an attack" may turn out to be
    attack_kinds: frozenset[str]  # what "the attack" of a report with one of them may be
    speaker_titles: frozenset[str]  # "a government official": a speaker, not a party
    armed_targets: frozenset[str]  # "an attack on an army base" is fighting
    cause_outcomes: frozenset[str]  # "killed" of "killed in an airstrike"
    cause_prepositions: frozenset[str]  # "in" of "killed in an airstrike"
    told_of_the_event_before: tuple[re.Pattern, ...]  # "The killings took place at ..."
    setting_leads: PhraseTable[bool]  # "comes amid": the parties named after it are the setting's
    equipment_verbs: frozenset[str]  # "destroying ... mortar shells": a weapon, not an attack
    equipment_reach: int
    equipment_breaks: frozenset[str]  # "destroyed by shelling": the attack after all
    feared_openers: PhraseTable[bool]  # "for fear of air strikes": no event told
    feared_reach: int


@cache
def _vocabulary() -> _Vocabulary:
    data = read_data("events_en.toml")
    triggers: PhraseTable[str] = PhraseTable()
    for event_type, words in data["triggers"].items():
        for word in words:
            triggers.add(word, event_type)
    for phrase in data["not_triggers"]["phrases"]:
        triggers.add(phrase, "")
    return _Vocabulary(
        triggers, tuple(data["precedence"]), frozenset(data["violent"]),
        frozenset(data["violent"]) - frozenset(data["hold_no_figures"]), frozenset(data["kinds_of_attack"]),
        frozenset(data["attack_kinds"]),
        frozenset(data["speaker_titles"]), frozenset(data["armed_targets"]),
        frozenset(data["cause_outcomes"]), frozenset(data["cause_prepositions"]),
        tuple(re.compile(p, re.IGNORECASE) for p in data["told_of_the_event_before"]),
        phrase_table(data["setting_leads"]), frozenset(data["equipment_verbs"]), data["equipment_reach"],
        frozenset(data["equipment_breaks"]), phrase_table(data["feared_openers"]), data["feared_reach"],
    )


@dataclass(frozen=True)
class _Mention:
    actor: ActorMention
    agent: bool  # "killed by X", "X air strikes" in a passive: X did it
    between: int | None  # "between X and Y": X is 0, Y is 1
    setting: bool = False  # named in what the sentence tells as the event's setting, not a party to it


@dataclass
class _Sentence:
    span: tuple[int, int]
    tokens: list[Token]
    triggers: list[tuple[str, tuple[int, int]]]  # (type, span), text order
    incident: list[Claim]
    aggregate: list[Claim]
    actors: list[_Mention]
    armed_target: bool  # "an attack on an army base": fighting, whoever died

    @property
    def types(self) -> list[str]:
        """The kinds of event told, in precedence order; "an attack" only when no
        violence of a known kind is told beside it ("a grenade attack")."""
        vocabulary = _vocabulary()
        told = {t for t, _ in self.triggers}
        if told & vocabulary.kinds_of_attack:
            told.discard(_ATTACK)
        return sorted(told, key=vocabulary.precedence.index)


@dataclass
class _Draft:
    type: str
    day: str | None
    sentences: list[int] = field(default_factory=list)
    triggers: list[tuple[int, int]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def find_events(
    doc: Doc, claims: list[Claim], sources: list[list[Source]], lex: Lexicon | None = None,
) -> tuple[list[Event], list[Aggregate], list[ActorMention]]:
    """The events, aggregates and named parties of a report, from its sentences, claims
    and credited sources; ``lex`` holds the actors of the report's conflict."""
    lex = lex or load()
    text = doc.text
    by_start = sorted(claims, key=lambda c: c.span[0])
    starts = [c.span[0] for c in by_start]
    dateline = read_dateline(text)
    filed = dateline.span if dateline and dateline.is_filing_place else None
    read = [_read_sentence(text, sentence, by_start, starts, lex, filed) for sentence in doc.sentences]
    vocabulary = _vocabulary()
    lines = _line_numbers(read)
    drafts: list[_Draft] = []
    figures_went_to: dict[int, list[_Draft]] = {}  # by sentence: the events its figures went to
    for number, sentence in enumerate(read):
        if sentence.aggregate and not sentence.incident:
            continue
        holders = _figure_holders(sentence, vocabulary) if sentence.types else []  # None: _attach places it
        day = weekday(sentence.tokens)
        for event_type in sentence.types:
            retold = None if sentence.incident or day else _figures_told_just_before(
                drafts, event_type, figures_went_to, number, lines)
            draft = retold or _draft_for(drafts, event_type, day)
            draft.sentences.append(number)
            draft.triggers.extend(span for t, span in sentence.triggers if t == event_type)
            figures = [c for c, holder in zip(sentence.incident, holders) if holder == event_type]
            if figures:
                draft.claims.extend(figures)
                figures_went_to.setdefault(number, []).append(draft)
    quoted_from = _quotes_opened(read)
    for number, sentence in enumerate(read):
        # The dead and wounded were hurt by violence, not by a truce, a flight, a protest
        # or an abduction as such: "109 evacuees were killed" belongs to the attack told
        # nearby.
        if sentence.incident and not any(t in vocabulary.hold_figures for t in sentence.types[:1]):
            _attach(drafts, number, sentence, lines, quoted_from[number])
    for number, sentence in enumerate(read):
        if not sentence.incident and _tells_of_the_event_before(text[slice(*sentence.span)], vocabulary):
            _join_the_figures_before(drafts, number, lines)
    drafts = _name_attacks(drafts, read, lines)
    drafts = _breakdowns_with_their_totals(drafts, read)
    if not any(d.type in vocabulary.violent or d.claims for d in drafts):
        drafts = []
    events = [_event(text, d, read, sources) for d in sorted(drafts, key=lambda d: min(d.sentences))]
    aggregates = [
        Aggregate(claim, source=next(iter(sources[n]), None))
        for n, sentence in enumerate(read)
        for claim in sentence.aggregate
    ]
    actors = [m.actor for sentence in read for m in sentence.actors]
    return events, aggregates, actors


def _breakdowns_with_their_totals(drafts: list[_Draft], read: list[_Sentence]) -> list[_Draft]:
    """A breakdown told in a sentence of its own (figures that are parts of a total told
    before: ``part_of``) goes with its total's event, whatever kinds its words name:
    "more than 50 were executed, 19 died in a double suicide attack" tells how the 85 of
    the advance died, not an execution and a bombing of their own. The parts' own
    sub-counts go with them, and so does the sentence: it leaves the events it fed (its
    day, "The air raids on Sunday killed 19 ...", is the total's), and an event left
    with no sentence is no event."""
    starts = [sentence.span[0] for sentence in read]

    def sentence_of(claim: Claim) -> int:
        return bisect_right(starts, claim.span[0]) - 1

    holder = {c.span: d for d in drafts for c in d.claims}
    told_parts: set[int] = set()  # the sentences whose figures moved
    moving = True
    while moving:  # a part's own sub-counts ("19 people including six children") go with it
        moving = False
        for draft in drafts:
            for claim in [c for c in draft.claims if c.part_of and holder.get(c.part_of, draft) is not draft]:
                total = holder[claim.part_of]
                draft.claims.remove(claim)
                total.claims.append(claim)
                holder[claim.span] = total
                told = sentence_of(claim)
                if told not in total.sentences:
                    total.sentences = sorted([*total.sentences, told])
                told_parts.add(told)
                moving = True
    if not told_parts:
        return drafts
    for draft in drafts:
        if any(holder.get(c.part_of) is draft for c in draft.claims):
            continue  # the total's own event keeps them
        kept_at = {sentence_of(c) for c in draft.claims}
        draft.sentences = [n for n in draft.sentences if n not in told_parts or n in kept_at]
    return [d for d in drafts if d.sentences]


def _figure_holders(sentence: _Sentence, vocabulary: _Vocabulary) -> list[str | None]:
    """The kind of violence each of a sentence's figures belongs to: the one its outcome
    names as the cause ("two women were killed in an airstrike"), else the sentence's
    first kind in precedence order."""
    kinds = {t for t in sentence.types if t in vocabulary.hold_figures}
    first = sentence.types[0] if sentence.types[0] in vocabulary.hold_figures else None
    if len(kinds) < 2:
        return [first] * len(sentence.incident)
    causes = _causes(sentence, vocabulary)
    holders = []
    for n, claim in enumerate(sentence.incident):
        # up to the next figure told beside it ("9 killed ... and 3 more died in"), not
        # one of its list ("18 including five children and two women were killed in")
        bound = next((c.span[0] for c in sentence.incident[n + 1 :] if c.beside == claim.span and not c.part_of),
                     sentence.span[1])
        holders.append(next((kind for at, kind in causes if claim.span[0] <= at < bound), first))
    return holders


def _causes(sentence: _Sentence, vocabulary: _Vocabulary) -> list[tuple[int, str]]:
    """Where the sentence says what killed ("killed in", "died by") and the kind it names
    right after (at most two words on), in text order."""
    tokens, found = sentence.tokens, []
    kind_at = {span[0]: kind for kind, span in sentence.triggers}
    for n, token in enumerate(tokens[:-1]):
        if token.lower in vocabulary.cause_outcomes and tokens[n + 1].lower in vocabulary.cause_prepositions:
            kind = next((kind_at[t.start] for t in tokens[n + 2 : n + 5] if t.start in kind_at), None)
            if kind in vocabulary.kinds_of_attack:  # what kills: not "killed in the besieged city"
                found.append((token.start, kind))
    return found


def _read_sentence(
    text: str, sentence: Sentence, claims: list[Claim], starts: list[int], lex: Lexicon, filed: tuple[int, int] | None,
) -> _Sentence:
    """The sentence's event words, figures and parties; none of the parties is named in
    the dateline ``filed`` ("KHARKIV, Ukraine (Reuters) -": where the report was filed)."""
    span, tokens = sentence.span, sentence.tokens
    triggers = []
    caption = is_caption(text, *span)  # "Jets are seen at an air base June 18 2016 (AFP)": a photo, no event
    for start, end, event_type in phrases_in(_vocabulary().triggers, tokens):
        if event_type and not caption and not _equipment(tokens, start) and not _feared(tokens, start):
            triggers.append((event_type, (tokens[start].start, tokens[end - 1].end)))
    inside = claims[bisect_left(starts, span[0]) : bisect_left(starts, span[1])]
    setting = _setting_start(tokens, triggers)
    mentions = [m for m in _actor_mentions(text, tokens, lex) if not (filed and filed[0] <= m.actor.span[0] < filed[1])]
    return _Sentence(
        span, tokens, triggers,
        [c for c in inside if c.scope == "incident"], [c for c in inside if c.scope == "aggregate"],
        [replace(m, setting=True) if m.actor.span[0] >= setting else m for m in mentions],
        _attacks_armed_target(tokens, triggers),
    )


def _equipment(tokens: list[Token], start: int) -> bool:
    """Is the event word at ``start`` a weapon destroyed or seized ("destroying their
    armored vehicles and mortar shells"), not an attack? Not after a preposition
    ("destroyed by shelling", "destroyed in an air strike")."""
    vocabulary = _vocabulary()
    for k in range(start - 1, max(-1, start - 1 - vocabulary.equipment_reach), -1):
        word = tokens[k].lower
        if word in vocabulary.equipment_verbs:
            return True
        if word in vocabulary.equipment_breaks or not tokens[k].text[:1].isalnum():
            return False
    return False


def _feared(tokens: list[Token], start: int) -> bool:
    """Is the event word at ``start`` what is feared or threatened ("for fear of air
    strikes", "fearing renewed shelling"), not an event the sentence tells?"""
    vocabulary = _vocabulary()
    return any(
        vocabulary.feared_openers.match_ending(tokens, end - 1) for end in range(start, max(0, start - 1 - vocabulary.feared_reach), -1)
    )


def _setting_start(tokens: list[Token], triggers: list[tuple[str, tuple[int, int]]]) -> float:
    """Where the sentence starts to tell its event's setting ("The attack comes amid fire
    between X and Y"): the parties named from there on are not the event's. Nowhere when
    an event word stands there too ("The strike comes amid fighting between X and Y":
    the fighting is an event of its own, and X and Y its parties)."""
    lead = next((start for start, _, _ in phrases_in(_vocabulary().setting_leads, tokens)), None)
    if lead is None or any(span[0] >= tokens[lead].start for _, span in triggers):
        return float("inf")
    return tokens[lead].start


def _attacks_armed_target(tokens: list[Token], triggers: list[tuple[str, tuple[int, int]]]) -> bool:
    """Does an attack word of the sentence have an armed target just after it ("attacked
    an army post", "an attack targeting a military camp")?"""
    starts = {span[0] for t, span in triggers if t == _ATTACK}
    if not starts:
        return False
    targets = _vocabulary().armed_targets
    return any(
        token.start in starts and any(t.lower in targets for t in tokens[n + 1 : n + 1 + _TARGET_REACH])
        for n, token in enumerate(tokens)
    )


def _figures_told_just_before(
    drafts: list[_Draft], event_type: str, figures_went_to: dict[int, list[_Draft]], number: int, lines: list[int],
) -> _Draft | None:
    """The event of this type whose figures the sentence right before told: a sentence
    with no figure and no day of its own that follows it retells that attack ("... the
    death of two commanders in a strike on Monday. Both were killed in air strikes in
    Hasakeh."), though an event of its type told first in the report is on another day.
    The sentences before it are walked back only while they are on its line or the one
    before (line numbers never fall): a long report is not read again for each."""
    told: list[_Draft] = []
    n = number - 1
    while n >= 0 and lines[n] >= lines[number] - 1:
        if lines[n] == lines[number] - 1:
            told += figures_went_to.get(n, ())
        n -= 1
    return next((d for d in drafts if d.type == event_type and any(d is t for t in told)), None)


def _draft_for(drafts: list[_Draft], event_type: str, day: str | None) -> _Draft:
    for draft in drafts:
        if draft.type == event_type and (draft.day is None or day is None or draft.day == day):
            draft.day = draft.day or day
            return draft
    drafts.append(_Draft(event_type, day))
    return drafts[-1]


def _attach(drafts: list[_Draft], number: int, sentence: _Sentence, lines: list[int], quoted_from: int) -> None:
    """Give the figures of a sentence with no event word to the nearest event; failing
    one, they are an event of their own: civilians killed were attacked, soldiers fought.
    A sentence inside a quotation is as near the events told before as the sentence
    the quotation opens in ("... the raids hit three buildings. 'My sister's house was
    here. She and her daughter are dead,' a man said": the witness's dead are the raids')."""
    def distance(draft: _Draft) -> int:
        return min(
            abs(lines[quoted_from if n <= quoted_from else number] - lines[n]) + (0 if n <= number else 1)
            for n in draft.sentences
        )

    holding = [d for d in drafts if d.type in _vocabulary().hold_figures]
    near = [d for d in holding if distance(d) <= _ATTACH_REACH]
    told = [d for d in holding if d.triggers]
    day = weekday(sentence.tokens)
    if near:
        draft = min(near, key=distance)
    elif len(told) == 1 and day in (None, told[0].day) and _no_larger(sentence.incident, told[0].claims):
        # A report of one attack: a figure told further down with no attack of its own is
        # that attack's ("... rescuers dug around another body"), not an event of its own.
        draft = told[0]
    else:
        draft = _Draft(_victims_event(sentence.incident), weekday(sentence.tokens))
        drafts.append(draft)
    draft.sentences.append(number)
    draft.claims.extend(sentence.incident)


def _quotes_opened(read: list[_Sentence]) -> list[int]:
    """For each sentence, the sentence the quotation it is inside of opened in (itself
    when it is inside none): straight double quotes open and close in turn, curly ones
    by their shape (single ones are apostrophes as often)."""
    opened_in: list[int] = []
    open_since: int | None = None
    for number, sentence in enumerate(read):
        opened_in.append(number if open_since is None else open_since)
        for token in sentence.tokens:
            if token.text == "“" or (token.text == '"' and open_since is None):
                open_since = number if open_since is None else open_since
            elif token.text in ("”", '"'):
                open_since = None
    return opened_in


def _tells_of_the_event_before(sentence: str, vocabulary: _Vocabulary) -> bool:
    return any(p.search(sentence) for p in vocabulary.told_of_the_event_before)


def _join_the_figures_before(drafts: list[_Draft], number: int, lines: list[int]) -> None:
    """Add sentence ``number`` ("The killings took place at the Tabqa airbase") to the
    event whose figures were told nearest before it, within reach: it says where or
    when those happened."""
    def gap(draft: _Draft) -> int:
        return min((lines[number] - lines[n] for n in draft.sentences if n < number), default=_ATTACH_REACH + 1)

    told = [d for d in drafts if d.claims and number not in d.sentences and gap(d) <= _ATTACH_REACH]
    if told:
        min(told, key=gap).sentences.append(number)


def _no_larger(figures: list[Claim], of_the_attack: list[Claim]) -> bool:
    """Is each figure at most the attack's own largest of its outcome (a part of its dead,
    or their retelling), not a larger toll of something else?"""
    largest: dict[str, int] = {}
    for claim in of_the_attack:
        largest[claim.outcome] = max(largest.get(claim.outcome, 0), claim.count or 0)
    return all(claim.outcome in largest and (claim.count or 0) <= largest[claim.outcome] for claim in figures)


def _line_numbers(read: list[_Sentence]) -> list[int]:
    """Each sentence's number among those that tell something: page furniture between a
    headline and its lead ("23-07-2022", "Share", "A+ A-") does not set them apart."""
    numbers, count = [], 0
    for sentence in read:
        numbers.append(count)
        words = (t for t in sentence.tokens if t.text[:1].isalpha())
        count += next(islice(words, _TELLING_WORDS - 1, None), None) is not None  # words read only until enough
    return numbers


def _name_attacks(drafts: list[_Draft], read: list[_Sentence], lines: list[int]) -> list[_Draft]:
    """Give each attack of no told kind its kind (see the module's docstring), joining it
    to the event of that kind it tells."""
    known = [d for d in drafts if d.type != _ATTACK]
    for attack in (d for d in drafts if d.type == _ATTACK):
        on_fighters = _all_of(attack.claims, "combatants")
        host = None if on_fighters else _host(attack, known, lines)
        if host is None:
            armed_target = any(read[n].armed_target for n in attack.sentences)
            attack.type = "armed_clash" if on_fighters or armed_target else _attack_kind(attack.claims)
            host = next((d for d in known if d.type == attack.type and _same_day(d, attack)), None)
        if host is None:
            known.append(attack)
            continue
        host.sentences.extend(attack.sentences)
        host.triggers.extend(attack.triggers)
        host.claims.extend(attack.claims)
    return known


def _host(attack: _Draft, known: list[_Draft], lines: list[int]) -> _Draft | None:
    """The event of a known kind an attack is told of: the nearest, else the only one."""
    vocabulary = _vocabulary()
    violent = [d for d in known if d.type in vocabulary.kinds_of_attack]
    lead = lines[min(attack.sentences)]

    def distance(draft: _Draft) -> int:
        return min(abs(lead - lines[n]) for n in draft.sentences)

    near = [d for d in violent if distance(d) <= _ATTACH_REACH]
    if near:
        return min(near, key=distance)
    deadly = [d for d in violent if d.type in vocabulary.attack_kinds and _same_day(d, attack)]
    return deadly[0] if len({d.type for d in deadly}) == 1 else None


def _attack_kind(claims: list[Claim]) -> str:
    """An attack of no told kind that killed people, none of them said to be fighters, is
    an attack on civilians ("an attack on the village killed 22 people"): fighting between
    armed men is told as such ("clashes", "fighting", "battle"). One that killed fighters,
    or told no dead, is an armed clash."""
    if claims and not any(c.group == "combatants" for c in claims):
        return "attack_on_civilians"
    return "armed_clash"


def _victims_event(claims: list[Claim]) -> str:
    """The kind of violence figures told with no event word tell by their victims:
    civilians were attacked, combatants fought; else we cannot say."""
    if _all_of(claims, "civilians"):
        return "attack_on_civilians"
    return "armed_clash" if _all_of(claims, "combatants") else "other"


def _all_of(claims: list[Claim], group: str) -> bool:
    return bool(claims) and all(c.group == group for c in claims)


def _same_day(a: _Draft, b: _Draft) -> bool:
    return a.day is None or b.day is None or a.day == b.day


def _event(text: str, draft: _Draft, read: list[_Sentence], sources: list[list[Source]]) -> Event:
    numbers = sorted(set(draft.sentences))
    mentions = [m for n in numbers for m in read[n].actors if not m.setting]
    actor1, actor2 = _actors(mentions)
    credited = distinct_sources(s for n in numbers for s in sources[n])
    return Event(
        type=draft.type,
        evidence=[read[n].span for n in numbers],
        triggers=sorted(draft.triggers),
        claims=sorted(draft.claims, key=lambda c: c.span),
        actor1=actor1,
        actor2=actor2,
        sources=credited,
    )


def _actor_mentions(text: str, tokens: list[Token], lexicon: Lexicon) -> list[_Mention]:
    found = list(phrases_in(lexicon.actors, tokens, lexicon.generic_actors))
    titles = _vocabulary().speaker_titles
    found = [(start, end, actor) for start, end, actor in found if end >= len(tokens) or tokens[end].lower not in titles]
    merged: list[tuple[int, int, Actor]] = []
    for start, end, actor in found:  # "jihadists and allied rebels", "the ISIL terrorist group": one party
        if merged and (_coordinated(tokens, merged[-1][1], start) or _kind_of(tokens, merged[-1][1], start, end, lexicon)):
            merged[-1] = (merged[-1][0], end, merged[-1][2])
        else:
            merged.append((start, end, actor))
    mentions = []
    for start, end, actor in merged:
        span = (tokens[start].start, tokens[end - 1].end)
        name = sys.intern(text[span[0] : span[1]])  # a long report names a few parties thousands of times
        mention = ActorMention(name, span, actor.canonical, actor.type, actor.side)
        agent = any(t.lower in _AGENT_MARKERS for t in tokens[max(0, start - 2) : start])
        opener = [t.lower for t in tokens[max(0, start - 3) : start]]
        between = 0 if "between" in opener else (1 if mentions and mentions[-1].between == 0 else None)
        mentions.append(_Mention(mention, agent, between))
    return mentions


def _kind_of(tokens: list[Token], end: int, start: int, kind_end: int, lexicon: Lexicon) -> bool:
    """Is the party named from ``start`` to ``kind_end`` ("terrorist group") the kind of
    the one named right before it ("the ISIL terrorist group"), not a second party? Not
    a party's own name ("Kurds Islamic State group", a page's list of tags)."""
    if start != end or tokens[kind_end - 1].lower not in lexicon.kind_words:
        return False
    generic = lexicon.generic_actors.match(tokens, start)
    return (generic is not None and generic[0] == kind_end - start) or all(
        t.lower in lexicon.unspecific_words for t in tokens[start:kind_end]
    )


def _coordinated(tokens: list[Token], end: int, start: int) -> bool:
    """ "jihadists and allied rebels", "X and its allies": one party."""
    between = [t.lower for t in tokens[end:start]]
    allied = tokens[start].lower in ("allied", "allies")
    return between in (["and"], ["and", "its"], ["and", "their"], ["with"]) and allied or between == ["and", "allied"]


def _actors(mentions: list[_Mention]) -> tuple[ActorMention | None, ActorMention | None]:
    """actor1 did it (agent, first of "between X and Y", else first named); actor2 is the
    first party on another side."""
    if not mentions:
        return None, None
    pair = [m for m in mentions if m.between is not None]
    agents = [m for m in mentions if m.agent]
    first = (pair if len(pair) >= 2 else agents or mentions)[0].actor
    others = [m.actor for m in mentions if _different_party(m.actor, first)]
    if not others:
        return first, None
    partner = pair[1].actor if len(pair) >= 2 else None
    return first, max(others, key=lambda a: (a.canonical is not None, a.side is not None, a is partner))


def _different_party(a: ActorMention, b: ActorMention) -> bool:
    if a.side and b.side:
        return a.side != b.side
    return (a.canonical or a.name.lower()) != (b.canonical or b.name.lower())
