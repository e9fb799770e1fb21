"""Commands that read and write the store: db, ingest, companies, filings, check, status, history."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot import secrets
from bot.core import Core, build_core
from bot.jobs import news_since
from bot.messages import as_plain_text
from bot.render import describe
from trackers.db import migrate
from trackers.db.models import Company, Filing
from trackers.documents import load_document
from trackers.documents.loader import SUPPORTED
from trackers.errors import PromiseWatchError, UsageError
from trackers.services import queries
from trackers.services.ingest import FilingMeta, ingest_document
from trackers.services.tracking import Change, check_filing, check_filings, sweep
from trackers.settings import Settings
from trackers.sources.http import Retry
from trackers.text.codes import stock_code


def _core(args: argparse.Namespace) -> Core:
    core = build_core(Settings())
    try:
        core.ensure_current()
    except PromiseWatchError:
        core.close()
        raise
    return core


def _say(core: Core, args: argparse.Namespace, template: str, **context: object) -> None:
    print(core.renderer.render(args.lang, template, **context))


# ---------------------------------------------------------------- db
def cmd_db(args: argparse.Namespace) -> int:
    settings = Settings()
    known = migrate.revisions(settings.database_url)
    if args.revision and args.revision not in (*known, "head", "base"):
        raise UsageError(f"no migration {args.revision!r}; known: {', '.join(known)}, head, base",
                         key="bad_revision", revision=args.revision, known=", ".join(known))
    if args.action == "upgrade":
        migrate.upgrade(settings.database_url, args.revision or "head")
    elif args.action == "downgrade":
        if not args.revision and not args.yes:  # to base drops every table: say so and ask
            raise UsageError("`db downgrade` without a revision drops every table and all data; "
                             "name a revision (e.g. 0002) or add --yes to go down to base",
                             key="downgrade_confirm")
        migrate.downgrade(settings.database_url, args.revision or "base")
    with build_core(settings) as core:
        print(f"database at migration {migrate.current_revision(core.engine) or 'none'} "
              f"(head {migrate.head_revision(settings.database_url)})")
    return 0


# ---------------------------------------------------------------- ingest
def _files(paths: list[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        else:
            yield path


def cmd_ingest(args: argparse.Namespace) -> int:
    with _core(args) as core:
        files = list(_files(args.paths))
        if not files:
            raise UsageError("no files to ingest (supported: " + ", ".join(SUPPORTED) + ")", key="no_files",
                             supported=", ".join(SUPPORTED))
        meta = FilingMeta(company_code=args.company, company_name=args.name, published=args.date)
        failed = 0
        today = core.clock.today()
        with _Progress(len(files), "ingest") as progress:
            for path in files:
                try:
                    doc = load_document(path, core.settings.parse_limits())
                    changes: list[Change] = []
                    with core.sessions.begin() as session:  # one transaction per file: a bad file loses nothing
                        result = ingest_document(session, doc, meta, core.clock.now())
                        if result.created and not args.no_check:
                            changes = check_filing(session, result.filing_id, core.clock.now(),
                                                   news_since=news_since(core, today))
                    _say(core, args, "cli/ingest.txt.j2", source=str(path), result=result, changes=len(changes))
                    if doc.replaced:
                        print(core.renderer.render(args.lang, "cli/replaced.txt.j2", source=str(path),
                                                   count=doc.replaced), file=sys.stderr)
                except PromiseWatchError as exc:
                    failed += 1
                    print(core.renderer.render(args.lang, "cli/error.txt.j2",
                                               message=describe(core.renderer, args.lang, exc)), file=sys.stderr)
                progress.advance()
        if not args.no_check and failed < len(files):  # today's clock for what was just stored (none if none was)
            with core.sessions.begin() as session:
                swept = sweep(session, today, core.clock.now(), core.settings.due_soon_days, core.settings.news_days)
            _say(core, args, "cli/swept.txt.j2", sweep=swept, today=today)
    return 1 if failed else 0


class _Progress:
    """A rich progress bar on stderr, one step per item, when stderr is a terminal; silent otherwise."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label = total, label
        self._bar: Any = None

    def __enter__(self) -> _Progress:
        if self.total > 1 and sys.stderr.isatty():
            from rich.progress import Progress

            self._bar = Progress(transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        return self

    def advance(self, *_item: object) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, *_exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


# ---------------------------------------------------------------- listings
def cmd_companies(args: argparse.Namespace) -> int:
    with _core(args) as core, core.sessions() as session:
        rows = queries.list_companies(session)
        if args.format == "json":
            print(json.dumps([{"code": c.code, "name": c.short_name, "full_name": c.name, "exchange": c.exchange,
                               "filings": f, "open_commitments": o, "followed": c.followed}
                              for c, f, o in rows], ensure_ascii=False, indent=1))
        else:
            _say(core, args, "cli/companies.txt.j2", rows=rows)
    return 0


def cmd_filings(args: argparse.Namespace) -> int:
    with _core(args) as core, core.sessions() as session:
        company = queries.find_company(session, args.code) if args.code else None
        rows = queries.list_filings(session, company)
        if args.format == "json":
            print(json.dumps([{"id": f.id, "company_id": f.company_id, "published": f.published.isoformat(),
                               "kind": f.kind, "title": f.title, "source": f.source, "url": f.url,
                               "commitments": n} for f, n in rows], ensure_ascii=False, indent=1))
        else:
            _say(core, args, "cli/filings.txt.j2", rows=rows, company=company)
    return 0


# ---------------------------------------------------------------- tracking
def cmd_check(args: argparse.Namespace) -> int:
    with _core(args) as core:
        real = core.clock.today()
        today = args.today or real
        if today > real and not args.simulate:
            raise UsageError(f"--today {today} is after today ({real}): the clock only moves forward; "
                             "add --simulate to see what would happen without saving it",
                             key="future_today", today=today.isoformat(), real=real.isoformat())
        session = core.sessions()
        try:
            pending = session.scalars(select(Filing.id).where(Filing.checked_at.is_(None), Filing.published <= today)
                                      .order_by(Filing.published, Filing.id)).all()
            changes = len(check_filings(session, list(pending), core.clock.now(), news_since=news_since(core, today)))
            result = sweep(session, today, core.clock.now(), core.settings.due_soon_days, core.settings.news_days)
            if args.simulate:
                session.rollback()  # a look ahead: nothing a real run could not undo is left behind
            else:
                session.commit()
        finally:
            session.close()
        _say(core, args, "cli/check.txt.j2", filings=len(pending), changes=changes, sweep=result, today=today,
             simulated=bool(args.simulate))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with _core(args) as core, core.sessions() as session:
        company = queries.find_company(session, args.code)
        views = (queries.company_commitments_as_of(session, company, args.as_of) if args.as_of
                 else queries.company_commitments(session, company))
        _say(core, args, "cli/status.txt.j2", company=company, views=views, as_of=args.as_of)
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from trackers.services.scorecard import scorecard

    with _core(args) as core, core.sessions() as session:
        card = scorecard(session, queries.find_company(session, args.code), core.clock.today())
        if args.format == "json":
            print(json.dumps({"code": card.code, "name": card.name, "made": card.made, "on_time": card.on_time,
                              "decided": card.decided, "on_time_rate": card.rate, "counts": card.counts,
                              "median_days_late": card.median_days_late,
                              "broken": [{"id": v.id, "subject": v.subject,
                                          "deadline": v.deadline.isoformat() if v.deadline else None,
                                          "quote": v.quote,
                                          "evidence": v.last_change.evidence_quote if v.last_change else None}
                                         for v in card.broken]}, ensure_ascii=False, indent=1))
        else:
            print(as_plain_text(core.renderer.render(args.lang, "score.html.j2", s=card)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Commitments as csv, json or xlsx, or their open deadlines as an iCalendar file; stdout or -o FILE."""
    from bot import exports

    if bool(args.code) == bool(args.all):
        raise UsageError("give one company (a code or name) or --all", key="export_what")
    kind = "ics" if args.ics else args.format
    if kind == "xlsx" and not args.output:
        raise UsageError("xlsx is a binary file: give -o FILE.xlsx", key="xlsx_needs_file")
    with _core(args) as core, core.sessions() as session:
        companies = None if args.all else [queries.find_company(session, args.code)]
        rows = queries.export_rows(session, companies)
        if kind == "xlsx":
            words = core.renderer.words
            exports.to_xlsx(rows, Path(args.output), words("en"), words("zh"), words(args.lang))
            return 0
        data = (exports.to_ics(rows, core.clock.now()) if kind == "ics"
                else (exports.to_json(rows) if kind == "json" else exports.to_csv(rows)).encode("utf-8"))
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    """One row per commitment, from the day it was said to its deadline, as a PNG."""
    from bot import timeline

    with _core(args) as core, core.sessions() as session:
        company = queries.find_company(session, args.code)
        rows = queries.export_rows(session, [company])
        title = core.renderer.render(args.lang, "timeline_title.txt.j2", code=company.code,
                                     name=company.short_name or company.name or company.code)
        picture = timeline.render(rows, title, core.clock.today(), timeline.Words.of(core.renderer.words(args.lang)))
    Path(args.output).write_bytes(picture.png)
    _say(core, args, "cli/timeline.txt.j2", path=args.output, rows=picture.rows, font=picture.font,
         package=timeline.FONT_PACKAGE)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """`history 12` (or #12) tells one promise's story; `history 300253` or a name tells each of the company's."""
    wanted = str(args.id).strip().lstrip("#")
    with _core(args) as core, core.sessions() as session:
        if wanted.isascii() and wanted.isdigit() and len(wanted) < 6:
            numbers = [int(wanted)]
        else:
            company = queries.find_company(session, wanted)
            numbers = [v.id for v in queries.company_commitments(session, company)]
            if not numbers:
                _say(core, args, "cli/status.txt.j2", company=company, views=[], as_of=None)
        for number in numbers:
            view, changes = queries.commitment(session, number)
            _say(core, args, "cli/history.txt.j2", v=view, changes=changes)
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from exc


def _code(value: str) -> str:
    code = stock_code(value)
    if code is None:
        raise argparse.ArgumentTypeError(f"not a six-digit stock code: {value!r}")
    return code


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    run_demo(Path(args.database), args.lang)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.chat import main as chat_main

    return chat_main(Settings(), args.lang)


def cmd_run(args: argparse.Namespace) -> int:
    from bot.service import run

    return run(Settings(), args.lang)


def cmd_dispatch(args: argparse.Namespace) -> int:
    """Deliver the outbox until nothing is due (the scheduler does this every few seconds)."""
    import asyncio

    from bot.dispatch import Dispatcher, DispatchReport
    from bot.service import holder_name, limits_from
    from bot.telegram_send import plain_bot, telegram_send

    settings = Settings()
    secrets.configure_logging(settings)
    if settings.telegram_bot_token is None:
        raise UsageError("TELEGRAM_BOT_TOKEN is not set", key="no_token")
    with _core(args) as core:
        async def deliver() -> DispatchReport:
            async with plain_bot(settings) as bot:
                dispatcher = Dispatcher(core, telegram_send(bot), name=holder_name(), limits=limits_from(settings))
                return await dispatcher.drain(batch=args.batch)

        report = asyncio.run(deliver())
        _say(core, args, "cli/dispatch.txt.j2", r=report)
    if report.stopped:  # the token was revoked mid-run: the rows went back to the outbox; a supervisor must see it
        from bot.handlers.common import TOKEN_REJECTED

        print(core.renderer.render(args.lang, "cli/token_rejected.txt.j2", reason=report.stopped), file=sys.stderr)
        return TOKEN_REJECTED
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from bot.doctor import live, run_checks

    settings = Settings()
    secrets.configure_logging(settings)
    with build_core(settings) as core:
        if args.live:
            print(core.renderer.render(args.lang, "cli/contacting.txt.j2"), file=sys.stderr, flush=True)
        checks = live(core, args.live, _retry_teller(core, args)) if args.live else run_checks(core)
        _say(core, args, "cli/doctor.txt.j2", checks=checks)
    return 0 if all(c.ok for c in checks) else 1


def _contacting(core: Core, args: argparse.Namespace) -> Any:
    """The cninfo client, once the user has been told the command goes out to the network; each retry is said
    as it comes (why the wait, how long at most), so a silent network is never a silent terminal."""
    print(core.renderer.render(args.lang, "cli/contacting.txt.j2"), file=sys.stderr, flush=True)
    return core.cninfo(on_retry=_retry_teller(core, args))


def _retry_teller(core: Core, args: argparse.Namespace) -> Callable[[Retry], None]:
    def tell(retry: Retry) -> None:
        print(core.renderer.render(args.lang, "cli/retrying.txt.j2", r=retry), file=sys.stderr, flush=True)

    return tell


def cmd_follow(args: argparse.Namespace) -> int:
    from trackers.services.follow import follow

    with _core(args) as core, _contacting(core, args) as client, core.sessions.begin() as session:
        companies = follow(session, client, args.codes)
        _say(core, args, "cli/follow.txt.j2", companies=companies)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """cninfo's full-text search; `--ingest` stores one company's hits as filings (a quick backfill)."""
    import itertools

    from trackers.services.follow import store_found

    if args.ingest and not args.code:
        raise UsageError("--ingest needs --code: found filings are stored under one company", key="ingest_needs_code")
    # a search alone touches no database; storing what it finds needs one that is migrated
    with (_core(args) if args.ingest else build_core(Settings())) as core, _contacting(core, args) as client:
        until = args.until or core.clock.today()
        found = client.search(" ".join(args.words), args.since, until, fulltext=args.fulltext, code=args.code)
        items = list(itertools.islice(found, args.limit))
        stored = None
        if args.ingest:
            with core.sessions.begin() as session:
                stored = store_found(session, client, args.code, items, core.clock.now(), core.settings.parse_limits())
        if args.format == "json":
            print(json.dumps([{"id": i.id, "code": i.code, "name": i.name, "day": i.day.isoformat(), "title": i.title,
                               "url": i.url, "snippet": i.snippet} for i in items], ensure_ascii=False, indent=1))
        else:
            _say(core, args, "cli/search.txt.j2", items=items, limit=args.limit, stored=stored)
    return 0


def cmd_unfollow(args: argparse.Namespace) -> int:
    from trackers.services.follow import unfollow

    with _core(args) as core, core.sessions.begin() as session:
        known = set(session.scalars(select(Company.code).where(Company.code.in_(args.codes))))
        followed = set(session.scalars(select(Company.code).where(Company.code.in_(args.codes),
                                                                 Company.followed.is_(True))))
        unfollow(session, args.codes)
        _say(core, args, "cli/unfollow.txt.j2", count=len(followed), unknown=[c for c in args.codes if c not in known],
             not_followed=sorted(known - followed))
    return 1 if len(known) < len(set(args.codes)) else 0


def cmd_poll(args: argparse.Namespace) -> int:
    """New items of followed companies (or the given ones) since each one's watermark."""
    from bot.jobs import check_new_filings
    from trackers.services.follow import poll

    with _core(args) as core:
        codes = args.codes or None
        since = getattr(args, "since", None)
        with core.sessions() as session:
            total = len(codes) if codes else int(session.scalar(
                select(func.count()).select_from(Company).where(Company.followed.is_(True))) or 0)
        if not total:  # nothing to ask the sites about: say how to start rather than report zeros
            print(core.renderer.render(args.lang, "cli/poll_nothing.txt.j2"), file=sys.stderr)
            return 1
        with _contacting(core, args) as client, core.sseinfo(_retry_teller(core, args)) as sse, \
                _Progress(total, "poll") as progress:
            result = poll(core.sessions, client, core.clock.now(), codes, since, progress.advance, sse,
                          core.settings.parse_limits())
        checked = check_new_filings(core)
        _say(core, args, "cli/poll.txt.j2", r=result, checked=checked)
    return 1 if result.errors and not result.filings else 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("follow", help="follow companies on cninfo and 互动易")
    p.add_argument("codes", nargs="+", type=_code)  # checked before anything goes out to the network
    p.set_defaults(func=cmd_follow)

    p = sub.add_parser("unfollow", help="stop following companies")
    p.add_argument("codes", nargs="+", type=_code)
    p.set_defaults(func=cmd_unfollow)

    p = sub.add_parser("poll", help="fetch new IR records, announcements and answers of followed companies")
    p.add_argument("codes", nargs="*", type=_code, help="only these (default: every followed company)")
    p.set_defaults(func=cmd_poll)

    p = sub.add_parser("backfill", help="fetch a company's filings since a date")
    p.add_argument("codes", nargs=1, metavar="CODE")
    p.add_argument("--since", type=_date, required=True)
    p.set_defaults(func=cmd_poll)

    p = sub.add_parser("search", help="cninfo full-text search (titles; --fulltext: bodies too)")
    p.add_argument("words", nargs="+", help="what to look for, e.g. 不向下修正")
    p.add_argument("--since", type=_date, required=True)
    p.add_argument("--until", type=_date, help="default: today")
    p.add_argument("--code", type=_code, help="only this company's announcements")
    p.add_argument("--fulltext", action="store_true", help="search announcement bodies, not only titles")
    p.add_argument("--limit", type=int, default=200, help="at most this many (default 200)")
    p.add_argument("--ingest", action="store_true", help="store what is found as the --code company's filings")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("run", help="the bot and the scheduler, in one process")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("dispatch", help="deliver the notification outbox until nothing is due")
    p.add_argument("--batch", type=int, default=100)
    p.set_defaults(func=cmd_dispatch)

    p = sub.add_parser("doctor", help="database, migrations, token and sources: is all well?")
    p.add_argument("--live", metavar="CODE", type=_code,
                   help="fetch one page of each source for this company and report the fields they carry")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("chat", help="use the bot in this terminal, through a local fake Telegram (no token)")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("demo", help="one company's promises end to end, on a simulated clock")
    p.add_argument("--database", default="var/demo.db", help="the SQLite file to (re)build")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("db", help="migrate the database")
    p.add_argument("action", choices=["upgrade", "downgrade", "current"])
    p.add_argument("revision", nargs="?")
    p.add_argument("--yes", action="store_true", help="downgrade to base (drops all data) without a revision")
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("ingest", help="store filings (files or folders) and their commitments")
    p.add_argument("paths", nargs="+")
    p.add_argument("--company", help="six-digit code, when the document does not say")
    p.add_argument("--name", help="the company's short name")
    p.add_argument("--date", type=_date, help="the filing's date, when the document does not say")
    p.add_argument("--no-check", action="store_true", help="store only; do not judge open commitments")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("companies", help="list companies")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_companies)

    p = sub.add_parser("filings", help="list filings")
    p.add_argument("code", nargs="?")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_filings)

    p = sub.add_parser("check", help="judge unchecked filings, then sweep deadlines")
    p.add_argument("--today", type=_date, help="the Asia/Shanghai date to sweep as (default: today)")
    p.add_argument("--simulate", action="store_true",
                   help="run as of --today (may be in the future) and save nothing")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("score", help="does a company keep its word: on time, late, broken, with evidence")
    p.add_argument("code")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("timeline", help="a company's promises as a picture (PNG)")
    p.add_argument("code")
    p.add_argument("-o", "--output", required=True, help="the PNG file to write")
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser("export", help="commitments as csv, json or xlsx, or deadlines as an iCalendar file")
    p.add_argument("code", nargs="?", help="a company's code or name")
    p.add_argument("--all", action="store_true", help="every company")
    p.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
    p.add_argument("--ics", action="store_true", help="the open commitments' deadlines as calendar events")
    p.add_argument("-o", "--output", help="write to this file (required for xlsx)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("status", help="a company's commitments with status, deadline and evidence")
    p.add_argument("code")
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                   help="as the record stood on that day (read-only: the history is read back)")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("history", help="a commitment's whole story, or every story of a company")
    p.add_argument("id", metavar="ID|CODE|NAME", help="a commitment's number (#12 or 12), or a company")
    p.set_defaults(func=cmd_history)
