"""Turn the bytes of an input into text, or say why they are not text.

Reports arrive as UTF-8 mostly, but scraped pages and old archives still come
in legacy code pages (Windows-1252 above all). Guessing wrong would turn
"café" into "cafÃ©" silently, so the order is: a byte-order mark, the charset
the server declared, UTF-8, and only then charset-normalizer's guess.
Binary files (images, executables) are refused rather than decoded into noise.
"""

from __future__ import annotations

import codecs

from warmonitor.ingest.errors import IngestError

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


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """Return ``data`` as text with ``\\n`` newlines; ``declared`` is a server's charset."""
    encoding = detect_encoding(data, name, declared)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise IngestError(f"{name}: not text (invalid {encoding})") from None
    text = normalise_newlines(text)
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
    return guess_encoding(data, name)


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
