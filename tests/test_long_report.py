"""A report longer than any article is read in pieces of whole lines (issue 12, item 1).

The invented report repeats three invented paragraphs, each time with other figures, to
about 300,000 characters: two pieces. Each round tells two claims (the shelling's dead,
the clash's wounded; the market paragraph tells none), so it must give exactly the
claims of its paragraphs read one by one, and those of the same text read whole.
"""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest

import warmonitor.extract
import warmonitor.resolve
import warmonitor.workers
from warmonitor.extract import extract
from warmonitor.extract.doc import PIECE_CHARS, pieces
from warmonitor.records import Document
from warmonitor.resolve import resolve
from warmonitor.workers import ReadFailed, read_report, read_reports

PARAGRAPHS = [
    "Shelling on the village of Kafr Tala killed {dead} civilians on Monday, residents said.",
    "At least {wounded} fighters were wounded in clashes near the river crossing north of the town.",
    "The market reopened after the truce, a shopkeeper said.",
]
ROUNDS = 1_500  # 1,500 rounds of about 200 characters: 300,000 characters


def invented_report() -> str:
    """Round k tells 1000 + 2k dead and 1001 + 2k wounded: no figure is told twice."""
    return "\n\n".join(
        paragraph.format(dead=1000 + 2 * k, wounded=1001 + 2 * k) for k in range(ROUNDS) for paragraph in PARAGRAPHS
    )


@pytest.fixture(scope="module")
def report():
    return resolve(extract(Document("long", invented_report())))


def test_the_invented_report_is_read_in_pieces():
    assert len(pieces(invented_report())) == 2


def test_every_paragraph_gives_its_claims_once(report):
    assert len(report.claims) == 2 * ROUNDS
    dead = [c for c in report.claims if c.outcome == "killed"]
    wounded = [c for c in report.claims if c.outcome == "injured"]
    assert [c.count for c in dead] == [1000 + 2 * k for k in range(ROUNDS)]
    assert [c.count for c in wounded] == [1001 + 2 * k for k in range(ROUNDS)]
    assert {(c.group, c.qualifier, c.scope, c.source) for c in dead} == {("civilians", "exact", "incident", "residents")}
    assert {(c.group, c.qualifier, c.scope, c.source) for c in wounded} == {("combatants", "at_least", "incident", None)}
    assert all(report.document.text[c.span[0] : c.span[1]] == c.quote for c in report.claims)


def test_the_claims_are_those_of_the_paragraphs_read_one_by_one(report):
    text = report.document.text
    one_by_one, at = [], 0
    for paragraph in text.split("\n\n"):
        at = text.index(paragraph, at)
        for claim in extract(Document("paragraph", paragraph)).claims:
            one_by_one.append(replace(claim, span=(claim.span[0] + at, claim.span[1] + at)))
        at += len(paragraph)
    assert report.claims == one_by_one


def test_the_claims_are_those_of_the_text_read_whole(report, monkeypatch):
    whole = lambda text: [(0, len(text))]  # noqa: E731 - the reader before pieces
    monkeypatch.setattr(warmonitor.extract, "pieces", whole)
    monkeypatch.setattr(warmonitor.resolve, "pieces", whole)
    assert resolve(extract(report.document)).claims == report.claims


def test_every_event_is_placed_in_its_piece(report):
    assert {e.type for e in report.events} >= {"shelling", "armed_clash"}
    shelling = [e for e in report.events if e.type == "shelling"]
    assert len(shelling) == 2  # one per piece: each piece is read as a report of its own
    assert all(p.name == "Kafr Tala" for e in shelling for p in e.places)
    assert report.primary_place is not None


def test_a_report_of_at_most_a_piece_is_one_window():
    text = "Shelling killed 12 civilians.\n" * (PIECE_CHARS // 30)
    assert len(text) <= PIECE_CHARS and pieces(text) == [(0, len(text))]


def test_pieces_end_on_a_line_break_else_a_sentence_else_a_space_else_anywhere():
    lines = "one two three.\n" * 40  # 600 characters
    windows = pieces(lines, size=100)
    assert all(lines[end - 1] == "\n" for _, end in windows[:-1])
    sentences = "One two three. " * 40
    assert all(sentences[end - 2 : end] == ". " for _, end in pieces(sentences, size=100)[:-1])
    words = "one two three " * 40
    assert all(words[end - 1] == " " for _, end in pieces(words, size=100)[:-1])
    blob = "x" * 250
    assert pieces(blob, size=100) == [(0, 100), (100, 200), (200, 250)]
    for text in (lines, sentences, words, blob):  # the windows cover the text, in order, none empty
        windows = pieces(text, size=100)
        assert windows[0][0] == 0 and windows[-1][1] == len(text)
        assert all(a[1] == b[0] for a, b in zip(windows, windows[1:]))
        assert all(end - start <= 100 and end > start for start, end in windows)


class _CopyingReaders:
    """Reads in this process, but hands each item and result through pickle, as a pool
    of processes does (a pool started from inside pytest would import the test module
    in each worker: `--workers 2` is measured by bench/long_report.py)."""

    def __init__(self) -> None:
        self.items = []

    def in_order(self, function, items):
        for item in items:
            self.items.append(item)
            yield pickle.loads(pickle.dumps(function(pickle.loads(pickle.dumps(item)))))


def test_on_workers_each_piece_is_an_item_and_the_report_is_the_one_read_whole(report):
    readers = _CopyingReaders()
    document = replace(report.document, raw=report.document.text + "<!-- as received -->")
    before, after = Document("short", "Shelling killed 3 civilians."), None
    read = list(read_reports([before, document, after], readers))
    assert [type(item).__name__ for item in readers.items] == ["Document", "Piece", "Piece", "NoneType"]
    assert read[0] == read_report(before) and read[2] is None
    assert read[1] == read_report(document) == replace(report, document=document)  # as extract, then resolve
    assert read[1].document.raw == document.raw  # pieces travel without it; the report keeps it


def test_a_piece_that_fails_makes_its_report_one_failure(monkeypatch):
    def fails_on_the_second_piece(piece):
        if piece.window[0] > 0:
            raise ValueError("unreadable piece")
        return real(piece)

    real = warmonitor.workers.read_piece
    monkeypatch.setattr(warmonitor.workers, "read_piece", fails_on_the_second_piece)
    after = Document("after", "Shelling killed 3 civilians.")
    read = list(read_reports([Document("long", invented_report()), after], 1))
    assert read[0] == ReadFailed("long", "ValueError: unreadable piece")
    assert read[1].claims[0].count == 3


def test_ingest_stores_a_long_report_read_in_pieces(report, tmp_path):
    from sqlalchemy import text

    from warmonitor.store.database import open_store
    from warmonitor.store.ingest import ingest_documents

    engine = open_store(str(tmp_path / "long.sqlite"))
    counts = ingest_documents(engine, [report.document], progress=False)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM claim")).scalar_one()
    engine.dispose()
    assert counts.stored == 1 and stored == 2 * ROUNDS
