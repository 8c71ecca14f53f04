"""Alerts (publish/alerts.py): rules read from `[[alert]]` tables, each alert sent once per
incident and rule and again only when the figure moves past the rule, over a webhook,
an ntfy topic and SMTP — all against loopback servers the tests start — with failures
retried at the next dispatch, never lost and never doubled.

The store is written as the watcher writes it (`warmonitor ingest` of invented reports);
expected alerts are worked out by hand in each test.
"""

from __future__ import annotations

import json
import socketserver
import threading
from contextlib import contextmanager
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from conftest import REVISED, SHELLING, STRIKE, ingest_reports
from warmonitor.publish.alerts import AlertConfigError, dispatch, load_rules
from warmonitor.publish.background import free_port
from warmonitor.store import schema as t
from warmonitor.store.database import open_store

BASE = "https://monitor.example.org/"
class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to take one message per session."""

    def handle(self):
        self.reply(220, "loopback test SMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply(250, "loopback")
            elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.reply(250, "OK")
            elif verb == b"DATA":
                self.reply(354, "go on")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.server.messages.append(message_from_bytes(data))
                self.reply(250, "queued")
            elif verb == b"QUIT":
                self.reply(221, "bye")
                return
            else:
                self.reply(502, "not here")

    def reply(self, code: int, text: str) -> None:
        self.wfile.write(f"{code} {text}\r\n".encode())


@contextmanager
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.messages = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def rules_for(url: str, *names: str) -> list:
    """The three rules of the issue (and one about Aleppo), all to ``url`` by webhook."""
    tables = {
        "idlib-10": {"when": {"killed_at_least": 10, "admin1": "Idlib"}},
        "civilians-sy": {"when": {"civilians_killed_at_least": 1, "country": "sy"}},
        "revised-50": {"when": {"revised_up_percent": 50}},
        "aleppo-10": {"when": {"killed_at_least": 10, "admin1": "Aleppo"}},
    }
    return load_rules({"alert": [{"name": name, "channel": "webhook", "url": url, **tables[name]} for name in names]})


def sent(result) -> list[tuple[str, int, int]]:
    return sorted((d.rule, d.incident_id, d.figure) for d in result.sent)


def test_once_per_incident_and_rule_and_again_past_the_rule(db, tmp_path, hook):
    ingest_reports(db, tmp_path, strike=STRIKE)
    engine = open_store(db)
    rules = rules_for(hook.url, "idlib-10", "civilians-sy", "revised-50", "aleppo-10")

    # 17 civilians killed in Idlib: ≥ 10 killed there, civilians killed in Syria; one toll
    # only, so nothing revised; nothing in Aleppo.
    first = dispatch(engine, rules, base_url=BASE)
    assert sent(first) == [("civilians-sy", 1, 17), ("idlib-10", 1, 17)]
    assert (first.failed, first.waiting) == ([], 0)
    assert dispatch(engine, rules, base_url=BASE).sent == [], "once per incident and rule"
    assert len(hook.received) == 2

    # 17 → 30: 13 more killed (≥ 10), more civilians, and 30 ≥ 1.5 × 17 (25.5).
    ingest_reports(db, tmp_path, revised=REVISED)
    second = dispatch(engine, rules, base_url=BASE)
    assert sent(second) == [("civilians-sy", 1, 30), ("idlib-10", 1, 30), ("revised-50", 1, 30)]
    assert {(p["rule"], p["value"], p["previous"]) for p in hook.json()[2:]} == {
        ("idlib-10", 30, 17), ("civilians-sy", 30, 17), ("revised-50", 30, 17)}
    assert dispatch(engine, rules, base_url=BASE).sent == []

    # 4 fighters in Aleppo: under every rule.
    ingest_reports(db, tmp_path, shelling=SHELLING)
    assert dispatch(engine, rules, base_url=BASE).sent == []
    assert len(hook.received) == 5
    with engine.connect() as connection:
        rows = connection.execute(select(t.alert_delivery.c.rule, t.alert_delivery.c.figure, t.alert_delivery.c.failures)).all()
    assert sorted(rows) == [("civilians-sy", 30, 0), ("idlib-10", 30, 0), ("revised-50", 30, 0)]
    engine.dispose()


def test_a_change_short_of_the_rule_sends_nothing(tmp_path, hook):
    """17 killed is short of 20, and 17 → 30 short of doubling; once 30 is alerted under
    "killed ≥ 20", the next alert needs 50."""
    db = str(tmp_path / "store.sqlite")
    ingest_reports(db, tmp_path, strike=STRIKE)
    engine = open_store(db)
    rules = load_rules({"alert": [
        {"name": "twenty", "when": {"killed_at_least": 20}, "channel": "webhook", "url": hook.url},
        {"name": "doubled", "when": {"revised_up_percent": 100}, "channel": "webhook", "url": hook.url},
    ]})
    assert dispatch(engine, rules, base_url=BASE).sent == []  # 17 < 20; one toll
    ingest_reports(db, tmp_path, revised=REVISED)
    assert sent(dispatch(engine, rules, base_url=BASE)) == [("twenty", 1, 30)]  # 30 < 2 × 17
    assert dispatch(engine, rules, base_url=BASE).sent == []  # 30 - 30 < 20
    engine.dispose()


def test_webhook_payload_links_to_the_event_page(tmp_path, hook):
    db = str(tmp_path / "store.sqlite")
    ingest_reports(db, tmp_path, strike=STRIKE)
    engine = open_store(db)
    dispatch(engine, rules_for(hook.url + "/hooks/warmonitor", "idlib-10"), base_url=BASE)
    (request,) = hook.received
    assert request["path"] == "/hooks/warmonitor"
    assert request["headers"]["Content-Type"] == "application/json"
    payload = json.loads(request["body"])
    assert payload["url"] == "https://monitor.example.org/events/1"
    assert (payload["rule"], payload["figure"], payload["value"], payload["previous"]) == ("idlib-10", "killed", 17, None)
    assert payload["condition"] == "killed ≥ 10 in Idlib"
    assert payload["title"] == "17 killed: air strike, Saraqib, Idlib, Syria, 2020-03-02"
    event = payload["event"]
    assert (event["event_id"], event["admin1"], event["country"], event["fatalities"], event["civilian_fatalities"]) == (
        1, "Idlib", "SY", 17, 17)
    engine.dispose()


def test_ntfy_topic_gets_text_title_and_link(tmp_path, hook):
    db = str(tmp_path / "store.sqlite")
    ingest_reports(db, tmp_path, strike=STRIKE)
    engine = open_store(db)
    rules = load_rules({"alert": [{
        "name": "civilians", "when": {"civilians_killed_at_least": 1}, "channel": "ntfy",
        "url": hook.url + "/warmonitor-syria", "base_url": "https://other.example.org",
    }]})
    assert sent(dispatch(engine, rules, base_url=BASE)) == [("civilians", 1, 17)]
    (request,) = hook.received
    assert request["path"] == "/warmonitor-syria"
    assert request["headers"]["Title"] == "17 civilians killed: air strike, Saraqib, Idlib, Syria, 2020-03-02"
    assert request["headers"]["Click"] == "https://other.example.org/events/1"  # the rule's base_url
    assert request["body"].decode() == (
        "17 civilians killed: air strike, Saraqib, Idlib, Syria, 2020-03-02\n"
        "Rule civilians: civilians killed ≥ 1\n"
        "https://other.example.org/events/1\n")
    engine.dispose()


def test_a_title_beyond_ascii_reaches_ntfy_whole(tmp_path, hook):
    db = str(tmp_path / "store.sqlite")
    ingest_reports(db, tmp_path, shelling=SHELLING)
    engine = open_store(db)
    rules = load_rules({"alert": [{"name": "aleppo", "when": {"killed_at_least": 1, "admin1": "Aleppo"},
                                   "channel": "ntfy", "url": hook.url}]})
    (delivery,) = dispatch(engine, rules, base_url=BASE).sent
    (request,) = hook.received
    title = str(make_header(decode_header(request["headers"]["Title"])))
    assert title == request["body"].decode().splitlines()[0]
    assert title.startswith("4 killed: shelling, ") and title.endswith(", Aleppo, Syria, 2020-05-10")
    assert not title.isascii() and "\n" not in request["headers"]["Title"]
    engine.dispose()


def test_email_over_smtp(tmp_path):
    db = str(tmp_path / "store.sqlite")
    ingest_reports(db, tmp_path, strike=STRIKE)
    engine = open_store(db)
    with smtp_server() as server:
        rules = load_rules({"alert": [{
            "name": "idlib", "when": {"killed_at_least": 10, "admin1": "Idlib"}, "channel": "smtp",
            "smtp": {"host": "127.0.0.1", "port": server.server_address[1], "from": "warmonitor@example.org",
                     "to": ["desk@example.org", "night@example.org"]},
        }]})
        assert sent(dispatch(engine, rules, base_url=BASE)) == [("idlib", 1, 17)]
        assert dispatch(engine, rules, base_url=BASE).sent == []
    (message,) = server.messages
    assert str(make_header(decode_header(message["Subject"]))) == "17 killed: air strike, Saraqib, Idlib, Syria, 2020-03-02"
    assert message["From"] == "warmonitor@example.org"
    assert message["To"] == "desk@example.org, night@example.org"
    body = message.get_payload(decode=True).decode()
    assert "https://monitor.example.org/events/1" in body and "Rule idlib: killed ≥ 10 in Idlib" in body
    engine.dispose()


def test_a_failing_endpoint_is_retried_later_without_loss_or_doubles(db, tmp_path, hook):
    ingest_reports(db, tmp_path, strike=STRIKE, shelling=SHELLING)
    engine = open_store(db)
    rules = rules_for(hook.url, "idlib-10", "civilians-sy")
    hook.answers = [500]  # the first POST fails

    first = dispatch(engine, rules, base_url=BASE)
    assert [(d.rule, d.incident_id) for d in first.failed] == [("idlib-10", 1)]
    assert first.failed[0].error == f"{hook.url}: answered HTTP 500"
    assert sent(first) == [("civilians-sy", 1, 17)]  # another rule, another channel call
    with engine.connect() as connection:
        state = connection.execute(select(t.alert_delivery.c.figure, t.alert_delivery.c.failures, t.alert_delivery.c.error)
                                   .where(t.alert_delivery.c.rule == "idlib-10")).one()
    assert (state.figure, state.failures) == (None, 1) and "HTTP 500" in state.error

    second = dispatch(engine, rules, base_url=BASE)
    assert sent(second) == [("idlib-10", 1, 17)] and second.failed == []
    assert dispatch(engine, rules, base_url=BASE).sent == []
    delivered = [(p["rule"], p["value"]) for p in hook.json()]
    assert delivered == [("idlib-10", 17), ("civilians-sy", 17), ("idlib-10", 17)]  # the failed one, then once each
    engine.dispose()


def test_an_unreachable_endpoint_fails_in_one_line_and_defers_the_rest(tmp_path):
    db = str(tmp_path / "store.sqlite")
    ingest_reports(db, tmp_path, strike=STRIKE, shelling=SHELLING)
    engine = open_store(db)
    closed = f"http://127.0.0.1:{free_port()}/hook"
    rules = load_rules({"alert": [{"name": "any", "when": {"killed_at_least": 1}, "channel": "webhook", "url": closed}]})
    result = dispatch(engine, rules, base_url=BASE)
    assert len(result.failed) == 1 and result.sent == []
    assert "\n" not in result.failed[0].error and result.failed[0].error.startswith(closed)
    with engine.connect() as connection:
        incidents = connection.execute(select(t.incident.c.id)).scalars().all()
    assert result.waiting == len(incidents) - 1 >= 1, "the rule's other alerts wait for the next dispatch"
    engine.dispose()


def test_example_rules_read():
    rules = load_rules({"alert": [
        {"name": "idlib-10", "when": {"killed_at_least": 10, "admin1": "Idlib"}, "channel": "webhook",
         "url": "https://hooks.example.org/warmonitor"},
        {"name": "civilians-sy", "when": {"civilians_killed_at_least": 1, "country": "SY"}, "channel": "ntfy",
         "url": "https://ntfy.sh/warmonitor-syria"},
        {"name": "revised", "when": {"revised_up_percent": 50}, "channel": "smtp",
         "smtp": {"host": "mail.example.org", "starttls": True, "from": "a@example.org", "to": "b@example.org",
                  "username": "a", "password_env": "WARMONITOR_SMTP_PASSWORD"}},
    ]})
    assert [r.condition() for r in rules] == ["killed ≥ 10 in Idlib", "civilians killed ≥ 1 in Syria", "toll revised up by ≥ 50 %"]
    assert rules[2].channel.port == 587 and rules[2].channel.recipients == ("b@example.org",)
    assert load_rules({}) == [] and load_rules({"watch": {}, "source": []}) == []


@pytest.mark.parametrize("table, problem", [
    ({"when": {"killed_at_least": 10}, "channel": "webhook", "url": "https://h.example.org"}, "needs a name"),
    ({"name": "a", "channel": "webhook", "url": "https://h.example.org"}, "needs when"),
    ({"name": "a", "when": {"killed_at_least": 10, "revised_up_percent": 5}, "channel": "webhook", "url": "https://h.example.org"}, "exactly one of"),
    ({"name": "a", "when": {"killed_at_least": 0}, "channel": "webhook", "url": "https://h.example.org"}, "whole number ≥ 1"),
    ({"name": "a", "when": {"killed_at_least": "10"}, "channel": "webhook", "url": "https://h.example.org"}, "whole number ≥ 1"),
    ({"name": "a", "when": {"killed_at_least": 10, "province": "Idlib"}, "channel": "webhook", "url": "https://h.example.org"}, "unknown key 'province'"),
    ({"name": "a", "when": {"killed_at_least": 10, "country": "Syria"}, "channel": "webhook", "url": "https://h.example.org"}, "two-letter code"),
    ({"name": "a", "when": {"killed_at_least": 10, "from": "last week"}, "channel": "webhook", "url": "https://h.example.org"}, "must be a date"),
    ({"name": "a", "when": {"killed_at_least": 10}, "channel": "pager", "url": "https://h.example.org"}, "channel must be"),
    ({"name": "a", "when": {"killed_at_least": 10}, "channel": "webhook", "url": "file:///etc/passwd"}, "http:// or https://"),
    ({"name": "a", "when": {"killed_at_least": 10}, "channel": "webhook", "url": "http://"}, "http:// or https://"),
    ({"name": "a", "when": {"killed_at_least": 10}, "channel": "webhook"}, "http:// or https://"),
    ({"name": "a", "when": {"killed_at_least": 10}, "channel": "smtp", "smtp": {"host": "m"}}, "needs host, from and to"),
    ({"name": "a", "when": {"killed_at_least": 10}, "channel": "smtp", "smtp": {"host": "m", "from": "a@b", "to": "c@d", "port": 0}}, "port"),
    ({"name": "a", "when": {"killed_at_least": 10}, "channel": "smtp", "smtp": {"host": "m", "from": "a@b", "to": "c@d", "username": "u"}}, "password_env"),
    ({"name": "a", "when": {"killed_at_least": 10}, "channel": "smtp", "smtp": {"host": "m", "from": "a@b", "to": "c@d", "password": "x"}}, "unknown key 'password'"),
    ({"name": "a", "when": {"killed_at_least": 10}, "channel": "webhook", "url": "https://h.example.org", "every": 5}, "unknown key 'every'"),
])
def test_a_rule_that_cannot_be_used_is_refused_in_one_line(table, problem):
    with pytest.raises(AlertConfigError) as refused:
        load_rules({"alert": [table]})
    message = str(refused.value)
    assert problem in message and "\n" not in message
    assert message.startswith("alert 'a'") or message.startswith("alert #1")


def test_two_rules_of_one_name_are_refused():
    table = {"name": "same", "when": {"killed_at_least": 1}, "channel": "webhook", "url": "https://h.example.org"}
    with pytest.raises(AlertConfigError, match="two rules have this name"):
        load_rules({"alert": [table, table]})
    with pytest.raises(AlertConfigError, match=r"expected \[\[alert\]\] tables"):
        load_rules({"alert": {"name": "x"}})


def test_event_links_need_an_http_base():
    with pytest.raises(AlertConfigError, match="base_url: expected an http:// or https:// URL"):
        dispatch(None, [], base_url="javascript:alert(1)")
