"""The services over a real database, with a clock the test moves from the record's date past each deadline."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.core import Core
from bot.jobs import check_new_filings, sweep_deadlines
from tests.conftest import EXAMPLES
from trackers.clock import FixedClock
from trackers.db.models import Chat, Commitment, Notification, StatusChange
from trackers.documents import load_document, parse_bytes
from trackers.services import queries
from trackers.services.health import record_poll
from trackers.services.ingest import FilingMeta, ingest_document, upsert_company
from trackers.services.subscriptions import ensure_chat, subscribe
from trackers.services.tracking import ANNOUNCEMENTS_SOURCE

LAUNCH_REPORT = """证券代码：300253 证券简称：卫宁健康
公告日期：2025-05-10
关于发布新一代大模型的公告
2025年5月10日，公司在厦门举办发布会，正式发布医疗大模型WiNGPT3.0。
"""


def _setup(core: Core, followed_since: dt.date | None = dt.date(2025, 4, 25)) -> tuple[int, int]:
    """The example record stored, a chat subscribed; the company's feed read from `followed_since` (None: the
    record was stored by hand and nobody follows the company)."""
    with core.sessions.begin() as s:
        ingest_document(s, load_document(EXAMPLES / "300253-ir-record-2025-04-25.txt"), FilingMeta(), core.clock.now())
        chat = ensure_chat(s, 42, "en")
        company = queries.find_company(s, "300253")
        subscribe(s, chat, company)
        if followed_since is None:
            company.followed = False
        company.covered_from = followed_since
        launch = s.scalar(select(Commitment.id).where(Commitment.kind == "event"))
        restraint = s.scalar(select(Commitment.id).where(Commitment.kind == "restraint"))
    assert launch and restraint
    return launch, restraint


def _polled(core: Core, code: str = "300253") -> None:
    """A successful poll of the company's announcements, now."""
    with core.sessions.begin() as s:
        record_poll(s, ANNOUNCEMENTS_SOURCE, True, 0, core.clock.now(), queries.find_company(s, code).id)


def _day(clock: FixedClock, day: dt.date, hour: int = 8) -> None:
    clock.set(dt.datetime(day.year, day.month, day.day, hour, 30))


def _notifications(core: Core) -> list[tuple[str, int | None, int | None, str]]:
    with core.sessions() as s:
        return [(n.event, n.commitment_id, n.offset_days, n.state)
                for n in s.scalars(select(Notification).order_by(Notification.id))]


def _history(core: Core, cid: int) -> list[tuple[str | None, str, str | None]]:
    with core.sessions() as s:
        return [(c.from_status, c.to_status, c.rule) for c in
                s.scalars(select(StatusChange).where(StatusChange.commitment_id == cid).order_by(StatusChange.id))]


def test_a_commitments_life(core: Core, clock: FixedClock) -> None:
    launch, restraint = _setup(core)

    _day(clock, dt.date(2025, 5, 3))  # seven days before the launch
    sweep_deadlines(core)
    assert _notifications(core) == [("reminder", launch, 7, "pending")]
    assert _history(core, launch)[-1] == ("pending", "due_soon", "due_window")

    sweep_deadlines(core)  # idempotent: a second run the same day changes and queues nothing
    assert len(_notifications(core)) == 1 and len(_history(core, launch)) == 2

    for day in (9, 10):
        _day(clock, dt.date(2025, 5, day))
        sweep_deadlines(core)
    assert [n[2] for n in _notifications(core)] == [7, 1, 0]

    _day(clock, dt.date(2025, 5, 10), 18)  # the launch is reported the same evening
    with core.sessions.begin() as s:
        ingest_document(s, parse_bytes(LAUNCH_REPORT.encode(), "launch.txt"), FilingMeta(), clock.now())
    result = check_new_filings(core)
    assert (result.filings, result.changes) == (2, 1)  # the record itself had not been checked yet
    assert check_new_filings(core).filings == 0  # checked once
    with core.sessions() as s:
        change = s.scalar(select(StatusChange).where(StatusChange.commitment_id == launch,
                                                     StatusChange.to_status == "fulfilled"))
        assert change is not None and "WiNGPT3.0" in (change.evidence_quote or "")
        assert change.evidence_filing_id is not None and change.rule is None
    assert _notifications(core)[-1][:2] == ("status_change", launch)

    _day(clock, dt.date(2025, 6, 30))
    sweep_deadlines(core)
    _day(clock, dt.date(2025, 7, 1))  # the no-revision window closed yesterday
    sweep_deadlines(core)  # the feed was last read on the window's last day: a breach of 06-30 could still come
    assert _history(core, restraint)[-1][1] == "due_soon"
    _polled(core)
    sweep_deadlines(core)
    assert _history(core, restraint)[-1] == ("due_soon", "kept", "restraint_window_closed")
    assert _notifications(core)[-1][:2] == ("status_change", restraint)
    before = len(_notifications(core))
    sweep_deadlines(core)
    check_new_filings(core)
    assert len(_notifications(core)) == before


