"""News outlets: who owns them and whose voice they are (``data/outlets.toml``).

Reconcile counts each source once. An outlet that is a body's own voice (SANA for the
Syrian state, the National Coalition's website) prints that body's figures: a toll it
gives without crediting anyone is credited to the body, so the body is one source whether
it publishes a toll itself or another outlet quotes it. The dashboard and API show who
owns the outlets they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .packs import read_data


@dataclass(frozen=True)
class Outlet:
    code: str
    name: str
    owner: str
    affiliation: str  # state | party | private | public
    country: str | None = None
    speaks_for: str | None = None  # a canonical source name of sources_en.toml


@cache
def outlets() -> dict[str, Outlet]:
    """Every outlet the data file knows, by lower-case code."""
    return {entry["code"].lower(): Outlet(**entry) for entry in read_data("outlets.toml")["outlets"]}


def credited(source: str | None, outlet: str | None, document_id: int) -> str:
    """Whom a figure counts for: the source its sentence credits, else the body the
    outlet speaks for, else the outlet (else the document, when no outlet is known)."""
    if source:
        return source
    known = outlets().get(outlet.lower()) if outlet else None
    return (known.speaks_for if known else None) or outlet or f"document {document_id}"
