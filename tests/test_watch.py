"""`warmonitor watch` against the loopback feed server, on SQLite and PostgreSQL: each
article stored once (across restarts and a feed that lists the same items for ever), a
304 costs no parse, no source polled more often than its interval, errors waited out,
private links refused, a poll's deadline leaves the rest pending, the alerts' hook, and
the command line (sources add|list|remove, watch --once, a clean stop on SIGTERM)."""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from conftest import run_cli
from feedserver import FeedServer
from sqlalchemy import func, select
from typer.testing import CliRunner

from warmonitor.cli import app
from warmonitor.extract import extract
from warmonitor.ingest import watch as watching
from warmonitor.ingest.sources_config import Source, WatchConfig, WatchSettings
from warmonitor.ingest.watch import Watcher
from warmonitor.ingest.watch_state import health
from warmonitor.store.database import open_store
from warmonitor.resolve import resolve
from warmonitor.store import schema as t

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


def read(document):
    return resolve(extract(document))


def settings(**changes) -> WatchSettings:
    """Loopback allowed, no pause between requests, and time for a first report read to
    build the gazetteer index on a busy machine."""
    return WatchSettings(**{"allowed_networks": LOOPBACK, "per_host_interval": 0.0, "feed_deadline": 600.0, **changes})


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def watcher(engine, server: FeedServer, sources: list[Source], lines: list | None = None, **changes) -> Watcher:
    log = lines.append if lines is not None else (lambda line: None)
    return Watcher(engine, WatchConfig(settings(**changes), tuple(sources)), read, log=log)


def poll_all(watch: Watcher) -> list[watching.Poll]:
    stop = threading.Event()
    return [watch.poll(source, stop) for source in watch.config.sources]


def stored_urls(engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(select(t.document.c.url)).scalars())


def test_each_article_is_stored_once_across_polls_and_restarts(db, server):
    server.add_feed("wire")
    server.add_feed("map", kind="sitemap")
    server.add_feed("same", fault="same")
    articles = [server.publish(name) for name in ("wire", "map", "same", "wire")]
    sources = [Source("wire", server.url("wire"), "feed", 0.1), Source("map", server.url("map"), "sitemap", 0.1),
               Source("same", server.url("same"), "feed", 0.1)]
    engine = open_store(db)
    first = watcher(engine, server, sources)
    assert [poll.stored for poll in poll_all(first)] == [2, 1, 1]
    server.publish("wire")
    restarted = watcher(engine, server, sources)  # a new process: only the store remembers
    assert [poll.stored for poll in poll_all(restarted)] == [1, 0, 0]
    urls = stored_urls(engine)
    assert len(urls) == len(set(urls)) == 5
    assert {server.article_url(a) for a in articles} <= set(urls)
    article_requests = [path for _, path, _ in server.log if path.startswith("/articles/")]
    assert len(article_requests) == 5  # each fetched once, the same items listed again included
    engine.dispose()


def test_a_304_costs_no_parse(tmp_path, server, monkeypatch):
    server.add_feed("wire")
    server.publish("wire")
    parsed = []
    monkeypatch.setattr(watching, "article_links", lambda *args: parsed.append(args) or [])
    engine = open_store(str(tmp_path / "store.sqlite"))
    watch = watcher(engine, server, [Source("wire", server.url("wire"), "feed", 0.1)])
    polls = [poll_all(watch)[0] for _ in range(3)]
    assert [(poll.http, poll.status) for poll in polls] == [(200, "ok"), (304, "not_modified"), (304, "not_modified")]
    assert len(parsed) == 1


def test_no_source_is_fetched_more_often_than_its_interval(tmp_path, server):
    server.add_feed("wire")
    server.add_feed("slow")
    engine = open_store(str(tmp_path / "store.sqlite"))
    watch = watcher(engine, server, [Source("wire", server.url("wire"), "feed", 0.4),
                                     Source("slow", server.url("slow"), "feed", 1.5)])
    stop = threading.Event()
    running = threading.Thread(target=watch.run, args=(stop,))
    started = time.monotonic()
    running.start()
    time.sleep(2.0)
    stop.set()
    running.join()
    elapsed = time.monotonic() - started
    for name, interval in (("wire", 0.4), ("slow", 1.5)):
        requests = [when for when, _status in server.requests_for(server.feeds[name].path)]
        assert 1 <= len(requests) <= elapsed / interval + 1
        assert all(b - a >= interval - 0.05 for a, b in zip(requests, requests[1:]))