def test_a_closed_window_no_record_covers_is_unconfirmed_until_a_filing_settles_it(core: Core,
                                                                                  clock: FixedClock) -> None:
    """Stored by hand, nobody following the company: the clock cannot tell 'no breach' from 'no record', so the
    closed window is overdue (unconfirmed) — and the bond's next notice, after the window, keeps it."""
    _launch, restraint = _setup(core, followed_since=None)
    _day(clock, dt.date(2025, 7, 2))
    sweep_deadlines(core)
    assert _history(core, restraint)[-1][1:] == ("overdue", "window_closed_unconfirmed")
    _file(core, clock, dt.date(2025, 7, 18), (EXAMPLES / "later" / "2025-07-18-300253-conversion-price.txt").read_text())
    with core.sessions() as s:
        change = s.scalar(select(StatusChange).where(StatusChange.commitment_id == restraint)
                          .order_by(StatusChange.id.desc()).limit(1))
        assert change is not None and (change.from_status, change.to_status) == ("overdue", "kept")
        assert change.rule is None and "不向下修正" in (change.evidence_quote or "")


def test_a_followed_company_whose_polls_stopped_is_not_kept_by_silence(core: Core, clock: FixedClock) -> None:
    _launch, restraint = _setup(core)
    _day(clock, dt.date(2025, 6, 1))
    _polled(core)  # the last poll that worked: a month before the window's end
    for day in (dt.date(2025, 7, 1), dt.date(2025, 7, 3)):
        _day(clock, day)
        sweep_deadlines(core)
        assert _history(core, restraint)[-1][1] in ("pending", "due_soon")  # the polls may catch up
    _day(clock, dt.date(2025, 7, 4))
    sweep_deadlines(core)
    assert _history(core, restraint)[-1][1:] == ("overdue", "window_closed_unconfirmed")


def test_overdue_is_not_broken(core: Core, clock: FixedClock) -> None:
    launch, _restraint = _setup(core)
    _day(clock, dt.date(2025, 5, 12))
    sweep_deadlines(core)
    with core.sessions() as s:
        assert s.get(Commitment, launch).status == "overdue"  # type: ignore[union-attr]


SALE_PLAN = """证券代码：000555 证券简称：某材科技
关于持股5%以上股东减持股份的预披露公告
公告日期：2026-02-09
股东甲乙投资有限公司计划自2026年3月2日起3个月内以集中竞价方式减持本公司股份不超过6,000,000股（占本公司总股本比例1.20%）。
"""


def test_a_sale_plan_whose_window_closed_is_kept_once_its_results_notice_had_time(core: Core,
                                                                                  clock: FixedClock) -> None:
    _day(clock, dt.date(2026, 2, 9))
    with core.sessions.begin() as s:
        ingest_document(s, parse_bytes(SALE_PLAN.encode(), "sale.txt"), FilingMeta(), clock.now())
        queries.find_company(s, "000555").followed = True
        queries.find_company(s, "000555").covered_from = dt.date(2026, 2, 1)
        plan = s.scalar(select(Commitment).where(Commitment.type == "share_sale"))
        assert plan is not None and plan.deadline == dt.date(2026, 6, 1)
        plan_id = plan.id
    _day(clock, dt.date(2026, 6, 4))  # the window closed; its results notice may still come: not overdue
    sweep_deadlines(core)
    with core.sessions() as s:
        assert s.get(Commitment, plan_id).status in ("pending", "due_soon")  # type: ignore[union-attr]
    _day(clock, dt.date(2026, 6, 9))
    _polled(core, "000555")
    sweep_deadlines(core)
    assert _history(core, plan_id)[-1][1:] == ("kept", "restraint_window_closed")


