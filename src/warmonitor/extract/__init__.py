"""The extract stage: read a Document's casualty claims (see docs/claims.md)."""

from ..records import Document, Report
from .claims import read_claims


def extract(document: Document) -> Report:
    """Read one report into its claims."""
    return Report(document=document, claims=read_claims(document.text, document.title))


__all__ = ["extract", "read_claims"]
