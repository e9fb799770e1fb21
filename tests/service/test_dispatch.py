"""The outbox dispatcher against a fake Telegram: limits, failures, crashes, two dispatchers."""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import insert, select
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.core import Core, build_core
from bot.dispatch import Dispatcher, DispatchReport, Limits
from bot.fake_telegram import CUT, DROP, STALL, FakeTelegram
from bot.telegram_send import telegram_send
from tests.conftest import ROOT
from trackers.db.models import Chat, Commitment, Company, Filing, Notification
from trackers.settings import Settings

TOKEN = "42:dispatch-test-token"
FAST = Limits(per_second=5000, per_chat_interval=0, stale_after=dt.timedelta(seconds=1))


def _outbox(core: Core, count: int, chats: int | None = None) -> None:
    now = core.clock.now()
    chats = chats or count
    with core.engine.begin() as conn:
        conn.execute(insert(Chat), [{"id": i + 1, "telegram_id": 10_000 + i, "language": "en",
                                     "reminder_offsets": [7, 1, 0], "active": True, "created_at": now}
                                    for i in range(chats)])
        conn.execute(insert(Notification), [{"chat_id": i % chats + 1, "event": "alert",
                                             "payload": {"text": f"note {i}"}, "dedup_key": f"n{i}",
                                             "state": "pending", "attempts": 0, "in_doubt": False,
                                             "next_attempt_at": now, "created_at": now} for i in range(count)])


async def _drain(core: Core, fake: FakeTelegram, limits: Limits = FAST, timeout: float | None = None) -> DispatchReport:
    request = HTTPXRequest(read_timeout=timeout, write_timeout=timeout) if timeout else None
    async with Bot(TOKEN, base_url=fake.base_url, request=request) as bot:
        return await Dispatcher(core, telegram_send(bot), limits=limits).drain()


def _states(core: Core) -> Counter[str]:
    with core.sessions() as s:
        return Counter(s.scalars(select(Notification.state)))


async def test_429_waits_and_retries(core: Core) -> None:
    _outbox(core, 5)
    with FakeTelegram() as fake:
        fake.fail_next(429, retry_after=1)
        started = time.monotonic()
        report = await _drain(core, fake)
        for _ in range(20):  # the retried row is due again after retry_after
            if _states(core)["pending"] == 0:
                break
            core.clock.advance(seconds=2)  # type: ignore[attr-defined]
            await _drain(core, fake)
        assert _states(core) == {"sent": 5}
        assert len(fake.messages()) == 5
        assert report.retry_after_waited >= 1 and time.monotonic() - started < 30  # type: ignore[attr-defined]


async def test_400_is_dead_lettered_with_the_error(core: Core) -> None:
    _outbox(core, 3)
    with FakeTelegram() as fake:
        fake.fail_next(400, chat_id=10_001)
        await _drain(core, fake)
    with core.sessions() as s:
        failed = s.scalars(select(Notification).where(Notification.state == "failed")).all()
    assert len(failed) == 1 and "400" in (failed[0].last_error or "")
    assert _states(core) == {"sent": 2, "failed": 1}


async def test_an_outage_delays_and_never_drops(core: Core) -> None:
    """Fifteen minutes with no network: the row backs off to the ceiling and goes out when the network is back."""
    _outbox(core, 2)
    limits = Limits(per_second=5000, per_chat_interval=0, base_backoff=2, max_backoff=60)
    with FakeTelegram() as fake:
        fake.fail_next(DROP, times=30)  # every send: the connection closes with no answer
        for _ in range(15):
            await _drain(core, fake, limits)
            core.clock.advance(seconds=60)  # type: ignore[attr-defined]
        assert _states(core) == {"pending": 2}, "an outage never dead-letters a row"
        for _ in range(40):  # the network is back once the failures are used up
            await _drain(core, fake, limits)
            core.clock.advance(seconds=60)  # type: ignore[attr-defined]
            if _states(core) == {"sent": 2}:
                break
    assert _states(core) == {"sent": 2}


