"""One size cap on every record of every input format (issue 12, item 2).

A 50 MB line of JSON Lines was read whole and extracted (memory past 2.2 GB): JSON
Lines had no cap at all, and CSV's field cap only held once the whole line was in
memory. Now each record, a JSON line or a CSV row, is capped as a whole file is
(files.MAX_INPUT_BYTES), read to its end in pieces when it runs past the cap, and
skipped with one line naming the input and the row; the run goes on with the next.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from warmonitor.ingest import files, read_input

MIB = 2**20
GOOD = "Shelling killed {} people in the village of Tell Sukkar on Monday, residents said."


@pytest.fixture
def one_mib_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_INPUT_BYTES", MIB)


def jsonl(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"unit_id": f"r{n}", "article_content": t}) + "\n" for n, t in enumerate(texts, 1)))
    return path


def test_a_json_line_over_the_cap_is_skipped_in_one_line_and_the_next_is_read(tmp_path, one_mib_cap, capsys):
    path = jsonl(tmp_path / "big.jsonl", [GOOD.format(3), "word " * (MIB // 4), GOOD.format(4)])
    assert [d.id for d in read_input(str(path))] == ["r1", "r3"]
    assert capsys.readouterr().err == f"warmonitor: skipped row 2 of {path}: too large (the limit is 1 MiB)\n"


def test_a_huge_json_line_is_never_held_whole(tmp_path, one_mib_cap):
    path = jsonl(tmp_path / "huge.jsonl", ["word " * (6 * MIB), GOOD.format(5)])  # a 30 MB line
    tracemalloc.start()
    try:
        ids = [d.id for d in read_input(str(path))]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert ids == ["r2"]
    assert peak < 8 * MIB, f"{peak / MIB:.0f} MiB held to refuse a 30 MB line"


def test_a_csv_row_over_the_cap_is_skipped_to_its_end_even_across_lines(tmp_path, one_mib_cap, capsys):
    field = 'Paragraph, "quoted" words.\nNext line\n' * (MIB // 32)  # 1.2 MB, line breaks and quotes inside
    quoted = field.replace('"', '""')
    path = tmp_path / "big.csv"
    path.write_text(
        "unit_id,article_content\n"
        f"r1,\"{GOOD.format(3)}\"\n"
        f'r2,"{quoted}"\n'
        f"r3,\"{GOOD.format(4)}\"\n"
    )
    documents = list(read_input(str(path)))
    assert [(d.id, d.text) for d in documents] == [("r1", GOOD.format(3)), ("r3", GOOD.format(4))]
    assert capsys.readouterr().err == f"warmonitor: skipped row 2 of {path}: too large (the limit is 1 MiB)\n"


def test_a_text_file_over_the_cap_is_refused_in_one_line(tmp_path, one_mib_cap):
    path = tmp_path / "big.txt"
    path.write_text(GOOD.format(3) * (MIB // 40))
    with pytest.raises(Exception) as refused:
        list(read_input(str(path)))
    assert str(refused.value) == f"{path}: too large (2 MiB; the limit is 1 MiB)"
