"""The typed records that pipeline stages hand to one another.

Stages never exchange dicts: a record's fields are the contract between them,
and the JSON that users see is written from these records in one place
(:mod:`warmonitor.publish.jsonl`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Outcome = Literal["killed", "injured"]
Qualifier = Literal["exact", "at_least", "more_than", "nearly", "about", "up_to"]
Group = Literal["civilians", "combatants", "unspecified"]
Side = Literal["government", "opposition", "jihadist", "kurdish", "foreign", "mixed", "unknown"]
Scope = Literal["incident", "aggregate"]
Status = Literal["current", "superseded"]


@dataclass(frozen=True)
class Document:
    """One report as the extractor reads it: cleaned text plus what we know about it."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True)
class Claim:
    """A statement that a number of people were killed or injured (see docs/claims.md)."""

    count: int | None
    outcome: Outcome
    qualifier: Qualifier
    group: Group
    side: Side | None
    scope: Scope
    status: Status
    quote: str
    span: tuple[int, int]
    high: int | None = None
    vague: str | None = None


@dataclass(frozen=True)
class Report:
    """A document and the claims read out of it."""

    document: Document
    claims: list[Claim] = field(default_factory=list)
