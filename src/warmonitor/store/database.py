"""Open a store: where it lives, how to connect, and its schema brought up to date.

``--db`` takes a path to a SQLite file (the default is ``warmonitor.sqlite`` in
:func:`warmonitor.settings.data_home`) or a ``postgresql://`` URL. Opening a store runs
any Alembic migration it lacks; on PostgreSQL an advisory lock keeps two processes from
migrating at once.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text

from ..settings import data_home
from .schema import metadata

DEFAULT_NAME = "warmonitor.sqlite"
SCHEMA_REVISION = "0009"
"""The newest migration: a store already there opens without loading Alembic at all."""
_MIGRATION_LOCK = 0x77A2_0001  # any constant: the advisory lock's key

# psycopg logs a warning when it tears down a pipeline whose connection was lost, and
# SQLAlchemy's pool logs "Exception during reset or similar" with a traceback when it
# hands back a connection whose backend was killed; with no logging configured Python
# prints them raw on stderr. The store already retries a lost connection and names the
# report it could not store, in one line: the libraries' own lines would be more,
# unasked-for ones. An application that configures logging still receives them.
for _library in ("psycopg", "sqlalchemy.pool"):
    logging.getLogger(_library).addHandler(logging.NullHandler())


class StoreError(Exception):
    """A store that cannot be opened: one line for the user."""


def database_url(db: str | None) -> str:
    """The SQLAlchemy URL for ``--db`` (None: the default SQLite file)."""
    if db is None:
        return f"sqlite:///{data_home() / DEFAULT_NAME}"
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        if db.startswith(("sqlite://", "postgresql+psycopg://")):
            return db
        raise StoreError(f"{db}: not a SQLite path or a postgresql:// URL")
    path = Path(db).expanduser()
    if path.is_dir():
        raise StoreError(f"{db}: is a folder, not a database file")
    return f"sqlite:///{path.resolve()}"


def open_store(db: str | None, *, read_only: bool = False) -> Engine:
    """An engine on the store, its schema migrated to the latest revision.

    ``read_only`` (for the commands that only read: tally, export, show, aggregates,
    serve): the store must exist already — a mistyped path must not give an empty
    answer — and SQLite connections refuse writes and begin plain deferred
    transactions, so readers never take the write lock an ingest needs. A store that
    cannot be written (a read-only file, folder or file system) is read as it is.
    """
    try:
        url = database_url(db)
        if read_only:
            return _reader(url, db)
        engine = _engine(url, read_only=False)
        _migrate(engine)
        return engine
    except StoreError:
        raise
    except Exception as error:  # driver errors vary: say what failed, in one line
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise StoreError(f"cannot open the store {db or url}: {reason}") from error


def _reader(url: str, db: str | None) -> Engine:
    """An engine that only reads an existing store, migrated first if it can be written."""
    name = db or url
    path = Path(make_url(url).database) if url.startswith("sqlite") else None
    if path is not None and not path.is_file():
        raise StoreError(f"no store at {name}: only `warmonitor ingest` makes a new one")
    engine = _engine(_read_only_url(path) if path else url, read_only=True)
    revision = _revision(engine)
    if revision is None:
        engine.dispose()
        raise StoreError(f"{name}: not a warmonitor store (no schema revision in it)")
    if revision != SCHEMA_REVISION:
        if path is not None and not _writable(path):
            engine.dispose()
            raise StoreError(f"{name}: the store's schema {revision} needs an upgrade to {SCHEMA_REVISION}, and it "
                             "cannot be written here; open it once where it can (warmonitor ingest upgrades it)")
        writer = _engine(url, read_only=False)
        _migrate(writer)
        writer.dispose()
    return engine


def _read_only_url(path: Path) -> str:
    """SQLite's read-only URI for ``path``: ``mode=ro``, and ``immutable=1`` where SQLite
    could not make the shared-memory file (``-shm``) write-ahead logging needs — unless
    the log (``-wal``) holds changes, which an immutable reader would silently miss."""
    options = "mode=ro"
    shared_memory, log = (path.with_name(path.name + suffix) for suffix in ("-shm", "-wal"))
    if not _writable(path) and not shared_memory.exists():
        if log.exists() and log.stat().st_size:
            raise StoreError(f"{path}: its log {log.name} holds changes not yet in the store, and this folder cannot be "
                             "written to apply them: copy the store with its -wal file to a folder that can be")
        options += "&immutable=1"
    return f"sqlite:///file:{quote(str(path))}?{options}&uri=true"


def _writable(path: Path) -> bool:
    """Whether SQLite could write the file and make its journals beside it (False on a
    read-only file system even for root: access(2) answers EROFS)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _engine(url: str, *, read_only: bool) -> Engine:
    engine = create_engine(url, future=True, pool_pre_ping=not read_only)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_reader if read_only else _sqlite_pragmas)
        if not read_only:
            event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_reader(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


def _sqlite_pragmas(connection, _record) -> None:
    connection.isolation_level = None  # transactions are begun by _sqlite_begin
    cursor = connection.cursor()
    cursor.execute("PRAGMA busy_timeout=60000")
    _use_wal(cursor)  # readers never block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint, safe against crashes
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor, *, patience: float = 60.0) -> None:
    """Switch the file to write-ahead logging, waiting for other openers.

    Converting a new file to WAL needs an exclusive lock, and SQLite answers "database
    is locked" at once, without its busy handler, when two processes open one new store
    together (two ingests started at once): so retry here until ``patience`` runs out.
    """
    deadline = time.monotonic() + patience
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            if time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.25)


def _sqlite_begin(connection) -> None:
    """Take the write lock when a transaction begins, not halfway through it: two
    writers then wait their turn instead of failing with "database is locked"."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _migrate(engine: Engine) -> None:
    if _revision(engine) == SCHEMA_REVISION:
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        if _new_store(connection):  # another process may have made it while this one waited
            create_schema(connection)
            return
        from alembic import command  # loaded only when there is something to migrate

        config = migration_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _new_store(connection: Connection) -> bool:
    """Whether the database holds none of the store's tables (nor Alembic's)."""
    return not set(inspect(connection).get_table_names()) & {"alembic_version", *metadata.tables}


def create_schema(connection: Connection) -> None:
    """A new store's schema in one step: the tables of ``schema.metadata``, and Alembic's
    version table stamped with the newest revision, as ``alembic upgrade head`` leaves it
    (tests/test_schema_snapshot.py compares the two, table by table, on SQLite and
    PostgreSQL). Running the nine migrations one by one took about 0.5 CPU s (importing
    Alembic, and SQLite's batch mode copying each altered table) for every new store; a
    store that exists already is still brought up to date by Alembic."""
    metadata.create_all(connection)
    connection.execute(text(
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"))
    connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:revision)"), {"revision": SCHEMA_REVISION})


def migration_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("warmonitor.store").joinpath("migrations")))
    return config


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # noqa: BLE001 - no table yet: a new store
            return None
