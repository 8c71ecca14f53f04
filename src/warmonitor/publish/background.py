"""Run `warmonitor serve` in a child process until it answers.

For whatever needs a live server over a store for a while — the browser tests, the API
benchmark, the screenshot script, an analyst's notebook — without each writing its own
start, wait-until-ready and stop::

    with serve_in_background("store.sqlite") as server:
        httpx.get(server.url + "/api/events")
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

READY_PATH = "/api/events?limit=1"


class ServerDidNotStart(Exception):
    """The server exited or did not answer in time; the message ends with its output."""


@dataclass(frozen=True)
class RunningServer:
    url: str  # "http://127.0.0.1:PORT", no trailing slash
    pid: int  # of the server itself (or of the ``prefix`` command that runs it)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` right now (the system's choice)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@contextmanager
def serve_in_background(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    prefix: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    timeout: float = 60.0,
) -> Iterator[RunningServer]:
    """`warmonitor serve --db DB` on ``host`` and ``port`` (a free one by default), yielded
    once it answers ``READY_PATH``, stopped on leaving the block.

    ``prefix`` runs the server under another command (``["taskset", "-c", "0"]``); its
    output goes to ``log`` (else a temporary file), quoted in :class:`ServerDidNotStart`.
    """
    port = port or free_port(host)
    command = [*prefix, sys.executable, "-m", "warmonitor", "serve", "--db", str(db), "--host", host, "--port", str(port)]
    with open(log, "w+b") if log else tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=dict(env) if env else None)
        try:
            url = f"http://{host}:{port}"
            _wait_until_ready(process, url, output, timeout)
            yield RunningServer(url, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(process: subprocess.Popen, url: str, output, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise ServerDidNotStart(f"warmonitor serve exited with {process.returncode}:\n{_read(output)}")
        try:
            if httpx.get(url + READY_PATH, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise ServerDidNotStart(f"warmonitor serve did not answer at {url} within {timeout:g} s:\n{_read(output)}")
        time.sleep(0.1)


def _read(output) -> str:
    output.flush()
    output.seek(0)
    return output.read().decode("utf-8", errors="replace")
