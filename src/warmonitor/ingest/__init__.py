"""Ingest: read an input (file, page, URL, standard input or corpus) into Documents.

Everything the extractor must not see is left behind here: encodings,
markup, page furniture. The CLI calls :func:`read_input` once per INPUT and
prints an :class:`IngestError` as one line.
"""

from warmonitor.ingest.corpus import CorpusColumns
from warmonitor.ingest.errors import IngestError
from warmonitor.ingest.sources import read_input

__all__ = ["CorpusColumns", "IngestError", "read_input"]
