"""Property-based tests of the JSON API from its own OpenAPI schema (schemathesis, in-process
over ASGI): whatever parameters the schema allows — and many it does not — no operation
answers with a server error.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from warmonitor.publish.api import create_app
from warmonitor.store.database import open_store

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "src" / "warmonitor" / "samples"

# About 7 operations; 40 examples each keeps the whole file near 20 s.
MAX_EXAMPLES = 40


# schemathesis.pytest.from_fixture (a lazily loaded schema) fails under pytest 9.2
# ("'Function' object has no attribute '_nodeid'"), so the schema is loaded when this module
# is imported, from an app over an empty store in a temporary folder; the fixture below fills
# that store with the samples, with `warmonitor ingest`, before any operation is called.
_FOLDER = Path(tempfile.mkdtemp(prefix="warmonitor-schema-"))
_DB = _FOLDER / "store.sqlite"
_ENGINE = open_store(str(_DB))
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_ENGINE))


@pytest.fixture(scope="module", autouse=True)
def sample_store():
    _ENGINE.dispose()
    done = subprocess.run(
        [sys.executable, "-m", "warmonitor", "ingest", "--quiet", "--db", str(_DB),
         str(SAMPLES / "seed-idlib-2019-05-25.txt"), str(SAMPLES / "fa-kes-rashidin-2017-04.csv")],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with _ENGINE.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM incident").scalar_one() > 0
    yield
    _ENGINE.dispose()
    shutil.rmtree(_FOLDER, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    assert "Traceback" not in response.text


def test_every_operation_is_a_get():
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    assert {op.method.upper() for op in operations} == {"GET"}
