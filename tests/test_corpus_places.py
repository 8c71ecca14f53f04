"""The primary place's governorate against FA-KES's `location` column (issue 3: >= 90 %)."""

import importlib.util

from conftest import REPO


def test_primary_place_agrees_with_fa_kes_governorates(shared):
    spec = importlib.util.spec_from_file_location("governorate_agreement", REPO / "bench" / "governorate_agreement.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    confusion, _ = bench.compare(str(shared / "corpus" / "fa-kes.csv"))
    total = sum(confusion.values())
    agree = sum(n for (truth, ours), n in confusion.items() if truth == ours)
    assert total == 804
    assert agree / total >= 0.90
