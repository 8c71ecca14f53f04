"""One JSON object per report per line: the format of `warmonitor extract`.

The field names are those of ../shared/eval/GUIDELINES.md, so the output can be scored
directly; each claim also carries ``span``, its quote's [start, end] in ``text``.
"""

from __future__ import annotations

import json

from ..records import Claim, Report


def claim_to_dict(claim: Claim) -> dict:
    return {
        "count": claim.count,
        "high": claim.high,
        "vague": claim.vague,
        "qualifier": claim.qualifier,
        "outcome": claim.outcome,
        "group": claim.group,
        "side": claim.side,
        "scope": claim.scope,
        "status": claim.status,
        "quote": claim.quote,
        "span": list(claim.span),
    }


def report_to_dict(report: Report, *, include_text: bool = True) -> dict:
    document = report.document
    record = {
        "id": document.id,
        "published": document.published.isoformat() if document.published else None,
        "title": document.title,
    }
    if include_text:
        record["text"] = document.text
    record["claims"] = [claim_to_dict(c) for c in report.claims]
    return record


def report_to_line(report: Report, *, include_text: bool = True) -> str:
    return json.dumps(report_to_dict(report, include_text=include_text), ensure_ascii=False)
