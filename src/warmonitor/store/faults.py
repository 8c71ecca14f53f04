"""What a store error means for an ingest: go on, retry, or stop.

- A lost connection (PostgreSQL restarted, the backend terminated, the network cut) is
  worth one retry on a fresh connection: the report's transaction was rolled back.
- A refused write (disk full, a read-only file or database, an I/O error, no
  permission) will refuse the next report as well: the run stops there, with the store
  as the last committed report left it.
- Anything else concerns this one report.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.exc import DBAPIError

Fault = Literal["lost", "refused", "report"]

# SQLite's messages for its result codes (sqlite3ErrStr) that refuse any write.
_SQLITE_REFUSALS = (
    "database or disk is full", "attempt to write a readonly database", "disk I/O error", "unable to open database file",
)
# PostgreSQL SQLSTATE classes and codes: 53 insufficient resources (53100 disk full), 58
# system error (58030 I/O error), 25006 read-only transaction, 42501 no privilege; 08
# connection exception and 57P0x the server ending the session.
_POSTGRES_REFUSALS = ("53", "58", "25006", "42501")
_POSTGRES_LOST = ("08", "57P01", "57P02", "57P03")


def fault(error: Exception) -> Fault:
    """What ``error``, raised while storing one report, calls for."""
    if not isinstance(error, DBAPIError):
        return "report"
    if error.connection_invalidated:
        return "lost"
    state = getattr(error.orig, "sqlstate", None) or ""
    if state.startswith(_POSTGRES_LOST):
        return "lost"
    if state.startswith(_POSTGRES_REFUSALS) or any(refusal in str(error.orig) for refusal in _SQLITE_REFUSALS):
        return "refused"
    return "report"


def reason(error: Exception) -> str:
    """The error in one line: the driver's own message, never the SQL and its data."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
