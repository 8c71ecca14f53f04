"""Turn the bytes of an input into text, or say why they are not text.

Reports arrive as UTF-8 mostly, but scraped pages and old archives still come
in legacy code pages (Windows-1252 above all). Guessing wrong would turn
"café" into "cafÃ©" silently, so the order is: a byte-order mark, the charset
the server declared, UTF-8, UTF-8 with a few bad bytes, and only then
charset-normalizer's guess. A few bad bytes in UTF-8 text (a stray byte pasted
from elsewhere) must not make the whole text read through a code page
("Aleppo’s" as "Aleppo‚Äôs"): when the text's good UTF-8 characters beyond ASCII
are at least as many as its bad bytes, those are replaced by U+FFFD and one warning
line says how many.
Binary files (images, executables) are refused rather than decoded into noise.
"""

from __future__ import annotations

import codecs

from warmonitor.ingest.errors import IngestError, warn

SNIFF_BYTES = 8192
"""How much of the start of an input is examined to tell text from binary."""

PREFERRED_LEGACY_ENCODING = "cp1252"
"""Taken when charset-normalizer finds it as plausible as any other code page.

Short Latin-script text decodes equally well as cp1250, cp1252 or cp1257;
cp1252 is what browsers assume for unlabelled Western pages.
"""

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


REPLACE = "warmonitor-replace"
"""The decoding error handler that replaces a bad byte by U+FFFD and counts it."""

_replaced_bytes = 0


def _replace_and_count(error: UnicodeError) -> tuple[str, int]:
    global _replaced_bytes
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _replaced_bytes += error.end - error.start
    return "\ufffd", error.end


codecs.register_error(REPLACE, _replace_and_count)


def replaced_bytes() -> int:
    """How many bad bytes :data:`REPLACE` has replaced in this process so far: a reader
    takes the difference over its own decoding (inputs are read one at a time)."""
    return _replaced_bytes


def warn_replaced(name: str, count: int, encoding: str) -> None:
    """Say, in one line, that ``count`` bytes of ``name`` were not ``encoding``."""
    if count:
        warn(f"{name}: {count} invalid {encoding} byte{'s' if count > 1 else ''} replaced by U+FFFD")


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """Return ``data`` as text with ``\\n`` newlines; ``declared`` is a server's charset."""
    encoding = detect_encoding(data, name, declared)
    before = replaced_bytes()
    text = normalise_newlines(data.decode(encoding, errors=REPLACE))
    warn_replaced(name, replaced_bytes() - before, encoding)
    if not text.strip():
        raise IngestError(f"{name}: empty input")
    return text


def detect_encoding(
    data: bytes, name: str, declared: str | None = None, *, complete: bool = True
) -> str:
    """Name the codec that decodes ``data``, or fail if it is empty or binary.

    With ``complete=False``, ``data`` is only the start of a longer stream and
    may end inside a multi-byte character: that is not held against UTF-8.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    if not data.strip():
        raise IngestError(f"{name}: empty input")
    if b"\0" in data[:SNIFF_BYTES]:
        raise IngestError(f"{name}: not text (binary data)")
    for encoding in (declared, "utf-8"):
        if encoding and decodes(data, encoding, complete):
            return encoding
    if mostly_utf8(data, complete):
        return "utf-8"
    return guess_encoding(data, name)


def mostly_utf8(data: bytes, complete: bool = True) -> bool:
    """Whether ``data`` has at least as many good UTF-8 characters beyond ASCII as bytes
    that are no UTF-8: a UTF-8 text with a few stray bytes, not a code page's text, where
    the bytes above ASCII seldom happen to make UTF-8 characters."""
    before = replaced_bytes()
    text = codecs.getincrementaldecoder("utf-8")(errors=REPLACE).decode(data, final=complete)
    bad = replaced_bytes() - before
    beyond_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return beyond_ascii - text.count("\ufffd") >= bad


def guess_encoding(data: bytes, name: str) -> str:
    """Ask charset-normalizer which legacy encoding ``data`` is in."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise IngestError(f"{name}: not text (no character encoding fits it)")
    for match in matches:
        if match.chaos == best.chaos and match.encoding == PREFERRED_LEGACY_ENCODING:
            return PREFERRED_LEGACY_ENCODING
    return best.encoding


def decodes(data: bytes, encoding: str, complete: bool = True) -> bool:
    """Whether ``data`` is valid in ``encoding`` (an unknown codec name counts as no)."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=complete)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def normalise_newlines(text: str) -> str:
    """Make every line end in ``\\n``, so offsets mean the same on every platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
