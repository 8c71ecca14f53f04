"""What every benchmark here reports for a command run several times: the median, min
and max wall time and the peak resident memory (shared by the bench/ scripts)."""

from __future__ import annotations

import statistics


def summary_row(name: str, results: list[tuple[float, int]], **extra: object) -> dict:
    """One JSON-ready row from (seconds, peak RSS in MB) per run."""
    times = [t for t, _ in results]
    return {
        "name": name,
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "peak_rss_mb": max(m for _, m in results),
        "runs": len(results),
        **extra,
    }
