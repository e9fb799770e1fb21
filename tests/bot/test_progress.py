"""A buyback followed from its plan through two progress notices to a result below its floor: the real check job
stores each figure, the bot shows the latest one, the reminder warns, and the broken verdict carries both figures."""
from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select

from bot.dispatch import Dispatcher, Limits
from bot.jobs import check_new_filings, sweep_deadlines
from bot.telegram_send import telegram_send
from tests.bot.conftest import Running
from trackers.db.models import Commitment, Progress
from trackers.documents import parse_bytes
from trackers.services.ingest import FilingMeta, ingest_document

HEAD = "证券代码：688777 证券简称：远澜科技 公告编号：{number}\n"
PLAN = HEAD + """远澜科技股份有限公司关于以集中竞价交易方式回购股份方案的公告
公司于2026年1月5日召开第三届董事会第八次会议，审议通过了回购股份方案。
本次回购资金总额不低于人民币5,000万元（含），不超过人民币1亿元（含）。回购期限为自董事会审议通过本次回购方案之日起3个月内。
远澜科技股份有限公司董事会
2026年1月6日
"""
PROGRESS = HEAD + """远澜科技股份有限公司关于回购股份的进展公告
截至{as_of}，公司通过集中竞价交易方式已累计回购股份{shares}股，支付的资金总额为人民币{paid}万元（不含交易费用）。
远澜科技股份有限公司董事会
{day}
"""
RESULT = HEAD + """远澜科技股份有限公司关于回购股份实施结果的公告
截至2026年4月3日，本次回购期限届满，公司累计回购股份2,500,000股，支付的资金总额为人民币3,100万元（不含交易费用），未达到回购方案中回购资金总额下限。
远澜科技股份有限公司董事会
2026年4月7日
"""


def _file(run: Running, day: dt.date, text: str, name: str) -> None:
    run.core.clock.set(dt.datetime(day.year, day.month, day.day, 18, 0))  # type: ignore[attr-defined]
    with run.core.sessions.begin() as s:
        ingest_document(s, parse_bytes(text.encode(), name), FilingMeta(published=day), run.core.clock.now())
    check_new_filings(run.core)


async def _ask(run: Running, chat: int, text: str) -> str:
    before = len(run.fake.messages(chat))
    run.fake.send_text(chat, text)
    return (await asyncio.to_thread(run.fake.wait_for, before + 1, chat))[-1].text


async def _deliver(run: Running, chat: int) -> list[str]:
    before = len(run.fake.messages(chat))
    await Dispatcher(run.core, telegram_send(run.app.bot), limits=Limits(per_chat_interval=0)).drain()
    return [m.text for m in run.fake.messages(chat)[before:]]


async def test_a_buyback_from_plan_to_a_result_below_its_floor(running: Running) -> None:
    run = running
    _file(run, dt.date(2026, 1, 6), PLAN.format(number="2026-001"), "plan.txt")
    with run.core.sessions() as s:
        buyback = s.scalar(select(Commitment).where(Commitment.type == "buyback"))
        assert buyback is not None and buyback.terms["amount_floor"] == 50_000_000
        cid, deadline = buyback.id, buyback.deadline
    assert deadline == dt.date(2026, 4, 4)
    await _ask(run, 7, "/subscribe 688777")

    steps = [(dt.date(2026, 2, 2), "2026年1月31日", "1,000,000", "1,200", "24%"),
             (dt.date(2026, 3, 2), "2026年2月28日", "1,900,000", "2,100", "42%")]
    for i, (day, as_of, shares, paid, share) in enumerate(steps, start=2):
        text = PROGRESS.format(number=f"2026-00{i}", as_of=as_of, shares=shares, paid=paid,
                               day=f"{day.year}年{day.month}月{day.day}日")
        _file(run, day, text, f"progress-{i}.txt")
        story = await _ask(run, 7, f"/promise {cid}")
        assert f"进展：{paid}万元，承诺不低于5,000万元（{share}）" in story, story
        assert "进行中" in story  # progress does not decide a plan whose window is open

    with run.core.sessions() as s:
        assert [p.done for p in s.scalars(select(Progress).order_by(Progress.as_of))] == [12_000_000, 21_000_000]

    run.core.clock.set(dt.datetime(2026, 3, 28, 8, 30))  # type: ignore[attr-defined]
    sweep_deadlines(run.core)
    reminder = "\n".join(await _deliver(run, 7))
    assert "2,100万元" in reminder and "不到承诺下限的一半" in reminder

    _file(run, dt.date(2026, 4, 7), RESULT.format(number="2026-010"), "result.txt")
    with run.core.sessions() as s:
        assert s.get(Commitment, cid).status == "broken"  # type: ignore[union-attr]
    news = "\n".join(await _deliver(run, 7))
    assert "已违背" in news and "仅完成3,100万元，低于承诺下限5,000万元" in news, news
    english = await _ask(run, 8, "/lang en")
    assert english
    story = await _ask(run, 8, f"/promise {cid}")
    assert "only 31m yuan against a promised minimum of 50m yuan" in story, story
