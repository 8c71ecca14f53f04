"""``--workers N``: reports read on several processes come out, and are stored, exactly as
with one (issue 15). Invented reports; the expected value is the one-worker result, which
the rest of the suite checks against hand-worked figures."""

from __future__ import annotations

import csv
import os
import subprocess
from functools import partial
import sys
from pathlib import Path

from sqlalchemy import create_engine

from warmonitor.records import Document
from warmonitor.store.checksum import table_checksums
from warmonitor.store.database import database_url
from warmonitor.publish.jsonl import report_to_line
from warmonitor.workers import (
    AHEAD_PER_WORKER, CHUNK, Pool, ReadFailed, Safely, _chunks, in_order, read_report, read_reports,
)

from conftest import db  # noqa: F401 - the store on SQLite and on PostgreSQL

TOWNS = ["Saraqib", "Ariha", "Azaz", "Khan Shaykhun", "Maarrat al-Numan"]
MANY = 2 * AHEAD_PER_WORKER + 9  # more than two workers read ahead: the pool starts


def corpus(tmp_path: Path, count: int = MANY) -> Path:
    path = tmp_path / "reports.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["unit_id", "article_title", "article_content", "source", "date"])
        for n in range(count):
            town = TOWNS[n % len(TOWNS)]
            writer.writerow([f"w{n}", f"Strike {n}", f"Air strikes on the town of {town} killed {4 + n % 9} civilians on "
                             f"Monday and wounded {n % 5 + 1}, a monitor said.", f"outlet{n % 3}", f"2021-0{1 + n % 6}-0{1 + n % 7}"])
    return path


def warmonitor(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warmonitor", *args], capture_output=True, text=True, timeout=600)


def test_extract_on_two_workers_prints_what_one_worker_prints(tmp_path):
    path = corpus(tmp_path)
    one, two = (warmonitor("extract", str(path), "--no-text", "--workers", n) for n in ("1", "2"))
    assert one.returncode == two.returncode == 0, two.stderr
    assert len(one.stdout.splitlines()) == MANY
    assert two.stdout == one.stdout


def test_a_table_on_two_workers_is_the_table_of_one_worker(tmp_path):
    path = corpus(tmp_path)
    one, two = (warmonitor("extract", str(path), "--format", "table", "--workers", n) for n in ("1", "2"))
    assert one.returncode == two.returncode == 0, two.stderr
    assert "w24" in one.stdout and two.stdout == one.stdout


def test_ingest_on_two_workers_stores_what_one_worker_stores(db, tmp_path):
    path = corpus(tmp_path)
    single = str(tmp_path / "single.sqlite")
    assert warmonitor("ingest", "--quiet", "--workers", "1", "--db", single, str(path)).returncode == 0
    done = warmonitor("ingest", "--quiet", "--workers", "2", "--db", db, str(path))
    assert done.returncode == 0, done.stderr
    sums = []
    for store in (single, db):
        engine = create_engine(database_url(store))
        with engine.connect() as connection:
            sums.append(table_checksums(connection))
        engine.dispose()
    assert sums[0] == sums[1]


def _fails_on_odd(n: int) -> int:
    if n % 2:
        raise ValueError(f"odd {n}")
    return n * 10


def test_a_report_that_fails_to_read_is_told_and_the_others_keep_their_order():
    # In this process (one worker): a pool started from inside pytest would import the
    # test module in each worker; the pool itself is tested through the commands above.
    documents = [Document(id=f"d{n}", text=str(n)) for n in range(MANY)]
    results = list(in_order(Safely(lambda d: _fails_on_odd(int(d.text))), [*documents, None], 1))
    assert results[:3] == [0, ReadFailed("d1", "ValueError: odd 1"), 20]
    assert results[-3:] == [ReadFailed("d23", "ValueError: odd 23"), 240, None]  # MANY is 25: d0 to d24


def test_an_unreadable_input_among_many_is_one_line_and_the_run_goes_on(tmp_path):
    path = corpus(tmp_path)
    done = warmonitor("extract", str(path), str(tmp_path / "missing.txt"), "--no-text", "--workers", "2")
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == MANY and len(done.stderr.strip().splitlines()) == 1


def test_reports_go_to_a_worker_four_at_a_time_and_a_piece_alone():
    documents = [Document(id=f"d{n}", text=str(n)) for n in range(6)]
    piece = ("a piece of a long report",)  # any item that is neither a Document nor None
    chunks = list(_chunks([*documents[:5], None, piece, documents[5]]))
    assert CHUNK == 4
    assert chunks == [documents[:4], [documents[4], None, piece], [documents[5]]]


def test_reports_written_where_they_are_read_are_the_lines_of_the_reports(tmp_path):
    # In this process: `written` is applied where a report is read, here or in a worker.
    documents = [Document(id=f"d{n}", text=f"An air strike on Saraqib killed {n + 3} civilians on Monday.") for n in range(3)]
    lines = list(read_reports(documents, 1, written=partial(report_to_line, include_text=False)))
    assert lines == [report_to_line(read_report(d), include_text=False) for d in documents]


def _read_where(item: int) -> tuple[int, int]:
    return item, os.getpid()


def test_a_pool_started_ahead_reads_on_its_workers_in_order_however_few_the_items():
    # ingest starts the pool while it still reads and sorts its input (Pool.start)
    with Pool(2) as pool:
        pool.start()
        results = list(pool.in_order(_read_where, range(5)))
    assert [item for item, _ in results] == list(range(5))
    assert os.getpid() not in {pid for _, pid in results}


def test_a_pool_never_started_reads_a_short_input_in_this_process():
    with Pool(2) as pool:
        results = list(pool.in_order(_read_where, range(5)))
    assert results == [(item, os.getpid()) for item in range(5)]
