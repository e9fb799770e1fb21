"""Scorecard speed: one company with 1,000 commitments in a database of 1,000,000.

    .venv/bin/python bench/score_bench.py [--rows 1000000] [--runs 200] [--database-url URL]

Target: the scorecard answers in <= 50 ms at the 99th percentile. Baseline in the same run: the obvious
version — load every commitment of the company with its history through the ORM and count in Python.
The database is SQLite unless given.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import insert, select  # noqa: E402

from trackers.db import migrate  # noqa: E402
from trackers.db.models import Commitment, Company, Filing, StatusChange  # noqa: E402
from trackers.db.session import make_engine, make_sessions  # noqa: E402
from trackers.services.scorecard import scorecard  # noqa: E402

NOW = dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 30)
STATUSES = ("pending", "due_soon", "overdue", "fulfilled", "kept", "fulfilled_late", "broken", "revised")
BIG = 1  # the company whose record is asked for
COMPANIES = 5000


def _seed(url: str, rows: int) -> None:
    rng = random.Random(7)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(Company), [{"id": i + 1, "code": f"{600000 + i:06d}", "short_name": f"公司{i}",
                                        "aliases": [], "followed": True, "created_at": NOW} for i in range(COMPANIES)])
        conn.execute(insert(Filing), [{"id": i + 1, "company_id": i + 1, "source": "bench", "kind": "other",
                                       "title": "t", "published": dt.date(2024, 1, 1), "content_hash": f"s{i}",
                                       "raw_text": "", "text": "", "parse_status": "ok", "created_at": NOW}
                                      for i in range(COMPANIES)])
        batch, changes = [], []
        for i in range(rows):
            company = BIG if i < 1000 else rng.randint(2, COMPANIES)
            status = rng.choice(STATUSES)
            deadline = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1000))
            batch.append({"id": i + 1, "company_id": company, "filing_id": company, "quote": f"公司承诺{i}",
                          "span_start": 0, "span_end": 1, "kind": "event", "type": "other", "terms": {},
                          "subject": f"承诺{i}", "keywords": [], "deadline": deadline, "deadline_text": "d",
                          "precision": "day", "reference_date": dt.date(2024, 1, 1), "confidence": 0.8,
                          "status": status, "fingerprint": f"b{i}", "created_at": NOW})
            changes.append({"commitment_id": i + 1, "from_status": None, "to_status": "pending", "at": NOW,
                            "effective_date": dt.date(2024, 1, 1), "reason": "made"})
            if status != "pending":
                changes.append({"commitment_id": i + 1, "from_status": "pending", "to_status": status, "at": NOW,
                                "effective_date": deadline + dt.timedelta(days=rng.randint(-30, 60)),
                                "reason": "bench", "evidence_quote": "证据"})
            if len(batch) >= 50_000:
                conn.execute(insert(Commitment), batch)
                conn.execute(insert(StatusChange), changes)
                batch, changes = [], []
        if batch:
            conn.execute(insert(Commitment), batch)
            conn.execute(insert(StatusChange), changes)
    engine.dispose()


def _naive(session, company: Company) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts: dict[str, int] = {}
    for c in session.scalars(select(Commitment).where(Commitment.company_id == company.id)):
        counts[c.status] = counts.get(c.status, 0) + 1
        _ = list(c.changes)  # the history, to find how late each was
    return counts


def _p99(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.99) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--database-url")
    args = ap.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/score.db"
    migrate.upgrade(url)
    started = time.perf_counter()
    _seed(url, args.rows)
    seeded = time.perf_counter() - started
    engine = make_engine(url)
    sessions = make_sessions(engine)
    ours, naive = [], []
    with sessions() as session:
        company = session.get(Company, BIG)
        assert company is not None
        card = scorecard(session, company, TODAY)
        for _ in range(args.runs):
            t0 = time.perf_counter()
            scorecard(session, company, TODAY)
            ours.append(time.perf_counter() - t0)
            session.expire_all()
        for _ in range(max(5, args.runs // 20)):
            t0 = time.perf_counter()
            _naive(session, company)
            naive.append(time.perf_counter() - t0)
            session.expire_all()
    engine.dispose()
    print(f"scorecard: company of {card.made} commitments in a database of {args.rows:,} "
          f"(seeding took {seeded:.0f} s)")
    print(f"  {card.on_time} of {card.decided} on time, {len(card.broken)} broken listed")
    print(f"  ours: median {statistics.median(ours) * 1000:.1f} ms, p99 {_p99(ours) * 1000:.1f} ms "
          f"over {len(ours)} runs (target: p99 <= 50 ms)")
    ratio = statistics.median(naive) / statistics.median(ours)
    print(f"  baseline (ORM rows and their histories, counted in Python): median "
          f"{statistics.median(naive) * 1000:.1f} ms -> ratio {ratio:.1f}x")


if __name__ == "__main__":
    main()