def test_reminders_after_downtime_go_out_once(core: Core, clock: FixedClock) -> None:
    launch, _restraint = _setup(core)
    _day(clock, dt.date(2025, 5, 2))
    sweep_deadlines(core)
    _day(clock, dt.date(2025, 5, 9))  # down for a week: the 7-day reminder's day passed, the 1-day one is today
    sweep_deadlines(core)
    assert [(n[2], n[3]) for n in _notifications(core) if n[1] == launch] == [(1, "pending"), (7, "skipped")]


def test_inactive_chats_get_nothing(core: Core, clock: FixedClock) -> None:
    _setup(core)
    with core.sessions.begin() as s:
        ensure_chat(s, 42).active = False
    _day(clock, dt.date(2025, 5, 3))
    sweep_deadlines(core)
    with core.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Notification)) == 0


def test_a_formal_postponement_revises_and_links_the_new_promise(core: Core, clock: FixedClock) -> None:
    first = ("证券代码：300999 证券简称：甲乙科技\n公告日期：2025-01-10\n关于募投项目的公告\n"
             "募投项目预计于2025年9月达到预定可使用状态。")
    later = ("证券代码：300999 证券简称：甲乙科技\n公告日期：2025-08-01\n关于部分募投项目延期的公告\n"
             "经董事会审议，募投项目达到预定可使用状态的日期由2025年9月调整至2026年6月。")
    with core.sessions.begin() as s:
        ingest_document(s, parse_bytes(first.encode(), "a.txt"), FilingMeta(), core.clock.now())
    clock.set(dt.datetime(2025, 8, 1, 18, 0))
    with core.sessions.begin() as s:
        ingest_document(s, parse_bytes(later.encode(), "b.txt"), FilingMeta(), core.clock.now())
    check_new_filings(core)
    with core.sessions() as s:
        old = s.scalar(select(Commitment).where(Commitment.deadline == dt.date(2025, 9, 30)))
        new = s.scalar(select(Commitment).where(Commitment.deadline == dt.date(2026, 6, 30)))
        assert old is not None and new is not None
        assert old.status == "revised" and old.revised_by_id == new.id and new.status == "pending"


PROFIT_PLAN = """证券代码：688901 证券简称：青岚材料
公告日期：2025-03-10
关于重大资产重组业绩承诺的公告
交易对方承诺，标的公司2025年度、2026年度实现的扣除非经常性损益后的净利润分别不低于4,000万元、4,800万元。
"""


def test_a_profit_commitment_waits_for_the_annual_report(core: Core, clock: FixedClock) -> None:
    """A fiscal year's profit is known only from the annual report (due by 04-30): not overdue on 01-01."""
    _day(clock, dt.date(2025, 3, 10))
    with core.sessions.begin() as s:
        ingest_document(s, parse_bytes(PROFIT_PLAN.encode(), "profit.txt"), FilingMeta(), clock.now())
    with core.sessions() as s:
        rows = s.execute(select(Commitment.id, Commitment.deadline).where(Commitment.type == "profit_commitment")
                         .order_by(Commitment.deadline)).all()
    assert [d for _i, d in rows] == [dt.date(2025, 12, 31), dt.date(2026, 12, 31)]
    first = rows[0][0]
    _day(clock, dt.date(2026, 1, 5))
    sweep_deadlines(core)
    assert _history(core, first)[-1][1] != "overdue"
    _day(clock, dt.date(2026, 5, 1))
    sweep_deadlines(core)
    assert _history(core, first)[-1][1:] == ("overdue", "deadline_passed")


def test_old_records_are_dated_when_things_happened_and_not_announced(core: Core, clock: FixedClock) -> None:
    """Ingested a year late: overdue from the day after the deadline, kept as of the window's last day, and
    no flood of 'news' about 2025 to subscribers in 2026."""
    launch, restraint = _setup(core)
    _day(clock, dt.date(2026, 3, 1))
    _polled(core)
    sweep_deadlines(core)
    with core.sessions() as s:
        def last(cid: int) -> tuple[str, dt.date]:
            change = s.scalar(select(StatusChange).where(StatusChange.commitment_id == cid)
                              .order_by(StatusChange.id.desc()).limit(1))
            assert change is not None
            return change.to_status, change.effective_date
        assert last(launch) == ("overdue", dt.date(2025, 5, 11))
        assert last(restraint) == ("kept", dt.date(2025, 6, 30))
    assert [n for n in _notifications(core) if n[0] == "status_change"] == []


