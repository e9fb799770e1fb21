"""The outbox dispatcher: claim due notifications, render, send, and record what happened.

Delivery is at least once. A row is claimed (state `sending`, with the claimer and the time) and
committed before the send, and marked `sent` after it. A process that dies between the two leaves
rows in `sending`; once their claim is older than `stale_after`, the next dispatcher claims them
again and flags them `in_doubt` — they may have reached the user already. Duplicates can therefore
only come from the rows in flight at a crash, at most the sender's concurrency.

On PostgreSQL claims use FOR UPDATE SKIP LOCKED, so several dispatchers never take the same row; on
SQLite, run one dispatcher.

Telegram's limits are kept here, not left to the client: about 30 messages a second overall and one
a second per chat; a 429 waits out `retry_after`; a 403 marks the chat inactive and cancels its
pending rows; a 400 dead-letters the row with the error; a network outage backs off to a ceiling and
is waited out (never dropped by a count); a timeout flags the row `in_doubt` and waits `doubt_pause`
before trying again; a 401 (token revoked) puts every claimed row back and stops sending.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import or_, select, update

from bot.core import Core
from bot.messages import notification_text
from bot.render import split_message
from trackers.db.models import Chat, Notification

log = logging.getLogger(__name__)


class Blocked(Exception):
    """403: the user blocked the bot or left the chat."""


class RetryLater(Exception):
    """429: flood control; wait `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after}s")
        self.retry_after = retry_after


class Rejected(Exception):
    """400: Telegram will never accept this message as it is."""


class Unreachable(Exception):
    """No answer from the network (refused, dropped): the message did not arrive; try again later."""


class InDoubt(Unreachable):
    """A timeout: the request went out and Telegram may have delivered it; only the answer is missing."""


class TokenRejected(Exception):
    """401: the token was revoked or is wrong. Nothing can be sent until an operator fixes it."""


Send = Callable[[int, str], Awaitable[None]]


@dataclass
class Limits:
    per_second: float = 30.0
    per_chat_interval: float = 1.0
    base_backoff: float = 2.0
    max_backoff: float = 300.0
    doubt_pause: float = 120.0  # after a timeout: long enough for the first request to have finished or died
    stale_after: dt.timedelta = dt.timedelta(minutes=2)
    concurrency: int = 8


@dataclass
class _Pacer:
    """A global token bucket and a per-chat spacing, both on the monotonic clock."""

    limits: Limits
    _next_global: float = 0.0
    _next_chat: dict[int, float] = field(default_factory=dict)
    _hold_until: float = 0.0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def wait(self, chat: int) -> None:
        while True:
            async with self._lock:
                now = time.monotonic()
                at = max(now, self._next_global, self._next_chat.get(chat, 0.0), self._hold_until)
                if at <= now:
                    self._next_global = now + 1.0 / self.limits.per_second
                    self._next_chat[chat] = now + self.limits.per_chat_interval
                    return
            # sleep, then look again: a 429 that came meanwhile must hold this send too
            await asyncio.sleep(at - now)

    def hold_all(self, seconds: float) -> None:
        """After a 429 Telegram wants silence from the whole bot for a while."""
        self._hold_until = max(self._hold_until, time.monotonic() + seconds)


@dataclass
class DispatchReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    skipped: int = 0
    in_doubt: int = 0
    retry_after_waited: float = 0.0
    stopped: str = ""  # why the dispatcher stopped sending (a rejected token)


class Dispatcher:
    def __init__(self, core: Core, send: Send, *, name: str = "dispatcher", limits: Limits | None = None) -> None:
        self.core = core
        self.send = send
        self.name = name
        self.limits = limits or Limits()
        self.pacer = _Pacer(self.limits)
        self._locks: dict[int, asyncio.Lock] = {}
        self._blocked: set[int] = set()
        self.stopped = ""  # set when the token is rejected: every claimed row goes back, nothing more is sent

    def _chat_lock(self, telegram_id: int) -> asyncio.Lock:
        return self._locks.setdefault(telegram_id, asyncio.Lock())

    # ------------------------------------------------------------ claiming
    def claim(self, batch: int) -> list[int]:
        now = self.core.clock.now()
        stale = now - self.limits.stale_after
        with self.core.sessions.begin() as session:
            due = or_(
                (Notification.state == "pending") & (Notification.next_attempt_at <= now),
                (Notification.state == "sending") & (Notification.claimed_at < stale),
            )
            query = select(Notification.id, Notification.state).where(due).order_by(Notification.id).limit(batch)
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = session.execute(query).all()
            if not rows:
                return []
            reclaimed = [i for i, state in rows if state == "sending"]
            ids = [i for i, _state in rows]
            session.execute(update(Notification).where(Notification.id.in_(ids)).values(
                state="sending", claimed_by=self.name, claimed_at=now, attempts=Notification.attempts + 1))
            if reclaimed:
                session.execute(update(Notification).where(Notification.id.in_(reclaimed)).values(
                    in_doubt=True, last_error="claimed again after an interrupted send: may be a duplicate"))
        return ids

    # ------------------------------------------------------------ sending
    async def run_once(self, batch: int = 100) -> DispatchReport:
        """Claim one batch and deliver it, `concurrency` sends at a time."""
        report = DispatchReport()
        ids = self.claim(batch)
        if not ids:
            return report
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in ids:
            queue.put_nowait(i)

        async def worker() -> None:
            while True:
                try:
                    nid = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                await self._deliver(nid, report)

        await asyncio.gather(*(worker() for _ in range(min(self.limits.concurrency, len(ids)))))
        return report

    async def drain(self, batch: int = 100, max_rounds: int = 10_000) -> DispatchReport:
        """Deliver until nothing is due (rows waiting out a back-off stay for a later run)."""
        total = DispatchReport()
        for _ in range(max_rounds):
            if self.stopped:
                break
            report = await self.run_once(batch)
            for name in vars(total):
                if name != "stopped":
                    setattr(total, name, getattr(total, name) + getattr(report, name))
            if not (report.sent or report.retried or report.failed or report.blocked or report.skipped):
                break
        total.stopped = self.stopped
        return total

    async def _deliver(self, nid: int, report: DispatchReport) -> None:
        if self.stopped:
            self._release(nid)
            return
        today = self.core.clock.today()
        with self.core.sessions() as session:
            row = session.get(Notification, nid)
            if row is None or row.state != "sending" or row.claimed_by != self.name:
                return
            chat = session.get(Chat, row.chat_id)
            if chat is None or not chat.active:
                self._finish(nid, "cancelled", "the chat is inactive")
                report.skipped += 1
                return
            text = notification_text(session, self.core.renderer, row, chat, today)
            telegram_id, in_doubt = chat.telegram_id, row.in_doubt
        if text is None:
            self._finish(nid, "skipped", "no longer relevant when its turn came")
            report.skipped += 1
            return
        try:
            async with self._chat_lock(telegram_id):  # one send at a time per chat: a 403 stops the rest
                if telegram_id in self._blocked:
                    self._finish(nid, "cancelled", "the chat blocked the bot")
                    report.skipped += 1
                    return
                for sent, part in enumerate(split_message(text)):
                    await self.pacer.wait(telegram_id)
                    try:
                        await self.send(telegram_id, part)
                    except Unreachable as exc:
                        if sent:  # the earlier parts arrived: sending the whole again repeats them
                            raise InDoubt(f"part {sent + 1}: {exc}") from exc
                        raise
        except RetryLater as exc:
            self.pacer.hold_all(exc.retry_after)
            report.retry_after_waited += exc.retry_after
            self._retry(nid, dt.timedelta(seconds=exc.retry_after), f"429: {exc}", count_attempt=False)
            report.retried += 1
        except Blocked as exc:
            self._blocked.add(telegram_id)
            self._block(nid, str(exc))
            report.blocked += 1
        except Rejected as exc:
            self._finish(nid, "failed", f"400: {exc}")
            report.failed += 1
        except TokenRejected as exc:
            if not self.stopped:
                log.error("the Bot API rejected the token (401): %s; dispatch stops until TELEGRAM_BOT_TOKEN is "
                          "fixed (nothing is lost: unsent notifications stay queued)", exc)
            self.stopped = "token rejected (401)"
            self._release(nid)
        except InDoubt as exc:
            self._doubt(nid, str(exc), report)
        except Unreachable as exc:
            self._backoff(nid, str(exc), report)
        else:
            self._finish(nid, "sent", None, sent=True)
            report.sent += 1
            report.in_doubt += int(in_doubt)

    def _finish(self, nid: int, state: str, error: str | None, sent: bool = False) -> None:
        with self.core.sessions.begin() as session:
            values: dict[str, object] = {"state": state, "last_error": error} if error else {"state": state}
            if sent:
                values["sent_at"] = self.core.clock.now()
            session.execute(update(Notification).where(Notification.id == nid).values(**values))

    def _retry(self, nid: int, delay: dt.timedelta, error: str, count_attempt: bool = True) -> None:
        with self.core.sessions.begin() as session:
            values: dict[str, object] = {"state": "pending", "last_error": error,
                                         "next_attempt_at": self.core.clock.now() + delay}
            if not count_attempt:
                values["attempts"] = Notification.attempts - 1
            session.execute(update(Notification).where(Notification.id == nid).values(**values))

    def _backoff(self, nid: int, error: str, report: DispatchReport) -> None:
        """A network outage delays, never drops: back off to a ceiling and try again until the row is sent
        or stale by its own rule (a reminder whose deadline passed is skipped when its turn comes)."""
        with self.core.sessions() as session:
            attempts = session.scalar(select(Notification.attempts).where(Notification.id == nid)) or 1
        delay = min(self.limits.max_backoff, self.limits.base_backoff * 2 ** min(attempts - 1, 20))
        self._retry(nid, dt.timedelta(seconds=delay), f"network: {error}")
        report.retried += 1

    def _doubt(self, nid: int, error: str, report: DispatchReport) -> None:
        """A send that timed out may have arrived: flag it, and wait before trying again so the first request
        has surely finished or died (a duplicate is then known to be possible, never silent)."""
        with self.core.sessions.begin() as session:
            attempts = session.scalar(select(Notification.attempts).where(Notification.id == nid)) or 1
            delay = max(self.limits.doubt_pause,
                        min(self.limits.max_backoff, self.limits.base_backoff * 2 ** min(attempts - 1, 20)))
            session.execute(update(Notification).where(Notification.id == nid).values(
                state="pending", in_doubt=True, last_error=f"timed out, may have arrived: {error}",
                next_attempt_at=self.core.clock.now() + dt.timedelta(seconds=delay)))
        report.retried += 1

    def _release(self, nid: int) -> None:
        """Back to the queue as it was: the attempt did not happen."""
        with self.core.sessions.begin() as session:
            session.execute(update(Notification).where(Notification.id == nid, Notification.state == "sending")
                            .values(state="pending", attempts=Notification.attempts - 1, claimed_by=None))

    def _block(self, nid: int, error: str) -> None:
        with self.core.sessions.begin() as session:
            chat_id = session.scalar(select(Notification.chat_id).where(Notification.id == nid))
            session.execute(update(Chat).where(Chat.id == chat_id).values(active=False))
            session.execute(update(Notification).where(Notification.id == nid).values(
                state="cancelled", last_error=f"403: {error}"))
            session.execute(update(Notification).where(
                Notification.chat_id == chat_id, Notification.state == "pending").values(
                state="cancelled", last_error="the chat blocked the bot"))
        log.info("chat %s blocked the bot; its pending notifications are cancelled", chat_id)
