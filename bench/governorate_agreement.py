"""How often the primary place's governorate agrees with fa-kes.csv's `location` column.

    python bench/governorate_agreement.py [../shared/corpus/fa-kes.csv] [--disagreements N]

Runs ingest -> extract -> resolve over the corpus and prints the agreement, the
confusion table (corpus label by ours) and N disagreements to read. The corpus
(Abu Salem et al., ICWSM 2019, CC BY 4.0) labels each article with one governorate
and counts Rif Dimashq as damascus; so does this comparison.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from warmonitor.extract import extract
from warmonitor.ingest import read_input
from warmonitor.resolve import resolve

ROOT = Path(__file__).resolve().parents[1]
CORPUS_LABELS = {
    "Aleppo": "aleppo", "Damascus": "damascus", "Rif Dimashq": "damascus", "Idlib": "idlib",
    "Deir ez-Zor": "deir ezzor", "Raqqa": "raqqa", "Homs": "homs", "Al-Hasakah": "hasakeh",
    "Hama": "hama", "Daraa": "daraa", "Latakia": "lattakia", "Quneitra": "quneitra",
    "Tartus": "tartous", "As-Suwayda": "suwayda",
}  # fmt: skip


def compare(corpus: str) -> tuple[Counter, list[tuple]]:
    """The confusion counts (corpus label, ours) and the disagreements, in corpus order."""
    with open(corpus, encoding="utf-8", errors="replace", newline="") as handle:
        csv.field_size_limit(sys.maxsize)
        truth = [row["location"].strip().lower() for row in csv.DictReader(handle)]
    confusion: Counter = Counter()
    disagreements = []
    for number, document in enumerate(read_input(corpus)):
        place = resolve(extract(document)).primary_place
        ours = CORPUS_LABELS.get(place.admin1, place.admin1) if place and place.admin1 else "none"
        confusion[(truth[number], ours)] += 1
        if ours != truth[number]:
            disagreements.append((document.id, truth[number], ours, place.name if place else None, document.title))
    return confusion, disagreements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "fa-kes.csv"))
    parser.add_argument("--disagreements", type=int, default=20)
    args = parser.parse_args()
    confusion, disagreements = compare(args.corpus)
    total = sum(confusion.values())
    agree = sum(n for (a, b), n in confusion.items() if a == b)
    print(f"agreement: {agree}/{total} = {agree / total:.1%}")
    labels = sorted({a for a, _ in confusion} | {b for _, b in confusion})
    print("corpus \\ ours".ljust(14) + "".join(label[:8].rjust(9) for label in labels))
    for a in labels:
        if any(confusion[(a, b)] for b in labels):
            print(a[:13].ljust(14) + "".join(str(confusion[(a, b)] or ".").rjust(9) for b in labels))
    print(f"\nfirst {args.disagreements} disagreements (id, corpus, ours, place, title):")
    for row in disagreements[: args.disagreements]:
        print(" | ".join(str(x) for x in row))


if __name__ == "__main__":
    main()
