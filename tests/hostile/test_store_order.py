"""One input gives one store whatever its order (issue 12, item 4): reports are stored
in a canonical order, so incidents, figures and history do not depend on the order of
the input, on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools

import pytest

from conftest import POSTGRES, _drop, _postgres_database, run_cli
from hostile.conftest import STRIKES, checksums, many_strikes, write_corpus

# The strikes, and the first one again under another id: which of the two is stored (the
# other skipped as a duplicate) must not depend on the order either.
ROWS = [*STRIKES, {**STRIKES[0], "unit_id": "inv-a-again"}]
ORDERS = [(0, 1, 2, 3), (3, 2, 1, 0), (1, 3, 2, 0)]


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request, tmp_path):
    """Makes empty stores of one kind, each new one another file or database."""
    databases, numbers = [], itertools.count()

    def make() -> str:
        if request.param == "sqlite":
            return str(tmp_path / f"store-{next(numbers)}.sqlite")
        databases.append(_postgres_database())
        return f"{POSTGRES}/{databases[-1]}"

    yield make
    for name in databases:
        _drop(name)


def _ingest(db: str, corpus) -> None:
    done = run_cli("ingest", "--quiet", "--db", db, str(corpus))
    assert done.returncode == 0, done.stderr


def test_three_orders_of_one_input_give_the_same_tables(new_store, tmp_path):
    sums = []
    for number, order in enumerate(ORDERS):
        db = new_store()
        _ingest(db, write_corpus(tmp_path / f"order-{number}.csv", [ROWS[k] for k in order]))
        sums.append(checksums(db))
    assert sums[0] == sums[1] == sums[2]


def test_the_incidents_are_those_of_the_reports_in_date_order(new_store, tmp_path):
    """Stored by date, the first strike takes in the second (two days apart) and the
    third stays apart (two days from the second, but four from the incident's date).
    The first incident's two sources say 5 and 9, each once: the later one, 9, is best."""
    from sqlalchemy import create_engine, text

    from warmonitor.store.database import database_url

    db = new_store()
    _ingest(db, write_corpus(tmp_path / "backwards.csv", STRIKES[::-1]))
    engine = create_engine(database_url(db))
    with engine.connect() as connection:
        killed = connection.execute(text(
            "SELECT killed FROM incident WHERE type = 'air_strike' ORDER BY date")).scalars().all()
    engine.dispose()
    assert killed == [9, 14]


def test_a_second_batch_ingested_later_gives_what_a_rerun_gives(new_store, tmp_path):
    """A rerun after a crash stores what is left in the order one clean run would have."""
    rows = many_strikes(12)
    whole, halves = new_store(), new_store()
    _ingest(whole, write_corpus(tmp_path / "all.csv", rows[::-1]))
    early = sorted(rows, key=lambda row: row["date"])[:6]  # what a crashed run had stored
    _ingest(halves, write_corpus(tmp_path / "early.csv", early))
    _ingest(halves, write_corpus(tmp_path / "all-again.csv", rows))
    assert checksums(halves) == checksums(whole)
