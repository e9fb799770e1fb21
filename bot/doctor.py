"""`promisewatch doctor`: is everything this deployment needs in working order?"""
from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from telegram.error import TelegramError

from bot.core import Core
from bot.jobs import watch_sources
from bot.telegram_send import plain_bot
from trackers.db import migrate
from trackers.services.health import source_health


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str


def database(core: Core) -> Check:
    try:
        current = migrate.current_revision(core.engine)
    except Exception as exc:  # any failure to connect is the answer
        return Check("database", False, f"unreachable: {type(exc).__name__}")
    head = migrate.head_revision(core.settings.database_url)
    if current != head:
        return Check("database", False, f"at migration {current or 'none'}, code needs {head}")
    return Check("database", True, f"reachable, migration {current} is current")


def token(core: Core) -> Check:
    settings = core.settings
    if settings.telegram_bot_token is None:
        return Check("telegram", False, "TELEGRAM_BOT_TOKEN is not set")

    async def get_me() -> str:
        async with plain_bot(settings) as bot:
            me = await bot.get_me()
            return f"@{me.username}"

    try:
        return Check("telegram", True, f"token valid ({asyncio.run(get_me())})")
    except TelegramError as exc:
        return Check("telegram", False, f"getMe failed: {type(exc).__name__}")


def sources(core: Core) -> list[Check]:
    now = core.clock.now()
    limit = dt.timedelta(hours=core.settings.source_silence_hours)
    with core.sessions() as session:
        health = source_health(session)
    if not health:
        return [Check("sources", True, "no source polled yet (follow a company and run `promisewatch poll`)")]
    checks = []
    for source, last_ok, last_error in health:
        fresh = last_ok is not None and now - last_ok < limit
        when = last_ok.strftime("%Y-%m-%d %H:%M UTC") if last_ok else "never"
        detail = f"last successful poll {when}" + (f"; last error: {last_error[:120]}" if last_error else "")
        checks.append(Check(f"source {source}", fresh, detail))
    if not all(c.ok for c in checks):
        watch_sources(core)  # the admins hear of it, once a day per source
    return checks


def run_checks(core: Core) -> list[Check]:
    first = database(core)
    if not first.ok:
        return [first]
    return [first, token(core), *sources(core)]
