"""Delivery speed inside Telegram's limits: 10,000 notifications to 5,000 chats through the fake
server, which enforces about 30 messages/s overall and 1/s per chat and answers 429 to 5% of calls.

    .venv/bin/python bench/dispatch_bench.py [--notifications 10000] [--chats 5000] [--rate-429 0.05]

The floor is what Telegram's limits allow at best: notifications / 30 s, plus the `retry_after`
pauses the fake injected. Target: all delivered, total within 1.10x the floor. (The full run takes
about a quarter of an hour, because that is what the limits allow; --notifications 1000 is quicker.)
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import insert, select  # noqa: E402
from telegram import Bot  # noqa: E402

from bot.core import build_core  # noqa: E402
from bot.dispatch import Dispatcher, Limits  # noqa: E402
from bot.fake_telegram import FakeTelegram  # noqa: E402
from bot.fake_telegram import Limits as TelegramLimits  # noqa: E402
from bot.telegram_send import telegram_send  # noqa: E402
from trackers.clock import SystemClock  # noqa: E402
from trackers.db import migrate  # noqa: E402
from trackers.db.models import Chat, Notification  # noqa: E402
from trackers.settings import Settings  # noqa: E402


async def deliver(url: str, fake: FakeTelegram) -> float:
    core = build_core(Settings(database_url=url, _env_file=None), clock=SystemClock())  # type: ignore[call-arg]
    started = time.monotonic()
    async with Bot("9:bench", base_url=fake.base_url) as bot:
        dispatcher = Dispatcher(core, telegram_send(bot), limits=Limits(per_second=30, per_chat_interval=1.0,
                                                                        concurrency=8))
        while True:
            await dispatcher.drain(batch=200)
            with core.sessions() as s:
                left = s.scalar(select(Notification.id).where(Notification.state.in_(("pending", "sending")))
                                .limit(1))
            if left is None:
                break
            await asyncio.sleep(0.05)  # rows waiting out a retry_after
    elapsed = time.monotonic() - started
    core.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notifications", type=int, default=10_000)
    ap.add_argument("--chats", type=int, default=5_000)
    ap.add_argument("--rate-429", type=float, default=0.05)
    args = ap.parse_args()
    now = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/dispatch.db"
        migrate.upgrade(url)
        core = build_core(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
        with core.engine.begin() as conn:
            conn.execute(insert(Chat), [{"id": i + 1, "telegram_id": 20_000 + i, "language": "zh",
                                         "reminder_offsets": [7, 1, 0], "active": True, "created_at": now}
                                        for i in range(args.chats)])
            conn.execute(insert(Notification), [{"chat_id": i % args.chats + 1, "event": "alert",
                                                 "payload": {"text": f"第{i}条"}, "dedup_key": f"b{i}",
                                                 "state": "pending", "attempts": 0, "in_doubt": False,
                                                 "next_attempt_at": now, "created_at": now}
                                                for i in range(args.notifications)])
        core.close()
        limits = TelegramLimits(per_second=30, per_chat_interval=1.0, retry_after=1, random_429=args.rate_429)
        with FakeTelegram(limits=limits, seed=11) as fake:
            elapsed = asyncio.run(deliver(url, fake))
            delivered = Counter(m.chat_id for m in fake.messages())
            injected, paused = fake.injected_429, fake.retry_after_total
    floor = args.notifications / 30 + paused
    print(f"delivered {sum(delivered.values()):,} of {args.notifications:,} notifications to {len(delivered):,} "
          f"chats in {elapsed:.1f} s")
    print(f"the fake answered 429 to {injected} calls ({paused:.0f} s of retry_after)")
    print(f"floor: {args.notifications:,} / 30 s + {paused:.0f} s = {floor:.1f} s; "
          f"ratio {elapsed / floor:.3f} (target: <= 1.10)")


if __name__ == "__main__":
    main()
