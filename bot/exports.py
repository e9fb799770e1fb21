"""Commitments as files people take elsewhere: CSV, JSON, Excel, and an iCalendar feed of deadlines.

The iCalendar events are all-day, on the deadline, one per open commitment; each UID comes from the
commitment's fingerprint (its quote, deadline and kind) and company, so importing a newer export updates
the events instead of duplicating them, even from a rebuilt database.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from trackers.services.queries import ExportRow

OPEN = ("pending", "due_soon", "overdue")
COLUMNS = ("id", "company_code", "company_name", "kind", "type", "subject", "quote", "deadline", "deadline_text",
           "start", "status", "terms", "source_title", "source_date", "source_url", "status_date", "evidence",
           "evidence_title", "evidence_url")


def _plain(row: ExportRow) -> dict[str, Any]:
    values = asdict(row)
    values.pop("fingerprint")
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def _cells(row: ExportRow) -> dict[str, Any]:
    """A row for a sheet (CSV, Excel): the terms as one JSON cell."""
    values = _plain(row)
    values["terms"] = json.dumps(values["terms"], ensure_ascii=False) if values["terms"] else ""
    return values


def to_json(rows: list[ExportRow]) -> str:
    return json.dumps([_plain(r) for r in rows], ensure_ascii=False, indent=1)


def to_csv(rows: list[ExportRow]) -> str:
    """UTF-8 with a BOM, so Excel opens the Chinese text correctly."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(_cells(row))
    return out.getvalue()


def to_xlsx(rows: list[ExportRow], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "commitments"
    sheet.append(list(COLUMNS))
    for row in rows:
        values = _cells(row)
        sheet.append([values[c] for c in COLUMNS])
    book.save(path)


def to_ics(rows: list[ExportRow], now: dt.datetime) -> bytes:
    """One all-day event per open commitment on its deadline, with a stable UID."""
    calendar = Calendar()
    calendar.add("prodid", "-//PromiseWatch//promises of A-share companies//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "PromiseWatch")
    for row in rows:
        if row.status not in OPEN or row.deadline is None:
            continue
        event = Event()
        event.add("uid", f"{row.company_code}-{row.fingerprint}@promisewatch")
        event.add("dtstamp", now)
        event.add("dtstart", row.deadline)
        event.add("dtend", row.deadline + dt.timedelta(days=1))
        event.add("summary", f"{row.company_name}（{row.company_code}）：{row.subject}")
        source = f"{row.source_title}，{row.source_date.isoformat()}" + (f" {row.source_url}" if row.source_url else "")
        event.add("description", f"“{row.quote}”\n{row.deadline_text} → {row.deadline.isoformat()}\n{source}")
        if row.source_url:
            event.add("url", row.source_url)
        calendar.add_component(event)
    return calendar.to_ical()
