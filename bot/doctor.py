"""`promisewatch doctor`: is everything this deployment needs in working order?"""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram.error import TelegramError

from bot.core import Core
from bot.jobs import watch_sources
from bot.telegram_send import plain_bot
from trackers.db import migrate
from trackers.services.health import source_health
from trackers.sources.http import Retry


@dataclass(frozen=True, slots=True)
class Check:
    """One finding: `key` and `values` are rendered in the reader's language (templates/*/cli/doctor.txt.j2)."""

    name: str
    ok: bool
    key: str
    values: dict[str, str] = field(default_factory=dict)


def database(core: Core) -> Check:
    try:
        current = migrate.current_revision(core.engine)
    except Exception as exc:  # any failure to connect is the answer
        return Check("database", False, "db_unreachable", {"why": _why(exc)})
    head = migrate.head_revision(core.settings.database_url)
    if current != head:
        return Check("database", False, "db_behind", {"current": current or "none", "head": head or "none"})
    return Check("database", True, "db_ok", {"current": current or "none"})


def token(core: Core) -> Check:
    settings = core.settings
    if settings.telegram_bot_token is None:
        return Check("telegram", False, "no_token")

    async def get_me() -> str:
        async with plain_bot(settings) as bot:
            me = await bot.get_me()
            return f"@{me.username}"

    try:
        return Check("telegram", True, "token_ok", {"bot": asyncio.run(get_me())})
    except TelegramError as exc:
        return Check("telegram", False, "token_failed", {"why": type(exc).__name__})


def sources(core: Core) -> list[Check]:
    now = core.clock.now()
    limit = dt.timedelta(hours=core.settings.source_silence_hours)
    with core.sessions() as session:
        health = source_health(session)
    if not health:
        return [Check("sources", True, "no_polls")]
    checks = []
    for source, last_ok, last_error in health:
        fresh = last_ok is not None and now - last_ok < limit
        when = last_ok.strftime("%Y-%m-%d %H:%M UTC") if last_ok else "never"
        checks.append(Check(f"source {source}", fresh, "source", {"when": when, "error": (last_error or "")[:120]}))
    if not all(c.ok for c in checks):
        watch_sources(core)  # the admins hear of it, once a day per source
    return checks


def fonts() -> Check:
    """Timeline pictures label rows in Chinese only with a CJK font installed."""
    from bot.timeline import FONT_PACKAGE, cjk_font

    found = cjk_font()
    return Check("fonts", True, "cjk_font", {"file": found}) if found else \
        Check("fonts", False, "no_cjk_font", {"package": FONT_PACKAGE})


def live(core: Core, code: str, on_retry: Callable[[Retry], None] | None = None) -> list[Check]:
    """One page of each source for one company, field by field (trackers/sources/probe.py)."""
    from trackers.sources.probe import probe

    with core.cninfo(on_retry) as cninfo, core.sseinfo(on_retry) as sse:
        findings = probe(cninfo, sse, code, core.clock.today())
    return [Check(f.source, f.state in ("ok", "empty"), f"live_{f.state}",
                  {"rows": str(f.rows), "present": ", ".join(f.present), "absent": ", ".join(f.absent),
                   "shapes": "; ".join(f.shapes), "error": f.error}) for f in findings]


def run_checks(core: Core) -> list[Check]:
    first = database(core)
    if not first.ok:
        return [first]
    return [first, token(core), fonts(), *sources(core)]


def _why(exc: Exception) -> str:
    """Why a database did not answer, in one line a person can act on (never the URL: it may hold a password)."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = text[0] if text else ""
    return f"{type(exc).__name__}: {first[:160]}" if first else type(exc).__name__
