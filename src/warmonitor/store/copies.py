"""Tell copies of one story apart from different stories: the same wire story in
several outlets, or a story republished under a new headline.

Each report's words are cut into overlapping 5-word shingles and summarised by a MinHash
signature (datasketch). The signature is cut into bands; two reports sharing a band are
candidates, stored as ``document_band`` rows so that any process, on any database, finds
them with one indexed query. A candidate is a copy when the shingles of the shorter text
are at least :data:`COPY_CONTAINMENT` contained in the longer one's: a republication with
a new headline or one extra paragraph still counts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

SHINGLE_WORDS = 5
PERMUTATIONS = 64
BANDS = 16  # of 4 rows: texts with ~60 % shingle overlap or more share a band almost surely
MIN_SHARED_BANDS = 2  # a single shared band is often chance; copies share many
MAX_CANDIDATES = 5
COPY_CONTAINMENT = 0.8
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    shingles: frozenset[str]
    bands: tuple[int, ...]


def shingles(text: str) -> frozenset[str]:
    """The text's overlapping runs of SHINGLE_WORDS words, lower-cased."""
    words = _WORD.findall(text.lower())
    return frozenset(" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1)))


def fingerprint(text: str) -> Fingerprint:
    """The shingles of a text and the band keys of its MinHash signature."""
    shingled = shingles(text)
    from datasketch import MinHash  # imported on first use: it costs most of a second

    signature = MinHash(num_perm=PERMUTATIONS)
    signature.update_batch([s.encode() for s in shingled])
    rows = PERMUTATIONS // BANDS
    bands = tuple(
        int.from_bytes(hashlib.blake2b(band.tobytes() + bytes([number]), digest_size=7).digest(), "big")
        for number, band in enumerate(signature.hashvalues.reshape(BANDS, rows))
    )
    return Fingerprint(shingled, bands)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of the shorter text's shingles the other holds (0 to 1)."""
    smaller, larger = sorted((a, b), key=len)
    return len(smaller & larger) / len(smaller) if smaller else 0.0
