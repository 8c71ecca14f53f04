"""What the hostile store and server tests share: invented reports, a store made of them,
and a way to read a store that cannot be written."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from warmonitor.store.checksum import table_checksums
from warmonitor.store.database import database_url

# Invented reports (no sentence of a real one): three air strikes on one town, two days
# apart each, so that which strikes make one incident depends on the order they are
# stored in (the first and the last are four days apart, each two from the middle one).
STRIKES = [
    {"unit_id": "inv-a", "article_title": "Strike on Saraqib", "source": "Invented Wire", "date": "2020-03-01",
     "article_content": "An air strike killed 5 people in Saraqib in Idlib province on Sunday. "
                        "Rescuers said the dead were a baker and his four sons."},
    {"unit_id": "inv-b", "article_title": "Second strike on Saraqib", "source": "Invented Herald", "date": "2020-03-03",
     "article_content": "An air strike killed 9 people in Saraqib in Idlib province on Tuesday. "
                        "A market and two houses were destroyed."},
    {"unit_id": "inv-c", "article_title": "Third strike on Saraqib", "source": "Invented Post", "date": "2020-03-05",
     "article_content": "An air strike killed 14 people in Saraqib in Idlib province on Thursday. "
                        "Residents fled towards the Turkish border."},
]


def write_corpus(path: Path, rows: list[dict]) -> Path:
    """A corpus CSV of ``rows`` in FA-KES's columns."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def many_strikes(count: int) -> list[dict]:
    """``count`` invented reports, one strike a day on one of a few towns, for runs that
    must last a while (a kill must land in the middle of one)."""
    towns = ["Saraqib", "Ariha", "Jisr al-Shughur", "Maarrat al-Numan", "Khan Shaykhun"]
    rows = []
    for number in range(count):
        town, day = towns[number % len(towns)], 1 + number % 27
        rows.append({
            "unit_id": f"inv-{number}", "article_title": f"Strike number {number}", "source": f"Invented Outlet {number % 3}",
            "date": f"2020-0{1 + number // 27 % 9}-{day:02d}",
            "article_content": f"An air strike killed {3 + number % 40} people in {town} in Idlib province. "
                               f"Witnesses counted {number % 7 + 2} craters near the school, report {number}.",
        })
    return rows


def checksums(db: str) -> dict[str, str]:
    """The store's table checksums, ids replaced by natural keys."""
    engine = create_engine(database_url(db))
    with engine.connect() as connection:
        sums = table_checksums(connection)
    engine.dispose()
    return sums


@contextmanager
def read_only_folder(folder: Path):
    """A prefix for commands run by a user who may read ``folder`` and its files but not
    write them: this user with the modes taken away, or, for root (whom modes do not
    stop), the user nobody."""
    modes = {path: path.stat().st_mode for path in [folder, *folder.iterdir()]}
    for path in modes:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        if os.geteuid() != 0:
            yield []
        elif shutil.which("setpriv") is None:
            pytest.skip("running as root, where file modes do not stop writes, without setpriv to drop to nobody")
        else:
            yield ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


@contextmanager
def read_only_file_system(folder: Path):
    """A prefix for commands that see ``folder`` as a read-only file system (a read-only
    bind mount in a mount namespace of their own). Skips the test, saying why, where
    that is not allowed (it needs root)."""
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    prefix = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(folder)]
    if shutil.which("unshare") is None or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        pytest.skip("a read-only bind mount is not allowed here (it needs root and unshare)")
    yield prefix


def python(prefix: list[str], code: str) -> subprocess.CompletedProcess:
    """``code`` run by this Python under ``prefix``."""
    return subprocess.run([*prefix, sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, env=_env(prefix))


def cli(prefix: list[str], *args: str) -> subprocess.CompletedProcess:
    """`warmonitor ARGS` run under ``prefix``."""
    return subprocess.run([*prefix, sys.executable, "-m", "warmonitor", *args], capture_output=True, text=True, env=_env(prefix))


def _env(prefix: list[str]) -> dict[str, str]:
    """This environment, with a data folder another user may read (the tests' own is
    private to their owner)."""
    return {**os.environ, "WARMONITOR_HOME": tempfile.gettempdir()} if prefix[:1] == ["setpriv"] else dict(os.environ)


@pytest.fixture
def folder():
    """A folder under /tmp (pytest's own are private to their owner)."""
    path = Path(tempfile.mkdtemp(prefix="warmonitor-hostile-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def postgres():
    """A fresh PostgreSQL database (dropped afterwards)."""
    from conftest import fresh_postgres

    yield from fresh_postgres()
