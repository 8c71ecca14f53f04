"""Shared test fixtures: where the shared corpus and gold files live, when present."""

import os
import tempfile
from pathlib import Path

import pytest

# Tests never write to the user's own data folder: the gazetteer index (built once per
# run from the bundled GeoNames data) goes to a temporary one, inherited by subprocesses.
os.environ["WARMONITOR_HOME"] = tempfile.mkdtemp(prefix="warmonitor-test-")

from warmonitor.ingest import IngestError, read_input

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


def refusal(error: type[Exception], read) -> str:
    """The one-line message of the ``error`` that reading everything ``read()`` yields raises."""
    with pytest.raises(error) as caught:
        list(read())
    message = str(caught.value)
    assert "\n" not in message
    return message


def error_of(source: str) -> str:
    """The one-line reason ``read_input`` gives for refusing ``source``."""
    return refusal(IngestError, lambda: read_input(source))
