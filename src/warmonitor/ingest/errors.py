"""The one exception ingest raises, so the CLI can print one line and move on, and the
one-line warnings it gives about inputs it reads all the same."""

import sys


class IngestError(Exception):
    """A one-line, user-facing reason why an input could not be read.

    Messages name the input first ("report.html: no article text found").
    Whitespace is collapsed so that a file name or a server's reason phrase
    with a newline in it cannot turn the message into several lines.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


def warn(message: str) -> None:
    """Say on standard error, in one line, something the user should know about an input
    that is read all the same ("report.txt: 2 invalid utf-8 bytes replaced by U+FFFD")."""
    print(f"warmonitor: {' '.join(message.split())}", file=sys.stderr)
