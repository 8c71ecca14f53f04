"""Events of an Arabic report: one event for its incident figures, with the kind its
words name (data/events_ar.toml) and the date it tells; totals over a period become
aggregates, never events, as in English (docs/events.md)."""

from __future__ import annotations

from datetime import date
from functools import cache

from ...packs import read_data
from ...records import Aggregate, Claim, Doc, Event
from .dates import date_in
from .words import Phrases


@cache
def _types() -> Phrases:
    data = read_data("events_ar.toml")["types"]
    return Phrases({word: kind for kind, words in data.items() for word in words})


def events_and_aggregates(doc: Doc, claims: list[Claim], published: date | None) -> tuple[list[Event], list[Aggregate]]:
    """The report's event (none when it tells no incident figure) and its aggregates."""
    aggregates = [Aggregate(claim) for claim in claims if claim.scope == "aggregate"]
    incident = [claim for claim in claims if claim.scope == "incident"]
    if not incident:
        return [], aggregates
    told = [s for s in doc.sentences if any(s.start <= c.span[0] < s.end for c in incident)]
    kind, triggers = _kind(told) or _kind(doc.sentences) or ("other", [])
    if kind == "attack":
        kind = "armed_clash" if all(c.group == "combatants" for c in incident) else "attack_on_civilians"
    when = next((found for s in told if (found := date_in(doc.text, s.tokens, published))), None)
    when = when or next((found for s in doc.sentences if (found := date_in(doc.text, s.tokens, published))), None)
    event = Event(
        type=kind, evidence=[s.span for s in told], triggers=triggers, claims=incident,
        date=when.day if when else published, date_precision=when.precision if when else ("day" if published else None),
        date_expression=when.expression if when else None,
    )  # fmt: skip
    return [event], aggregates


def _kind(sentences) -> tuple[str, list[tuple[int, int]]] | None:
    """The first kind of event the sentences name, with where."""
    types = _types()
    for sentence in sentences:
        tokens = sentence.tokens
        for k in range(len(tokens)):
            found = types.match(tokens, k)
            if found:
                return found[1], [(tokens[k].start, tokens[k + found[0] - 1].end)]
    return None
