"""What one chat can make the bot do: a flood is answered once, a wall of codes is refused, following the market
is capped by the admin's budget, and a button only acts in the chat it was sent to."""
from __future__ import annotations

import asyncio
import time

from sqlalchemy import func, select

from bot.abuse import ChatRateLimit, button_key, signed, verified
from tests.bot.conftest import ADMIN, Running
from trackers.db.models import Company, Subscription
from trackers.services.ingest import upsert_company


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_chat_may_type_freely_but_not_flood() -> None:
    clock = Clock()
    limit = ChatRateLimit(per_minute=20, burst=10, clock=clock)
    verdicts = [limit.take(1) for _ in range(13)]
    assert verdicts == ["ok"] * 10 + ["refuse_and_tell", "refuse", "refuse"]  # told once, then ignored
    assert limit.take(2) == "ok"  # another chat is not held up
    clock.now += 3.0  # a message's worth of tokens comes back every 3 s
    assert limit.take(1) == "ok" and limit.take(1) == "refuse_and_tell"


def test_the_buckets_of_quiet_chats_are_forgotten() -> None:
    clock = Clock()
    limit = ChatRateLimit(per_minute=20, burst=10, clock=clock)
    for chat in range(10_001):
        limit.take(chat)
    clock.now += 31.0  # ten messages' worth: every bucket is full again
    limit.take(99_999)
    assert len(limit.buckets) == 1


def test_button_data_acts_only_in_the_chat_it_was_sent_to() -> None:
    key = button_key("123:token")
    data = signed(key, 42, "sub:add:600000")
    assert len(data.encode()) <= 64  # Telegram's limit on callback data
    assert verified(key, 42, data) == "sub:add:600000"
    assert verified(key, 43, data) is None  # another chat's button
    assert verified(key, 42, "sub:add:600000") is None  # never marked: forged
    assert verified(key, 42, data.replace("600000", "000001")) is None  # the data changed under its mark
    assert verified(button_key("456:other"), 42, data) is None  # another bot's


async def _flood(run: Running, chat: int, count: int) -> None:
    for i in range(count):
        run.fake.send_text(chat, f"/subscribe 卫宁{i}", language="en")


async def test_a_flood_from_one_chat_is_answered_once_and_does_not_hold_up_another(running: Running) -> None:
    run = running
    with run.core.sessions.begin() as s:
        upsert_company(s, "300253", "卫宁健康")
    await _flood(run, 61, 300)
    run.fake.send_text(62, "/subscribe 300253", language="en")
    started = time.monotonic()
    other = await asyncio.to_thread(run.fake.wait_for, 1, 62)
    waited = time.monotonic() - started
    assert "You now follow" in other[-1].text
    await asyncio.sleep(0.5)
    flooder = run.fake.messages(61)
    assert len(flooder) <= 11, len(flooder)  # ten answered (the burst), one "slow down", the rest ignored
    assert sum("faster than I can answer" in m.text for m in flooder) == 1
    assert waited < 15, f"the other chat waited {waited:.1f} s"


async def test_a_wall_of_codes_is_refused_and_the_follow_budget_holds(running: Running) -> None:
    run = running
    run.app.bot_data.settings = run.app.bot_data.settings.model_copy(update={"follow_budget": 2})
    with run.core.sessions.begin() as s:
        for code in ("600001", "600002", "600003"):
            upsert_company(s, code, f"公司{code}")
    codes = " ".join(f"{600000 + i:06d}" for i in range(1, 1001))
    run.fake.send_text(63, f"/subscribe {codes}", language="en")
    refused = await asyncio.to_thread(run.fake.wait_for, 1, 63)
    assert "more than I take at once" in refused[-1].text
    with run.core.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Subscription)) == 0
    run.fake.send_text(63, "/subscribe 600001 600002 600003", language="en")
    replies = await asyncio.to_thread(run.fake.wait_for, 4, 63)
    assert "not fetched for now" in replies[-1].text and "600003" in replies[-1].text
    with run.core.sessions() as s:
        followed = set(s.scalars(select(Company.code).where(Company.followed.is_(True))))
        assert followed == {"600001", "600002"}  # the third is subscribed, not polled
        assert s.scalar(select(func.count()).select_from(Subscription)) == 3
    run.fake.send_text(ADMIN, "/subscribe 600003", language="en")  # an admin follows beyond the budget
    await asyncio.to_thread(run.fake.wait_for, 1, ADMIN)
    with run.core.sessions() as s:
        assert s.scalar(select(Company.followed).where(Company.code == "600003"))


async def test_a_forged_button_does_not_subscribe(running: Running) -> None:
    run = running
    with run.core.sessions.begin() as s:
        upsert_company(s, "600001", "甲公司")
    run.fake.send_text(64, "/start", language="en")
    await asyncio.to_thread(run.fake.wait_for, 1, 64)
    real = signed(run.app.bot_data.button_key, 65, "sub:add:600001")  # a button sent to another chat
    for data in ("sub:add:600001", real):
        run.fake.press(64, 1, data, language="en")
    await asyncio.sleep(1.0)
    with run.core.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Subscription)) == 0
    answers = [m.text for m in run.fake.sent if m.method == "answerCallbackQuery"]
    assert len(answers) == 2 and all("out of date" in a for a in answers)
