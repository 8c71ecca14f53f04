"""What the words around a claim say about it: its scope, its status, its repeats.

- scope: a figure is an incident toll unless a time expression makes it a total over a
  period ("since the end of April", "this year"); the nearest expression wins. Its
  paragraph may tell the period too: a toll counted "by Thursday" of fighting that
  "began on Monday" spans several days.
- status: a figure introduced as an older toll ("updating a previous toll of 112") is
  superseded.
- repeats: the same figure told twice (headline and body, lead and later paragraph) is
  one claim, kept where it is told most fully; a headline's rounded figure ("over 30")
  is the body's exact one (32).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ..packs import read_data
from ..records import Claim
from .lexicon import Lexicon
from .screen import Screened, ScreenedGroup
from .doc import Doc
from .tokens import Token, tokenize

_SUPERSEDED_REACH = 10
_KILLINGS_REACH = 2  # sentences back that "the killings occurred over ..." may tell of
# No single attack or day of fighting kills this many: such a figure is a war's total
# ("More than 300000 people have been killed"), even when its period is told elsewhere.
_WAR_TOTAL_MIN = 10_000
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
# Small figures recur as separate incidents ("two children", then "two more civilians");
# a figure this large told twice in one report is the same figure.
_REPEAT_REACH = 12  # figures of one count compared each way: a report of megabytes stays linear
_REPEAT_MIN_COUNT = 10
# ... and a small figure told again within this many sentences is usually the same one.
_REPEAT_SENTENCES = 3
_BREAKDOWN_SENTENCES = 5  # a breakdown may follow its total after a sentence or two on the other side's dead
_SENTENCE_ENDS = frozenset('.!?"”’\')')
# A headline rounds the body's figure by at most this share of it ("over 30" for 32).
_ROUNDING_SHARE = 0.2


@cache
def _time_data() -> dict:
    return read_data("time_en.toml")


@cache
def _time_patterns() -> tuple[list[Screened], list[Screened]]:
    data = _time_data()
    return [Screened(p) for p in data["aggregate"]], [Screened(p) for p in data["incident"]]


@cache
def _running_total() -> list[Screened]:
    return [Screened(p) for p in _time_data()["running_total"]]


@cache
def _told_on() -> list[Screened]:
    return [Screened(p) for p in _time_data()["told_on"]]


def _blank(joined: str, patterns: list[Screened]) -> str:
    """``joined`` with what ``patterns`` match blanked out (same length, so offsets hold)."""
    for pattern in patterns:
        joined = pattern.sub(lambda m: " " * len(m.group()), joined)
    return joined


def scope(tokens: list[Token], quantity_start: int, count: int | None) -> str:
    """ "aggregate" when the nearest time expression names a period, or when a sentence
    with no time expression tells a running total of fighting that goes on ("327 people
    have been killed in fighting in the province"); else "incident"."""
    if count is not None and count >= _WAR_TOTAL_MIN:
        return "aggregate"
    words = [t.lower for t in tokens]
    offsets = []
    position = 0
    for word in words:
        offsets.append(position)
        position += len(word) + 1
    here = offsets[quantity_start] if quantity_start < len(offsets) else position
    joined = _blank(_without_asides_on_other_things(" ".join(words), here), _told_on())
    nearest_aggregate = _nearest("aggregate", joined, here)
    if nearest_aggregate is None:
        running = all(p.search(joined) for p in _running_total()) and _nearest("incident", joined, here) is None
        return "aggregate" if running else "incident"
    nearest_incident = _nearest("incident", joined, here)
    if nearest_incident is not None and nearest_incident < nearest_aggregate:
        return "incident"
    return "aggregate"


_BEGAN = re.compile(r", (which|that) (began|started|erupted|broke out)\b")


@cache
def _relative_clauses() -> tuple[re.Pattern, frozenset[str]]:
    data = _time_data()["relative_clause"]
    return re.compile(data["pattern"]), frozenset(data["fighting"])


def _without_asides_on_other_things(joined: str, here: int) -> str:
    """The sentence with its relative clauses blanked out (same length, so offsets hold)
    when they tell of something other than the fighting: in "killed in Tuesday's strike on
    the bakery, which had reopened over the past month" the month is the bakery's. A clause
    on the fighting itself ("the offensive, which began last week, has killed 40") stays,
    and so does the clause that holds the figure (at ``here``)."""
    pattern, fighting = _relative_clauses()
    for match in reversed(list(pattern.finditer(joined))):
        antecedent = joined[: match.start()].split()[-1:]
        began = _BEGAN.match(match.group())  # a place or a thing does not begin: "..., which began on 20 May"
        if (antecedent and antecedent[0] in fighting) or began or match.start() <= here < match.end():
            continue
        joined = joined[: match.start()] + " " * len(match.group()) + joined[match.end() :]
    return joined


def _nearest(kind: str, joined: str, here: int) -> int | None:
    """How far from ``here`` the nearest time expression of ``kind`` is, if any."""
    distances = [min(abs(start - here), abs(end - here)) for start, end in _expressions(kind, joined)]
    return min(distances) if distances else None


@lru_cache(maxsize=64)
def _expressions(kind: str, joined: str) -> tuple[tuple[int, int], ...]:
    """Where the time expressions of ``kind`` ("aggregate" or "incident") stand in a
    sentence's joined words. Found once for all the figures of a sentence: each asks of
    the same words, and running some forty expressions over them is most of what reading
    a figure's scope costs."""
    return tuple(m.span() for m in _time_groups()[kind].finditer(joined))


@cache
def _time_groups() -> dict[str, ScreenedGroup]:
    aggregate, incident = _time_patterns()
    return {"aggregate": ScreenedGroup(aggregate), "incident": ScreenedGroup(incident)}


def status(tokens: list[Token], quantity_start: int, lex: Lexicon) -> str:
    """ "superseded" when the figure is introduced as an earlier toll."""
    for k in range(max(0, quantity_start - _SUPERSEDED_REACH), quantity_start):
        if lex.superseded.match(tokens, k):
            return "superseded"
    return "current"


@dataclass(frozen=True)
class FoundClaim:
    """A claim as read, with where it was told (sentence number) and whether it adds to
    figures told before ("two more civilians", "a second shell killed two girls") rather
    than repeating one."""

    claim: Claim
    sentence: int
    announced_as_new: bool = False
    weekday: str | None = None  # the day its sentence names, if any
    part_of: tuple[int | None, str] | None = None  # (count, outcome) of the total it is a sub-count of
    headline: bool = False  # told in a line of its own with no full stop: a headline
    parties: frozenset[str] = frozenset()  # the named parties whose fighters it counts


@cache
def _paragraph_patterns() -> dict[str, list[Screened]]:
    data = _time_data()
    keys = ("toll_by_day", "fighting_began", "another_attack", "toll_breakdown", "ongoing_for_days", "standing_toll",
            "toll_counted_at", "killings_over")
    return {key: [Screened(p) for p in data[key]] for key in keys}


def read_paragraphs(found: list[FoundClaim], doc: Doc) -> list[FoundClaim]:
    """What a claim's own sentence cannot tell, read from the text around it: a toll
    counted "by Thursday" of fighting that "began on Monday" is a total over several days,
    and so is a toll "have been killed" with no time of its own that follows a sentence
    telling a period ("They have fought along the river since the truce collapsed. Some
    260 people have been killed"); a sentence that tells another attack ("A second shell
    killed two girls") brings new figures, not repeats. A line of its own that ends with
    no full stop is a headline (or a subheading), even when the report's title was not
    given apart.
    """
    text, spans = doc.text, doc.spans
    words = {s.span: _joined(s.tokens) for s in doc.sentences}  # each sentence joined once
    carried = _sentences_in_a_told_period(spans, words) | _sentences_before_a_told_period(spans, words)
    new_attack = _sentences_of_another_attack(spans, words, found)
    read = [_in_context(item, text, spans, carried, new_attack) for item in found]
    read = _between_period_totals(read, spans, words)
    return _breakdowns_of_the_toll_before(read, spans, words)


def _between_period_totals(found: list[FoundClaim], spans, words) -> list[FoundClaim]:
    """A figure told with no time of its own between two sentences of period totals is
    one more total of that list: "The monitor counted 5,000 civilians killed in air
    raids over the past year. Meanwhile rebel fire killed 1,100. And 300 died under
    siege in the past year." (A figure told with an attack or a day of its own is that
    attack's: its sentence names a time.)"""
    at = {span: n for n, span in enumerate(spans)}
    numbers = [at.get(_sentence_of(item.claim.span[0], spans)) for item in found]  # None: in no sentence
    scopes: dict[int, set[str]] = defaultdict(set)
    for item, n in zip(found, numbers):
        if n is not None:
            scopes[n].add(item.claim.scope)
    aggregate, incident = _time_patterns()

    def in_the_list(n: int) -> bool:
        return (
            scopes[n] == {"incident"}
            and "aggregate" in scopes.get(n - 1, ())
            and "aggregate" in scopes.get(n + 1, ())
            and not any(p.search(words[spans[n]]) for p in aggregate + incident)
        )

    listed = {n for n in list(scopes) if in_the_list(n)}
    if not listed:
        return found
    return [
        replace(item, claim=replace(item.claim, scope="aggregate")) if n in listed else item
        for item, n in zip(found, numbers)
    ]


def _breakdowns_of_the_toll_before(found: list[FoundClaim], spans, words) -> list[FoundClaim]:
    """ "The toll of the siege, which began on 20 May, has risen to 332. The death toll
    includes 246 attackers and 79 guards": the parts of a toll told before are counted
    over the same time as it."""
    breakdown = _paragraph_patterns()["toll_breakdown"]
    result: list[FoundClaim] = []
    last_told: dict[str, FoundClaim] = {}  # by outcome, the last figure of an earlier sentence
    pending: list[FoundClaim] = []  # the figures of the sentence being read
    for item in found:
        if pending and pending[-1].sentence != item.sentence:
            last_told.update((f.claim.outcome, f) for f in pending)
            pending = []
        span = _sentence_of(item.claim.span[0], spans)
        before = last_told.get(item.claim.outcome)
        if (
            span is not None
            and before is not None
            and before.claim.scope == "aggregate"
            and item.claim.scope == "incident"
            and any(p.search(words[span]) for p in breakdown)
        ):
            item = replace(item, claim=replace(item.claim, scope="aggregate"))
        result.append(item)
        pending.append(item)
    return result


def _sentences_of_another_attack(
    spans: list[tuple[int, int]], words: dict[tuple[int, int], str], found: list[FoundClaim]
) -> set[tuple[int, int]]:
    """The sentences that tell another attack ("A second airstrike targeted a camp"), and
    the sentence after one that told it but gave no figure ("... one man was killed")."""
    another = _paragraph_patterns()["another_attack"]
    with_figures = {s for f in found if (s := _sentence_of(f.claim.span[0], spans))}
    marked: set[tuple[int, int]] = set()
    for n, span in enumerate(spans):
        if any(p.search(words[span]) for p in another):
            marked.add(span)
            if span not in with_figures and n + 1 < len(spans):
                marked.add(spans[n + 1])
    return marked


def _sentences_in_a_told_period(spans: list[tuple[int, int]], words: dict[tuple[int, int], str]) -> set[tuple[int, int]]:
    """The sentences whose running toll ("have been killed", "the death toll reached 330",
    no time named) goes on with the period the sentence before it told: a chain that any
    sentence without one breaks.
    A sentence tells a period when its last time expression is one ("a report released
    today said ... since 10 August" tells the period, not today), or fighting that goes
    on for days ("on the forty-fifth consecutive day"). Read back from each
    running toll only, since most sentences tell none."""
    aggregate, incident = _time_patterns()
    patterns = _paragraph_patterns()
    for_days, until_a_day = patterns["ongoing_for_days"], patterns["toll_by_day"]
    running = [_running_total()[0], *patterns["standing_toll"]]

    def last_end(patterns: list[re.Pattern], n: int) -> int:
        return max((m.end() for p in patterns for m in p.finditer(words[spans[n]])), default=-1)

    def tells_a_period(n: int) -> bool:
        """A period, fighting going on for days, or what had happened by a day ("By
        Friday the rebels had retaken all but one village")."""
        return max(last_end(aggregate, n), last_end(for_days, n), last_end(until_a_day, n)) > last_end(incident, n)

    def tells_a_time(n: int) -> bool:
        sentence = _blank(words[spans[n]], patterns["toll_counted_at"])  # "the toll reached 330 overnight"
        return any(p.search(sentence) for p in aggregate + incident)

    @cache
    def goes_on(n: int) -> bool:
        if n == 0 or not any(p.search(words[spans[n]]) for p in running) or tells_a_time(n):
            return False
        return tells_a_period(n - 1) or goes_on(n - 1)

    return {spans[n] for n in range(len(spans)) if goes_on(n)}


def _sentences_before_a_told_period(spans: list[tuple[int, int]], words: dict[tuple[int, int], str]) -> set[tuple[int, int]]:
    """The sentences (up to two back) whose killings a later sentence says took place
    over a period: "IS executed at least 128 civilians in the town. ... The killings
    occurred over a 20-day period." """
    over = _paragraph_patterns()["killings_over"]
    aggregate, _ = _time_patterns()
    told: set[tuple[int, int]] = set()
    for n, span in enumerate(spans):
        sentence = words[span]
        if any(p.search(sentence) for p in over) and any(p.search(sentence) for p in aggregate):
            told.update(spans[max(0, n - _KILLINGS_REACH) : n])
    return told


def _in_context(
    item: FoundClaim,
    text: str,
    spans: list[tuple[int, int]],
    carried: set[tuple[int, int]],
    new_attack: set[tuple[int, int]],
) -> FoundClaim:
    """``item`` with what its sentence's line, wording and forerunners tell about it."""
    span = _sentence_of(item.claim.span[0], spans) or item.claim.span
    patterns = _paragraph_patterns()
    if _is_headline(text, span):
        item = replace(item, headline=True)
    if span in new_attack:
        item = replace(item, announced_as_new=True)
    spans_days = span in carried or _counted_since_fighting_began(text, span[0], item, patterns)
    if item.claim.scope == "incident" and spans_days:
        item = replace(item, claim=replace(item.claim, scope="aggregate"))
    return item


def _sentence_of(offset: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The sentence (``spans`` are in order and apart) that ``offset`` falls in, if any."""
    k = bisect_right(spans, (offset, float("inf"))) - 1
    return spans[k] if k >= 0 and spans[k][0] <= offset < spans[k][1] else None


_NEXT_WORD = re.compile(r"\s*(\S)")


def _is_headline(text: str, span: tuple[int, int]) -> bool:
    """A whole line that does not end as a sentence does ("Gunmen kill 13 in ambush"), and
    that the next line does not go on in lower case (text wrapped at a fixed width)."""
    start, end = span
    whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] in "\r\n")
    following = _NEXT_WORD.match(text, end)  # not text[end:].lstrip(): a copy of the rest for every figure
    wrapped = bool(following) and following[1].islower()
    return whole_line and text[end - 1] not in _SENTENCE_ENDS and not wrapped


def _counted_since_fighting_began(text: str, sentence_start: int, item: FoundClaim, patterns) -> bool:
    """Is the figure a toll counted up to a day ("By Thursday, 48 soldiers had been
    killed") of fighting that its paragraph says began earlier, on another day?"""
    if "by" not in text[sentence_start : item.claim.span[0]].lower():  # every toll_by_day opens with "by"
        return False
    before_figure = _joined_words(text, sentence_start, item.claim.span[0])
    until = next((m for p in patterns["toll_by_day"] for m in p.finditer(before_figure)), None)
    if until is None:
        return False
    paragraph_start = text.rfind("\n", 0, sentence_start) + 1
    story = _joined_words(text, paragraph_start, item.claim.span[0])
    began = next((m for p in patterns["fighting_began"] for m in p.finditer(story)), None)
    if began is None:
        return False
    began_on = weekday(tokenize(story[began.start() :]))
    return began_on is None or began_on != weekday(tokenize(until.group()))


def _joined_words(text: str, start: int, end: int) -> str:
    """The lower-case words of ``text[start:end]`` joined by single spaces, as the time
    expressions of time_en.toml are written."""
    return _joined(tokenize(text, start, end))


def _joined(tokens: list[Token]) -> str:
    return " ".join(t.lower for t in tokens)


def drop_repeats(found: list[FoundClaim], title_span: tuple[int, int] | None) -> list[Claim]:
    """Keep each figure once: the body's statement over the headline's, the fullest over the rest.

    A headline figure (the title's, or one told in a line of its own with no full stop)
    repeats a body figure of the same outcome that it gives exactly or rounded ("over 30"
    for 32). Two figures repeat each other when both give the same count and outcome,
    tell the same people (not fighters in one and civilians in the other), are not two
    sources' ("almost 40", "at least 40") nor fighters of different parties (Nusra
    Front's 60 in one sentence, the Islamic State's 60 in another), and either the figure
    is large (two reports of "126 killed" in one article are one toll), or the two are
    told within a few sentences of each other and the later one is not announced as new
    ("Eight civilians were injured ... leaving eight people injured").
    """
    in_title = [f for f in found if f.headline or (title_span and f.claim.span[1] <= title_span[1])]
    headlines = {id(f) for f in in_title}
    body = [f for f in found if id(f) not in headlines]
    kept = [f for f in in_title if not any(_told_again(f.claim, b.claim) for b in body)]
    kept += [_named_by(b, [h for h in in_title if _told_again(h.claim, b.claim)]) for b in body]
    alike = defaultdict(list)  # only figures of one count and outcome can repeat each other
    for item in kept:
        alike[item.claim.count, item.claim.outcome].append(item)
    result = []
    for group in alike.values():
        for at, item in enumerate(group):
            near = group[max(0, at - _REPEAT_REACH) : at + _REPEAT_REACH + 1]
            twins = [other for other in near if _repeats(item, other)]
            fullest = max(twins, key=lambda f: (len(f.claim.quote), -f.claim.span[0]), default=item)
            if fullest is item:
                result.append(_named_by(item, twins))
    result += _listed_beside(result, kept)
    return sorted((f.claim for f in _breakdowns_of_a_total_before(result)), key=lambda c: c.span)


def _breakdowns_of_a_total_before(kept: list[FoundClaim]) -> list[FoundClaim]:
    """A sentence whose figures add up to a figure told just before is its breakdown:
    after "At least 85 troops were killed", "More than 50 troops were executed, 19 more
    were killed in a double suicide attack and at least 16 others died in the assault"
    tells how the 85 died, not 85 more dead. Its figures become parts of that total
    (``part_of``): two figures or more of one outcome, none of other people than the
    total's, told within :data:`_BREAKDOWN_SENTENCES` after a total of at least
    :data:`_REPEAT_MIN_COUNT` (small counts add up by chance), adding up to it exactly."""
    by_sentence: defaultdict[int, list[FoundClaim]] = defaultdict(list)
    for item in kept:
        claim = item.claim
        if claim.scope == "incident" and claim.status == "current" and claim.count and claim.part_of is None:
            by_sentence[item.sentence].append(item)
    parts_of: dict[int, tuple[int, int]] = {}  # by id of the part: its total's span
    for sentence, figures in by_sentence.items():
        for outcome in {f.claim.outcome for f in figures}:
            parts = [f for f in figures if f.claim.outcome == outcome]
            whole = sum(f.claim.count for f in parts)
            if len(parts) < 2 or whole < _REPEAT_MIN_COUNT:
                continue
            earlier = (t for n in range(sentence - 1, sentence - 1 - _BREAKDOWN_SENTENCES, -1) for t in by_sentence.get(n, ()))
            total = next((t for t in earlier if t.claim.outcome == outcome and t.claim.count == whole
                          and all(_same_people(f.claim, t.claim) for f in parts)), None)
            if total is not None:
                parts_of.update({id(f): total.claim.span for f in parts})
    if not parts_of:
        return kept
    return [replace(f, claim=replace(f.claim, part_of=parts_of[id(f)])) if id(f) in parts_of else f for f in kept]


def _listed_beside(result: list[FoundClaim], kept: list[FoundClaim]) -> list[FoundClaim]:
    """The figures of the same count listed beside a kept one in its sentence and left
    out as its repeats: "A man and his young daughter have been killed", told again in
    the next sentence, are four figures of one killed within a few sentences, and each
    repeats the others; yet the first sentence lists two persons, each a claim of its
    own (GUIDELINES), and only the later sentence retells them."""
    by_sentence = defaultdict(list)
    for item in kept:
        by_sentence[item.sentence].append(item)
    spans = {f.claim.span for f in result}
    listed = []
    for item in result:
        for other in by_sentence[item.sentence]:
            beside = other.claim.beside == item.claim.span or item.claim.beside == other.claim.span
            if beside and other.claim.span not in spans and _same_count(other.claim, item.claim):
                listed.append(other)
                spans.add(other.claim.span)
    return listed


def _named_by(item: FoundClaim, retellings: list[FoundClaim]) -> FoundClaim:
    """``item`` with the victims' group another telling of its figure names, when its own
    words do not: a headline "kill 15 villagers" makes the body's "killed 15 people"
    civilians (GUIDELINES: the same figure elsewhere)."""
    if item.claim.group != "unspecified":
        return item
    named = next((r.claim for r in retellings if r.claim.group != "unspecified"), None)
    if named is None:
        return item
    return replace(item, claim=replace(item.claim, group=named.group, side=named.side))


def _told_again(headline: Claim, body: Claim) -> bool:
    """Does the body tell the headline's figure, exactly or as the figure it rounds?"""
    return _same_count(headline, body) or (_same_people(headline, body) and _rounds(headline, body))


def _rounds(rounded: Claim, exact: Claim) -> bool:
    """ "over 30" or "nearly 30" for 32 or 28: the same outcome, and a count that the
    qualifier allows within a fifth of it."""
    if rounded.count is None or exact.count is None or rounded.outcome != exact.outcome:
        return False
    margin = max(1, round(rounded.count * _ROUNDING_SHARE))
    low, high = {
        "more_than": (rounded.count + 1, rounded.count + margin),
        "at_least": (rounded.count, rounded.count + margin),
        "nearly": (rounded.count - margin, rounded.count - 1),
        "about": (rounded.count - margin, rounded.count + margin),
    }.get(rounded.qualifier, (rounded.count, rounded.count))
    return low <= exact.count <= high


def _same_count(a: Claim, b: Claim) -> bool:
    if a.count is None or b.count is None:
        return a.count is None and b.count is None and a.vague == b.vague and a.outcome == b.outcome
    return (a.count, a.outcome) == (b.count, b.outcome)


def _same_people(a: Claim, b: Claim) -> bool:
    """Could both figures count the same people? Not fighters and civilians, nor the
    fighters of two different sides."""
    if "unspecified" not in (a.group, b.group) and a.group != b.group:
        return False
    known = {"government", "opposition", "jihadist", "kurdish", "foreign"}
    return not (a.side in known and b.side in known and a.side != b.side)


def _qualifiers_differ(a: Claim, b: Claim) -> bool:
    """ "almost 40" and "at least 40" are two sources' figures, one below the count and
    one above it; "more than 110" and "at least 110" may well be one figure told twice."""
    below, above = {"nearly", "up_to"}, {"at_least", "more_than"}
    return {a.qualifier, b.qualifier} & below != set() and {a.qualifier, b.qualifier} & above != set()


def _repeats(a: FoundClaim, b: FoundClaim) -> bool:
    """Is ``b`` the same figure as ``a`` (``a`` itself included)?"""
    if a is b:
        return True
    x, y = a.claim, b.claim
    if x.count is None or not _same_count(x, y) or (x.high, x.status) != (y.high, y.status):
        return False
    # The same words in two sentences (a sentence repeated inside a longer one; claims_in
    # already skips a sentence told twice whole): one figure, though the two sentences'
    # other words give its fighters different sides.
    if x.quote == y.quote and x.count >= _REPEAT_MIN_COUNT:
        return True
    if not _same_people(x, y) or _qualifiers_differ(x, y) or _other_fighting(a, b):
        return False
    later = a if a.sentence > b.sentence else b
    another = a.sentence != b.sentence and later.announced_as_new  # "12 were killed near X. Another 12 ... in Y"
    if x.count >= _REPEAT_MIN_COUNT and x.scope == y.scope and not another:
        return True
    if a.part_of is not None and a.part_of == b.part_of:  # "including two medics", told with its total twice
        return True
    close = abs(a.sentence - b.sentence) <= _REPEAT_SENTENCES and a.sentence != b.sentence
    other_day = a.weekday and b.weekday and a.weekday != b.weekday
    return close and not other_day and not later.announced_as_new


def _other_fighting(a: FoundClaim, b: FoundClaim) -> bool:
    """Do the two figures count fighters of different named parties ("the army killed
    more than 60 Nusra Front militants in the hills", then "jets struck IS positions in
    the desert, killing around 60 terrorists")? Equal counts of two fronts are two
    figures, though both parties are on one side. A figure whose party is not named may
    retell either."""
    return bool(a.parties) and bool(b.parties) and not a.parties & b.parties


def weekday(tokens: list[Token]) -> str | None:
    """The day of the week a sentence names ("on Sunday"), to tell two incidents apart."""
    return next((t.lower for t in tokens if t.lower in _WEEKDAYS), None)
