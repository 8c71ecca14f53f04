"""The package's data files, read by one loader, and the conflict packs among them.

Analysts keep warmonitor's knowledge in TOML under ``warmonitor/data``; every stage reads
it through :func:`read_data`. A conflict pack (``data/conflicts/<slug>.toml``, or a
folder a plugin registers under :data:`PLUGIN_GROUP`; see docs/actors.md) is one war's
knowledge: extract reads its actors and the sources its reports credit, resolve the
countries it is fought in.
"""

from __future__ import annotations

import pickle
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable


def read_data(name: str | Traversable) -> dict:
    """A data file: a path inside ``warmonitor/data``, or a file a plugin ships. Each
    call gives its own copy, which the caller may change."""
    if isinstance(name, str):
        return pickle.loads(_package_data(name))
    return tomllib.loads(name.read_text("utf-8"))


@cache
def _package_data(name: str) -> bytes:
    """A file of ``warmonitor/data`` parsed once per process, kept pickled: several
    components read the same file (places_en.toml eight times in a run), and unpickling
    a copy costs a twentieth of parsing the TOML again."""
    return pickle.dumps(tomllib.loads(resources.files("warmonitor.data").joinpath(name).read_text("utf-8")))


@dataclass(frozen=True)
class ConflictPack:
    """One war's knowledge (``data/conflicts/<slug>.toml``, see docs/actors.md): where and
    when it is fought, the local words that tell a report is about it, and its parties."""

    slug: str
    name: str
    countries: tuple[str, ...]
    since: date
    until: date | None
    cues: tuple[str, ...] = field(repr=False)
    actors: tuple[dict, ...] = field(repr=False)
    victims: tuple[dict, ...] = field(repr=False)
    generic_actors: tuple[dict, ...] = field(repr=False)
    examples: tuple[dict, ...] = field(repr=False)
    sources: tuple[dict, ...] = field(repr=False)  # bodies only this war's reports credit

    def active(self, day: date | None) -> bool:
        """Whether the war is on at ``day`` (any day when the report's date is unknown)."""
        return day is None or (self.since <= day and (self.until is None or day <= self.until))


PLUGIN_GROUP = "warmonitor.conflicts"
"""Entry point group through which a package adds a folder of pack files (a package name)."""


def _pack_files() -> list[Traversable]:
    folders = [resources.files("warmonitor.data").joinpath("conflicts")]
    folders += [resources.files(entry.value) for entry in metadata.entry_points(group=PLUGIN_GROUP)]
    return [f for folder in folders for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".toml")]


def _pack(slug: str, data: dict) -> ConflictPack:
    until = data.get("until")
    return ConflictPack(
        slug=slug,
        name=data["name"],
        countries=tuple(data["countries"]),
        since=date.fromisoformat(str(data["since"])),
        until=date.fromisoformat(str(until)) if until else None,
        cues=tuple(data.get("cues", ())),
        actors=tuple(data.get("actors", ())),
        victims=tuple(data.get("victims", ())),
        generic_actors=tuple(data.get("generic_actors", ())),
        examples=tuple(data.get("examples", ())),
        sources=tuple(data.get("sources", ())),
    )


@cache
def packs() -> dict[str, ConflictPack]:
    """Every conflict pack, the package's and the plugins', by slug (the file's name)."""
    return {f.name.removesuffix(".toml"): _pack(f.name.removesuffix(".toml"), read_data(f)) for f in _pack_files()}
