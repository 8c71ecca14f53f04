"""A store that cannot be written is still read (issue 12, item 3), and a store that is
not there is refused, never made empty by a command that only reads (item 10)."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import run_cli
from hostile.conftest import STRIKES, cli, python, read_only_file_system, read_only_folder, write_corpus

READ_API = """
import sys
from fastapi.testclient import TestClient
from warmonitor.publish.api import create_app
from warmonitor.store.database import StoreError, open_store
try:
    engine = open_store({db!r}, read_only=True)
except StoreError as error:
    print(error, file=sys.stderr)
    sys.exit(1)
client = TestClient(create_app(engine))
events = client.get("/api/events")
print(events.status_code, events.json()["total"], client.get("/api/tallies?by=type").status_code)
"""

@pytest.fixture
def store(folder):
    """A SQLite store of the invented strikes, closed cleanly (no -wal or -shm left)."""
    path = folder / "store.sqlite"
    done = run_cli("ingest", "--quiet", "--db", str(path), str(write_corpus(folder / "strikes.csv", STRIKES)))
    assert done.returncode == 0, done.stderr
    (folder / "strikes.csv").unlink()
    return path


def test_the_api_reads_a_store_in_a_folder_it_may_not_write(store):
    with read_only_folder(store.parent) as prefix:
        result = python(prefix, READ_API.format(db=str(store)))
    assert result.returncode == 0, result.stderr
    status, total, tallies = result.stdout.split()
    assert (status, tallies) == ("200", "200") and int(total) >= 2


def test_every_read_command_reads_a_store_in_a_folder_it_may_not_write(store):
    with read_only_folder(store.parent) as prefix:
        results = [cli(prefix, *command, "--db", str(store))
                   for command in (["tally"], ["export"], ["show", "1"], ["aggregates"])]
    assert [r.returncode for r in results] == [0, 0, 0, 0], [r.stderr for r in results]


def _with_pending_changes(store, *, keep_shared_memory: bool) -> None:
    """Leave a change in the store's write-ahead log, as a store copied while an ingest
    was writing it is: a new incident type no other incident has."""
    connection = sqlite3.connect(store)
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("UPDATE incident SET type = 'invented_type' WHERE id = (SELECT min(id) FROM incident)")
    connection.commit()
    copies = {suffix: store.with_name(store.name + suffix).read_bytes() for suffix in ("", "-wal", "-shm")}
    connection.close()  # the last connection checkpoints: put the files back as they were
    for suffix, data in copies.items():
        if suffix != "-shm" or keep_shared_memory:
            store.with_name(store.name + suffix).write_bytes(data)


def test_a_read_only_file_system_with_the_log_and_its_index_is_read_with_its_pending_changes(store):
    _with_pending_changes(store, keep_shared_memory=True)
    code = READ_API.format(db=str(store)) + "print(client.get('/api/events?type=invented_type').json()['total'])"
    with read_only_file_system(store.parent) as prefix:
        result = python(prefix, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "1"


def test_a_read_only_file_system_with_a_log_it_cannot_apply_is_refused_in_one_line(store):
    _with_pending_changes(store, keep_shared_memory=False)
    with read_only_file_system(store.parent) as prefix:
        result = python(prefix, READ_API.format(db=str(store)))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "store.sqlite-wal" in result.stderr, result.stderr


def test_a_clean_store_on_a_read_only_file_system_is_read(store):
    with read_only_file_system(store.parent) as prefix:
        result = python(prefix, READ_API.format(db=str(store)))
    assert result.returncode == 0, result.stderr


def test_reading_a_store_that_is_not_there_is_refused_and_makes_no_file(folder):
    missing = folder / "mistyped.sqlite"
    result = python([], READ_API.format(db=str(missing)))
    assert result.returncode == 1
    assert result.stderr == f"no store at {missing}: only `warmonitor ingest` makes a new one\n"
    assert not missing.exists()


def test_read_commands_refuse_a_store_that_is_not_there(folder):
    missing = folder / "mistyped.sqlite"
    for command in (["tally"], ["export"], ["show", "1"], ["aggregates"]):
        result = cli([], *command, "--db", str(missing))
        assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert not missing.exists()


def test_reading_an_empty_postgresql_database_is_refused(postgres):
    result = python([], READ_API.format(db=postgres))
    assert result.returncode == 1 and "not a warmonitor store" in result.stderr, result.stderr