async def test_a_timeout_is_flagged_in_doubt_and_retried_after_a_pause(core: Core) -> None:
    _outbox(core, 1)
    limits = Limits(per_second=5000, per_chat_interval=0, doubt_pause=120)
    with FakeTelegram() as fake:
        fake.fail_next(STALL, stall=6)  # delivered, but the answer comes after the client gave up
        await _drain(core, fake, limits, timeout=1.5)
        with core.sessions() as s:
            row = s.scalar(select(Notification))
            assert row is not None and row.state == "pending" and row.in_doubt
            assert row.next_attempt_at >= core.clock.now() + dt.timedelta(seconds=119)
        await _drain(core, fake, limits, timeout=1.5)
        assert _states(core) == {"pending": 1}, "not retried before the pause"
        core.clock.advance(seconds=121)  # type: ignore[attr-defined]
        await _drain(core, fake, limits, timeout=1.5)
        assert len(fake.messages()) == 2  # the duplicate Telegram may have delivered is flagged, never silent
    with core.sessions() as s:
        row = s.scalar(select(Notification))
        assert row is not None and row.state == "sent" and row.in_doubt


def _row(core: Core) -> Notification:
    with core.sessions() as s:
        row = s.scalar(select(Notification))
        assert row is not None
        return row


async def test_a_connection_cut_after_delivery_is_in_doubt(core: Core) -> None:
    """The server goes down mid-send: the message arrived, no answer came. Whatever the exception, the retry is
    a possible duplicate and is flagged."""
    _outbox(core, 1)
    with FakeTelegram() as fake:
        fake.fail_next(CUT)
        await _drain(core, fake, Limits(per_second=5000, per_chat_interval=0, doubt_pause=0))
        assert len(fake.messages()) == 1 and _row(core).in_doubt and _row(core).state == "pending"
        core.clock.advance(seconds=120)  # type: ignore[attr-defined]
        await _drain(core, fake)
        assert len(fake.messages()) == 2 and _row(core).state == "sent" and _row(core).in_doubt


async def test_a_refused_connection_is_not_in_doubt(core: Core) -> None:
    """Nothing listens: the request never left, so the retry cannot duplicate and is not flagged."""
    _outbox(core, 1)
    with FakeTelegram() as fake:
        base = fake.base_url
    bot = Bot(TOKEN, base_url=base)
    await bot.request.initialize()  # (no getMe: the server is gone)
    try:
        await Dispatcher(core, telegram_send(bot), limits=FAST).drain()
    finally:
        await bot.request.shutdown()
    row = _row(core)
    assert row.state == "pending" and not row.in_doubt and "network" in (row.last_error or "")


async def test_a_long_message_cut_after_its_first_part_is_in_doubt(core: Core) -> None:
    now = core.clock.now()
    with core.engine.begin() as conn:
        conn.execute(insert(Chat), [{"id": 1, "telegram_id": 10_000, "language": "en", "reminder_offsets": [7],
                                     "active": True, "created_at": now}])
        conn.execute(insert(Notification), [{"chat_id": 1, "event": "alert", "payload": {"text": "长" * 6000},
                                             "dedup_key": "long", "state": "pending", "attempts": 0,
                                             "in_doubt": False, "next_attempt_at": now, "created_at": now}])
    with FakeTelegram() as fake:
        sends: list[int] = []
        original = telegram_send

        def failing_second(bot: Bot):  # type: ignore[no-untyped-def]
            send = original(bot)

            async def wrapped(chat_id: int, text: str) -> None:
                sends.append(len(text))
                if len(sends) == 2:  # the first part arrived; the second finds the network gone
                    fake.fail_next(DROP)
                await send(chat_id, text)
            return wrapped

        async with Bot(TOKEN, base_url=fake.base_url) as bot:
            await Dispatcher(core, failing_second(bot), limits=FAST).drain()
    assert len(sends) == 2 and _row(core).in_doubt and _row(core).state == "pending"


async def test_a_revoked_token_stops_dispatch_cleanly(core: Core, caplog: pytest.LogCaptureFixture) -> None:
    _outbox(core, 6)
    with FakeTelegram() as fake:
        fake.fail_next(401, times=50)
        report = await _drain(core, fake, Limits(per_second=5000, per_chat_interval=0, concurrency=3))
    assert report.stopped and report.sent == 0
    assert _states(core) == {"pending": 6}, "nothing lost, nothing marked sent"
    with core.sessions() as s:
        assert all(n.attempts == 0 for n in s.scalars(select(Notification)))
    assert len([r for r in caplog.records if "rejected the token" in r.getMessage()]) == 1


