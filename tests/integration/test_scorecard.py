"""Scorecards and rankings over real tracking (issue 15.1): counts from statuses, never a bare percentage."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.core import Core
from bot.jobs import check_new_filings, sweep_deadlines
from tests.conftest import EXAMPLES
from tests.integration.test_order import OTHER
from trackers.clock import FixedClock
from trackers.documents import load_document, parse_bytes
from trackers.services import queries
from trackers.services.ingest import FilingMeta, ingest_document
from trackers.services.scorecard import ranking, scorecard
from trackers.services.subscriptions import ensure_chat, subscribe


def _track_everything(core: Core, clock: FixedClock) -> None:
    docs = [load_document(EXAMPLES / "300253-ir-record-2025-04-25.txt"),
            *(load_document(p) for p in sorted((EXAMPLES / "later").glob("*.txt"))),
            *(parse_bytes(t.encode(), n) for n, t in OTHER.items())]
    clock.set(dt.datetime(2026, 12, 1, 9, 0))
    for doc in docs:
        with core.sessions.begin() as s:
            ingest_document(s, doc, FilingMeta(), clock.now())
    check_new_filings(core)
    sweep_deadlines(core)


def test_a_company_record_and_a_ranking(core: Core, clock: FixedClock) -> None:
    _track_everything(core, clock)
    with core.sessions() as s:
        winning = scorecard(s, queries.find_company(s, "300253"), clock.today())
        losing = scorecard(s, queries.find_company(s, "688777"), clock.today())
    # the launch fulfilled, the first restraint kept by the bond's later notice; the second restraint's window
    # closed with no followed record over it: overdue, which is not decided and is told apart
    assert (winning.made, winning.on_time, winning.decided) == (3, 2, 2) and winning.rate == 1.0
    assert winning.counts == {"fulfilled": 1, "kept": 1, "overdue": 1}
    assert (losing.on_time, losing.decided) == (0, 2) and losing.counts == {"broken": 2}
    assert {v.type for v in losing.broken} == {"buyback", "lockup"}
    assert all(v.last_change and v.last_change.evidence_quote for v in losing.broken)
    with core.sessions.begin() as s:
        chat = ensure_chat(s, 501, "en")
        for code in ("300253", "688777"):
            subscribe(s, chat, queries.find_company(s, code))
    with core.sessions() as s:
        ranked, few = ranking(s, 501, clock.today(), min_decided=2)
        assert [c.code for c in ranked] == ["300253", "688777"] and few == []
        ranked, few = ranking(s, 501, clock.today(), min_decided=3)  # both short of the minimum
        assert ranked == [] and [c.code for c in few] == ["300253", "688777"]


def test_the_cli_score_in_both_forms(core: Core, clock: FixedClock, database_url: str, monkeypatch,  # type: ignore[no-untyped-def]
                                     tmp_path, capsys) -> None:
    import json

    from bot.cli import main

    _track_everything(core, clock)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["score", "688777"]) == 0
    out = capsys.readouterr().out
    assert "0 of 2 on time" in out and "Broken" in out
    assert main(["score", "688777", "--format", "json", "--lang", "zh"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["decided"] == 2 and card["on_time"] == 0 and len(card["broken"]) == 2


def test_exports_in_every_format_and_a_calendar_with_stable_uids(core: Core, clock: FixedClock, database_url: str,
                                                                  monkeypatch, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io
    import json

    from icalendar import Calendar
    from openpyxl import load_workbook

    from bot.cli import main

    with core.sessions.begin() as s:
        ingest_document(s, load_document(EXAMPLES / "300253-ir-record-2025-04-25.txt"), FilingMeta(), clock.now())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["export", "300253"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert len(rows) == 2 and {r["type"] for r in rows} == {"launch", "cb_no_revision"}
    assert main(["export", "--all", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["export", "300253", "--format", "xlsx"]) == 2  # a binary file needs -o
    assert main(["export", "300253", "--format", "xlsx", "-o", str(tmp_path / "p.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "p.xlsx").active
    assert sheet is not None and sheet.max_row == 3 and sheet["B2"].value == "300253"
    uids = []
    for name in ("a.ics", "b.ics"):
        assert main(["export", "300253", "--ics", "-o", str(tmp_path / name)]) == 0
        events = Calendar.from_ical((tmp_path / name).read_bytes()).walk("VEVENT")
        uids.append(sorted(str(e["uid"]) for e in events))
        assert {e.decoded("dtstart") for e in events} == {dt.date(2025, 5, 10), dt.date(2025, 6, 30)}
        assert all("投资者关系活动记录表" in str(e["description"]) for e in events)
    assert uids[0] == uids[1] and len(uids[0]) == 2  # a re-import updates the same events


def test_a_timeline_picture_has_one_row_per_commitment(core: Core, clock: FixedClock, database_url: str,
                                                        monkeypatch, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    from bot import timeline
    from bot.cli import main

    _track_everything(core, clock)
    with core.sessions() as s:
        rows = queries.export_rows(s, [queries.find_company(s, "300253")])
    picture = timeline.render(rows, "卫宁健康（300253）", clock.today())
    image = Image.open(__import__("io").BytesIO(picture.png))
    assert image.format == "PNG" and image.size[0] == 1080 and picture.rows == len(rows) == 3
    if timeline.cjk_font() is not None:  # the machine has one (CI installs it): it must be the one used
        assert picture.font == timeline.cjk_font()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["timeline", "300253", "-o", str(tmp_path / "t.png")]) == 0
    assert "3 rows" in capsys.readouterr().out and (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_a_cjk_font_the_rows_are_ids_and_dates(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bot import timeline

    monkeypatch.setattr(timeline, "cjk_font", lambda: None)
    row = queries.ExportRow(7, "300253", "卫宁健康", "event", "launch", "发布WiNGPT3.0", "q", dt.date(2025, 5, 10),
                            "5月10日", None, "pending", {}, "f", "t", dt.date(2025, 4, 25), None, None, None, None, None)
    picture = timeline.render([row], "卫宁健康（300253）", dt.date(2025, 5, 1))
    assert picture.font is None and picture.rows == 1 and timeline._label(row, False) == "#7 2025-05-10"


@pytest.mark.parametrize("count", [1, 5, 60])
def test_a_timeline_explains_itself_without_its_caption(count: int) -> None:
    """A legend names each status drawn (in the reader's words), ◆ and today's line; every bar, marker and the
    today line fall inside the dates shown; the picture grows with its rows and stays 1080 px wide."""
    from io import BytesIO

    from PIL import Image

    from bot import timeline
    from bot.render import Renderer

    statuses = ["pending", "fulfilled", "broken", "kept", "overdue"]
    rows = [queries.ExportRow(i + 1, "300253", "卫宁健康", "event", "other", f"项目{i}", "q",
                              dt.date(2025, 3, 1) + dt.timedelta(days=9 * i), "x", None, statuses[i % 5], {}, f"f{i}",
                              "t", dt.date(2025, 1, 1) + dt.timedelta(days=5 * i), None,
                              dt.date(2025, 3, 1) + dt.timedelta(days=9 * i) if i % 5 else None, None, None, None)
            for i in range(count)]
    today = dt.date(2025, 6, 1)
    words = timeline.Words.of(Renderer().words("en"))
    picture = timeline.render(rows, "卫宁健康（300253）", today, words)
    drawn = {r.status for r in rows}
    assert [w for w in picture.legend if w in words.status.values()] == [words.status[s] for s in timeline.COLOURS
                                                                       if s in drawn]
    assert words.evidence in picture.legend and words.today in picture.legend
    assert picture.span is not None
    first, last = picture.span
    days = [today, *(d for r in rows for d in (r.source_date, r.deadline, r.status_date) if d)]
    assert all(first < d < last for d in days)  # nothing clipped at the edges
    width, height = Image.open(BytesIO(picture.png)).size
    assert width == 1080 and 300 <= height <= 120 + 45 * max(count, 3) + 250
