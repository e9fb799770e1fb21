"""`promisewatch run`: the bot and the scheduler in one process.

The scheduler is python-telegram-bot's JobQueue (APScheduler 3) with a few named jobs; the database
is the schedule — each job asks it what is due — so a restart loses nothing:

    dispatch  every few seconds     deliver the outbox within Telegram's limits
    check     every minute          judge new filings against open commitments
    poll      every 5 minutes       followed sources (every 5 minutes in trading hours, hourly otherwise)
    sweep     daily at 08:30        the deadline clock (and once at start if today's was missed)
    watch     hourly                a source silent for a day alerts the admin chats
    lease     every 30 seconds      keep the scheduler lease (LEASE_TTL_SECONDS / 3): one scheduler per deployment
    token     every 5 minutes       ask Telegram who we are: a token revoked while idle stops the process (exit 5)

SIGTERM (or Ctrl-C) stops polling, lets the running jobs finish their current sends, releases the
lease and exits.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import os
import socket
import sys
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot import secrets
from bot.app import build_application, run_polling_or_webhook
from bot.core import Core, build_core
from bot.dispatch import Dispatcher, Limits
from bot.handlers.common import LOST_LEASE, TOKEN_REJECTED, stop
from bot.jobs import check_new_filings, poll_followed, sweep_deadlines, sweep_missed, watch_sources
from bot.telegram_send import telegram_send
from trackers.services import lease
from trackers.settings import Settings

if TYPE_CHECKING:
    from bot.app import Context, PTBApplication

log = logging.getLogger(__name__)
LEASE = "scheduler"


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def limits_from(settings: Settings) -> Limits:
    return Limits(per_second=settings.dispatch_per_second, per_chat_interval=settings.dispatch_per_chat_interval,
                  concurrency=settings.dispatch_concurrency,
                  stale_after=dt.timedelta(seconds=settings.dispatch_stale_seconds))


def lease_ttl(core: Core) -> dt.timedelta:
    return dt.timedelta(seconds=core.settings.lease_ttl_seconds)


def take_lease(core: Core, holder: str) -> str | None:
    """None when the lease is ours; otherwise who holds it."""
    with core.sessions.begin() as session:
        got = lease.acquire(session, LEASE, holder, core.clock.now(), lease_ttl(core))
        if got is not None:
            return None
        current = lease.holder_of(session, LEASE, core.clock.now())
        return f"{current.holder} until {current.expires_at:%Y-%m-%d %H:%M:%S}Z" if current else "another process"


def schedule(app: PTBApplication, core: Core, dispatcher: Dispatcher, holder: str) -> None:
    settings = core.settings
    jobs = app.job_queue
    assert jobs is not None, "python-telegram-bot[job-queue] is required"
    app.bot_data.dispatcher = dispatcher
    app.bot_data.holder = holder
    app.bot_data.holds_lease = functools.partial(_holds_lease, core, holder)
    jobs.run_repeating(_dispatch, interval=settings.dispatch_interval_seconds, first=1, name="dispatch")
    jobs.run_repeating(_check, interval=settings.check_interval_seconds, first=5, name="check")
    jobs.run_repeating(_poll, interval=300, first=15, name="poll")
    hour, minute = (int(p) for p in settings.sweep_at.split(":"))
    jobs.run_daily(_sweep, time=dt.time(hour, minute, tzinfo=ZoneInfo(settings.timezone)), name="sweep")
    if sweep_missed(core):
        jobs.run_once(_sweep, when=3, name="sweep-missed")
    jobs.run_repeating(_watch, interval=3600, first=60, name="watch")
    renew_every = lease_ttl(core).total_seconds() / 3
    jobs.run_repeating(_renew, interval=renew_every, first=renew_every, name="lease")
    jobs.run_repeating(_token, interval=settings.token_check_seconds, first=settings.token_check_seconds,
                       name="token")


async def _dispatch(context: Context) -> None:
    report = await context.bot_data.dispatcher.drain(batch=100, max_rounds=20)
    if report.sent or report.failed or report.blocked:
        log.info("dispatch: %s", report)
    if report.stopped:  # a revoked token: nothing can be sent or received; stop so a supervisor sees it
        log.error("stopping: %s — set a valid TELEGRAM_BOT_TOKEN and start again (exit %s)", report.stopped,
                  TOKEN_REJECTED)
        stop(context, TOKEN_REJECTED)


async def _check(context: Context) -> None:
    # database work in a worker thread: the bot keeps answering while a big batch is judged
    result = await asyncio.to_thread(check_new_filings, context.bot_data.core)
    if result.filings:
        log.info("check: %s filings, %s status changes", result.filings, result.changes)


async def _sweep(context: Context) -> None:
    result = await asyncio.to_thread(sweep_deadlines, context.bot_data.core)
    log.info("sweep: %s", result)


async def _poll(context: Context) -> None:
    await poll_followed(context.bot_data.core)


async def _watch(context: Context) -> None:
    watch_sources(context.bot_data.core)


def _holds_lease(core: Core, holder: str) -> bool:
    """Renew the scheduler lease; False when another instance holds it now."""
    with core.sessions.begin() as session:
        return lease.renew(session, LEASE, holder, core.clock.now(), lease_ttl(core))


async def _renew(context: Context) -> None:
    if not _holds_lease(context.bot_data.core, context.bot_data.holder):
        # frozen past its lease (SIGSTOP, a paused VM) and another instance took over: stop, and exit
        # non-zero so a supervisor restarts this one, which then waits as standby or takes a free lease
        log.error("lost the scheduler lease; stopping so that two schedulers never run (exit %s)", LOST_LEASE)
        stop(context, LOST_LEASE)


async def _token(context: Context) -> None:
    """Ask Telegram who we are: a token revoked while the bot is idle ends getUpdates quietly inside the library,
    and without this the process would go on renewing its lease and answering no one."""
    try:
        await context.bot.get_me()
    except InvalidToken as exc:
        log.error("the Bot API rejects the token now (%s): stopping (exit %s)", type(exc).__name__, TOKEN_REJECTED)
        stop(context, TOKEN_REJECTED)
    except TelegramError:
        pass  # unreachable for a while: the dispatcher and the poller already wait and retry


async def _release(app: Application) -> None:  # type: ignore[type-arg]
    core: Core = app.bot_data.core  # type: ignore[attr-defined]
    with core.sessions.begin() as session:
        lease.release(session, LEASE, app.bot_data.holder)  # type: ignore[attr-defined]
    log.info("scheduler lease released")


def run(settings: Settings, lang: str) -> int:
    core = build_core(settings)
    if settings.telegram_bot_token is None and not settings.telegram_base_url:
        print(core.renderer.render(lang, "cli/run_no_token.txt.j2"), file=sys.stderr)
        return 2
    core.ensure_current()
    holder = holder_name()
    taken_by = take_lease(core, holder)
    if taken_by is not None:
        print(core.renderer.render(lang, "cli/run_refused.txt.j2", holder=taken_by), file=sys.stderr)
        core.close()
        return 3
    app = build_application(settings, core=core)
    dispatcher = Dispatcher(core, telegram_send(app.bot), name=holder, limits=limits_from(settings))
    schedule(app, core, dispatcher, holder)
    app.post_shutdown = _release
    secrets.configure_logging(settings)
    try:
        run_polling_or_webhook(app, settings)
    finally:  # also when the start failed (a rejected token): the next instance must not wait out the lease
        with core.sessions.begin() as session:
            lease.release(session, LEASE, holder)
        core.close()
    return app.bot_data.exit_code