async def test_stale_reminder_is_skipped(core: Core) -> None:
    now = core.clock.now()
    with core.sessions.begin() as s:
        company = Company(code="300253", short_name="卫宁健康", aliases=[])
        s.add(company)
        s.flush()
        filing = Filing(company_id=company.id, source="t", kind="other", title="t", published=dt.date(2025, 4, 1),
                        content_hash="h", raw_text="", text="")
        s.add(filing)
        s.flush()
        c = Commitment(company_id=company.id, filing_id=filing.id, quote="q", span_start=0, span_end=1, kind="event",
                       subject="s", keywords=[], deadline=dt.date(2025, 5, 10), deadline_text="5月10日",
                       precision="day", reference_date=dt.date(2025, 4, 1), confidence=0.8, status="fulfilled",
                       fingerprint="f")
        chat = Chat(telegram_id=5, language="en", reminder_offsets=[1], active=True)
        s.add_all([c, chat])
        s.flush()
        s.add(Notification(chat_id=chat.id, commitment_id=c.id, event="reminder", offset_days=1, dedup_key="r",
                           state="pending", next_attempt_at=now))
    with FakeTelegram() as fake:
        await _drain(core, fake)
        assert fake.messages() == []
    assert _states(core) == {"skipped": 1}


def _run_dispatcher(url: str, fake: FakeTelegram) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": fake.base_url,
           "DISPATCH_PER_SECOND": "5000", "DISPATCH_PER_CHAT_INTERVAL": "0", "DISPATCH_STALE_SECONDS": "1",
           "DISPATCH_CONCURRENCY": "8"}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "dispatch", "--batch", "40"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_crash_loses_nothing(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """2,000 notifications; the dispatcher is killed with SIGKILL part-way and started again."""
    from trackers.db import migrate

    url = f"sqlite:///{tmp_path / 'crash.db'}"
    migrate.upgrade(url)
    core = build_core(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    _outbox(core, 2000)
    with FakeTelegram() as fake:
        first = _run_dispatcher(url, fake)
        deadline = time.monotonic() + 60
        while len(fake.messages()) < 700 and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait()
        sent_before = len(fake.messages())
        assert 0 < sent_before < 2000, "the crash must come part-way"
        time.sleep(1.5)  # claims of the dead process become stale
        second = _run_dispatcher(url, fake)
        assert second.wait(timeout=120) == 0
        received = Counter(m.chat_id for m in fake.messages())
    assert set(received) == {10_000 + i for i in range(2000)}, "every notification arrives"
    duplicates = {chat for chat, n in received.items() if n > 1}
    with core.sessions() as s:
        states = Counter(s.scalars(select(Notification.state)))
        doubtful = {10_000 + cid - 1 for cid in s.scalars(select(Notification.chat_id)
                                                          .where(Notification.in_doubt.is_(True)))}
    core.close()
    assert states == {"sent": 2000}
    assert duplicates <= doubtful, "every duplicate is among the rows recorded as in doubt"
    assert len(duplicates) <= 8, "duplicates only among the rows in flight: at most the sender's concurrency"
    with capsys.disabled():
        print(f"\ncrash test: {sent_before} sent before SIGKILL, {len(duplicates)} duplicate(s) after restart, "
              f"{len(doubtful)} row(s) flagged in doubt")


def test_two_dispatchers_on_postgres_never_send_a_row_twice(postgres_database: str) -> None:
    from trackers.db import migrate

    migrate.downgrade(postgres_database, "base")
    migrate.upgrade(postgres_database)
    settings = Settings(database_url=postgres_database, _env_file=None)  # type: ignore[call-arg]
    setup = build_core(settings)
    _outbox(setup, 1000)
    setup.close()
    with FakeTelegram() as fake:
        def worker(name: str) -> None:
            core = build_core(settings)

            async def go() -> None:
                async with Bot(TOKEN, base_url=fake.base_url) as bot:
                    # paced so that neither can finish the outbox alone before the other starts
                    paced = Limits(per_second=300, per_chat_interval=0, stale_after=dt.timedelta(seconds=60))
                    await Dispatcher(core, telegram_send(bot), name=name, limits=paced).drain(batch=20)

            asyncio.run(go())
            core.close()

        threads = [threading.Thread(target=worker, args=(f"d{i}",)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        received = Counter(m.chat_id for m in fake.messages())
    assert len(received) == 1000 and max(received.values()) == 1
    check = build_core(settings)
    with check.sessions() as s:
        claimers = Counter(s.scalars(select(Notification.claimed_by)))
        states = Counter(s.scalars(select(Notification.state)))
    check.close()
    assert states == {"sent": 1000}
    assert set(claimers) == {"d0", "d1"}, "both dispatchers took part"