def test_errors_are_waited_out_longer_each_time_and_retry_after_is_honoured(tmp_path, server):
    server.add_feed("broken", fault="500")
    server.add_feed("busy", fault="429", retry_after=30)
    engine = open_store(str(tmp_path / "store.sqlite"))
    watch = watcher(engine, server, [Source("broken", server.url("broken"), "feed", 1.0),
                                     Source("busy", server.url("busy"), "feed", 1.0)])
    broken, busy = poll_all(watch)
    assert (broken.status, broken.http, busy.http) == ("error", 500, 429)
    assert 2.0 <= watch.states["broken"].backoff <= 2.5  # twice the interval, with up to a quarter of jitter
    assert watch.states["busy"].backoff == 30
    watch.poll(watch.config.sources[0], threading.Event())
    assert 4.0 <= watch.states["broken"].backoff <= 5.0
    state = health(engine)["broken"]
    assert state.state.failures == 2 and "HTTP 500" in state.state.last_error


@pytest.mark.parametrize("fault", ["timeout", "drip", "badxml", "huge"])
def test_a_failing_source_is_one_error_line_and_the_others_go_on(tmp_path, server, fault):
    server.add_feed("bad", fault=fault, stall=3.0)
    server.add_feed("good")
    server.publish("good")
    lines: list[str] = []
    engine = open_store(str(tmp_path / "store.sqlite"))
    watch = watcher(engine, server, [Source("bad", server.url("bad"), "feed", 5), Source("good", server.url("good"), "feed", 5)],
                    lines, fetch_deadline=1.0, max_bytes=1 << 20)
    bad, good = poll_all(watch)
    assert bad.status == "error" and bad.error and good.stored == 1
    logged = [json.loads(line) for line in lines]
    assert [(line["source"], line["status"]) for line in logged] == [("bad", "error"), ("good", "ok")]


