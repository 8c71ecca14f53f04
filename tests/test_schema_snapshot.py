"""A new store gets its schema in one step (``database.create_schema``: the tables of
``schema.metadata``, Alembic's version stamped): it must be the schema Alembic's nine
migrations make, table by table — columns, types, nullability, defaults, keys, foreign
keys, indexes, unique and check constraints — on SQLite and PostgreSQL; and a store made
so must still migrate down and up as a migrated one does."""

from __future__ import annotations

import re

from sqlalchemy import inspect, text

from conftest import fresh_postgres
from warmonitor.store import database
from warmonitor.store.database import SCHEMA_REVISION, _engine, database_url, migration_config, open_store


def _described(engine) -> dict:
    found = inspect(engine)
    tables = {}
    for name in sorted(found.get_table_names()):
        tables[name] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"], str(c.get("default")), c.get("autoincrement"))
                        for c in found.get_columns(name)],
            "primary key": found.get_pk_constraint(name)["constrained_columns"],
            "foreign keys": sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]),
                                    f.get("options", {}).get("ondelete")) for f in found.get_foreign_keys(name)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in found.get_indexes(name)),
            "unique": sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(name)),
            "checks": sorted(c["sqltext"] for c in found.get_check_constraints(name)),
        }
    return tables


def _sqlite_clauses(engine) -> dict:
    """Each table's CREATE statement as SQLite keeps it, cut into its clauses (whose order
    Alembic's batch mode, which copies a table to alter it, may change), and each index's."""
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")).all()

    def clauses(sql: str) -> list[str]:
        body = re.sub(r"\s+", " ", sql.replace('"', "")).strip()
        head, _, rest = body.partition("(")
        rest = rest.strip()
        rest = rest[:-1] if rest.endswith(")") else rest  # the statement's closing parenthesis, once
        return [head.strip(), *sorted(part.strip() for part in re.split(r",(?![^()]*\))", rest))]

    return {name: clauses(sql) for name, sql in rows}


def _migrated(url: str):
    from alembic import command

    engine = _engine(url, read_only=False)
    config = migration_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return engine


def _compare(created_url: str, migrated_url: str) -> None:
    created = open_store(created_url)
    migrated = _migrated(migrated_url)
    assert _described(created) == _described(migrated)
    assert len(_described(created)) == 15  # the 14 tables and Alembic's
    if created.dialect.name == "sqlite":
        assert _sqlite_clauses(created) == _sqlite_clauses(migrated)
    for engine in (created, migrated):
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == SCHEMA_REVISION
        engine.dispose()


def test_a_new_sqlite_store_is_created_as_the_migrations_make_it_without_running_them(tmp_path, monkeypatch):
    created = str(tmp_path / "created.sqlite")

    def no_migration():
        raise AssertionError("a new store ran Alembic's migrations")

    with monkeypatch.context() as patched:
        patched.setattr(database, "migration_config", no_migration)
        open_store(created).dispose()
    _compare(created, database_url(str(tmp_path / "migrated.sqlite")))


def test_a_new_postgresql_store_is_created_as_the_migrations_make_it():
    created, migrated = fresh_postgres(), fresh_postgres()
    try:
        _compare(next(created), database_url(next(migrated)))
    finally:
        next(created, None)
        next(migrated, None)


def test_a_created_store_migrates_down_and_up_again(tmp_path):
    from alembic import command

    engine = open_store(str(tmp_path / "created.sqlite"))
    before = _described(engine)
    config = migration_config()
    for step, target in ((command.downgrade, "0005"), (command.upgrade, "head")):
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, target)
    assert _described(engine) == before
    engine.dispose()
