"""Alerts: rules over incidents, each alert sent once per incident and rule, and again
only when the incident's figure moves past the rule from what the last alert said.

Rules are the ``[[alert]]`` tables of the watcher's config (docs/alerts.md)::

    [[alert]]
    name = "idlib-10"
    when = { killed_at_least = 10, admin1 = "Idlib" }
    channel = "webhook"
    url = "https://hooks.example.org/warmonitor"

:func:`load_rules` reads them (an :class:`AlertConfigError`, one line, for anything it
does not understand); :func:`dispatch` finds what is due in the store, sends it and
records it in ``alert_delivery`` — one transaction per alert, right after it went out,
so an alert that failed is tried again at the next dispatch and one that was sent is
not sent twice.

A rule reads one figure of an incident: killed (best), or civilians killed. It is
judged from a base: for the first alert, zero (or, for ``revised_up_percent``, the
incident's first reported toll); after that, the figure the last alert carried. So
``killed_at_least = 10`` alerts when 10 are killed and again when 10 more are;
``civilians_killed_at_least = 1`` alerts when any civilian is killed and again when the
count of civilians killed rises; ``revised_up_percent = 50`` alerts when the toll reaches
1.5 times the first one reported, and again at 1.5 times the last one alerted. A toll
revised down never alerts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import Engine, and_, func, insert, literal, select, update

from ..store import schema as t
from .channels import ChannelError, Email, Message, Ntfy, Webhook, check_url
from .countries import country_name
from .detail import SUMMARY_COLUMNS, summary
from .filters import IncidentFilter

MAX_PER_RULE = 100
"""Alerts one rule sends in one dispatch, the oldest incidents first; the rest wait for
the next (a new rule over a full store does not flood a channel at once)."""

_CONDITIONS = {"killed_at_least", "civilians_killed_at_least", "revised_up_percent"}
_FILTERS = {"country", "admin1", "conflict", "type", "from"}
_KEYS = {"name", "when", "channel", "url", "smtp", "base_url"}
_SMTP_KEYS = {"host", "port", "from", "to", "starttls", "tls", "username", "password_env"}


class AlertConfigError(ValueError):
    """An ``[[alert]]`` table that cannot be used: one line naming the rule and the key."""


@dataclass(frozen=True)
class AlertRule:
    name: str
    figure: str  # "killed" or "civilians_killed": the incident column the rule reads
    at_least: int | None  # killed_at_least or civilians_killed_at_least
    revised_up_percent: int | None
    where: IncidentFilter  # which incidents the rule is about
    channel: Webhook | Ntfy | Email
    base_url: str | None = None  # of the event pages its alerts link to; else dispatch's

    def condition(self) -> str:
        """The rule in words ("killed ≥ 10 in Idlib")."""
        if self.revised_up_percent is not None:
            what = f"toll revised up by ≥ {self.revised_up_percent} %"
        else:
            what = f"{self.figure.replace('_', ' ')} ≥ {self.at_least}"
        places = [v for v in (self.where.admin1, country_name(self.where.country) if self.where.country else None,
                              self.where.conflict) if v]
        return what + (f" in {', '.join(places)}" if places else "")


@dataclass(frozen=True)
class Delivery:
    rule: str
    incident_id: int
    figure: int  # the figure the alert carried
    previous: int | None  # the figure of the alert before it, if any
    error: str | None = None  # why it failed; None: sent


@dataclass
class DispatchResult:
    sent: list[Delivery] = field(default_factory=list)
    failed: list[Delivery] = field(default_factory=list)
    waiting: int = 0  # alerts due but left for the next dispatch (a cap, or their channel failed)


def load_rules(config: dict) -> list[AlertRule]:
    """The rules of the config's ``[[alert]]`` tables (none when it has none)."""
    tables = config.get("alert", [])
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise AlertConfigError("alert: expected [[alert]] tables")
    rules, names = [], set()
    for number, table in enumerate(tables, 1):
        rule = _rule(table, number)
        if rule.name in names:
            raise AlertConfigError(f"alert {rule.name!r}: two rules have this name (it keys what was sent)")
        names.add(rule.name)
        rules.append(rule)
    return rules


