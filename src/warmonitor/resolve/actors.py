"""Read generic names of parties as the actors the report names.

"32 jihadists" in a report that names Hayat Tahrir al-Sham are HTS's fighters: a
generic term (``generic_actors`` in ``data/actors/generic.toml`` or the report's conflict pack) with a side takes the actor
of that side the report names most often. With none named it stays as written, with
its side; a term with no side ("gunmen") stays generic.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cache

from ..packs import packs, read_data
from ..records import ActorMention


def named_by_side(mentions: list[ActorMention]) -> dict[str, ActorMention]:
    """For each side, the named actor the report names most often (first named on a tie)."""
    counts = Counter((m.side, m.canonical) for m in mentions if m.canonical and m.side)
    best: dict[str, ActorMention] = {}
    for mention in mentions:
        if not (mention.canonical and mention.side):
            continue
        current = best.get(mention.side)
        if current is None or counts[(mention.side, mention.canonical)] > counts[(current.side, current.canonical)]:
            best[mention.side] = mention
    return best


def resolve_actor(mention: ActorMention | None, named: dict[str, ActorMention]) -> ActorMention | None:
    """The mention with the canonical actor its side points to, when it has none. A
    generic term left without one is written as :func:`generic_name` gives it (its
    ``span`` still points at the words as written)."""
    if mention is None or mention.canonical:
        return mention
    if not mention.side or mention.side not in named:
        return replace(mention, name=generic_name(mention.name))
    actor = named[mention.side]
    return replace(mention, canonical=actor.canonical, type=actor.type)


def generic_name(name: str) -> str:
    """One name for a party named by a common noun, in every report: lower case, and
    plural where the term is listed in both numbers ("Terrorists", "terrorist" and
    "terrorists" are one party in every table)."""
    lower = name.lower()
    return f"{lower}s" if f"{lower}s" in _generic_terms() else lower


@cache
def _generic_terms() -> frozenset[str]:
    """The nouns that name a party without naming it, of any war and of every pack."""
    entries = [*read_data("actors/generic.toml")["generic_actors"], *(e for p in packs().values() for e in p.generic_actors)]
    return frozenset(term for entry in entries for term in entry["terms"])
