"""Tell a report's background apart from its news: sentences about an earlier time.

Reports recall older events beside the one they tell: "The worst attack was a sarin
attack in August 2013 on Ghouta that killed hundreds", "August 21 2013: Washington
accuses the regime of killing more than 1,400 people". The extractor groups sentences by
event type, so such a sentence joins today's event of the same type, and its figure
would be added to today's toll. Here, a sentence with a figure whose every date lies
wholly more than :data:`BACKGROUND_DAYS` before the report's date is taken out of its
event and told as an event of its own on that date: the 2013 attack becomes a 2013
incident. A weekday, "yesterday" or "earlier this month" never makes a sentence
background, nor does a date without its year that would lie most of a year back ("the
June 3 poll" in a May report lies ahead). The day of a statement ("a rights group said
on Tuesday") is not a date of what the sentence tells, and does not count. A sentence
with a figure and no date of its own that points back to an event ("that attack, which
killed 1,400") is background when the sentence just before it is: "Investigators found
that sarin was used there in 2013. Washington blamed the government for that attack,
which killed 1,400 people."

A figure told after "days after" (a week, weeks, months) is of an earlier attack the
report recalls beside its news ("the evacuation resumed on Wednesday, days after a
bombing killed more than 120"; ``[recall]`` in data/dates_en.toml): it is taken out too,
dated to the week or month that lies so far back; after "a day after", to the day
before the news the sentence tells ("rebels shelled the city on Thursday, a day after air
strikes killed 35": Wednesday; with no day of its own, the day before the report), or to
the date the after-clause names. So is one told after a plain "after"
in a sentence whose dates all lie days before the report ("after 17 were killed in an
October 2 attack"). Either way the "after" follows the news it is told beside, and the
figure follows the "after" within its clause: "A week after the truce began, 20 were
killed" and "Just days after a chemical attack a woman was killed" tell the week's dead,
as does a figure the after-clause dates to the report's last days ("... was killed on
Saturday"). Such an attack of the last weeks is not background in the store's sense
(reconcile.matching.recalled): it is an incident of its own days, whose later count
("a bombing killed more than 120") is as good as any other report's, and never a
toll of the report's day.

A figure in a relative clause on an attack the report calls by its name, the event word
capitalised ("the Ghouta Massacre that claimed the lives of over 1,127 civilians";
``[recall_named]`` in data/dates_en.toml), is background too: such names are given to
attacks that are history. When the sentence names no date, the report does not say when
the attack was: its part is marked ``recalled`` and left undated, so that the store
keeps it as a recalled attack and never as an incident of the report's day. So is a
figure of a sentence that opens on the time a party ruled a place ("When it controlled
Palmyra, IS carried out public beheadings"; ``[recall_rule]``): it tells of that rule,
and with no date of its own it is recalled and undated.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from types import SimpleNamespace

from ..extract.tokens import sentence_spans
from ..packs import read_data
from ..records import Claim, Event
from ..spans import Spans, any_between
from .dates import ResolvedDate, find_dates, of_statement, refers_back

BACKGROUND_DAYS = 30
# A figure told on a calendar day, or in a month named, that ended this many days before the
# report ("On October 13th 30 people were killed" in a report of the 23rd; "in early
# October" in one of the 29th, "in late December" in one of 26 January) is that time's
# attack, not the report's news: it moves too, unless its sentence points back to the
# attack told before ("The attack on 2 April also wounded 200", "that massacre").
# Matching's MAX_DAYS_APART (2) could not join the two.
OTHER_DAY_DAYS = 3
MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)
YEARLESS_REACH = 183  # days back a date without its year may lie
_YEAR = re.compile(r"\b(1[89]|2[01])\d\d\b")


def split_background(text: str, event: Event, reference: date | None, *, dateline_reach: int) -> list[Event]:
    """``event`` without its background figures, then one event per earlier date that
    background names, dated by it. Only sentences holding a figure move: one without is
    context (it may name the place of the next sentence's figure) and stays, unless a
    figure's sentence points back to it ("that attack"): the two then tell one event. Just
    ``[event]`` when nothing moves. When everything would, the event is about that time:
    it is dated by it here, not left to the report's date when its date expression lies
    nearer another event's word ("air strikes to punish an August 21 gas attack that
    killed 1,400")."""
    if reference is None:
        return [event]
    earlier: dict[date, tuple[ResolvedDate, list[tuple[int, int]]]] = {}
    undated: list[tuple[int, int]] = []  # told of a named past attack, with no date
    sentences: list[tuple[int, int]] = []
    figures_at = sorted(c.span[0] for c in event.claims)
    for sentence in event.evidence:
        if not any_between(figures_at, *sentence):
            continue
        told = [sentence]
        when = _earlier_date(text, sentence, reference, dateline_reach)
        if when is None and refers_back(text, *sentence) and not _dates(text, sentence, reference, dateline_reach):
            sentences = sentences or sentence_spans(text)
            before = max((s for s in sentences if s[1] <= sentence[0]), default=None)
            if before is not None and (when := _earlier_date(text, before, reference, dateline_reach)):
                told = [before, sentence]  # the event is told over both
        if when is None:
            when = _recalled_after(text, sentence, event.claims, reference, dateline_reach)
        if when is not None:
            spans = earlier.setdefault(when.date, (when, []))[1]
            spans.extend(s for s in told if s not in spans)
        elif (clause := _named_attack_clause(text, sentence, event.claims)) is not None and not any(
            d.span[0] >= clause for d in _dates(text, sentence, reference, dateline_reach)
        ):
            undated.append(sentence)  # no date of its own: "on Monday" before it is the main clause's
        elif _opens_on_past_rule(text, sentence, event.claims) and not _dates(text, sentence, reference, dateline_reach):
            undated.append(sentence)
    past_context = _past_context_after_the_figures(text, event, figures_at, reference, dateline_reach)
    if not earlier and not undated and not past_context:
        return [event]
    background = {s for _, spans in earlier.values() for s in spans} | set(undated) | past_context
    told_now = [s for s in event.evidence if s not in background]
    parts = [part_told_in(event, sorted(spans), when=when) for when, spans in earlier.values()]
    if undated:
        parts.append(part_told_in(event, undated, recalled=True))
    return [part_told_in(event, told_now), *parts] if told_now else parts


def _past_context_after_the_figures(
    text: str, event: Event, figures_at: list[int], reference: date, dateline_reach: int,
) -> set[tuple[int, int]]:
    """The event's sentences with no figure, told after its last figure and dated long
    before the report ("In late July four hospitals in Aleppo city were hit"): the
    report's background, whose places are not the event's. A dated sentence before the
    figures stays: it may tell the attack they are of ("On June 3 jets struck the town.
    The strike killed 12"); so does one that opens on the attack told before ("The attack,
    the first to hit the town since the war began in 2011, took place at the hospital")."""
    if not figures_at:
        return set()
    return {
        s for s in event.evidence
        if s[0] > figures_at[-1]  # after the last figure, so holding none
        and not (refers_back(text, *s) or _opens_on_the_attack().match(text, s[0]))
        and _earlier_date(text, s, reference, dateline_reach) is not None
    }


def _earlier_date(text: str, sentence: tuple[int, int], reference: date, dateline_reach: int) -> ResolvedDate | None:
    """The sentence's first date, if every date it names ended long before ``reference``.

    A date without its year is read as the latest one on or before the report ("an
    August 21 gas attack" in October); when that lies more than :data:`YEARLESS_REACH`
    back it is more likely ahead ("the June 3 poll" in late May), so it moves nothing.
    """
    dates = _dates(text, sentence, reference, dateline_reach)
    calendar_days = all(d.precision in ("day", "month") and MONTH_NAME.search(d.expression) for d in dates)
    told_before = refers_back(text, *sentence) or _opens_on_the_attack().match(text, sentence[0])
    reach = OTHER_DAY_DAYS if calendar_days and not told_before else BACKGROUND_DAYS
    if not dates or not all(d.last_day < reference - timedelta(days=reach) for d in dates):
        return None
    first = dates[0]
    if not _YEAR.search(first.expression) and first.last_day < reference - timedelta(days=YEARLESS_REACH):
        return None
    return first


@cache
def _recall() -> SimpleNamespace:
    data = read_data("dates_en.toml")["recall"]
    back = data["days_back"]
    lead = re.compile(rf"\b(?:(?P<unit>{'|'.join(map(re.escape, back))})\s+)?{re.escape(data['lead'])}\b", re.IGNORECASE)
    return SimpleNamespace(lead=lead, days_back=back, min_days_back=data["min_days_back"])


_CLAUSE_BREAK = re.compile(r"[,;:—–]")
_WORD = re.compile(r"\w+")
_MAIN_CLAUSE_WORDS = 3  # words before a recalling "after": the news it is told beside


def _recalled_after(
    text: str, sentence: tuple[int, int], claims: list[Claim], reference: date, dateline_reach: int,
) -> ResolvedDate | None:
    """When the sentence's figures are all told after an "after" that recalls an earlier
    attack (see the module's docstring), the date that attack is given."""
    figures = [c.span for c in claims if sentence[0] <= c.span[0] < sentence[1]]
    recall = _recall()
    leads = list(recall.lead.finditer(text, sentence[0], min(f[0] for f in figures)))
    if not leads or _CLAUSE_BREAK.search(text, leads[-1].end(), max(f[0] for f in figures)):
        return None
    lead = leads[-1]
    if len(_WORD.findall(text, sentence[0], lead.start())) < _MAIN_CLAUSE_WORDS:
        return None  # "Just days after a chemical attack, a woman was killed": the after opens the news
    dates = _dates(text, sentence, reference, dateline_reach)
    if any(d.span[0] >= lead.end() and (reference - d.last_day).days < recall.min_days_back for d in dates):
        return None  # "days after a chemical attack a woman was killed on Saturday": this week's news
    if lead["unit"] and recall.days_back[lead["unit"].lower()] == 1:  # "a day after": the day before the news
        recalled = next((d for d in dates if d.span[0] >= lead.end()), None)
        if recalled is not None:  # "a day after an inquiry into whether strikes last week killed 100": last week
            return recalled
        news = next((d for d in reversed(dates) if d.span[1] <= lead.start() and d.precision == "day"), None)
        day_before = (news.date if news else reference) - timedelta(days=1)
        return ResolvedDate(day_before, "day", lead.group(0), lead.span())
    if lead["unit"]:
        day = reference - timedelta(days=recall.days_back[lead["unit"].lower()])
        unit = "month" if lead["unit"].lower().startswith("month") else "week"
        first = day.replace(day=1) if unit == "month" else day - timedelta(days=day.weekday())
        return ResolvedDate(first, unit, lead.group(0), lead.span())
    if dates and all((reference - d.last_day).days >= recall.min_days_back for d in dates):
        return dates[0]
    return None


@cache
def _opens_on_the_attack() -> re.Pattern[str]:
    """A sentence's opening on the attack told before it: "The attack on 2 April also
    wounded 200", "The deadly strike ...": ``recall_named``'s event words after "the"."""
    words = "|".join(map(re.escape, read_data("dates_en.toml")["recall_named"]["event_words"]))
    return re.compile(rf"\s*(?:the|that|this)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{words})\b", re.IGNORECASE)


@cache
def _named_attack() -> re.Pattern[str]:
    """"the" and one to three capitalised words ending in a capitalised event word, then
    a relative word in lower case: a name in running text, not a Title Case headline."""
    data = read_data("dates_en.toml")["recall_named"]
    event_words = "|".join(re.escape(word.capitalize()) for word in data["event_words"])
    relatives = "|".join(r"\s+".join(map(re.escape, words.split())) for words in data["relatives"])
    return re.compile(rf"\b[Tt]he\s+(?:[A-Z][\w'’-]*\s+){{0,2}}[A-Z][\w'’-]*\s+(?:{event_words})\s*,?\s+(?:{relatives})\b")


def _named_attack_clause(text: str, sentence: tuple[int, int], claims: list[Claim]) -> int | None:
    """Where the relative clause on a named attack that tells all the sentence's figures
    begins, if there is one."""
    return next((m.end() for m in _named_attack().finditer(text, sentence[0], _first_figure(sentence, claims))), None)


@cache
def _past_rule() -> re.Pattern[str]:
    """A sentence's opening on the time a party ruled a place: "When it controlled",
    "While the group ruled", "During its rule", "Under their occupation"."""
    data = read_data("dates_en.toml")["recall_rule"]

    def words(key: str) -> str:
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in data[key])

    when = rf"(?:{words('openers')})\s+(?:[\w'’-]+\s+){{0,{data['reach'] - 1}}}?(?:{words('verbs')})"
    during = rf"(?:{words('periods')})\s+(?:{words('possessives')})\s+(?:{words('nouns')})"
    return re.compile(rf"(?:{when}|{during})\b", re.IGNORECASE)