def _rule(table: dict, number: int) -> AlertRule:
    name = table.get("name")
    where = f"alert {name!r}" if isinstance(name, str) and name.strip() else f"alert #{number}"
    problem = _unknown(table, _KEYS) or ("" if isinstance(name, str) and name.strip() else "needs a name")
    if problem:
        raise AlertConfigError(f"{where}: {problem}")
    when = table.get("when")
    if not isinstance(when, dict):
        raise AlertConfigError(f"{where}: needs when = {{ killed_at_least = N, ... }}")
    if problem := _unknown(when, _CONDITIONS | _FILTERS):
        raise AlertConfigError(f"{where}: when: {problem}")
    conditions = sorted(_CONDITIONS & when.keys())
    if len(conditions) != 1:
        raise AlertConfigError(f"{where}: when needs exactly one of {', '.join(sorted(_CONDITIONS))}")
    condition = conditions[0]
    value = when[condition]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AlertConfigError(f"{where}: {condition} must be a whole number ≥ 1, got {value!r}")
    try:
        return AlertRule(
            name=name.strip(),
            figure="civilians_killed" if condition == "civilians_killed_at_least" else "killed",
            at_least=None if condition == "revised_up_percent" else value,
            revised_up_percent=value if condition == "revised_up_percent" else None,
            where=_filter(when),
            channel=_channel(table),
            base_url=check_url(table["base_url"], "base_url") if "base_url" in table else None,
        )
    except ValueError as error:
        raise AlertConfigError(f"{where}: {error}") from None


def _unknown(table: dict, known: set[str]) -> str:
    unknown = sorted(set(table) - known)
    return f"unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})" if unknown else ""


def _filter(when: dict) -> IncidentFilter:
    for key in _FILTERS - {"from"}:
        if key in when and not (isinstance(when[key], str) and when[key].strip()):
            raise ValueError(f"when: {key} must be a name, got {when[key]!r}")
    start = when.get("from")
    if start is not None and not isinstance(start, date):
        raise ValueError(f"when: from must be a date (from = 2024-01-01), got {start!r}")
    country = when.get("country")
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise ValueError(f"when: country must be a two-letter code (SY), got {country!r}")
    return IncidentFilter(
        start=start, country=country.upper() if country else None, admin1=when.get("admin1"),
        conflict=when.get("conflict"), type=when.get("type"),
    )


def _channel(table: dict) -> Webhook | Ntfy | Email:
    channel = table.get("channel")
    if channel in ("webhook", "ntfy"):
        if "smtp" in table:
            raise ValueError(f"smtp settings on a {channel} channel")
        url = check_url(table.get("url"), "url")
        return Webhook(url) if channel == "webhook" else Ntfy(url)
    if channel != "smtp":
        raise ValueError(f"channel must be webhook, ntfy or smtp, got {channel!r}")
    smtp = table.get("smtp")
    if not isinstance(smtp, dict) or "url" in table:
        raise ValueError("the smtp channel needs smtp = { host = ..., from = ..., to = [...] } and no url")
    if problem := _unknown(smtp, _SMTP_KEYS):
        raise ValueError(f"smtp: {problem}")
    recipients = smtp.get("to")
    recipients = [recipients] if isinstance(recipients, str) else recipients
    texts = [smtp.get("host"), smtp.get("from"), *(recipients or [None])]
    if not all(isinstance(text, str) and text.strip() for text in texts):
        raise ValueError("smtp needs host, from and to (an address or a list of them)")
    tls, starttls = bool(smtp.get("tls", False)), bool(smtp.get("starttls", False))
    port = smtp.get("port", 465 if tls else 587 if starttls else 25)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise ValueError(f"smtp: port must be a number from 1 to 65535, got {port!r}")
    if smtp.get("username") and not smtp.get("password_env"):
        raise ValueError("smtp: a username needs password_env, the environment variable holding the password")
    return Email(
        host=smtp["host"], port=port, sender=smtp["from"], recipients=tuple(recipients), starttls=starttls, tls=tls,
        username=smtp.get("username"), password_env=smtp.get("password_env"),
    )