def test_private_links_are_refused_unless_allowed(tmp_path, server):
    server.add_feed("sneaky", fault="private")
    server.publish("sneaky")
    engine = open_store(str(tmp_path / "store.sqlite"))
    [poll] = poll_all(watcher(engine, server, [Source("sneaky", server.url("sneaky"), "feed", 5)]))
    assert (poll.stored, poll.failed) == (1, 3)
    with engine.connect() as connection:
        refused = dict(connection.execute(select(t.watch_article.c.url, t.watch_article.c.error)
                                          .where(t.watch_article.c.status == "refused")).all())
    assert set(refused) == {"http://10.0.0.7/inside.html", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/x.html"}
    assert all("not a public address" in reason for reason in refused.values())


def test_a_loopback_source_is_refused_when_private_addresses_are_not_allowed(tmp_path, server):
    server.add_feed("wire")
    engine = open_store(str(tmp_path / "store.sqlite"))
    watch = Watcher(engine, WatchConfig(WatchSettings(), (Source("wire", server.url("wire"), "feed", 5),)), read,
                    log=lambda line: None)
    [poll] = poll_all(watch)
    assert poll.status == "error" and "not a public address" in poll.error
    assert server.log == []  # not even robots.txt was asked for


def test_robots_txt_keeps_articles_out(tmp_path, server):
    server.robots = "User-agent: *\nDisallow: /articles/wire/\n"
    server.add_feed("wire")
    server.publish("wire")
    engine = open_store(str(tmp_path / "store.sqlite"))
    [poll] = poll_all(watcher(engine, server, [Source("wire", server.url("wire"), "feed", 5)]))
    assert poll.stored == 0 and stored_urls(engine) == []
    assert not any(path.startswith("/articles/") for _, path, _ in server.log)


def test_the_poll_deadline_leaves_the_rest_pending_for_the_next_poll(tmp_path, server):
    server.add_feed("slow", fault="slow_articles", stall=0.6)
    for _ in range(4):
        server.publish("slow")
    engine = open_store(str(tmp_path / "store.sqlite"))
    watch = watcher(engine, server, [Source("slow", server.url("slow"), "feed", 0.1)], feed_deadline=1.0)
    first = poll_all(watch)[0]
    assert first.stored < 4 and first.pending == 4 - first.stored - first.failed
    stored = first.stored
    for _ in range(8):
        stored += poll_all(watch)[0].stored
        if stored == 4:
            break
    assert stored == 4 and len(stored_urls(engine)) == 4


def test_on_stored_gets_the_new_documents_of_each_poll(tmp_path, server):
    server.add_feed("wire")
    server.publish("wire")
    server.publish("wire")
    got: list[list[int]] = []
    engine = open_store(str(tmp_path / "store.sqlite"))
    watch = Watcher(engine, WatchConfig(settings(), (Source("wire", server.url("wire"), "feed", 0.1),)), read,
                    log=lambda line: None, on_stored=got.append)
    poll_all(watch)
    poll_all(watch)  # nothing new: no call
    with engine.connect() as connection:
        ids = sorted(connection.execute(select(t.document.c.id)).scalars())
    assert len(got) == 1 and sorted(got[0]) == ids and len(ids) == 2


def cli(*args: str):
    """`warmonitor ARGS` in this process (for commands that install no signal handler)."""
    return CliRunner().invoke(app, list(args))


def test_the_sources_commands_keep_the_file_and_show_health(tmp_path, server):
    server.add_feed("wire")
    server.publish("wire")
    config, db = tmp_path / "watch.toml", str(tmp_path / "store.sqlite")
    config.write_text('[watch]\nallow_private_addresses = ["127.0.0.0/8"]\nper_host_interval = 0\n\n[[alert]]\nname = "big"\n'
                      'when = { killed_at_least = 100 }\nchannel = "webhook"\nurl = "https://hooks.example.org/big"\n')
    assert cli("sources", "add", "wire", server.url("wire"), "--interval", "60", "--config", str(config)).exit_code == 0
    assert cli("sources", "add", "gone", "https://gone.example/feed", "--config", str(config)).exit_code == 0
    assert cli("sources", "remove", "gone", "--config", str(config)).exit_code == 0
    twice = cli("sources", "add", "wire", server.url("wire"), "--config", str(config))
    assert twice.exit_code == 1 and twice.stderr.count("\n") == 1 and "there already" in twice.stderr
    never = json.loads(cli("sources", "list", "--format", "json", "--config", str(config), "--db", db).stdout)
    assert [(row["name"], row["last_success"], row["items"]) for row in never] == [("wire", None, 0)]
    done = run_cli("watch", "--once", "--config", str(config), "--db", db)
    assert done.returncode == 0, done.stderr
    [line] = [json.loads(line) for line in done.stderr.splitlines()]
    assert (line["source"], line["status"], line["stored"]) == ("wire", "ok", 1)
    [row] = json.loads(cli("sources", "list", "--format", "json", "--config", str(config), "--db", db).stdout)
    assert (row["name"], row["items"], row["pending"], row["last_error"]) == ("wire", 1, 0, None)
    assert row["last_success"] and row["lag_seconds"] >= 0
    assert '[[alert]]\nname = "big"' in config.read_text()
    table = cli("sources", "list", "--config", str(config), "--db", db)
    assert table.exit_code == 0 and "wire" in table.stdout


def test_the_watcher_sends_the_alerts_its_config_holds(tmp_path, server, hook):
    # The feed's first article tells of shelling that killed 3 civilians (feedserver's
    # invented text: 1 % 9 + 2). A rule for any toll of 1 or more sends one alert, linked
    # to the event page under the [watch] base_url.
    server.add_feed("wire")
    server.publish("wire")
    config, db = tmp_path / "watch.toml", str(tmp_path / "store.sqlite")
    config.write_text(
        '[watch]\nallow_private_addresses = ["127.0.0.0/8"]\nper_host_interval = 0\nbase_url = "https://monitor.example.org"\n\n'
        f'[[source]]\nname = "wire"\nurl = "{server.url("wire")}"\n\n'
        f'[[alert]]\nname = "any"\nwhen = {{ killed_at_least = 1 }}\nchannel = "webhook"\nurl = "{hook.url}"\n'
    )
    done = run_cli("watch", "--once", "--config", str(config), "--db", db)
    assert done.returncode == 0, done.stderr
    (alerts,) = [json.loads(line) for line in done.stderr.splitlines() if '"alerts"' in line]
    assert len(alerts["sent"]) == 1 and alerts["failed"] == []
    (payload,) = hook.json()
    assert json.dumps(payload).count("https://monitor.example.org/events/") == 1


def test_watch_without_sources_or_with_a_bad_file_is_one_line(tmp_path):
    empty = cli("watch", "--config", str(tmp_path / "none.toml"), "--db", str(tmp_path / "s.sqlite"))
    assert empty.exit_code == 1 and "no sources to watch" in empty.stderr and empty.stderr.count("\n") == 1
    (tmp_path / "bad.toml").write_text("[[source]]\nname = 'x'\n")
    bad = cli("watch", "--config", str(tmp_path / "bad.toml"))
    assert bad.exit_code == 1 and "needs an http(s) url" in bad.stderr and bad.stderr.count("\n") == 1


def test_sigterm_stops_the_watcher_cleanly(tmp_path, server):
    server.add_feed("wire")
    config = tmp_path / "watch.toml"
    config.write_text(f'[watch]\nallow_private_addresses = true\n\n[[source]]\nname = "wire"\nurl = "{server.url("wire")}"\ninterval = 0.2\n')
    process = subprocess.Popen([sys.executable, "-m", "warmonitor", "watch", "--config", str(config), "--db",
                                str(tmp_path / "store.sqlite")], stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert '"start"' in process.stderr.readline()
    server.publish("wire")
    for line in process.stderr:  # ends if the watcher dies
        if '"stored": 1' in line:
            break
    process.send_signal(signal.SIGTERM)
    rest = process.communicate(timeout=30)[1]
    assert process.returncode == 0
    assert rest.splitlines()[-1] == '{"event": "stop"}' and "Traceback" not in rest


def test_the_watch_tables_exist_on_both_stores(db):
    engine = open_store(db)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(t.watch_article)).scalar() == 0
        assert connection.execute(select(func.count()).select_from(t.watch_source)).scalar() == 0
    engine.dispose()


def test_serve_watch_publishes_what_it_watches_and_stops_on_sigterm(tmp_path, server):
    import httpx

    server.add_feed("wire")
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    config = tmp_path / "watch.toml"
    config.write_text(f'[watch]\nallow_private_addresses = ["127.0.0.0/8"]\n\n'
                      f'[[source]]\nname = "wire"\nurl = "{server.url("wire")}"\ninterval = 0.2\n')
    log = tmp_path / "serve.log"
    with log.open("w") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "warmonitor", "serve", "--watch", "--port", str(port), "--config",
                                    str(config), "--db", str(tmp_path / "store.sqlite")], stderr=stderr)
    article = server.publish("wire")
    try:
        events = []
        deadline = time.monotonic() + 120  # the first report read may build the gazetteer index
        while not events and time.monotonic() < deadline:
            try:
                events = httpx.get(f"http://127.0.0.1:{port}/api/events").json()["items"]
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        assert [event["event_date"] for event in events] == [article.day.isoformat()]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode == 0 and "Traceback" not in log.read_text()


