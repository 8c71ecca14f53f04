"""`warmonitor extract` lets the cyclic garbage collector run less often while it reads
(docs/scale.md: it took 18 % of a long report's time), and gives the collector its
settings back when it is done: a test, or any caller in the same process, goes on with
the thresholds it had and nothing left frozen. The output is the same as the
in-process reading of the same report."""

import gc
import json
from pathlib import Path

from typer.testing import CliRunner

from warmonitor.cli import app
from warmonitor.ingest import read_input
from warmonitor.publish.jsonl import report_to_line
from warmonitor.workers import read_report

SAMPLE = str(Path(__file__).resolve().parents[1] / "src" / "warmonitor" / "samples" / "seed-idlib-2019-05-25.txt")


def test_extract_gives_the_collector_its_settings_back():
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    result = CliRunner().invoke(app, ["extract", "--no-text", "--workers", "1", SAMPLE])
    assert result.exit_code == 0, result.output
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == frozen
    (document,) = read_input(SAMPLE)
    assert result.output == report_to_line(read_report(document), include_text=False) + "\n"
    assert json.loads(result.output)["claims"]
