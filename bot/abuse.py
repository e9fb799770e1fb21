"""What one chat may ask of the bot, and button data only this bot could have sent.

Updates are handled one at a time, so a chat that floods the bot makes every other chat wait: a token bucket
per chat (CHAT_MESSAGES_PER_MINUTE) lets a person type freely and stops a script. Past it the chat is told once
and the rest of its burst is dropped before any handler runs — each dropped update costs microseconds, so the
other chats' answers are not held up. Admin chats are not limited.

An inline button's data comes back from the client, which anyone can forge (`sub:add:600000` sent from a chat
that never saw such a button): each button carries an HMAC of its data and the chat it was sent to, keyed by a
secret derived from the bot token, and a button whose mark does not match is treated as stale.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import ApplicationHandlerStop

if TYPE_CHECKING:
    from bot.app import Context


@dataclass
class _Bucket:
    tokens: float
    at: float
    told: bool = False  # the chat was told it is sending too fast, in this run of refusals


_KEEP_BUCKETS = 10_000  # past this many chats, the ones whose bucket has refilled are dropped


@dataclass
class ChatRateLimit:
    """A token bucket per chat: `per_minute` messages a minute, in bursts of up to `burst`."""

    per_minute: int
    burst: int = 10
    clock: Callable[[], float] = time.monotonic
    buckets: dict[int, _Bucket] = field(default_factory=dict)

    def take(self, chat_id: int) -> str:
        """'ok', 'refuse_and_tell' (the first refusal of a run) or 'refuse'."""
        now = self.clock()
        if len(self.buckets) > _KEEP_BUCKETS:  # a chat quiet long enough is full again: forget it
            idle = 60 * self.burst / self.per_minute
            self.buckets = {c: b for c, b in self.buckets.items() if now - b.at < idle}
        bucket = self.buckets.get(chat_id)
        if bucket is None:
            bucket = self.buckets[chat_id] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.per_minute / 60)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.told = False
            return "ok"
        if bucket.told:
            return "refuse"
        bucket.told = True
        return "refuse_and_tell"


async def limit_chats(update: object, context: Context) -> None:
    """Run before every handler (group -1): a chat over its rate is answered once, then ignored for a while."""
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    if chat_id in context.bot_data.settings.admin_chat_ids:
        return
    verdict = context.bot_data.rate_limit.take(chat_id)
    if verdict == "ok":
        return
    if verdict == "refuse_and_tell" and update.effective_message is not None:
        from bot.handlers.common import reply, reply_language

        await reply(update, context, reply_language(update, context), "errors/slow_down.html.j2",
                    per_minute=context.bot_data.settings.chat_messages_per_minute)
    elif update.callback_query is not None:
        await update.callback_query.answer()
    raise ApplicationHandlerStop


def button_key(token: str) -> bytes:
    """The key that marks this bot's buttons: derived from the token, so it needs no setting of its own."""
    return hashlib.sha256(b"promisewatch inline buttons\0" + token.encode()).digest()


def _mark(key: bytes, chat_id: int, data: str) -> str:
    digest = hmac.new(key, f"{chat_id}\0{data}".encode(), hashlib.sha256).digest()[:9]
    return base64.urlsafe_b64encode(digest).decode()  # 12 characters: the data stays within Telegram's 64 bytes


def signed(key: bytes, chat_id: int, data: str) -> str:
    """Button data for `chat_id`, marked: `data:mark`."""
    return f"{data}:{_mark(key, chat_id, data)}"


def verified(key: bytes, chat_id: int, raw: str) -> str | None:
    """The data of a button this bot sent to `chat_id`, or None (forged, another chat's, or an older version's)."""
    data, _sep, mark = raw.rpartition(":")
    return data if data and hmac.compare_digest(mark, _mark(key, chat_id, data)) else None
