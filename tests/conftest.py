"""Shared test fixtures: where the shared corpus and gold files live, when present."""

import json
import os
import subprocess
import sys
import tempfile
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# Tests never write to the user's own data folder: the gazetteer index (built once per
# run from the bundled GeoNames data) goes to a temporary one, inherited by subprocesses.
os.environ["WARMONITOR_HOME"] = tempfile.mkdtemp(prefix="warmonitor-test-")

from warmonitor.ingest import IngestError, read_input

from browsing import browser, page  # noqa: E402,F401 - the browser tests' fixtures, registered for every module

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "src" / "warmonitor" / "samples"
POSTGRES = os.environ.get("WARMONITOR_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


def refusal(error: type[Exception], read) -> str:
    """The one-line message of the ``error`` that reading everything ``read()`` yields raises."""
    with pytest.raises(error) as caught:
        list(read())
    message = str(caught.value)
    assert "\n" not in message
    return message


def error_of(source: str) -> str:
    """The one-line reason ``read_input`` gives for refusing ``source``."""
    return refusal(IngestError, lambda: read_input(source))


def _postgres_database() -> str:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    import psycopg

    name = f"warmonitor_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_postgres():
    """A fresh PostgreSQL database's URL, dropped afterwards (a fixture's generator body)."""
    try:
        name = _postgres_database()
    except Exception as error:  # noqa: BLE001 - say why, do not pretend it passed
        pytest.fail(f"PostgreSQL at {POSTGRES} is needed for the store tests: {error}")
    yield f"{POSTGRES}/{name}"
    _drop(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path) -> str:
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    yield from fresh_postgres()


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """`warmonitor ARGS` in a process of its own, its output as text."""
    return subprocess.run([sys.executable, "-m", "warmonitor", *args], capture_output=True, text=True, **kwargs)


def sample_store_upgraded_from(db: str, revision: str):
    """An engine on a store of the Rashidin sample taken down to schema ``revision`` and
    upgraded again to the newest: what an older store looks like after its upgrade."""
    from alembic import command
    from sqlalchemy import create_engine

    from warmonitor.store.database import database_url, migration_config

    done = run_cli("ingest", "--quiet", "--db", db, str(SAMPLES / "fa-kes-rashidin-2017-04.csv"))
    assert done.returncode == 0, done.stderr
    engine = create_engine(database_url(db))
    config = migration_config()
    for step, target in ((command.downgrade, revision), (command.upgrade, "head")):
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, target)
    return engine


class Hook:
    """A loopback HTTP server that records each POST and answers with the next status
    of ``answers`` (200 once they run out)."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.answers: list[int] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                hook.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status = hook.answers.pop(0) if hook.answers else 200
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def json(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.received]


@pytest.fixture
def hook():
    server = Hook()
    yield server
    server.server.shutdown()
    server.server.server_close()


# Invented reports for the live stream and the alerts: an air strike in Idlib (17
# civilians), its toll revised to 30, a shelling in Aleppo (4 fighters).
STRIKE = ("BEIRUT, 2 March 2020 - Government air strikes on the town of Saraqib in Idlib province "
          "killed 17 civilians on Monday, a war monitor said.\n")
REVISED = ("BEIRUT, 3 March 2020 - The death toll from Monday's government air strikes on the town of "
           "Saraqib in Idlib province has risen to 30 civilians, a war monitor said on Tuesday.\n")
SHELLING = ("BEIRUT, 10 May 2020 - Shelling of the town of Azaz in Aleppo province killed 4 fighters "
            "on Sunday, a war monitor said.\n")


def ingest_reports(db: str, folder: Path, **reports: str) -> None:
    """Store invented reports (name=text) with `warmonitor ingest`, in a process of its own."""
    paths = []
    for name, text in reports.items():
        paths.append(folder / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    done = run_cli("ingest", "--quiet", "--db", db, *map(str, paths), timeout=300)
    assert done.returncode == 0, done.stderr
