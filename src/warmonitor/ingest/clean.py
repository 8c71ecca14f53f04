"""Cut page furniture out of scraped text and leave the report as it was.

The extractor reads the report alone and quotes spans of it, so cleaning
removes whole lines (and, on the last line, a trailing run-in fragment) and
never rewrites one. It works in two moves:

* Inside the report, a line is dropped only when :mod:`furniture` is sure it
  is furniture ("Advertisement", "Read more: ...", a cookie banner).
* Below the report, pages pile up offers, plans, link lists and notices.
  The tail starts at the first furniture line after the report's last line
  of prose, and everything from there down goes, short fragments too, since
  "Smart Quarterly" or a related story's headline is no part of the report.
  A line that reads as prose is never in the tail, so the tail never
  reaches into the report, however much furniture is mixed into it.

Control characters are no part of any report: C0 controls other than tab, line
feed and carriage return (NUL above all, which PostgreSQL refuses to store) are
dropped from every field of every document read, whatever its format, so that
every store and `extract` get the same text (:func:`without_control_characters`).
"""

from __future__ import annotations

import re
from dataclasses import fields, replace

from warmonitor.ingest.furniture import SENTENCE_BREAK, Kind, classify, vocabulary
from warmonitor.records import Document

PROSE = (Kind.SENTENCE, Kind.PARAGRAPH)



def clean(text: str) -> str:
    """Return ``text`` without its page furniture; report lines keep all but trailing spaces."""
    lines = [line.rstrip() for line in text.split("\n")]
    kinds = [classify(line) for line in lines]
    end = tail_start(kinds)
    kept = [
        line
        for line, kind in zip(lines[:end], kinds[:end], strict=True)
        if kind is not Kind.FURNITURE
    ]
    return "\n".join(collapse_blank_lines(drop_run_in_tail(kept)))


def tail_start(kinds: list[Kind]) -> int:
    """Index of the line where the furniture tail begins, or ``len(kinds)`` if there is none.

    The report ends with its last line of prose, and the first furniture line
    below that starts the tail. Without any prose there is no telling where
    the report ends, so there is no tail.
    """
    prose = [i for i, kind in enumerate(kinds) if kind in PROSE]
    if not prose:
        return len(kinds)
    below = range(prose[-1] + 1, len(kinds))
    return next((i for i in below if kinds[i] is Kind.FURNITURE), len(kinds))


def drop_run_in_tail(lines: list[str]) -> list[str]:
    """Cut a furniture fragment run into the end of the last line ("... said. Read Also").

    Texts stored one article to a line keep their page's last links and
    labels after the final sentence; only such a fragment, and only when it
    is furniture, is removed.
    """
    last = max((i for i, line in enumerate(lines) if line.strip()), default=None)
    if last is None:
        return lines
    line = lines[last]
    listed = vocabulary().run_in_list_start(line)
    if listed is not None:  # other stories' headlines, and whatever the page put below them
        return [*lines[:last], line[:listed].rstrip(), *lines[last + 1 :]]
    breaks = list(SENTENCE_BREAK.finditer(line))
    if not breaks or classify(line[breaks[-1].end() :]) is not Kind.FURNITURE:
        return lines
    return [*lines[:last], line[: breaks[-1].end()].rstrip(), *lines[last + 1 :]]


def collapse_blank_lines(lines: list[str]) -> list[str]:
    """Keep at most one blank line between lines, and none at either end."""
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept


CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
"""C0 controls but tab, line feed and carriage return, mapped to nothing (str.translate)."""
_ANY_CONTROL = re.compile("[%s]" % "".join(map(chr, CONTROL_CHARACTERS)))
"""One of them: a text holding none (almost every text) is passed over by a search, at
half the cost of ``translate``, which looks each character up and copies the text."""


def without_control_characters(document: Document) -> Document:
    """``document`` with :data:`CONTROL_CHARACTERS` dropped from each of its texts."""
    texts = {f.name: value for f in fields(document) if isinstance(value := getattr(document, f.name), str)}
    changed = {name: value.translate(CONTROL_CHARACTERS) for name, value in texts.items() if _ANY_CONTROL.search(value)}
    return replace(document, **changed) if changed else document
