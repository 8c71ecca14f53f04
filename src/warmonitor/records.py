"""The typed records that pipeline stages hand to one another.

Stages never exchange dicts: a record's fields are the contract between them,
and the JSON that users see is written from these records in one place
(:mod:`warmonitor.publish.jsonl`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

Outcome = Literal["killed", "injured"]
Qualifier = Literal["exact", "at_least", "more_than", "nearly", "about", "up_to"]
Group = Literal["civilians", "combatants", "unspecified"]
Side = Literal["government", "opposition", "jihadist", "kurdish", "foreign", "mixed", "unknown"]
Scope = Literal["incident", "aggregate"]
Status = Literal["current", "superseded"]
Precision = Literal["locality", "district", "governorate", "region", "country"]
DatePrecision = Literal["day", "week", "month", "year"]
EventType = Literal[
    "armed_clash", "air_strike", "shelling", "explosion", "attack_on_civilians", "execution",
    "abduction", "territory", "ceasefire", "displacement", "protest", "other",
]  # fmt: skip


class Token(NamedTuple):
    """A word or sign of the text, as a window on it: offsets never rewrite the text. A
    named tuple, not a dataclass: a report of megabytes has millions, and a tuple is made
    in a third of the time a frozen dataclass takes."""

    text: str
    lower: str
    start: int
    end: int

    @property
    def is_digit(self) -> bool:
        return self.text[0].isdigit()

    @property
    def is_capitalized(self) -> bool:
        return self.text[0].isupper()


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    tokens: list[Token]

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True, slots=True)
class Doc:
    """A report's text read once into sentences and tokens (``extract.doc.read_doc``),
    which every component of extract and resolve reads in turn, as spaCy's ``Doc``."""

    text: str
    sentences: list[Sentence]

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [s.span for s in self.sentences]


@dataclass(frozen=True)
class Document:
    """One report as the extractor reads it: cleaned text plus what we know about it."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    outlet: str | None = None  # who published it: a corpus's source column, a URL's host
    raw: str | None = None  # the text as received (decoded), before cleaning


@dataclass(frozen=True, slots=True)
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
    part_of: tuple[int, int] | None = None  # the span of the total it is a sub-count of ("among them 10 children")
    beside: tuple[int, int] | None = None  # the span of the count it is told beside ("23 soldiers as well as 32 rebels")
    source: str | None = None  # whom its sentence credits (canonical name, else as written); None: the outlet's own


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in a report: as written, and where the gazetteer puts it.

    An unknown name ("the village of Al-Latamneh" before a full GeoNames dump is loaded)
    keeps ``geonameid`` None and takes the governorate its context gives; ``precision``
    then says how precisely the place is known (see docs/events.md).
    """

    name: str
    span: tuple[int, int]
    precision: Precision
    geonameid: int | None = None
    canonical: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A party to the violence as written, and the actor it stands for (its conflict pack, data/conflicts/*.toml)."""

    name: str
    span: tuple[int, int]
    canonical: str | None
    type: str | None
    side: str | None


@dataclass(frozen=True, slots=True)
class Source:
    """Whom a report credits for what it says ("the Syrian Observatory for Human Rights")."""

    name: str
    span: tuple[int, int]
    canonical: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One incident a report tells of: what happened, where, when, who, and its tolls.

    ``evidence`` holds the spans of the sentences the event rests on; ``date`` is resolved
    against the report's date (see docs/events.md).
    """

    type: EventType
    evidence: list[tuple[int, int]]
    triggers: list[tuple[int, int]] = field(default_factory=list)  # the words that name the type
    claims: list[Claim] = field(default_factory=list)
    date: date | None = None
    date_precision: DatePrecision | None = None
    date_expression: str | None = None
    places: list[Place] = field(default_factory=list)
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    sources: list[Source] = field(default_factory=list)
    # told as a past attack the report recalls but does not date ("the Ghouta Massacre
    # that claimed 1,127 lives"): never news of the report's day (resolve/background.py)
    recalled: bool = False


@dataclass(frozen=True, slots=True)
class Aggregate:
    """A total over a period ("more than 800 civilians since the end of April"): never an event."""

    claim: Claim
    period_start: date | None = None
    period_end: date | None = None
    period_expression: str | None = None
    area: Place | None = None
    source: Source | None = None


@dataclass(frozen=True)
class Report:
    """A document and what was read out of it: claims, events, aggregates, main place."""

    document: Document
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    aggregates: list[Aggregate] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)  # every party named, in text order
    primary_place: Place | None = None
    conflict: str | None = None  # the conflict pack read it ("Syria"), None when no pack applies
    country: str | None = None  # ISO 3166-1 alpha-2 of the country its main event happened in
    language: str = "en"  # ISO 639-1 of the language it was read in (extract/arabic: "ar")
    # The text as extract read it, for resolve to read the same tokens; resolve drops it
    # (it is never stored or published).
    doc: Doc | None = field(default=None, repr=False, compare=False)
