"""The scheduler's few named jobs. The database is the schedule: each job asks it what is due."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select

from bot.core import Core
from trackers.db.models import Filing
from trackers.services.alerts import queue_admin_alert
from trackers.services.follow import PollResult, poll
from trackers.services.health import source_health
from trackers.services.tracking import SweepResult, check_filings, last_run, last_run_at, mark_run, sweep
from trackers.sources.cninfo import SHANGHAI

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CheckResult:
    filings: int
    changes: int


def check_new_filings(core: Core, chunk: int = 200) -> CheckResult:
    """Judge each filing not checked yet against its company's open commitments, a chunk at a
    time; a chunk that fails is retried filing by filing, so one bad filing never stops the rest."""
    today = core.clock.today()
    with core.sessions() as session:
        ids = list(session.scalars(select(Filing.id).where(Filing.checked_at.is_(None), Filing.published <= today)
                                   .order_by(Filing.published, Filing.id)))
    changes = 0
    for i in range(0, len(ids), chunk):
        part = ids[i:i + chunk]
        try:
            with core.sessions.begin() as session:
                changes += len(check_filings(session, part, core.clock.now(), news_since=news_since(core)))
        except Exception:  # find the bad filing; the others still count
            log.exception("checking filings %s..%s failed; retrying one by one", part[0], part[-1])
            for filing_id in part:
                try:
                    with core.sessions.begin() as session:
                        changes += len(check_filings(session, [filing_id], core.clock.now(),
                                                     news_since=news_since(core)))
                except Exception:
                    log.exception("checking filing %s failed", filing_id)
    return CheckResult(len(ids), changes)


def sweep_deadlines(core: Core) -> SweepResult:
    with core.sessions.begin() as session:
        return sweep(session, core.clock.today(), core.clock.now(), core.settings.due_soon_days,
                     core.settings.news_days)


def news_since(core: Core, today: dt.date | None = None) -> dt.date:
    """The oldest day a status change may be dated and still be announced."""
    return (today or core.clock.today()) - dt.timedelta(days=core.settings.news_days)


def sweep_missed(core: Core) -> bool:
    """True when today's sweep has not run yet (run once at start if the 08:30 one was missed)."""
    with core.sessions() as session:
        last = last_run(session, "sweep")
    return last is None or last < core.clock.today()


def watch_sources(core: Core) -> list[str]:
    """Sources silent past the allowed hours: alert the admin chats (once a day per source)."""
    now = core.clock.now()
    limit = dt.timedelta(hours=core.settings.source_silence_hours)
    silent = []
    with core.sessions.begin() as session:
        for source, last_ok, last_error in source_health(session):
            if last_ok is not None and now - last_ok < limit:
                continue
            silent.append(source)
            queue_admin_alert(session, list(core.settings.admin_chat_ids), f"silent:{source}:{core.clock.today()}",
                              "alerts/silent_source.html.j2",
                              {"source": source, "hours": int(limit.total_seconds() // 3600),
                               "last": last_ok.strftime("%Y-%m-%d %H:%M UTC") if last_ok else None,
                               "error": (last_error or "")[:200]}, now)
    return silent


TRADING_HOURS = (dt.time(9, 0), dt.time(15, 30))


def poll_is_due(core: Core) -> bool:
    """Every few minutes in trading hours (Asia/Shanghai, weekdays), hourly otherwise."""
    now = core.clock.now()
    local = now.astimezone(SHANGHAI)
    if local.weekday() < 5 and TRADING_HOURS[0] <= local.time() <= TRADING_HOURS[1]:
        return True
    with core.sessions() as session:
        last = last_run_at(session, "poll")
    return last is None or now - last >= dt.timedelta(hours=1)


async def poll_followed(core: Core) -> PollResult | None:
    """Poll the followed companies in a worker thread (the client paces itself politely)."""
    if not poll_is_due(core):
        return None

    def work() -> PollResult:
        with core.cninfo() as client, core.sseinfo() as sse:
            return poll(core.sessions, client, core.clock.now(), sse=sse, limits=core.settings.parse_limits())

    result = await asyncio.to_thread(work)
    with core.sessions.begin() as session:
        mark_run(session, "poll", core.clock.today(), core.clock.now())
    log.info("poll: %s", result)
    return result
