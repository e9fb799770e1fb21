"""Commitments as files people take elsewhere: CSV, JSON, Excel, and an iCalendar feed of deadlines.

The iCalendar events are all-day, on the deadline, one per dated commitment — closed ones too, marked done or
cancelled, so a re-import updates what an earlier import showed; each UID comes from the commitment's
fingerprint (its quote, deadline and kind) and company, so importing a newer export updates the events instead
of duplicating them, even from a rebuilt database.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from trackers.domain import Terms
from trackers.services.queries import ExportRow

OPEN = ("pending", "due_soon", "overdue")
COLUMNS = ("id", "company_code", "company_name", "kind", "type", "subject", "quote", "deadline", "deadline_text",
           "start", "anchor", "status", "revised_by", "terms", "source_title", "source_date", "source_url", "sources",
           "status_date", "evidence", "evidence_title", "evidence_url", "reported_status", "contradiction")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _plain(row: ExportRow) -> dict[str, Any]:
    values = asdict(row)
    values.pop("fingerprint")
    return {k: _iso(v) for k, v in values.items()}


def _sheet_values(row: ExportRow) -> dict[str, Any]:
    """A row for a sheet (CSV, Excel): the terms as one JSON cell, dates still dates."""
    values = asdict(row)
    values["terms"] = json.dumps(values["terms"], ensure_ascii=False) if values["terms"] else ""
    return values


def to_json(rows: list[ExportRow]) -> str:
    return json.dumps([_plain(r) for r in rows], ensure_ascii=False, indent=1)


# a spreadsheet runs a cell that opens with one of these as a formula (=HYPERLINK(…), @SUM(…), +cmd|…): filing
# text is untrusted, so such a cell is written as text (OWASP's CSV injection advice)
_FORMULA_OPENERS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text that opens like a formula gets a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_OPENERS) else value


def to_csv(rows: list[ExportRow]) -> str:
    """UTF-8 with a BOM, so Excel opens the Chinese text correctly."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        values = _sheet_values(row)
        writer.writerow({c: _inert(_iso(values[c])) for c in COLUMNS})
    return out.getvalue()


_DATES = ("deadline", "start", "source_date", "status_date", "window_start", "window_end")
_WIDTHS = {"quote": 60, "subject": 28, "evidence": 50, "source_title": 40, "evidence_title": 40, "company_name": 12,
           "deadline_text": 18, "terms": 30, "source_url": 30, "evidence_url": 30}


_TERMS = [f.name for f in fields(Terms)]  # one column each, in the order a promise states them
_LABELLED = {"kind": "KIND", "status": "STATUS", "type": "TYPE"}  # codes shown as the reader's words


def to_xlsx(rows: list[ExportRow], path: Path, english: Any, chinese: Any, reader: Any) -> None:
    """A sheet to work in: a bilingual header (English / 中文) frozen with a filter on it, kinds, types and
    statuses in the reader's words, one column per term the promises state, dates as dates (sortable,
    filterable), and every text cell a string cell — never a formula, whatever the filing's text opens with.
    `english`, `chinese`, `reader`: the vocabularies of templates/*/_words.j2."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    stated = [t for t in _TERMS if any(t in (r.terms or {}) for r in rows)]
    columns = [c for c in COLUMNS if c != "terms"] + stated
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "commitments"
    sheet.append([f"{english.COLUMN.get(c, c)} / {chinese.COLUMN.get(c, c)}" for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        values = {**asdict(row), **(row.terms or {})}
        for column, name in enumerate(columns, start=1):
            value = _cell_value(name, values.get(name), reader)
            cell = sheet.cell(number, column, value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl makes "=…" a formula; filing text is only ever text
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for column, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS.get(name, 12 if name in _DATES else 10)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


def _cell_value(name: str, value: Any, reader: Any) -> Any:
    if name in _LABELLED and isinstance(value, str):
        return getattr(reader, _LABELLED[name]).get(value) or value
    if name in ("window_start", "window_end") and isinstance(value, str):
        return dt.date.fromisoformat(value)  # the terms keep dates as ISO text; the sheet wants dates
    return value


# a closed promise stays in the feed, so a calendar that imported it earlier updates it instead of keeping a stale
# reminder: done ones are marked, the ones broken or replaced are cancelled
_DONE_MARK = {"fulfilled": "✓", "fulfilled_late": "✓", "kept": "✓"}
_CANCELLED = {"broken": "✗", "revised": "🔁"}


def calendar_rows(rows: list[ExportRow]) -> list[ExportRow]:
    """The rows a calendar holds: every dated promise (an undated window has no day to put it on)."""
    return [r for r in rows if r.deadline is not None]


def to_ics(rows: list[ExportRow], now: dt.datetime) -> bytes:
    """One all-day event per dated commitment on its deadline, with a stable UID: open ones as they are, done ones
    marked ✓, broken or replaced ones STATUS:CANCELLED — so re-importing a newer feed updates every event."""
    calendar = Calendar()
    calendar.add("prodid", "-//PromiseWatch//promises of A-share companies//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "PromiseWatch")
    for row in calendar_rows(rows):
        assert row.deadline is not None
        event = Event()
        event.add("uid", f"{row.company_code}-{row.fingerprint}@promisewatch")
        event.add("dtstamp", now)
        event.add("dtstart", row.deadline)
        event.add("dtend", row.deadline + dt.timedelta(days=1))
        mark = _DONE_MARK.get(row.status) or _CANCELLED.get(row.status) or ""
        event.add("summary", f"{mark + ' ' if mark else ''}{row.company_name}（{row.company_code}）：{row.subject}")
        event.add("status", "CANCELLED" if row.status in _CANCELLED else "CONFIRMED")
        event.add("x-promisewatch-status", row.status)
        source = f"{row.source_title}，{row.source_date.isoformat()}" + (f" {row.source_url}" if row.source_url else "")
        outcome = f"\n{row.status}" + (f" {row.status_date.isoformat()}" if row.status_date else "") + (
            f"：“{row.evidence}”" if row.evidence and row.status not in OPEN else "")
        event.add("description", f"“{row.quote}”\n{row.deadline_text} → {row.deadline.isoformat()}\n{source}"
                                 + (outcome if row.status not in OPEN else ""))
        if row.source_url:
            event.add("url", row.source_url)
        calendar.add_component(event)
    return calendar.to_ical()
