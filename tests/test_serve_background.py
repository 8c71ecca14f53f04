"""`serve_in_background`: a live server for tests, benchmarks and scripts."""

from __future__ import annotations

import httpx
import pytest

from warmonitor.publish.background import ServerDidNotStart, serve_in_background
from warmonitor.store.database import open_store


def test_a_server_answers_inside_the_block_and_is_gone_after(tmp_path):
    db = tmp_path / "store.sqlite"
    open_store(str(db)).dispose()  # an empty store: serve refuses one that is not there
    with serve_in_background(db, log=tmp_path / "serve.log") as server:
        assert httpx.get(server.url + "/api/events").json()["total"] == 0
    with pytest.raises(httpx.TransportError):
        httpx.get(server.url + "/api/events", timeout=2)


def test_a_server_that_cannot_start_says_why(tmp_path):
    with pytest.raises(ServerDidNotStart, match="is a folder"):
        with serve_in_background(tmp_path):
            pass
