"""What every handler shares: the chat's row and language, replying, the private-chat guard, errors."""
from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Conflict, RetryAfter

from bot.render import describe, split_message
from trackers.db.models import Chat
from trackers.errors import UsageError
from trackers.services.alerts import queue_admin_alert
from trackers.services.subscriptions import ensure_chat
from trackers.text.codes import stock_code

if TYPE_CHECKING:
    from bot.app import Context

log = logging.getLogger(__name__)
Handler = Callable[[Update, "Context"], Awaitable[None]]


class NoToken(UsageError):
    def __init__(self) -> None:
        super().__init__("TELEGRAM_BOT_TOKEN is not set", key="no_token")


LOST_LEASE = 4  # the exit status of an instance that found its scheduler lease taken by another
TOKEN_REJECTED = 5  # Telegram answered 401: TELEGRAM_BOT_TOKEN is wrong or revoked
TELEGRAM_UNREACHABLE = 6  # the Bot API could not be reached at start
CONFLICT_QUIET = dt.timedelta(seconds=60)  # a pause this long ends a run of 409s


def stop(context: Context, exit_code: int = 0) -> None:
    """Stop the application once: a second stop_running() while PTB shuts down interrupts its shutdown
    (RuntimeError: Event loop stopped before Future completed), as when a lost lease and a 409 arrive together."""
    data = context.bot_data
    if getattr(data, "stopping", False):
        return
    data.stopping = True
    data.exit_code = exit_code or getattr(data, "exit_code", 0)
    context.application.stop_running()


async def _conflict(context: Context) -> None:
    """A 409: someone else polls with this token. Who decides what to do.

    - We lost the lease (we were the frozen one): the other instance is the scheduler; stop with LOST_LEASE.
    - We hold it: at first it is our resumed sibling, which stops itself at its next renewal; keep polling.
      409s that go on past CONFLICT_GRACE_SECONDS are a foreign program: alert the admins and stop.
    - No lease (chat mode): alert and stop."""
    data = context.bot_data
    core = data.core
    holder = getattr(data, "holder", "this host")
    holds = getattr(data, "holds_lease", None)
    held = holds() if holds is not None else None
    if held is False:
        log.error("409 Conflict and the scheduler lease is another instance's: stopping (exit %s)", LOST_LEASE)
        stop(context, LOST_LEASE)
        return
    now = core.clock.now()
    if held:
        last = getattr(data, "conflict_last", None)
        since = getattr(data, "conflict_since", None)
        if last is None or since is None or now - last > CONFLICT_QUIET:
            since = now
        data.conflict_since, data.conflict_last = since, now
        # a sibling that lost the lease (frozen, then resumed) polls until its next renewal finds out, within
        # a third of the lease's life; 409s that go on longer, while we hold the lease, are a foreign program
        if now - since < dt.timedelta(seconds=data.settings.conflict_grace_seconds):
            log.warning("409 Conflict while holding the scheduler lease (%s): waiting for the other poller to "
                        "notice it lost the lease", holder)
            return
    log.error("409 Conflict: another program polls with this token; stopping this instance (%s)", holder)
    with core.sessions.begin() as session:
        queue_admin_alert(session, list(data.settings.admin_chat_ids),
                          f"conflict:{core.clock.today()}", "alerts/conflict.html.j2",
                          {"day": core.clock.today().isoformat(), "holder": holder}, now)
    dispatcher = getattr(data, "dispatcher", None)
    if dispatcher is not None:
        await dispatcher.drain(max_rounds=2)  # the alert goes out before we stop
    stop(context)


def language_of(update: Update) -> str:
    """Chinese for zh* clients, English otherwise."""
    code = (update.effective_user.language_code if update.effective_user else None) or ""
    return "zh" if code.lower().startswith("zh") else "en"


