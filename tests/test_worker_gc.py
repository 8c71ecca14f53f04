"""The pool's workers collect garbage as seldom as the command's own process does while
reports are read (issue 15): with CPython's default thresholds the collector went over
every object kept so far again and again."""

from __future__ import annotations

import gc

from warmonitor.workers import AHEAD_PER_WORKER, in_order


def _thresholds(_item: int) -> tuple[int, int, int]:
    return gc.get_threshold()


def test_each_worker_of_a_pool_collects_less():
    items = range(2 * AHEAD_PER_WORKER + 1)  # more than two workers read ahead: the pool starts
    assert {threshold[0] for threshold in in_order(_thresholds, items, 2)} == {10_000}  # CPython's default is 700
