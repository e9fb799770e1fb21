"""A periodic report walked through ingest, the check job, the dispatcher and the real client: a subscriber hears
when the company's own word contradicts the record, and /promise shows both."""
from __future__ import annotations

import asyncio
import datetime as dt

from bench.pdfs import SZSE_HEADER, SZSE_ROWS, report_pdf
from bot.dispatch import Dispatcher, Limits
from bot.jobs import check_new_filings
from bot.telegram_send import telegram_send
from tests.bot.conftest import Running
from trackers.documents import parse_bytes
from trackers.services.ingest import FilingMeta, ingest_document


async def _ask(run: Running, chat: int, text: str) -> str:
    before = len(run.fake.messages(chat))
    run.fake.send_text(chat, text)
    return (await asyncio.to_thread(run.fake.wait_for, before + 1, chat))[-1].text


async def test_a_report_that_contradicts_the_record_is_news(running: Running) -> None:
    run = running
    run.core.clock.set(dt.datetime(2026, 4, 21, 9, 0))  # type: ignore[attr-defined]
    with run.core.sessions.begin() as s:  # the company exists before the chat subscribes
        ingest_document(s, parse_bytes("证券代码：688901 证券简称：青岚材料\n公告日期：2026-01-05\n关于公司地址变更的公告\n"
                                       "公司办公地址已变更。\n".encode(), "a.txt"), FilingMeta(), run.core.clock.now())
    assert "青岚材料" in await _ask(run, 41, "/subscribe 688901")
    with run.core.sessions.begin() as s:
        ingest_document(s, parse_bytes(report_pdf(SZSE_HEADER, SZSE_ROWS), "report.pdf"),
                        FilingMeta(company_code="688901", published=dt.date(2026, 4, 20)), run.core.clock.now())
    check_new_filings(run.core)
    before = len(run.fake.messages(41))
    await Dispatcher(run.core, telegram_send(run.app.bot), limits=Limits(per_chat_interval=0)).drain()
    sent = [m.text for m in run.fake.messages(41)[before:]]
    notices = [t for t in sent if t.startswith("📑")]
    assert len(notices) == 1, sent  # the stale 正常履行中 row only; the others agree with the record
    assert "公司自报" in notices[0] and "承诺期限已于2024年6月7日届满" in notices[0]
    number = notices[0].rsplit("/promise ", 1)[1].strip()
    answer = await _ask(run, 41, f"/promise {number}")
    assert "正常履行中" in answer and "2024年6月7日" in answer