def reply_language(update: Update, context: Context) -> str:
    """The chat's chosen language where the chat is known (it wins over the client's), else the client's."""
    if update.effective_chat is not None:
        with context.bot_data.core.sessions() as session:
            chosen = session.scalar(select(Chat.language).where(Chat.telegram_id == update.effective_chat.id))
        if chosen:
            return chosen
    return language_of(update)


def the_chat(context: Context, update: Update) -> tuple[int, str]:
    """(row id, language) of the chat, made on first contact in the user's language."""
    assert update.effective_chat is not None
    core = context.bot_data.core
    with core.sessions.begin() as session:
        chat: Chat = ensure_chat(session, update.effective_chat.id, language_of(update),
                                 list(context.bot_data.settings.reminder_offsets))
        return chat.id, chat.language


async def reply(update: Update, context: Context, lang: str, template: str, /,
                markup: InlineKeyboardMarkup | None = None, **values: Any) -> Message | None:
    """Render a template and send it, split at line boundaries past Telegram's 4,096 characters."""
    text = context.bot_data.core.renderer.render(lang, template, **values)
    message = update.effective_message
    if message is None:
        return None
    sent = None
    parts = split_message(text)
    for i, part in enumerate(parts):
        for attempt in range(_REPLY_TRIES):
            try:
                sent = await message.reply_text(part, parse_mode=ParseMode.HTML,
                                                link_preview_options=LinkPreviewOptions(is_disabled=True),
                                                reply_markup=markup if i == len(parts) - 1 else None)
                break
            except RetryAfter as exc:  # Telegram's own limit: wait as it asks (a reply, not a traceback)
                if attempt == _REPLY_TRIES - 1:
                    raise
                delay = exc.retry_after
                await asyncio.sleep(min(_REPLY_WAIT, delay if isinstance(delay, int | float)
                                        else delay.total_seconds()))
    return sent


_REPLY_TRIES = 3
_REPLY_WAIT = 30.0  # seconds at most per wait: every chat's replies wait with this one


def private_only(handler: Handler) -> Handler:
    """Commands work in private chats; in a group the bot says so once, briefly."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is not None and chat.type != ChatType.PRIVATE:
            await reply(update, context, reply_language(update, context), "errors/private_only.html.j2")
            return
        try:
            await handler(update, context)
        except UsageError as exc:  # bad input the services caught: a short reply, no stack trace
            lang = reply_language(update, context)
            await reply(update, context, lang, "errors/usage.html.j2",
                        detail=describe(context.bot_data.core.renderer, lang, exc, in_chat=True))

    return guarded


async def on_error(update: object, context: Context) -> None:
    """Log the update id and the exception (the token is redacted by the log factory); tell the user.

    A 409 Conflict while polling means another program polls with this token: that is an alert for
    the admins and a reason to stop, not an error to retry forever."""
    if isinstance(context.error, Conflict):
        await _conflict(context)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed: %r", update_id, context.error, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await reply(update, context, reply_language(update, context), "errors/internal.html.j2")
        except Exception:  # the apology itself failed (the chat blocked us): nothing more to say
            log.warning("could not tell update %s about the failure", update_id)


def is_admin(update: Update, context: Context) -> bool:
    return update.effective_chat is not None and update.effective_chat.id in context.bot_data.settings.admin_chat_ids


async def unknown_company(update: Update, context: Context, lang: str, query: str,
                          suggestions: list[Any], unlisted: bool = False) -> None:
    """No such company: near misses if there are any; for a real-looking code, that it is not tracked yet
    (and, to an admin, how to start); only for a name, the advice to try the code."""
    code = stock_code(query)
    await reply(update, context, lang, "unknown_company.html.j2", query=code or query, suggestions=suggestions,
                is_code=code is not None, unlisted=unlisted, admin=is_admin(update, context))


async def stale_button(update: Update, context: Context) -> None:
    """A button whose data this version does not know (forged, or from an old message): say so briefly."""
    query = update.callback_query
    if query is None:
        return
    text = context.bot_data.core.renderer.render(reply_language(update, context), "stale_button.txt.j2")
    await query.answer(text[:200], show_alert=False)