def _opens_on_past_rule(text: str, sentence: tuple[int, int], claims: list[Claim]) -> bool:
    """Does the sentence open on the time a party ruled a place (``[recall_rule]``),
    before any of its figures?"""
    return _past_rule().match(text, sentence[0], _first_figure(sentence, claims)) is not None


def _first_figure(sentence: tuple[int, int], claims: list[Claim]) -> int:
    """Where the sentence's first figure starts (it holds one)."""
    return min(c.span[0] for c in claims if sentence[0] <= c.span[0] < sentence[1])


def _dates(text: str, sentence: tuple[int, int], reference: date, dateline_reach: int) -> list[ResolvedDate]:
    """The dates of what the sentence tells: not the report's own dateline, nor the day of
    a statement."""
    return [
        d for d in find_dates(text, reference, *sentence)
        if (d.span[0] >= dateline_reach or d.date != reference) and not of_statement(text, d.span)
    ]


def part_told_in(
    event: Event, sentences: list[tuple[int, int]], *, when: ResolvedDate | None = None, recalled: bool = False,
) -> Event:
    """The part of ``event`` told in ``sentences``; a background part keeps only the parties
    named in it, and is dated by its date (``when``) or, ``recalled`` with no date, undated."""
    told = Spans(sentences)

    def inside(span: tuple[int, int]) -> bool:
        return span[0] in told

    part = replace(
        event, evidence=sentences, triggers=[t for t in event.triggers if inside(t)],
        claims=[c for c in event.claims if inside(c.span)],
    )
    if when is None and not recalled:
        return part
    named = [a for a in (event.actor1, event.actor2) if a and inside(a.span)]
    return replace(
        part, date=when and when.date, date_precision=when and when.precision,
        date_expression=when and when.expression, recalled=recalled,
        actor1=named[0] if named else None, actor2=named[1] if len(named) > 1 else None,
    )
