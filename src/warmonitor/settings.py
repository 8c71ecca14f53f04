"""Where warmonitor keeps what it builds on a user's machine.

One folder holds the gazetteer index (and, later, the default store). It is
``$WARMONITOR_HOME`` when set — tests and CI point it at a temporary folder — else
the platform's per-user data folder (``~/.local/share/warmonitor`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_home() -> Path:
    """The folder for warmonitor's files, created on first use."""
    folder = Path(os.environ.get("WARMONITOR_HOME") or platformdirs.user_data_dir("warmonitor"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
