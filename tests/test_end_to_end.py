"""The whole command, as a user runs it: the seed report, the dev corpus, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from conftest import REPO

SEED = REPO / "src" / "warmonitor" / "samples" / "seed-idlib-2019-05-25.txt"
FIELDS = ("count", "qualifier", "outcome", "group", "side", "scope", "status")


def warmonitor(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warmonitor", *args], input=stdin, capture_output=True, timeout=timeout
    )


def extract_lines(*args: str) -> list[dict]:
    result = warmonitor("extract", *args)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_seed_claims_match_the_gold_field_by_field(shared: Path) -> None:
    (report,) = extract_lines(str(SEED))
    gold = json.loads((shared / "eval" / "seed-gold.jsonl").read_text())
    assert report["id"] == gold["id"]
    found = [{field: claim.get(field) for field in FIELDS} for claim in report["claims"]]
    expected = [{field: claim.get(field) for field in FIELDS} for claim in gold["claims"]]
    assert found == expected
    for claim, gold_claim in zip(report["claims"], gold["claims"]):  # gold quotes may add "has"
        assert claim["quote"] in gold_claim["quote"] or gold_claim["quote"] in claim["quote"]


def test_seed_text_is_the_report_alone_and_spans_point_into_it() -> None:
    (report,) = extract_lines(str(SEED))
    text = report["text"]
    assert text.startswith("Clashes between regime loyalists")
    assert text.endswith("protests in 2011.")
    for furniture in ("Subscribe", "₹", "Log in", "Disclaimer", "free articles", "Epaper"):
        assert furniture not in text
    for claim in report["claims"]:
        start, end = claim["span"]
        assert text[start:end] == claim["quote"]


def test_dev_gold_scores_above_the_bar(shared: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "pred.jsonl"
    result = warmonitor("extract", "--no-text", str(shared / "corpus" / "fa-kes.csv"))
    assert result.returncode == 0, result.stderr.decode()
    predictions.write_bytes(result.stdout)
    score = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(shared / "eval" / "dev-gold.jsonl"), str(predictions), "--json"],
        capture_output=True, check=True,
    )
    figures = json.loads(score.stdout)
    assert figures["f1"] >= 0.90
    assert figures["group_accuracy"] >= 0.90
    assert figures["side_accuracy"] >= 0.85
    assert figures["scope_accuracy"] >= 0.90
    assert figures["qualifier_accuracy"] >= 0.95


def test_stdin_and_published_option() -> None:
    result = warmonitor("extract", "--published", "2019-05-25", "-", stdin=b"Clashes on Saturday killed 55 combatants.")
    (report,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert report["id"] == "stdin" and report["published"] == "2019-05-25"
    assert [c["count"] for c in report["claims"]] == [55]


def test_table_format_shows_the_claims() -> None:
    result = warmonitor("extract", "--format", "table", str(SEED))
    assert result.returncode == 0
    assert "370,000" in result.stdout.decode()


def test_demo_reads_stores_and_tallies_the_bundled_samples(tmp_path) -> None:
    result = warmonitor("demo", "--no-serve", "--db", str(tmp_path / "demo.sqlite"))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "seed-idlib-2019-05-25" in out and "killed 55 combatants" in out
    assert "stored 8 reports" in out and "killed and injured by side" in out


class _NotFound(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.send_error(404)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def not_found_url():
    server = HTTPServer(("127.0.0.1", 0), _NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/story"
    server.shutdown()


def _bad_inputs(tmp_path: Path, not_found_url: str) -> dict[str, str]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 64)
    with open(tmp_path / "huge.txt", "wb") as huge:
        huge.truncate(100 * 1024 * 1024)
    (tmp_path / "nobody.html").write_text("<html><head><title>x</title></head></html>")
    return {
        "empty": str(tmp_path / "empty.txt"),
        "binary": str(tmp_path / "binary.bin"),
        "huge": str(tmp_path / "huge.txt"),
        "html without body": str(tmp_path / "nobody.html"),
        "404": not_found_url,
        "refused": "http://127.0.0.1:9/story",
        "missing": str(tmp_path / "missing.txt"),
    }


@pytest.mark.parametrize("kind", ["empty", "binary", "huge", "html without body", "404", "refused", "missing"])
def test_bad_input_gets_one_line_and_a_failing_status(kind: str, tmp_path: Path, not_found_url: str) -> None:
    source = _bad_inputs(tmp_path, not_found_url)[kind]
    result = warmonitor("extract", source, timeout=60)
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1 and stderr.startswith("warmonitor: ")
    assert result.stdout == b""


def test_text_that_is_not_utf8_is_decoded_correctly(tmp_path: Path) -> None:
    report_file = tmp_path / "cp1252.txt"
    report_file.write_bytes("A strike on the Café Nour in Douma killed 5 civilians – residents said.".encode("cp1252"))
    (report,) = extract_lines(str(report_file))
    assert "Café Nour" in report["text"] and "–" in report["text"]
    assert [c["count"] for c in report["claims"]] == [5]


def test_a_bad_input_does_not_stop_the_good_ones(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = warmonitor("extract", str(tmp_path / "empty.txt"), str(SEED))
    assert result.returncode == 1
    assert len(result.stdout.decode().splitlines()) == 1


def test_same_input_twice_gives_the_same_output() -> None:
    assert warmonitor("extract", str(SEED)).stdout == warmonitor("extract", str(SEED)).stdout
