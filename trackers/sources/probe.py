"""A live look at the sources one company depends on: which fields each answer carries, and their shapes.

`promisewatch doctor --live CODE` runs it once after going live and whenever polling turns quiet: a site
that renames a field or changes a format shows up as one line naming the field, not as silence. One page of
each source, nothing stored.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from trackers.errors import SourceError, SourceUnreachable
from trackers.sources.cninfo import (
    IR_TITLE,
    PAGE_SIZE,
    RECORD_CATEGORIES,
    SEARCH_PAGE_SIZE,
    CninfoClient,
    market_of,
    shanghai_day,
)
from trackers.sources.sseinfo import SseInfoClient, parse_feed

LOOK_BACK = dt.timedelta(days=90)
ROW_FIELDS = ("announcementId", "announcementTitle", "announcementTime", "adjunctUrl", "adjunctType", "secCode",
              "orgId")
PAGE_FIELDS = ("announcements", "totalAnnouncement", "hasMore", "totalpages")
QUESTION_FIELDS = ("indexId", "mainContent", "attachedContent", "attachedPubDate", "updateDate", "contentType")


@dataclass(slots=True)
class Finding:
    """What one source answered: `state` is ok, empty (nothing to look at: unknown, not wrong), fail (an
    error or a required field absent) or unreachable (the network: nothing is known of the fields)."""

    source: str
    state: str = "ok"
    rows: int = 0
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)  # name=value facts, language-neutral
    error: str = ""


def _fields(finding: Finding, rows: list[dict[str, Any]], names: Iterable[str], required: Iterable[str]) -> None:
    """Each name: present in every row, or absent (in some row); a field null in some rows says how many."""
    needed = set(required)
    for name in names:
        missing = sum(name not in row for row in rows)
        if missing:
            finding.absent.append(f"{name} ({missing}/{len(rows)})")
            if name in needed:
                finding.state = "fail"
            continue
        finding.present.append(name)
        nulls = sum(row.get(name) in (None, "") for row in rows)
        if nulls:
            finding.shapes.append(f"{name}=null {nulls}/{len(rows)}")


def _id_shape(value: str) -> str:
    """9900022016 → 9{10 digits}; gssz0300253 → gssz+7 digits; GD165627 → GD+6 digits."""
    m = re.fullmatch(r"([A-Za-z]*)(\d*)", value)
    return f"{m.group(1)}+{len(m.group(2))} digits" if m else "other"


def _announcement_page(finding: Finding, payload: dict[str, Any], size: int) -> None:
    _fields(finding, [payload], PAGE_FIELDS, ("announcements",))
    rows = [r for r in payload.get("announcements") or [] if isinstance(r, dict)]
    finding.rows = len(rows)
    total = payload.get("totalAnnouncement")
    if isinstance(total, int):
        finding.shapes.append(f"totalAnnouncement={total}")
        if isinstance(payload.get("totalpages"), int):
            finding.shapes.append(f"totalpages={payload['totalpages']} (ceil={-(-total // size)})")
    if not rows:
        finding.state = "empty" if finding.state == "ok" else finding.state
        return
    _fields(finding, rows, ROW_FIELDS, ROW_FIELDS[:4])
    first = rows[0]
    when = first.get("announcementTime")
    if isinstance(when, int):
        day = shanghai_day(when).isoformat()
        in_url = day in str(first.get("adjunctUrl") or "")
        same = " = adjunctUrl day" if in_url else ""
        finding.shapes.append(f"announcementTime=epoch ms → {day} (Asia/Shanghai){same}")
        if not in_url and first.get("adjunctUrl"):
            finding.shapes.append("adjunctUrl day≠announcementTime day")
    elif when is not None:
        finding.shapes.append(f"announcementTime={type(when).__name__}")
        finding.state = "fail"
    if "<em>" in str(first.get("announcementTitle")):
        finding.shapes.append("announcementTitle has <em>")


def _guarded(source: str, run: Callable[[Finding], None]) -> Finding:
    finding = Finding(source)
    try:
        run(finding)
    except SourceUnreachable as exc:  # the network, not the site: nothing is known about its fields
        finding.state, finding.error = "unreachable", str(exc)[:200]
    except SourceError as exc:
        finding.state, finding.error = "fail", str(exc)[:200]
    return finding


def probe(cninfo: CninfoClient, sse: SseInfoClient, code: str, today: dt.date) -> list[Finding]:
    """One page of every source `code` is followed through, each reported field by field."""
    start = today - LOOK_BACK
    found: dict[str, str] = {}

    def stock(f: Finding) -> None:
        rows = cninfo.json("GET", "http://www.cninfo.com.cn/new/data/szse_stock.json").get("stockList") or []
        f.rows = len(rows)
        ours = [r for r in rows if isinstance(r, dict) and r.get("code") == code]
        if not ours:
            f.shapes.append("not in szse_stock.json → topSearch")
            ours = [r for r in cninfo.json("POST", "http://www.cninfo.com.cn/new/information/topSearch/query",
                                           data={"keyWord": code, "maxNum": 10}) or []
                    if isinstance(r, dict) and str(r.get("code")) == code]
        if not ours:
            f.state, f.error = "fail", f"no row for {code}"
            return
        _fields(f, ours, ("code", "orgId", "zwjc", "category"), ("code", "orgId"))
        found["org_id"], found["name"] = str(ours[0].get("orgId") or ""), str(ours[0].get("zwjc") or "")
        f.shapes.append(f"orgId={found['org_id']} ({_id_shape(found['org_id'])})")

    findings = [_guarded("cninfo stock list", stock)]
    org_id = found.get("org_id")
    if not org_id:  # unknown code, or the network is down: every other source would say the same
        return findings
    column, plate = market_of(code)

    def announcements(f: Finding) -> None:
        payload = cninfo.query_page(code, org_id, start, today, 1)
        _announcement_page(f, payload, PAGE_SIZE)
        if column == "sse":  # Shanghai IR records are found among announcements by their titles
            titles = [str(r.get("announcementTitle")) for r in payload.get("announcements") or []]
            f.shapes.append(f"IR titles={sum(bool(IR_TITLE.search(t)) for t in titles)}")

    findings.append(_guarded(f"cninfo announcements ({column}/{plate})", announcements))
    if column != "sse":
        findings.append(_guarded("cninfo IR records (relation)", lambda f: _announcement_page(
            f, cninfo.query_page(code, org_id, start, today, 1, tab="relation", category=RECORD_CATEGORIES),
            PAGE_SIZE)))
    findings.append(_guarded("cninfo full-text search", lambda f: _announcement_page(
        f, cninfo.search_page(found.get("name") or code, start, today, 1), SEARCH_PAGE_SIZE)))
    if column == "szse":
        def questions(f: Finding) -> None:
            payload = cninfo.question_page(code, org_id, start, today, 1)
            _fields(f, [payload], ("rows", "totalPage"), ("rows",))
            rows = [r for r in payload.get("rows") or [] if isinstance(r, dict)]
            f.rows = len(rows)
            if not rows:
                f.state = "empty" if f.state == "ok" else f.state
                return
            _fields(f, rows, QUESTION_FIELDS, ("indexId", "mainContent", "attachedContent"))
            answered = sum(bool(r.get("attachedContent")) for r in rows)
            f.shapes.append(f"answered={answered}/{len(rows)}")
        findings.append(_guarded("互动易 questions", questions))
    elif column == "sse":
        def feed(f: Finding) -> None:
            uid = sse.uid(code)
            if uid is None:
                f.state, f.error = "fail", f"no e互动 uid for {code}"
                return
            f.shapes.append(f"uid={uid}")
            page = parse_feed(sse.feed_page(uid, 1))
            f.rows = len(page.items)
            if page.ended or not page.items:
                f.state = "empty"
                return
            answered = [i for i in page.items if i.answer]
            f.present.extend(["m_feed_item", "m_feed_txt", "m_feed_from"] + (["m_qa"] if answered else []))
            f.shapes.append(f"answered={len(answered)}/{len(page.items)}")
            if page.unreadable:
                f.shapes.append(f"unreadable times={page.unreadable}")
                f.state = "fail"
        findings.append(_guarded("e互动 answers", feed))
    return findings
