"""Exports a person takes elsewhere: a calendar keeps every dated promise, so a re-import updates it."""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from bot.exports import to_csv, to_ics
from trackers.services.queries import ExportRow


def _row(i: int, status: str, deadline: dt.date | None = dt.date(2026, 6, 30), **more: object) -> ExportRow:
    values: dict[str, object] = dict(
        id=i, company_code="300977", company_name="星野软件", kind="event", type="launch", subject=f"发布星河{i}.0",
        quote=f"公司计划于2026年6月30日前发布星河{i}.0。", deadline=deadline, deadline_text="2026年6月30日前", start=None,
        status=status, terms={}, fingerprint=f"fp{i}", source_title="投资者关系活动记录表", source_date=dt.date(2026, 3, 2),
        source_url=None, status_date=dt.date(2026, 6, 10) if status not in ("pending", "due_soon") else None,
        evidence="延期至2026年9月30日前" if status == "revised" else None, evidence_title=None, evidence_url=None)
    values.update(more)
    return ExportRow(**values)  # type: ignore[arg-type]


def test_closed_promises_stay_in_the_calendar_marked_or_cancelled() -> None:
    rows = [_row(1, "pending"), _row(2, "fulfilled"), _row(3, "revised", revised_by=4), _row(4, "broken"),
            _row(5, "pending", deadline=None, anchor="股东大会审议通过")]
    events = {str(e["uid"]): e for e in Calendar.from_ical(to_ics(rows, dt.datetime(2026, 7, 1, tzinfo=dt.UTC))).walk("VEVENT")}
    assert len(events) == 4  # every dated promise; the undated window has no day to stand on
    by_status = {str(e["x-promisewatch-status"]): e for e in events.values()}
    assert str(by_status["pending"]["status"]) == "CONFIRMED" and not str(by_status["pending"]["summary"]).startswith("✓")
    assert str(by_status["fulfilled"]["summary"]).startswith("✓ ")
    assert str(by_status["revised"]["status"]) == "CANCELLED" and str(by_status["broken"]["status"]) == "CANCELLED"


def test_the_same_promise_keeps_its_uid_when_its_status_changes() -> None:
    now = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    before = Calendar.from_ical(to_ics([_row(1, "pending")], now)).walk("VEVENT")[0]
    after = Calendar.from_ical(to_ics([_row(1, "fulfilled")], now)).walk("VEVENT")[0]
    assert str(before["uid"]) == str(after["uid"]) and str(after["summary"]).startswith("✓")


def test_the_csv_names_the_successor_and_the_anchor() -> None:
    text = to_csv([_row(3, "revised", revised_by=4), _row(5, "pending", deadline=None, anchor="股东大会审议通过")])
    header, first, second = text.lstrip("\ufeff").splitlines()[:3]
    columns = header.split(",")
    assert first.split(",")[columns.index("revised_by")] == "4"
    assert "股东大会审议通过" in second


HOSTILE = ['=HYPERLINK("http://evil.example/x","点击")公司将于2026年6月30日前完成', "@SUM(1+1)*cmd|' /C calc'!A0",
           "+1+1", "-2+3", "\tTAB", "\rCR"]


def test_a_csv_never_hands_a_spreadsheet_a_formula() -> None:
    import csv
    import io

    rows = [_row(i, "pending", quote=text, subject=text) for i, text in enumerate(HOSTILE)]
    read = list(csv.DictReader(io.StringIO(to_csv(rows).lstrip("\ufeff"))))
    for text, row in zip(HOSTILE, read, strict=True):
        assert row["quote"] == "'" + text and row["subject"] == "'" + text  # OWASP: a leading apostrophe
    assert read[0]["deadline"] == "2026-06-30" and read[0]["id"] == "0"  # plain values stay as they are


def test_an_xlsx_holds_text_as_text_and_dates_as_dates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from bot.exports import COLUMNS, to_xlsx
    from bot.render import Renderer

    words = Renderer().words
    path = tmp_path / "out.xlsx"
    to_xlsx([_row(i, "pending", quote=text) for i, text in enumerate(HOSTILE)], path, words("en"), words("zh"),
            words("zh"))
    sheet = load_workbook(path).active
    assert sheet is not None
    quote = COLUMNS.index("quote") + 1
    for number, text in enumerate(HOSTILE, start=2):
        cell = sheet.cell(number, quote)
        assert cell.data_type == "s" and cell.value == text, (cell.data_type, cell.value)
    deadline = sheet.cell(2, COLUMNS.index("deadline") + 1)
    assert deadline.is_date and deadline.value.date() == dt.date(2026, 6, 30)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")


def test_a_quote_cannot_add_lines_to_the_calendar() -> None:
    quote = "公司将于2026年6月30日前完成。\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:伪造\r\nUID:forged"
    data = to_ics([_row(1, "pending", quote=quote, subject="发布\n星河")], dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 1 and "END:VEVENT" in str(events[0]["description"])
    lines = data.decode().split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)  # folded as RFC 5545 says
    assert not any(line.startswith(("UID:forged", "SUMMARY:伪造")) for line in lines)


def test_an_xlsx_reads_in_both_languages_with_a_column_per_term(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from bot.exports import to_xlsx
    from bot.render import Renderer

    words = Renderer().words
    rows = [_row(1, "kept", kind="plan", type="buyback",
                 terms={"amount_floor": 5e7, "amount_ceiling": 1e8, "window_end": "2026-06-30"}),
            _row(2, "broken", terms={"price_cap": 12.5})]
    path = tmp_path / "terms.xlsx"
    to_xlsx(rows, path, words("en"), words("zh"), words("zh"))
    sheet = load_workbook(path).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert "status / 状态" in header and "deadline / 截止日" in header and "terms" not in " ".join(header)
    by = {h: i + 1 for i, h in enumerate(header)}
    assert sheet.cell(2, by["status / 状态"]).value == "已遵守" and sheet.cell(3, by["status / 状态"]).value == "已违背"
    assert sheet.cell(2, by["type / 类型"]).value != "buyback"  # the reader's word, not the code
    assert sheet.cell(2, by["amount at least (yuan) / 金额下限（元）"]).value == 5e7
    assert sheet.cell(2, by["window to / 期间止"]).is_date and sheet.cell(3, by["price at most (yuan) / 价格上限（元）"]).value == 12.5
