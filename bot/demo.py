"""`promisewatch demo`: one company's promises, end to end, on a simulated clock. No token, no network.

It ingests the example IR record of 300253 (2025-04-25), subscribes a demo chat, then lives through
2025-04-25 … 2025-07-31: every morning at 08:30 the real sweep job runs, every evening the example
filings of that day arrive and the real check job judges them, and after each the real dispatcher
delivers the outbox — to the terminal instead of Telegram, in the same templates.

The example filings stand for the company's whole feed: the company is followed from the record's day, and
each morning's look at the (simulated) feed is recorded as a successful poll, as `promisewatch run` records
cninfo's. That is what lets the clock call a restraint kept when its window closes with no breach on record.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from bot import exports, timeline
from bot.core import Core, build_core
from bot.dispatch import Dispatcher, Limits
from bot.jobs import check_new_filings, sweep_deadlines
from bot.messages import as_plain_text
from bot.views import status_page
from trackers.clock import FixedClock
from trackers.db import migrate
from trackers.documents import load_document
from trackers.services import queries
from trackers.services.health import record_poll
from trackers.services.ingest import FilingMeta, ingest_document
from trackers.services.scorecard import scorecard
from trackers.services.subscriptions import ensure_chat, subscribe
from trackers.services.tracking import ANNOUNCEMENTS_SOURCE
from trackers.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
RECORD = EXAMPLES / "300253-ir-record-2025-04-25.txt"
FIRST, LAST = dt.date(2025, 4, 25), dt.date(2025, 7, 31)
DEMO_CHAT = 100_253


@dataclass
class Transcript:
    """What the demo chat received, in order, with the simulated time it arrived."""

    lines: list[str] = field(default_factory=list)
    messages: list[tuple[dt.datetime, str]] = field(default_factory=list)
    files: Path = Path("var")  # where the timeline picture and the calendar file are written

    def say(self, text: str) -> None:
        self.lines.append(text)
        print(text, flush=True)


def _later_filings() -> dict[dt.date, list[Path]]:
    by_day: dict[dt.date, list[Path]] = {}
    for path in sorted((EXAMPLES / "later").glob("*.txt")):
        day = dt.date.fromisoformat(path.name[:10])
        by_day.setdefault(day, []).append(path)
    return by_day


def run_demo(database: Path, lang: str = "en", out: Transcript | None = None) -> Transcript:
    out = out or Transcript()
    if database.exists():
        database.unlink()
    out.files = database.parent
    url = f"sqlite:///{database}"
    migrate.upgrade(url)
    clock = FixedClock(dt.datetime(FIRST.year, FIRST.month, FIRST.day, 16, 30))
    core = build_core(Settings(database_url=url), clock=clock)
    try:
        asyncio.run(_live(core, clock, lang, out))
    finally:
        core.close()
    return out


async def _live(core: Core, clock: FixedClock, lang: str, out: Transcript) -> None:
    text = core.renderer

    async def deliver(_chat: int, message: str) -> None:
        out.messages.append((clock.now(), message))
        header = text.render(lang, "demo/delivered.txt.j2", when=f"{clock.now():%Y-%m-%d %H:%M}")
        out.say(f"\n{header}\n{as_plain_text(message)}")

    dispatcher = Dispatcher(core, deliver, name="demo", limits=Limits(per_second=1e6, per_chat_interval=0))
    doc = load_document(RECORD)
    with core.sessions.begin() as session:
        result = ingest_document(session, doc, FilingMeta(), clock.now())
        chat = ensure_chat(session, DEMO_CHAT, lang)
        company = queries.find_company(session, "300253")
        subscribe(session, chat, company)
        company.covered_from = FIRST
        company_id = company.id
        views = queries.company_commitments(session, company)
    out.say(text.render(lang, "demo/intro.txt.j2", record=RECORD.relative_to(ROOT), result=result, views=views,
                        first=FIRST, last=LAST))
    later = _later_filings()
    day = FIRST + dt.timedelta(days=1)
    while day <= LAST:
        clock.set(dt.datetime(day.year, day.month, day.day, 8, 0))
        with core.sessions.begin() as session:  # the morning's poll of the feed: nothing new before evening
            record_poll(session, ANNOUNCEMENTS_SOURCE, True, 0, clock.now(), company_id)
        clock.set(dt.datetime(day.year, day.month, day.day, 8, 30))
        sweep_deadlines(core)
        await dispatcher.drain()
        for path in later.get(day, []):
            clock.set(dt.datetime(day.year, day.month, day.day, 18, 0))
            filed = load_document(path)
            with core.sessions.begin() as session:
                stored = ingest_document(session, filed, FilingMeta(source="example"), clock.now())
            out.say(text.render(lang, "demo/filed.txt.j2", when=clock.now(), title=filed.title,
                                path=path.relative_to(ROOT), result=stored))
            check_new_filings(core)
            await dispatcher.drain()
        day += dt.timedelta(days=1)
    with core.sessions() as session:
        company = queries.find_company(session, "300253")
        page = status_page(text, lang, session, company, per_page=50)
        card = scorecard(session, company, clock.today())
        rows = queries.export_rows(session, [company])
        title = text.render(lang, "timeline_title.txt.j2", code=company.code, name=company.short_name or company.code)
    # the files a subscriber would get from /timeline and /calendar, next to the demo's database
    picture_path, calendar_path = out.files / "300253-timeline.png", out.files / "300253.ics"
    picture_path.write_bytes(timeline.render(rows, title, clock.today(), timeline.Words.of(text.words(lang))).png)
    calendar_path.write_bytes(exports.to_ics(rows, clock.now()))
    out.say(text.render(lang, "demo/outro.txt.j2", status=as_plain_text(page.text),
                        score=as_plain_text(text.render(lang, "score.html.j2", s=card)),
                        picture=_shown(picture_path), calendar=_shown(calendar_path)))


def _shown(path: Path) -> str:
    """A path as the reader typed it: relative to where they stand when it is below, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