def dispatch(engine: Engine, rules: list[AlertRule], *, base_url: str) -> DispatchResult:
    """Send every alert due, record each in the store; what was sent, what failed.
    ``base_url``: where the event pages are, for rules without their own.

    After a failure, the rule's other alerts wait for the next dispatch: a channel that
    is down costs one timeout, not one per incident.
    """
    try:
        check_url(base_url, "base_url")
    except ValueError as error:
        raise AlertConfigError(str(error)) from None
    result = DispatchResult()
    for rule in rules:
        link_base = (rule.base_url or base_url).rstrip("/")
        with engine.connect() as connection:
            due = connection.execute(_due(rule).limit(MAX_PER_RULE + 1)).all()
        result.waiting += max(0, len(due) - MAX_PER_RULE)
        for position, row in enumerate(due[:MAX_PER_RULE]):
            delivery = _send(rule, row, link_base)
            _record(engine, rule, delivery)
            if delivery.error is None:
                result.sent.append(delivery)
            else:
                result.failed.append(delivery)
                result.waiting += len(due[:MAX_PER_RULE]) - position - 1
                break
    return result


def _due(rule: AlertRule):
    """The rule's incidents with an alert due, oldest first: SUMMARY_COLUMNS, the figure
    of the last alert sent (None before the first) and the base the rule was judged from."""
    i, a = t.incident.c, t.alert_delivery
    figure = i[rule.figure]
    if rule.revised_up_percent is None:
        base = func.coalesce(a.c.figure, literal(0))
        due = figure - base >= rule.at_least
    else:
        base = func.coalesce(a.c.figure, _first_toll().scalar_subquery())
        due = and_(figure > base, figure * 100 >= base * (100 + rule.revised_up_percent))
    query = (
        select(*SUMMARY_COLUMNS, a.c.figure, base)
        .outerjoin(a, and_(a.c.incident_id == i.id, a.c.rule == rule.name))
        .where(due)
    )
    return rule.where.apply(query).order_by(i.id)


def _first_toll():
    """The incident's first reported killed above zero (from its history)."""
    h = t.incident_history.c
    return select(h.killed).where(h.incident_id == t.incident.c.id, h.killed > 0).order_by(h.id).limit(1).correlate(t.incident)


def _send(rule: AlertRule, row, link_base: str) -> Delivery:
    *columns, previous, base = tuple(row)
    event = summary(columns, [])
    value = event["civilian_fatalities"] if rule.figure == "civilians_killed" else event["fatalities"]
    link = f"{link_base}/events/{event['event_id']}"
    try:
        rule.channel.send(_message(rule, event, value, base or None, link))
    except ChannelError as error:
        return Delivery(rule.name, event["event_id"], value, previous, str(error))
    return Delivery(rule.name, event["event_id"], value, previous)


def _message(rule: AlertRule, event: dict, value: int, base: int | None, link: str) -> Message:
    """The alert; ``base``: the figure the rule was judged from (the last alert's, or the
    first reported toll), None for none."""
    what = "civilians killed" if rule.figure == "civilians_killed" else "killed"
    was = f" (was {base})" if base is not None else ""
    kind = (event["event_type"] or "event").replace("_", " ")
    title = " ".join(f"{value} {what}{was}: {kind}, {_place(event)}, {event['event_date'] or 'date unknown'}".split())
    text = f"{title}\nRule {rule.name}: {rule.condition()}\n{link}\n"
    payload = {"rule": rule.name, "condition": rule.condition(), "title": title, "url": link,
               "figure": rule.figure, "value": value, "previous": base, "event": event}
    return Message(title=title, text=text, link=link, payload=payload)


def _place(event: dict) -> str:
    """ "Saraqib, Idlib, Syria": the place, its region unless the same, its country."""
    parts = [event["location"], event["admin1"] if event["admin1"] != event["location"] else None,
             country_name(event["country"]) if event["country"] else None]
    return ", ".join(part for part in parts if part) or "place unknown"


def _record(engine: Engine, rule: AlertRule, delivery: Delivery) -> None:
    """Keep what was sent (the figure), or the failure to retry."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    a = t.alert_delivery.c
    if delivery.error is None:
        values = {"figure": delivery.figure, "sent_at": now, "failures": 0, "failed_at": None, "error": None}
    else:
        values = {"failures": a.failures + 1, "failed_at": now, "error": delivery.error[:2000]}
    with engine.begin() as connection:
        key = and_(a.rule == rule.name, a.incident_id == delivery.incident_id)
        if connection.execute(update(t.alert_delivery).where(key).values(values)).rowcount == 0:
            first = {**values, "failures": 0 if delivery.error is None else 1}
            connection.execute(insert(t.alert_delivery).values(rule=rule.name, incident_id=delivery.incident_id, **first))
