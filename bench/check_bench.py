"""Tracking speed: judging new filings against open commitments, and the daily sweep.

    .venv/bin/python bench/check_bench.py [--companies 5000] [--per-company 20] [--sweep-rows 1000000]
                                          [--database-url URL]

1. check: 100,000 open commitments across 5,000 companies, 5,000 new filings (one per company)
   judged by `check_filing` — target ≤ 10 s. Baseline in the same run: the same judging without the
   per-filing preparation (each commitment re-reads the filing), on a sample, extrapolated.
2. sweep: 1,000,000 commitments with deadlines spread over three years, swept for one day —
   target ≤ 5 s. Baseline in the same run: a per-row ORM loop over a sample, extrapolated.
Prints the figures, how the time splits, and the ratios. The database is SQLite unless given.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import func, insert, select  # noqa: E402

from trackers.check import judge, prepare  # noqa: E402
from trackers.db import migrate  # noqa: E402
from trackers.db.models import Chat, Commitment, Company, Filing, Notification, Subscription  # noqa: E402
from trackers.db.session import make_engine, make_sessions  # noqa: E402
from trackers.domain import LaterFiling, Status  # noqa: E402
from trackers.services.tracking import JUDGED_COLUMNS, check_filings, judge_input, sweep  # noqa: E402

NOW = dt.datetime(2025, 7, 1, 0, 30, tzinfo=dt.UTC)
TODAY = dt.date(2025, 7, 1)

PROMISES = [
    ("plan", "回购资金总额不低于人民币{a},000万元，回购期限为自董事会审议通过回购方案之日起12个月内", "回购股份"),
    ("plan", "控股股东计划自2025年1月1日起6个月内增持公司股份，增持金额不低于{a},000万元", "增持"),
    ("restraint", "董事会决定在2025年12月底前不向下修正{name}转债的转股价格", "不向下修正转股价格"),
    ("restraint", "控股股东承诺自2025年1月1日起12个月内不减持公司股份", "不减持"),
    ("event", "公司将于2025年9月10日举办新品发布会，发布新一代产品X{a}", "发布X{a}"),
    ("target", "新建产线预计2025年底前建成投产，形成{a}万吨的产能", "产能达到{a}万吨"),
]
FILINGS = [
    ("关于回购股份实施结果暨股份变动的公告", "公司实际回购金额为人民币{a},500万元，本次回购实施完毕。"),
    ("关于控股股东增持计划进展的公告", "截至本公告披露日，控股股东累计增持公司股份{a}万股，增持计划尚未实施完毕。"),
    ("关于{name}转债预计触发转股价格向下修正条件的提示性公告", "公司股票已有十个交易日的收盘价低于当期转股价格的85%。"),
    ("关于获得政府补助的公告", "公司近日收到与收益相关的政府补助{a}万元，约占最近一期经审计净利润的3%。"),
    ("关于召开2025年第二次临时股东大会的通知", "公司定于2025年7月20日召开临时股东大会，审议修订公司章程的议案。"),
    ("投资者关系活动记录表", "公司新建产线正在调试，产能爬坡顺利；公司将继续推进研发投入和市场拓展，保持经营稳健。"),
]


def _seed(url: str, companies: int, per_company: int) -> None:
    rng = random.Random(3)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(Company), [{"id": i + 1, "code": f"{600000 + i:06d}", "short_name": f"公司{i}",
                                        "aliases": [], "followed": True, "created_at": NOW}
                                       for i in range(companies)])
        conn.execute(insert(Filing), [{"id": i + 1, "company_id": i + 1, "source": "bench", "kind": "ir_record",
                                       "title": "投资者关系活动记录表", "published": dt.date(2024, 12, 1),
                                       "content_hash": f"seed{i}", "raw_text": "", "text": "",
                                       "parse_status": "ok", "checked_at": NOW, "created_at": NOW}
                                      for i in range(companies)])
        rows = []
        for i in range(companies * per_company):
            kind, quote, subject = rng.choice(PROMISES)
            a = rng.randint(1, 9)
            company = i // per_company + 1
            rows.append({"company_id": company, "filing_id": company,
                         "quote": quote.format(a=a, name=f"公司{company}"), "span_start": 0, "span_end": 10,
                         "kind": kind, "subject": subject.format(a=a), "keywords": [],
                         "deadline": dt.date(2025, 12, 31),
                         "deadline_text": "年底前", "precision": "year", "reference_date": dt.date(2024, 12, 1),
                         "confidence": 0.8, "status": "pending", "fingerprint": f"f{i}", "created_at": NOW})
        conn.execute(insert(Commitment), rows)
        news = []
        for i in range(companies):
            title, text = rng.choice(FILINGS)
            a = rng.randint(1, 9)
            news.append({"id": companies + i + 1, "company_id": i + 1, "source": "bench", "kind": "announcement",
                         "title": title.format(name=f"公司{i + 1}"), "published": dt.date(2025, 6, 30),
                         "content_hash": f"new{i}", "raw_text": "", "text": text.format(a=a),
                         "parse_status": "ok", "created_at": NOW})
        conn.execute(insert(Filing), news)
    engine.dispose()


def bench_check(url: str, companies: int, per_company: int) -> None:
    started = time.perf_counter()
    _seed(url, companies, per_company)
    seeded = time.perf_counter() - started
    engine = make_engine(url)
    sessions = make_sessions(engine)
    with sessions() as s:
        ids = s.scalars(select(Filing.id).where(Filing.checked_at.is_(None)).order_by(Filing.id)).all()
    started = time.perf_counter()
    with sessions.begin() as s:
        changes = len(check_filings(s, list(ids), NOW))
    total = time.perf_counter() - started

    # how the time splits: the same reads and judgements, timed apart (writes are the remainder)
    with sessions() as s:
        t0 = time.perf_counter()
        filings = s.execute(select(Filing.company_id, Filing.title, Filing.published, Filing.text)
                            .where(Filing.id.in_(ids))).all()
        open_rows = s.execute(select(*JUDGED_COLUMNS).where(
            Commitment.company_id.in_({f.company_id for f in filings}))).all()
        t1 = time.perf_counter()
        by_company: dict[int, list[Any]] = {}
        for row in open_rows:
            by_company.setdefault(row.company_id, []).append(row)
        for f in filings:
            prepared = prepare(LaterFiling(f.title, f.published, f.text))
            for r in by_company.get(f.company_id, ()):
                judge(judge_input(r), prepared)
        t2 = time.perf_counter()
    load_s, judge_s = t1 - t0, t2 - t1
    # baseline: the per-row way — one ORM query per filing, each judgement re-reads its filing
    sample = ids[:200]
    with sessions() as s:
        t3 = time.perf_counter()
        for filing_id in sample:
            f = s.get(Filing, filing_id)
            assert f is not None
            for r in s.scalars(select(Commitment).where(Commitment.company_id == f.company_id)):
                judge(judge_input(r), LaterFiling(f.title, f.published, f.text))
        t4 = time.perf_counter()
    baseline = (t4 - t3) * len(ids) / len(sample)
    n = companies * per_company
    print(f"check: {len(ids):,} new filings against {n:,} open commitments of {companies:,} companies "
          f"in {total:.2f} s ({n / total:,.0f} judgements/s); {changes:,} status changes (seeding took {seeded:.1f} s)")
    print(f"  split: reading {load_s:.2f} s, judging {judge_s:.2f} s, "
          f"writing changes and notices {max(0.0, total - load_s - judge_s):.2f} s")
    print(f"  baseline (a query per filing, each judgement re-reads its filing; {len(sample)} filings, "
          f"extrapolated): {baseline:.2f} s -> ratio {baseline / total:.1f}x (target: <= 10 s)")
    engine.dispose()


def _seed_sweep(url: str, rows: int, rng: random.Random) -> None:
    engine = make_engine(url)
    start = dt.date(2024, 1, 1)
    with engine.begin() as conn:
        conn.execute(insert(Company), [{"id": i + 1, "code": f"{000000 + i:06d}", "aliases": [], "followed": True,
                                        "created_at": NOW} for i in range(5000)])
        conn.execute(insert(Filing), [{"id": i + 1, "company_id": i + 1, "source": "bench", "kind": "other",
                                       "title": "", "published": start, "content_hash": f"s{i}", "raw_text": "",
                                       "text": "", "parse_status": "ok", "checked_at": NOW, "created_at": NOW}
                                      for i in range(5000)])
        conn.execute(insert(Chat), [{"id": i + 1, "telegram_id": 10_000 + i, "language": "zh",
                                     "reminder_offsets": [7, 1, 0], "active": True, "created_at": NOW}
                                    for i in range(2000)])
        pairs = {(i % 2000 + 1, rng.randint(1, 5000)) for i in range(10_000)}
        conn.execute(insert(Subscription), [{"chat_id": c, "company_id": k, "created_at": NOW} for c, k in pairs])
        batch = []
        for i in range(rows):
            deadline = start + dt.timedelta(days=rng.randint(0, 3 * 365))
            if deadline < TODAY - dt.timedelta(days=1):
                status = rng.choice([Status.KEPT, Status.OVERDUE, Status.FULFILLED, Status.BROKEN]).value
            elif deadline <= TODAY + dt.timedelta(days=6):
                status = Status.DUE_SOON.value
            else:
                status = Status.PENDING.value
            company = rng.randint(1, 5000)
            batch.append({"company_id": company, "filing_id": company, "quote": "q", "span_start": 0, "span_end": 1,
                          "kind": rng.choice(["plan", "restraint", "event", "target"]), "subject": "s",
                          "keywords": [], "deadline": deadline, "deadline_text": "d", "precision": "day",
                          "reference_date": start, "confidence": 0.8, "status": status, "fingerprint": f"w{i}",
                          "created_at": NOW})
            if len(batch) == 50_000:
                conn.execute(insert(Commitment), batch)
                batch = []
        if batch:
            conn.execute(insert(Commitment), batch)
    engine.dispose()


def bench_sweep(url: str, rows: int) -> None:
    rng = random.Random(5)
    started = time.perf_counter()
    _seed_sweep(url, rows, rng)
    seeded = time.perf_counter() - started
    engine = make_engine(url)
    sessions = make_sessions(engine)
    with sessions.begin() as s:  # yesterday's sweep, so today's catches only today's changes
        sweep(s, TODAY - dt.timedelta(days=1), NOW - dt.timedelta(days=1))
    started = time.perf_counter()
    with sessions.begin() as s:
        result = sweep(s, TODAY, NOW)
    total = time.perf_counter() - started
    started = time.perf_counter()
    with sessions.begin() as s:
        again = sweep(s, TODAY, NOW)
    second = time.perf_counter() - started
    with sessions() as s:
        queued = s.scalar(select(func.count()).select_from(Notification))
    # baseline: the per-row way — load each open commitment and decide in Python (a sample, extrapolated)
    with sessions() as s:
        started = time.perf_counter()
        sample = s.scalars(select(Commitment).where(Commitment.status.in_(("pending", "due_soon")))
                           .limit(20_000)).all()
        for row in sample:
            if row.deadline < TODAY or row.deadline <= TODAY + dt.timedelta(days=7):
                pass
        per_row = (time.perf_counter() - started) / max(1, len(sample))
        open_rows = s.scalar(select(func.count()).select_from(Commitment).where(
            Commitment.status.in_(("pending", "due_soon")))) or 0
    baseline = per_row * open_rows
    print(f"sweep: {rows:,} commitments, one day, in {total:.2f} s — {result.kept} kept, {result.overdue} overdue, "
          f"{result.due_soon} due soon, {result.reminders} reminders and {result.notifications} notices queued "
          f"({queued:,} rows in the outbox; seeding took {seeded:.1f} s)")
    print(f"  a second run the same day: {second:.2f} s, {again.reminders + again.notifications} new rows")
    print(f"  baseline (load the {open_rows:,} open rows and decide in Python, no writes): {baseline:.2f} s "
          f"-> ratio {baseline / total:.1f}x (target: <= 5 s)")
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--companies", type=int, default=5000)
    ap.add_argument("--per-company", type=int, default=20)
    ap.add_argument("--sweep-rows", type=int, default=1_000_000)
    ap.add_argument("--database-url", help="default: a fresh SQLite file per part")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for part, run in (("check", lambda url: bench_check(url, args.companies, args.per_company)),
                          ("sweep", lambda url: bench_sweep(url, args.sweep_rows))):
            url = args.database_url or f"sqlite:///{tmp}/{part}.db"
            migrate.upgrade(url)
            run(url)
            if args.database_url:
                migrate.downgrade(url, "base")
                migrate.upgrade(url)


if __name__ == "__main__":
    main()
