"""The same filings give the same statuses and evidence whatever order they are ingested in (issue 11.1).

Each order runs as the product does: ingest a file, run the check job, run the day's sweep. The filings
are the project's examples plus a second company's record, written for the project: a buyback that ends
below its floor and a shareholder's promise not to sell that a later notice shows broken."""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core import Core, build_core
from bot.jobs import check_new_filings, sweep_deadlines
from tests.conftest import EXAMPLES
from trackers.clock import FixedClock
from trackers.db import migrate
from trackers.db.models import Commitment, Filing, StatusChange
from trackers.documents import Document, load_document, parse_bytes
from trackers.services.ingest import FilingMeta, ingest_document
from trackers.settings import Settings

OTHER = {
    "plan.txt": """证券代码：688777 证券简称：远澜科技 公告编号：2026-001
远澜科技股份有限公司关于以集中竞价交易方式回购股份方案的公告
公司于2026年1月5日召开第三届董事会第八次会议，审议通过了回购股份方案。
本次回购资金总额不低于人民币5,000万元（含），不超过人民币1亿元（含）。回购期限为自董事会审议通过本次回购方案之日起3个月内。
远澜科技股份有限公司董事会
2026年1月6日
""",
    "record.txt": """证券代码：688777 证券简称：远澜科技
远澜科技股份有限公司投资者关系活动记录表
日期：2026年1月12日
问：控股股东近期是否有减持安排？
答：控股股东承诺自2026年1月12日起6个月内不减持公司股份。
""",
    "sale.txt": """证券代码：688777 证券简称：远澜科技 公告编号：2026-015
远澜科技股份有限公司关于控股股东减持股份的公告
控股股东于2026年3月2日通过集中竞价累计减持公司股份1,000,000股，占公司总股本的0.4%。
远澜科技股份有限公司董事会
2026年3月4日
""",
    "result.txt": """证券代码：688777 证券简称：远澜科技 公告编号：2026-020
远澜科技股份有限公司关于回购股份实施结果的公告
截至2026年4月3日，本次回购期限届满，公司累计回购股份2,500,000股，支付的资金总额为人民币3,100万元（不含交易费用），未达到回购方案中回购资金总额下限。
远澜科技股份有限公司董事会
2026年4月7日
""",
}


def _documents() -> list[Document]:
    paths = [EXAMPLES / "300253-ir-record-2025-04-25.txt", *sorted((EXAMPLES / "later").glob("*.txt"))]
    return [load_document(p) for p in paths] + [parse_bytes(t.encode(), n) for n, t in OTHER.items()]


def _outcome(tmp: Path, docs: list[Document], today: dt.date) -> dict[str, tuple[str, str | None]]:
    url = f"sqlite:///{tmp / 'order.db'}"
    migrate.upgrade(url)
    clock = FixedClock(dt.datetime(today.year, today.month, today.day, 9, 0))
    core: Core = build_core(Settings(database_url=url, _env_file=None), clock=clock)  # type: ignore[call-arg]
    try:
        for doc in docs:
            with core.sessions.begin() as s:
                ingest_document(s, doc, FilingMeta(), clock.now())
            check_new_filings(core)
            sweep_deadlines(core)
        with core.sessions() as s:
            out = {}
            for c in s.scalars(select(Commitment)):
                last = s.scalar(select(StatusChange).where(StatusChange.commitment_id == c.id)
                                .order_by(StatusChange.id.desc()).limit(1))
                evidence = s.scalar(select(Filing.title).where(Filing.id == last.evidence_filing_id)) \
                    if last is not None and last.evidence_filing_id else None
                out[c.fingerprint] = (c.status, evidence if c.status not in ("pending", "due_soon") else None)
            return out
    finally:
        core.close()


def test_every_order_gives_the_same_statuses(tmp_path: Path) -> None:
    docs = _documents()
    today = dt.date(2026, 12, 1)
    first = _outcome(tmp_path / "0", docs, today) if (tmp_path / "0").mkdir() is None else {}
    statuses = sorted(s for s, _e in first.values())
    assert {"fulfilled", "broken", "kept"} <= set(statuses)  # the set exercises every verdict
    rng = random.Random(20261130)
    for i in range(1, 7):
        order = docs[:]
        rng.shuffle(order)
        (tmp_path / str(i)).mkdir()
        assert _outcome(tmp_path / str(i), order, today) == first, [d.source for d in order]


@pytest.mark.parametrize("order", [["sale.txt", "record.txt"], ["record.txt", "sale.txt"]])
def test_a_breach_filed_before_or_after_the_promise_breaks_it(tmp_path: Path, order: list[str]) -> None:
    docs = [parse_bytes(OTHER[name].encode(), name) for name in order]
    outcome = _outcome(tmp_path, docs, dt.date(2026, 12, 1))
    assert sorted(s for s, _e in outcome.values()) == ["broken"]
