"""Tell copies of one story apart from different stories: the same wire story in
several outlets, or a story republished under a new headline.

Each report's words are cut into overlapping 5-word shingles and summarised by a MinHash
signature (:func:`signature`). The signature is cut into bands; two reports sharing a band are
candidates, stored as ``document_band`` rows so that any process, on any database, finds
them with one indexed query. A candidate is a copy when the shingles of the shorter text
are at least :data:`COPY_CONTAINMENT` contained in the longer one's: a republication with
a new headline or one extra paragraph still counts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

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
    rows = PERMUTATIONS // BANDS
    bands = tuple(
        int.from_bytes(hashlib.blake2b(band.tobytes() + bytes([number]), digest_size=7).digest(), "big")
        for number, band in enumerate(signature(shingled).reshape(BANDS, rows))
    )
    return Fingerprint(shingled, bands)


def signature(shingled: frozenset[str]):
    """The MinHash signature of a set of shingles: for each of PERMUTATIONS affine maps
    (h -> a·h + b mod 2³², a odd) of each shingle's 32-bit hash, premixed by
    MurmurHash3's finalizer, the smallest value.

    It is datasketch's MinHash (2.0, scheme "affine32", seed 1) value for value, so the
    band keys of stores written with datasketch still find copies. datasketch itself
    is not imported: its package pulls in SciPy, most of a second per process."""
    import numpy as np  # on first use: `warmonitor --help` does not pay for it

    a, b = _permutations()
    hashes = _sha1_32(shingled)
    if hashes.size == 0:
        return np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)
    mixed = _fmix32(hashes).reshape(-1, 1)
    return (mixed * a + b).min(axis=0)


@cache
def _permutations():
    import numpy as np

    generator = np.random.RandomState(1)
    a = generator.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return a, b


def _sha1_32(shingled: frozenset[str]):
    """Each shingle's 32-bit hash: the first 4 bytes of its SHA-1, little-endian. The
    digests' bytes are joined and read as one array, not turned into an int each: a
    report has hundreds of shingles, and that was most of the time of its signature."""
    import numpy as np

    sha1 = hashlib.sha1
    return np.frombuffer(b"".join([sha1(s.encode()).digest()[:4] for s in shingled]), dtype="<u4").astype(np.uint32)


def _fmix32(values):
    """MurmurHash3's 32-bit finalizer: an avalanching bijection, so that similar hashes
    spread before the affine maps."""
    import numpy as np

    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of the shorter text's shingles the other holds (0 to 1)."""
    smaller, larger = sorted((a, b), key=len)
    return len(smaller & larger) / len(smaller) if smaller else 0.0