def test_the_systemd_unit_is_valid_and_runs_a_command_that_exists():
    import shlex
    import shutil
    from pathlib import Path

    from test_docs_commands import parse

    unit = Path(__file__).resolve().parents[1] / "packaging" / "warmonitor-watch.service"
    [start] = [line for line in unit.read_text().splitlines() if line.startswith("ExecStart=")]
    parse(shlex.join(shlex.split(start)[1:]))
    if shutil.which("systemd-analyze") is None:
        pytest.skip("no systemd-analyze here")
    program = shlex.split(start.removeprefix("ExecStart="))[0]
    copy = Path(os.environ["WARMONITOR_HOME"]) / unit.name
    copy.write_text(unit.read_text().replace(program, str(Path(sys.executable).with_name("python"))))
    checked = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr


def test_a_store_error_or_a_failing_hook_is_logged_and_the_watch_goes_on(tmp_path, server, monkeypatch):
    server.add_feed("wire")
    server.publish("wire")
    lines: list[str] = []
    engine = open_store(str(tmp_path / "store.sqlite"))

    def broken_hook(document_ids):
        raise RuntimeError("the alert channel is down")

    watch = Watcher(engine, WatchConfig(settings(), (Source("wire", server.url("wire"), "feed", 0.2),)), read,
                    log=lines.append, on_stored=broken_hook)
    real_pending = watching.pending
    calls = []

    def pending_once_broken(*args):
        calls.append(args)
        if len(calls) == 1:
            raise OSError("store unreachable")
        return real_pending(*args)

    monkeypatch.setattr(watching, "pending", pending_once_broken)
    stop = threading.Event()
    running = threading.Thread(target=watch.run, args=(stop,))
    running.start()
    deadline = time.monotonic() + 30
    while not any('"on_stored"' in line for line in lines) and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    running.join()
    logged = [json.loads(line) for line in lines]
    assert logged[0]["status"] == "error" and "store unreachable" in logged[0]["error"]
    assert any(line.get("stored") == 1 for line in logged)
    assert any(line["event"] == "on_stored" and "alert channel is down" in line["error"] for line in logged)


def test_kill_9_mid_poll_then_a_restart_loses_and_doubles_nothing(tmp_path, server):
    server.add_feed("slow", fault="slow_articles", stall=0.3)
    articles = [server.publish("slow") for _ in range(4)]
    config, db = tmp_path / "watch.toml", str(tmp_path / "store.sqlite")
    config.write_text(f'[watch]\nallow_private_addresses = true\nper_host_interval = 0\nfetch_deadline = 1\n\n'
                      f'[[source]]\nname = "slow"\nurl = "{server.url("slow")}"\ninterval = 0.2\n')
    command = [sys.executable, "-m", "warmonitor", "watch", "--config", str(config), "--db", db]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    engine = open_store(db)
    deadline = time.monotonic() + 120
    while not stored_urls(engine) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.kill()  # SIGKILL: the poll that found the four links is cut short
    process.wait()
    assert 1 <= len(stored_urls(engine)) < 4
    wanted = sorted(server.article_url(a) for a in articles)
    restarted = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while stored_urls(engine) != wanted and time.monotonic() < deadline:
        time.sleep(0.05)
    restarted.terminate()
    assert restarted.wait(timeout=30) == 0
    assert stored_urls(engine) == wanted
    engine.dispose()
