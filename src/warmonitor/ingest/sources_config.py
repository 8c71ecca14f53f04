"""The sources `warmonitor watch` polls: a TOML file a person edits, or `warmonitor sources
add|remove` rewrites.

The file (default ``watch.toml`` in the data folder) holds a ``[watch]`` table of
settings and one ``[[source]]`` table per source. It is rewritten with tomlkit, which
keeps every other table, comment and layout as it was: tables this module does not know
(``[[alert]]`` for the alerts) belong to other readers and survive any rewrite. A file
that cannot be read, or a source that makes no sense, is one line of error naming the
file and what is wrong.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from warmonitor import __version__
from warmonitor.ingest.errors import IngestError
from warmonitor.settings import data_home

KINDS = ("feed", "sitemap", "index")
DEFAULT_INTERVAL = 600.0
CONFIG_NAME = "watch.toml"


class ConfigError(IngestError):
    """The watch configuration cannot be used: one line saying why."""


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    kind: str = "feed"  # feed (RSS/Atom) | sitemap | index (an HTML page of article links)
    interval: float = DEFAULT_INTERVAL  # seconds between two polls
    links: str | None = None  # index pages: a regular expression article links must match


@dataclass(frozen=True)
class WatchSettings:
    allow_private_addresses: bool = False
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    user_agent: str = f"warmonitor/{__version__} (news monitor)"
    per_host_interval: float = 1.0  # seconds between two requests to one host
    fetch_deadline: float = 20.0  # seconds one download may take, headers included
    feed_deadline: float = 120.0  # seconds one poll may spend on a source and its new articles
    max_bytes: int = 20 * 1024 * 1024
    max_backoff: float = 3600.0  # the longest wait after errors, in seconds
    max_attempts: int = 3  # an article that fails this many times is given up
    base_url: str = "http://127.0.0.1:8000"  # where the dashboard serves event pages, for alert links


@dataclass(frozen=True)
class WatchConfig:
    settings: WatchSettings = WatchSettings()
    sources: tuple[Source, ...] = field(default_factory=tuple)
    alerts: tuple[dict, ...] = ()  # the [[alert]] tables, as written: publish.alerts reads them


def default_path() -> Path:
    return data_home() / CONFIG_NAME


def load_config(path: Path) -> WatchConfig:
    """The configuration in ``path``; a file not there yet is an empty one."""
    document = _read(path)
    settings = _settings(path, document.get("watch", {}).unwrap() if "watch" in document else {})
    sources = tuple(_source(path, table) for table in _source_tables(document))
    names = [source.name for source in sources]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"{path}: two sources are named '{name}'")
    alerts = document["alert"].unwrap() if "alert" in document else []
    if not isinstance(alerts, list) or not all(isinstance(table, dict) for table in alerts):
        raise ConfigError(f"{path}: 'alert' must be tables ([[alert]])")
    return WatchConfig(settings, sources, tuple(alerts))


def add_source(path: Path, source: Source) -> None:
    """Append ``source`` to the file, keeping everything else in it."""
    document = _read(path)
    _source(path, _as_table(source))  # refuse a bad source before writing
    if any(table.get("name") == source.name for table in _source_tables(document)):
        raise ConfigError(f"{path}: a source named '{source.name}' is there already")
    if "source" not in document:
        document["source"] = tomlkit.aot()
    document["source"].append(_as_table(source))
    _write(path, document)


def remove_source(path: Path, name: str) -> None:
    """Take the source ``name`` out of the file, keeping everything else in it."""
    document = _read(path)
    tables = _source_tables(document)
    kept = [table for table in tables if table.get("name") != name]
    if len(kept) == len(tables):
        raise ConfigError(f"{path}: no source named '{name}'")
    sources = document["source"]
    for index in reversed(range(len(sources))):
        if sources[index].get("name") == name:
            del sources[index]
    if not kept:
        del document["source"]
    _write(path, document)


def _read(path: Path) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(path.read_text("utf-8")) if path.exists() else tomlkit.document()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None
    except TOMLKitError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None


def _write(path: Path, document: tomlkit.TOMLDocument) -> None:
    """Write a whole new file, then put it in place: a crash leaves the old one or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(tomlkit.dumps(document), "utf-8")
    os.replace(temporary, path)


def _source_tables(document: tomlkit.TOMLDocument) -> list:
    tables = document.get("source", [])
    return list(tables) if isinstance(tables, list) else [tables]


def _as_table(source: Source) -> tomlkit.items.Table:
    table = tomlkit.table()
    table.update({"name": source.name, "url": source.url, "kind": source.kind, "interval": source.interval})
    if source.links:
        table["links"] = source.links
    return table


def _source(path: Path, table) -> Source:
    values = table.unwrap() if hasattr(table, "unwrap") else dict(table)
    name = values.get("name")
    where = f"{path}: source '{name}'" if isinstance(name, str) and name else f"{path}: a source"
    if not isinstance(name, str) or not re.fullmatch(r"[\w.-]{1,80}", name):
        raise ConfigError(f"{where}: needs a name of letters, digits, '.', '-' or '_' (at most 80)")
    url = values.get("url")
    if not isinstance(url, str) or not re.match(r"https?://[^/\s]+", url, re.IGNORECASE):
        raise ConfigError(f"{where}: needs an http(s) url")
    kind = values.get("kind", "feed")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    interval = values.get("interval", DEFAULT_INTERVAL)
    if isinstance(interval, bool) or not isinstance(interval, (int, float)) or not interval > 0:
        raise ConfigError(f"{where}: interval must be a number of seconds above 0")
    links = values.get("links")
    if links is not None:
        try:
            re.compile(links)
        except (re.error, TypeError) as error:
            raise ConfigError(f"{where}: links is not a regular expression ({error})") from None
    return Source(name, url, kind, float(interval), links)


def _settings(path: Path, values: dict) -> WatchSettings:
    defaults = WatchSettings()
    allow = values.get("allow_private_addresses", False)
    networks: tuple = ()
    if isinstance(allow, list):
        try:
            networks = tuple(ipaddress.ip_network(str(item), strict=False) for item in allow)
        except ValueError as error:
            raise ConfigError(f"{path}: [watch] allow_private_addresses: {error}") from None
        allow = False
    elif not isinstance(allow, bool):
        raise ConfigError(f"{path}: [watch] allow_private_addresses must be true, false or a list of networks")
    numbers = {}
    for key, least in (("per_host_interval", 0), ("max_backoff", 0), ("fetch_deadline", 1e-3), ("feed_deadline", 1e-3),
                       ("max_bytes", 1), ("max_attempts", 1)):
        value = values.get(key, getattr(defaults, key))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < least:
            raise ConfigError(f"{path}: [watch] {key} must be a number{' above 0' if least else ' of at least 0'}")
        numbers[key] = type(getattr(defaults, key))(value)
    agent = values.get("user_agent", defaults.user_agent)
    if not isinstance(agent, str) or not agent.strip() or "\n" in agent:
        raise ConfigError(f"{path}: [watch] user_agent must be one line of text")
    base_url = values.get("base_url", defaults.base_url)
    if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{path}: [watch] base_url must be an http(s) URL")
    return WatchSettings(allow, networks, agent, **numbers, base_url=base_url)