def test_a_recent_change_is_still_news(core: Core, clock: FixedClock) -> None:
    launch, _restraint = _setup(core)
    _day(clock, dt.date(2025, 5, 20))  # ten days after the launch date: news
    sweep_deadlines(core)
    assert ("status_change", launch) in [n[:2] for n in _notifications(core)]


PROMISE_LINE = """证券代码：688901 证券简称：青岚材料
青岚材料投资者关系活动记录表
日期：2026年3月2日
问：新产线进度如何？
答：公司计划于2026年6月30日前完成新产线建设。
"""
POSTPONED = """证券代码：688901 证券简称：青岚材料 公告编号：2026-031
关于新产线建设延期的公告
公司此前在投资者关系活动中表示，预计于2026年6月30日前完成新产线建设。受设备交付延迟影响，公司决定将新产线建设完成时间延期至2026年10月31日前。
青岚材料股份有限公司董事会
2026年6月10日
"""
BUILT = """证券代码：688901 证券简称：青岚材料 公告编号：2026-040
关于新产线建设进展的公告
截至本公告日，公司新产线建设已全部完成并正式投入生产。
青岚材料股份有限公司董事会
2026年9月18日
"""


def _file(core: Core, clock: FixedClock, day: dt.date, text: str) -> None:
    _day(clock, day, 18)
    with core.sessions.begin() as s:
        ingest_document(s, parse_bytes(text.encode(), f"{day}.txt"), FilingMeta(), clock.now())
    check_new_filings(core)


def test_a_postponement_revises_the_promise_and_links_the_new_one(core: Core, clock: FixedClock) -> None:
    with core.sessions.begin() as s:
        chat = ensure_chat(s, 77, "zh")
        subscribe(s, chat, upsert_company(s, "688901", "青岚材料"))
    _file(core, clock, dt.date(2026, 3, 2), PROMISE_LINE)
    _file(core, clock, dt.date(2026, 6, 10), POSTPONED)
    with core.sessions() as s:
        rows = s.scalars(select(Commitment).order_by(Commitment.id)).all()
        assert [(c.deadline, c.status) for c in rows] == [(dt.date(2026, 6, 30), "revised"),
                                                           (dt.date(2026, 10, 31), "pending")]
        assert rows[0].revised_by_id == rows[1].id  # the recap in the notice is not a third promise
    assert [n[:2] for n in _notifications(core) if n[0] == "status_change"] == [("status_change", rows[0].id)]
    _file(core, clock, dt.date(2026, 9, 18), BUILT)  # the topic-less promise is found by its type and words
    with core.sessions() as s:
        assert s.get(Commitment, rows[1].id).status == "fulfilled"  # type: ignore[union-attr]


def test_filtered_subscriptions_hear_only_their_promises(core: Core, clock: FixedClock) -> None:
    launch, restraint = _setup(core)  # chat 42 follows everything
    with core.sessions.begin() as s:
        company = queries.find_company(s, "300253")
        subscribe(s, ensure_chat(s, 43, "en"), company, "WiNGPT")  # a word of the quote
        subscribe(s, ensure_chat(s, 44, "en"), company, "cb_no_revision")  # a type
    for day in (dt.date(2025, 5, 3), dt.date(2025, 6, 23)):  # seven days before each deadline
        _day(clock, day)
        sweep_deadlines(core)
    with core.sessions() as s:
        heard = {(chat, cid) for chat, cid in s.execute(
            select(Chat.telegram_id, Notification.commitment_id).join(Chat, Chat.id == Notification.chat_id)
            .where(Notification.event == "reminder"))}
    assert heard == {(42, launch), (42, restraint), (43, launch), (44, restraint)}


def test_sweep_counts_are_the_rows_it_queued(core: Core, clock: FixedClock) -> None:
    """On PostgreSQL too (where a driver may report -1 for INSERT … SELECT): counts come from RETURNING."""
    launch, _restraint = _setup(core)
    _day(clock, dt.date(2025, 5, 3))
    result = sweep_deadlines(core)
    assert (result.reminders, result.due_soon) == (1, 1)
    assert sweep_deadlines(core).reminders == 0  # nothing new the same day: zero, never negative
    assert len(_notifications(core)) == 1
