"""Which positions of a text fall inside a set of spans, found by bisection.

An event gathers the sentences of one kind of a whole report (or of a piece of a long
one), and their figures: in a report of megabytes one event can hold thousands of each.
Asking of every figure whether it lies in any of the event's sentences, or of every
sentence whether it holds any figure, costs the product of the two; sorted starts answer
each question in a logarithm's time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class Spans:
    """Spans (start, end) of a text, end excluded; overlapping or touching ones are
    merged, which answers the same for every position."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(spans):
            if start >= end:
                continue  # an empty span holds no position
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts = starts
        self._ends = ends

    def __contains__(self, position: int) -> bool:
        k = bisect_right(self._starts, position) - 1
        return k >= 0 and position < self._ends[k]


def any_between(sorted_positions: list[int], start: int, end: int) -> bool:
    """Whether one of ``sorted_positions`` lies in [start, end)."""
    k = bisect_left(sorted_positions, start)
    return k < len(sorted_positions) and sorted_positions[k] < end
