"""Bot speed: `/status` for a company with 200 commitments in a database of 100,000, through the
real client and the fake Telegram server; 1,000 updates; p50 and p99 handling time on SQLite.

    .venv/bin/python bench/bot_bench.py [--updates 1000] [--commitments 100000]

Handling time is measured inside the bot (from the update's arrival in the handler to the reply
being accepted by the server). The baseline, measured in the same run, is the same /status built
without the index on (company, status): what a per-company scan of the whole table costs.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import insert, text  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.core import build_core  # noqa: E402
from bot.fake_telegram import FakeTelegram  # noqa: E402
from trackers.db import migrate  # noqa: E402
from trackers.db.models import Commitment, Company, Filing  # noqa: E402
from trackers.settings import Settings  # noqa: E402

NOW = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


def seed(url: str, total: int, per_target: int = 200) -> None:
    core = build_core(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    companies = total // per_target
    with core.engine.begin() as conn:
        conn.execute(insert(Company), [{"id": i + 1, "code": f"{300000 + i:06d}", "short_name": f"公司{i}",
                                        "aliases": [], "followed": False, "created_at": NOW}
                                       for i in range(companies)])
        conn.execute(insert(Filing), [{"id": i + 1, "company_id": i + 1, "source": "bench", "kind": "ir_record",
                                       "title": "投资者关系活动记录表", "published": dt.date(2025, 4, 1),
                                       "content_hash": f"h{i}", "raw_text": "", "text": "", "parse_status": "ok",
                                       "created_at": NOW} for i in range(companies)])
        statuses = ["pending", "due_soon", "overdue", "fulfilled", "kept", "broken"]
        rows = [{"company_id": i % companies + 1, "filing_id": i % companies + 1,
                 "quote": f"公司计划于2025年{i % 12 + 1}月底前完成第{i}期项目建设，预计新增产能{i % 50}万吨。",
                 "span_start": 0, "span_end": 10, "kind": "plan", "subject": f"完成第{i}期项目建设", "keywords": [],
                 "deadline": dt.date(2025, i % 12 + 1, 28), "deadline_text": f"{i % 12 + 1}月底前",
                 "precision": "month",
                 "reference_date": dt.date(2025, 4, 1), "confidence": 0.8, "status": statuses[i % 6],
                 "fingerprint": f"b{i}", "created_at": NOW} for i in range(total)]
        for start in range(0, len(rows), 20_000):
            conn.execute(insert(Commitment), rows[start:start + 20_000])
    core.close()


async def measure(url: str, updates: int) -> list[float]:
    fake = FakeTelegram().start()
    core = build_core(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    app = build_application(core.settings, core=core, base_url=fake.base_url, token="1:bench", polling_timeout=1)
    timings: list[float] = []
    original = app.process_update

    async def timed(update: object) -> None:
        started = time.perf_counter()
        await original(update)
        timings.append(time.perf_counter() - started)

    app.process_update = timed  # type: ignore[method-assign]
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    for i in range(updates):
        fake.send_text(10_000 + i % 50, f"/status {300000 + i % 7:06d}", language="zh-hans")
    await asyncio.to_thread(fake.wait_for, updates, None, 600.0)
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    fake.stop()
    core.close()
    return timings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--updates", type=int, default=1000)
    ap.add_argument("--commitments", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bot.db"
        migrate.upgrade(url)
        seed(url, args.commitments)
        timings = sorted(asyncio.run(measure(url, args.updates)))
        core = build_core(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
        with core.engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_commitment_company_status"))
        core.close()
        baseline = sorted(asyncio.run(measure(url, max(50, args.updates // 10))))

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] * 1000

    print(f"/status for a company with 200 commitments, in a database of {args.commitments:,}; "
          f"{len(timings):,} updates through the real client and the fake server")
    print(f"handling time: p50 {pct(timings, 0.50):.1f} ms, p99 {pct(timings, 0.99):.1f} ms, "
          f"mean {statistics.mean(timings) * 1000:.1f} ms (target: p99 <= 50 ms on SQLite)")
    print(f"baseline without the (company, status) index: p50 {pct(baseline, 0.50):.1f} ms, "
          f"p99 {pct(baseline, 0.99):.1f} ms -> ratio {pct(baseline, 0.5) / pct(timings, 0.5):.1f}x at p50")


if __name__ == "__main__":
    main()
