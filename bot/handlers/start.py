"""/start (with deep links), /help, /lang, /remind, and unknown commands."""
from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update

from bot.handlers import follow
from bot.handlers.common import reply, reply_language, the_chat
from trackers.db.models import Chat
from trackers.errors import UsageError
from trackers.services import queries
from trackers.services.subscriptions import set_offsets
from trackers.text.codes import as_typed

if TYPE_CHECKING:
    from bot.app import Context


async def start(update: Update, context: Context) -> None:
    _chat_id, lang = the_chat(context, update)
    if context.args:  # t.me/<bot>?start=300253 subscribes straight away
        await follow.subscribe_to(update, context, lang, context.args[0])
        return
    await reply(update, context, lang, "start.html.j2")


async def help_command(update: Update, context: Context) -> None:
    _chat_id, lang = the_chat(context, update)
    await reply(update, context, lang, "help.html.j2")


async def lang(update: Update, context: Context) -> None:
    chat_id, current = the_chat(context, update)
    choice = (context.args or [""])[0].lower()
    if choice not in ("zh", "en"):
        await reply(update, context, current, "lang_usage.html.j2")
        return
    with context.bot_data.core.sessions.begin() as session:
        row = session.get(Chat, chat_id)
        assert row is not None
        row.language = choice
    await reply(update, context, choice, "lang_set.html.j2")


async def remind(update: Update, context: Context) -> None:
    chat_id, lang = the_chat(context, update)
    if not context.args:
        with context.bot_data.core.sessions() as session:
            row = session.get(Chat, chat_id)
            offsets = list(row.reminder_offsets) if row else []
        await reply(update, context, lang, "remind_usage.html.j2", offsets=offsets)
        return
    words = [w for a in context.args for w in as_typed(a).split(",") if w]  # /remind 14,3,1 or 14 3 1 or ７ １ ０
    if [w.lower() for w in words] == ["off"]:
        with context.bot_data.core.sessions.begin() as session:
            row = session.get(Chat, chat_id)
            assert row is not None
            row.reminder_offsets = []  # status news still arrive; only the reminders stop
        await reply(update, context, lang, "remind_set.html.j2", offsets=[])
        return
    if not all(w.isascii() and w.isdigit() for w in words):
        await reply(update, context, lang, "remind_usage.html.j2", offsets=None)
        return
    wanted = [int(w[:4]) for w in words]
    try:
        with context.bot_data.core.sessions.begin() as session:
            row = session.get(Chat, chat_id)
            assert row is not None
            offsets = set_offsets(session, row, wanted)
    except UsageError:
        await reply(update, context, lang, "remind_usage.html.j2", offsets=None)
        return
    await reply(update, context, lang, "remind_set.html.j2", offsets=offsets)


async def unknown_command(update: Update, context: Context) -> None:
    await reply(update, context, reply_language(update, context), "errors/unknown_command.html.j2")


async def plain_text(update: Update, context: Context) -> None:
    """Text that is no command: point to the commands, with the company the text may name."""
    text = ((update.effective_message.text if update.effective_message else "") or "")[:500]
    with context.bot_data.core.sessions() as session:
        named = queries.companies_named_in(session, text)
    guess = text.strip()[:20] if not named and 0 < len(text.strip()) <= 20 and " " not in text.strip() else ""
    await reply(update, context, reply_language(update, context), "plain_hint.html.j2", guess=guess, named=named)
