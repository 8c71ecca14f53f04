"""Every case of the invented constructions file (../shared/eval/cases/claim-constructions.jsonl,
issue 11) is read as its annotation says: count, outcome, group, the side of fighters
and scope, for every numeric claim. The file's sentences are invented for this purpose, not taken from reports."""

import json
from dataclasses import asdict

import pytest

from conftest import SHARED
from warmonitor.extract import extract
from warmonitor.records import Document

CASES = SHARED / "eval" / "cases" / "claim-constructions.jsonl"


def _cases():
    if not CASES.is_file():
        return []
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _reading(claim) -> tuple:
    side = claim["side"] if claim["group"] == "combatants" else None
    return claim["count"], claim["outcome"], claim["group"], side, claim["scope"]


@pytest.mark.skipif(not CASES.is_file(), reason="../shared/eval/cases is not beside this checkout")
@pytest.mark.parametrize("case", _cases(), ids=lambda case: case["id"])
def test_each_construction_is_read_as_annotated(case):
    report = extract(Document(case["id"], case["text"], title=case["title"] or None))
    # numeric claims, as the scorer counts them: "several dozen" is a vague count, not 12
    got = sorted((_reading(asdict(c)) for c in report.claims if c.count is not None), key=str)
    assert got == sorted((_reading(c) for c in case["claims"] if c["count"] is not None), key=str)
