"""The composition root: `build_application(settings, **overrides)` wires the bot on python-telegram-bot 22.

Tests, the demo chat and `promisewatch run` all call this one factory, overriding what they must
(the core with its clock and database, the Bot API address). Handlers find their dependencies in
a typed `BotData`, never under string keys.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import abuse, secrets
from bot.core import Core, build_core
from bot.dispatch import Dispatcher
from bot.handlers import admin, common, follow, promises, start
from trackers.settings import Settings

log = logging.getLogger(__name__)


class BotData:
    """Everything a handler or job may need, typed. PTB makes it with no arguments; the factory
    (and, for the scheduler's jobs, `bot.service`) fills it."""

    core: Core
    settings: Settings
    dispatcher: Dispatcher
    holder: str
    exit_code: int = 0  # what `run` returns when the application stops (non-zero: a supervisor should act)
    # `run` only: renews the scheduler lease and says whether this instance still holds it
    holds_lease: Callable[[], bool] | None = None
    conflict_since: dt.datetime | None = None  # the first 409 of the current run of them
    conflict_last: dt.datetime | None = None
    stopping: bool = False  # stop_running() was asked for: a second call would break PTB's shutdown
    rate_limit: abuse.ChatRateLimit  # messages per chat (CHAT_MESSAGES_PER_MINUTE)
    button_key: bytes  # marks this bot's inline buttons (derived from the token)


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
PTBApplication = Application[ExtBot[None], Context, dict[Any, Any], dict[Any, Any], BotData, Any]

# the menu Telegram shows; each description is a template in each language
COMMANDS = ("start", "help", "subscribe", "unsubscribe", "list", "status", "score", "timeline", "upcoming", "promise",
            "calendar", "export", "remind", "lang")


def build_application(settings: Settings, *, core: Core | None = None, base_url: str | None = None,
                      base_file_url: str | None = None, token: str | None = None,
                      polling_timeout: float | None = None) -> PTBApplication:
    """The bot, wired: handlers, typed context, error handler, command menu at start."""
    token = token or (settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None)
    if not token:
        raise common.NoToken()
    secrets.install(token)
    core = core or build_core(settings)
    builder = (ApplicationBuilder().token(token)
               .context_types(ContextTypes(context=CallbackContext, bot_data=BotData))
               .post_init(_post_init).concurrent_updates(False))
    base_url = base_url or settings.telegram_base_url
    if base_url:
        builder = builder.base_url(base_url).base_file_url(base_file_url or base_url.replace("/bot", "/file/bot"))
    if polling_timeout is not None:
        builder = builder.get_updates_read_timeout(polling_timeout + 5)
    app: PTBApplication = builder.build()  # type: ignore[assignment]
    app.bot_data.core = core
    app.bot_data.settings = settings
    app.bot_data.rate_limit = abuse.ChatRateLimit(settings.chat_messages_per_minute)
    app.bot_data.button_key = abuse.button_key(token)

    app.add_handler(TypeHandler(Update, abuse.limit_chats), group=-1)  # before any handler: a flood stops here
    guard = common.private_only
    app.add_handler(CommandHandler("start", guard(start.start)))
    app.add_handler(CommandHandler("help", guard(start.help_command)))
    app.add_handler(CommandHandler("lang", guard(start.lang)))
    app.add_handler(CommandHandler("remind", guard(start.remind)))
    app.add_handler(CommandHandler("subscribe", guard(follow.subscribe)))
    app.add_handler(CommandHandler("unsubscribe", guard(follow.unsubscribe)))
    app.add_handler(CommandHandler("list", guard(follow.list_subscriptions)))
    app.add_handler(CommandHandler("status", guard(promises.status)))
    app.add_handler(CommandHandler("promise", guard(promises.promise)))
    app.add_handler(CommandHandler("score", guard(promises.score)))
    app.add_handler(CommandHandler("calendar", guard(promises.calendar)))
    app.add_handler(CommandHandler("timeline", guard(promises.timeline_picture)))
    app.add_handler(CommandHandler("export", guard(promises.export)))
    app.add_handler(CommandHandler("upcoming", guard(promises.upcoming)))
    app.add_handler(CommandHandler("ingest", guard(admin.ingest_hint)))
    app.add_handler(CommandHandler("stats", guard(admin.stats)))
    app.add_handler(MessageHandler(filters.Document.ALL, guard(admin.receive_document)))
    app.add_handler(CallbackQueryHandler(follow.choose, pattern=r"^sub:"))
    app.add_handler(CallbackQueryHandler(promises.page, pattern=r"^st:"))
    app.add_handler(CallbackQueryHandler(common.stale_button))  # anything else: out of date, say so
    app.add_handler(MessageHandler(filters.COMMAND, guard(start.unknown_command)))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, guard(start.plain_text)))
    app.add_error_handler(common.on_error)
    return app


async def _post_init(app: PTBApplication) -> None:
    """Register the command menu in Chinese and English."""
    renderer = app.bot_data.core.renderer
    for lang in ("zh", "en"):
        commands = [BotCommand(name, renderer.render(lang, f"commands/{name}.txt.j2")) for name in COMMANDS]
        await app.bot.set_my_commands(commands, language_code=lang)
    # and the default menu, for clients in other languages
    await app.bot.set_my_commands([BotCommand(name, renderer.render("en", f"commands/{name}.txt.j2"))
                                   for name in COMMANDS])


def run_polling_or_webhook(app: PTBApplication, settings: Settings) -> None:
    """Long polling by default; a webhook (with its secret token) when one is configured."""
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        app.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port, url_path="telegram",
                        webhook_url=settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
