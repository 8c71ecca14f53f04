"""Reading URLs from servers on this machine: pages, text, and every way a download fails."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import error_of

from warmonitor.ingest import fetch, files, read_input

ARTICLE = "".join(
    f"<p>Paragraph {n}: fighting near Kafr Zita killed {n} fighters on Saturday, "
    "the Syrian Observatory for Human Rights said, citing its sources.</p>"
    for n in range(1, 5)
)
PAGE = (
    "<html><head><title>Clashes near Kafr Zita</title></head><body>"
    f"<article><h1>Clashes near Kafr Zita</h1>{ARTICLE}</article></body></html>"
)
REPORT = "Shelling killed four civilians in Aleppo on Tuesday, state media said."

ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/page": (200, "text/html; charset=utf-8", PAGE.encode()),
    "/report.txt": (200, "text/plain; charset=utf-8", REPORT.encode()),
    "/legacy.txt": (200, "text/plain; charset=windows-1252", "Café “killed” 3.".encode("cp1252")),
    "/photo": (200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    "/big": (200, "text/plain", b"x" * 5000),
    "/broken": (500, "text/plain", b"oops"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/chunked-big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the body runs until the connection closes
            self.wfile.write(b"x" * 5000)
            self.close_connection = True
            return
        status, media_type, body = ROUTES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/report"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()



def test_html_page(server: str) -> None:
    [document] = read_input(f"{server}/page")
    assert document.id == document.url == f"{server}/page"
    assert document.title == "Clashes near Kafr Zita"
    assert document.text.split("\n")[0] == "Clashes near Kafr Zita"
    assert "killed 4 fighters" in document.text


def test_plain_text_page(server: str) -> None:
    [document] = read_input(f"{server}/report.txt")
    assert document.text == REPORT


def test_declared_charset_is_honoured(server: str) -> None:
    [document] = read_input(f"{server}/legacy.txt")
    assert document.text == "Café “killed” 3."


def test_redirect_is_followed(server: str) -> None:
    [document] = read_input(f"{server}/moved")
    assert document.title == "Clashes near Kafr Zita"


def test_404(server: str) -> None:
    assert error_of(f"{server}/missing") == f"{server}/missing: HTTP 404 Not Found"


def test_500(server: str) -> None:
    assert error_of(f"{server}/broken") == f"{server}/broken: HTTP 500 Internal Server Error"


def test_redirect_loop(server: str) -> None:
    assert "redirects" in error_of(f"{server}/loop")


def test_image_is_not_text(server: str) -> None:
    assert error_of(f"{server}/photo") == f"{server}/photo: not text (image/png)"


@pytest.mark.parametrize("path", ["/big", "/chunked-big"])
def test_response_over_the_cap(server: str, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_INPUT_BYTES", 1000)
    assert "too large" in error_of(f"{server}{path}")


def test_server_that_never_answers_times_out(
    silent_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "TOTAL_TIMEOUT", 1.0)
    started = time.monotonic()
    message = error_of(silent_server)
    assert message.startswith(f"{silent_server}: timed out")
    assert time.monotonic() - started < 5


def test_connection_refused() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # free once the probe closes
    message = error_of(f"http://127.0.0.1:{port}/")
    assert message.startswith(f"http://127.0.0.1:{port}/: could not download")


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("ftp://example.org/report.txt", "ftp"),
        ("file:///etc/passwd", "file"),
        ("gopher://x", "gopher"),
    ],
)
def test_only_http_and_https(url: str, scheme: str) -> None:
    assert error_of(url) == f"{url}: unsupported URL scheme '{scheme}' (use http or https)"
