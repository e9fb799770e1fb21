"""Follow companies on cninfo, 互动易 and e互动: new IR records, announcements and answers become filings.

Titles first: many announcements decide a commitment by their title alone (关于不向下修正…转股价格的
公告, 回购期限届满暨回购完成), so an announcement's PDF is fetched only when its title speaks of an open
commitment's topic or reads like a plan, a result or a change; the rest are stored by title. IR
records and answers are always read whole: that is where promises are made.
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from trackers.check.judge import title_concerns
from trackers.db.models import Commitment, Company, Filing
from trackers.documents import Document, ParseLimits, parse_bytes
from trackers.documents.limits import DEFAULT_LIMITS
from trackers.domain import FilingKind
from trackers.errors import NotFound, ParseError, SourceError, SourceUnreachable
from trackers.services.health import record_poll
from trackers.services.ingest import FilingMeta, exchange_of, ingest_document, upsert_company
from trackers.services.judged import judge_input
from trackers.services.tracking import OPEN
from trackers.sources.cninfo import SHANGHAI, Announcement, Answer, CninfoClient
from trackers.sources.sseinfo import SseInfoClient
from trackers.text.codes import stock_code

log = logging.getLogger(__name__)
FIRST_LOOK = dt.timedelta(days=30)  # a newly followed company: this far back
OVERLAP = dt.timedelta(days=7)  # re-read the last week: late items, and items that failed last time
# titles that announce, progress or settle a promise (a routine 员工持股计划 notice does not)
PROMISE_LIKE_TITLE = re.compile(
    r"回购|增持|减持|方案|预案|报告书|承诺|延期|终止|取消|修正|投产|募投|进展|结果|届满|完成|完毕|调研|说明会|发布"
)


@dataclass
class PollResult:
    companies: int = 0
    filings: int = 0
    commitments: int = 0
    fetched_text: int = 0
    title_only: int = 0
    errors: list[str] = field(default_factory=list)


def refresh_companies(session: Session, client: CninfoClient) -> int:
    """Cache the stock code → orgId list in the Company table; returns the rows touched."""
    stocks = client.stock_list()
    known = {c.code: c for c in session.scalars(select(Company))}
    for stock in stocks:
        company = known.get(stock.code)
        if company is None:
            session.add(Company(code=stock.code, exchange=exchange_of(stock.code), short_name=stock.name,
                                org_id=stock.org_id, aliases=[]))
        else:
            company.org_id = company.org_id or stock.org_id
            company.short_name = company.short_name or stock.name
    session.flush()
    return len(stocks)


def _with_org_id(session: Session, client: CninfoClient, code: str) -> Company:
    company = session.scalar(select(Company).where(Company.code == code))
    if company is not None and company.org_id:
        return company
    cached = session.scalar(select(func.count()).select_from(Company).where(Company.org_id.is_not(None))) or 0
    if cached < 100:  # the list was never fetched: one request brings every A share
        refresh_companies(session, client)
        company = session.scalar(select(Company).where(Company.code == code))
        if company is not None and company.org_id:
            return company
    stock = client.top_search(code)  # a new listing, not in the cached list yet
    if stock is None:
        raise NotFound(f"cninfo knows no stock {code}", key="unknown_stock", code=code)
    company = upsert_company(session, code, stock.name)
    company.org_id = stock.org_id
    return company


def follow(session: Session, client: CninfoClient | None, codes: list[str]) -> list[Company]:
    out = []
    for typed in codes:
        code = stock_code(typed) or typed
        if not (code.isdigit() and len(code) == 6):
            raise NotFound(f"{code!r} is not a six-digit stock code", key="bad_company_code", source="", code=code)
        company = _with_org_id(session, client, code) if client else upsert_company(session, code)
        company.followed = True
        out.append(company)
    return out


def unfollow(session: Session, codes: list[str]) -> int:
    count = 0
    for company in session.scalars(select(Company).where(Company.code.in_(codes))):
        company.followed = False
        count += 1
    return count


def poll(session_scope: Callable[[], Session], client: CninfoClient, now: dt.datetime,
         codes: list[str] | None = None, since: dt.date | None = None,
         progress: Callable[[str], None] | None = None, sse: SseInfoClient | None = None,
         limits: ParseLimits = DEFAULT_LIMITS) -> PollResult:
    """New items of each followed company (or of `codes`), since its watermark (or `since`); Shanghai
    companies' answers come from e互动 when an `sse` client is given.

    One transaction per company: a company whose source fails is recorded and the rest go on."""
    result = PollResult()
    with session_scope() as session:
        query = select(Company.id).where(Company.code.in_(codes)) if codes else \
            select(Company.id).where(Company.followed.is_(True))
        ids = list(session.scalars(query.order_by(Company.code)))
    today = now.astimezone(SHANGHAI).date()
    for company_id in ids:
        with session_scope() as session, session.begin():
            company = session.get(Company, company_id)
            assert company is not None
            if progress:
                progress(company.code)
            try:
                _poll_company(session, client, sse, company, since, today, now, result, limits)
            except SourceUnreachable as exc:  # the next company would fail the same way: say it once, stop
                result.errors.append(str(exc))
                record_poll(session, "cninfo", False, 0, now, company.id, str(exc))
                result.companies += 1
                return result
            except SourceError as exc:
                result.errors.append(f"{company.code}: {exc}")
                record_poll(session, "cninfo", False, 0, now, company.id, str(exc))
            except SQLAlchemyError:
                raise  # the database, not the source: every company would fail the same way
            except Exception as exc:  # a reply no parser expected (TypeError, KeyError…): this company's failure
                why = _unexpected(exc)
                log.warning("poll %s: %s", company.code, why)
                result.errors.append(f"{company.code}: {why}")
                record_poll(session, "cninfo", False, 0, now, company.id, why)
        result.companies += 1
    return result


def _unexpected(exc: Exception) -> str:
    """An answer the source's parser did not expect, said as the site having changed."""
    return f"an answer in an unexpected shape ({type(exc).__name__}: {str(exc)[:160]}); the site may have changed"


def _poll_company(session: Session, client: CninfoClient, sse: SseInfoClient | None, company: Company,
                  since: dt.date | None, today: dt.date, now: dt.datetime, result: PollResult,
                  limits: ParseLimits) -> None:
    if not company.org_id:
        company.org_id = _with_org_id(session, client, company.code).org_id
    assert company.org_id is not None
    start = since or ((company.watermark.astimezone(dt.UTC).date() - OVERLAP) if company.watermark
                      else today - FIRST_LOOK)
    known = set(session.scalars(select(Filing.source_id).where(Filing.company_id == company.id,
                                                               Filing.source_id.is_not(None))))
    newest: dt.date | None = None
    items = 0
    seen: set[str] = set()
    for item in client.ir_records(company.code, company.org_id, start, today):
        seen.add(item.id)
        newest = max(newest or item.day, item.day)
        items += 1
        if item.id not in known:
            _store_announcement(session, client, company, item, FilingKind.IR_RECORD, True, now, result, limits)
    topics = _open_topics(session, company)
    for item in client.announcements(company.code, company.org_id, start, today):
        if item.id in seen:
            continue
        newest = max(newest or item.day, item.day)
        items += 1
        if item.id not in known:
            _store_announcement(session, client, company, item, _kind_of(item), _wants_text(item, topics), now,
                                result, limits)
    record_poll(session, "cninfo", True, items, now, company.id)
    if company.covered_from is None or start < company.covered_from:
        company.covered_from = start  # announcements from `start` on are now on record
    if company.exchange == "SZSE":
        _poll_answers(session, company, "irm", "互动易", now, result, known,
                      lambda: client.answers(company.code, company.org_id or "", start, today))
    elif company.exchange == "SSE" and sse is not None:
        _poll_answers(session, company, "sseinfo", "e互动", now, result, known,
                      lambda: sse.answers(company.code, company.short_name or "", start, today))
    if newest is not None:  # an empty answer is "unknown": the watermark stays where it was
        mark = dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)
        if company.watermark is None or mark > company.watermark:
            company.watermark = mark


def _poll_answers(session: Session, company: Company, source: str, label: str, now: dt.datetime,
                  result: PollResult, known: set[str | None], fetch: Callable[[], Iterable[Answer]]) -> None:
    """Store a Q&A platform's new answers; its failure is recorded and the company's filings still count."""
    answered = 0
    try:
        for answer in fetch():
            answered += 1
            if answer.id not in known:
                _store_answer(session, company, answer, source, now, result)
    except SourceError as exc:
        result.errors.append(f"{company.code} {label}: {exc}")
        record_poll(session, source, False, 0, now, company.id, str(exc))
    except SQLAlchemyError:
        raise
    except Exception as exc:  # a malformed reply: the answers' failure; the company's filings still count
        why = _unexpected(exc)
        log.warning("poll %s %s: %s", company.code, label, why)
        result.errors.append(f"{company.code} {label}: {why}")
        record_poll(session, source, False, 0, now, company.id, why)
    else:
        record_poll(session, source, True, answered, now, company.id)


def store_found(session: Session, client: CninfoClient, code: str, items: Iterable[Announcement],
                now: dt.datetime, limits: ParseLimits = DEFAULT_LIMITS) -> PollResult:
    """Store one company's announcements found by search (a backfill faster than paging month by month):
    IR records read whole, the rest as a poll would (titles first)."""
    result = PollResult(companies=1)
    company = _with_org_id(session, client, code)
    known = set(session.scalars(select(Filing.source_id).where(Filing.source == "cninfo",
                                                               Filing.source_id.is_not(None))))
    topics = _open_topics(session, company)
    for item in items:
        if item.code != code or item.id in known:
            continue
        if item.is_ir_record:
            _store_announcement(session, client, company, item, FilingKind.IR_RECORD, True, now, result, limits)
        else:
            _store_announcement(session, client, company, item, _kind_of(item), _wants_text(item, topics), now,
                                result, limits)
    return result


def _kind_of(item: Announcement) -> FilingKind:
    return FilingKind.PERIODIC_REPORT if item.is_periodic_report else FilingKind.ANNOUNCEMENT


def _wants_text(item: Announcement, topics: list[Callable[[str], bool]]) -> bool:
    """Is the announcement worth its PDF? A title that announces, progresses or settles a promise, one that speaks
    of an open commitment, or a periodic report in full (its commitments table) — not its summary."""
    return (bool(PROMISE_LIKE_TITLE.search(item.title)) or item.is_periodic_report
            or any(t(item.title) for t in topics))


def _open_topics(session: Session, company: Company) -> list[Callable[[str], bool]]:
    rows = session.scalars(select(Commitment).where(Commitment.company_id == company.id,
                                                    Commitment.status.in_(OPEN))).all()
    inputs = [judge_input(r) for r in rows]
    return [functools.partial(title_concerns, c) for c in inputs]


def _store_announcement(session: Session, client: CninfoClient, company: Company, item: Announcement,
                        kind: FilingKind, wants_text: bool, now: dt.datetime, result: PollResult,
                        limits: ParseLimits) -> None:
    meta = FilingMeta(company_code=company.code, company_name=company.short_name, published=item.day,
                      source="cninfo", source_id=item.id, url=item.url, title=item.title, kind=kind)
    if wants_text and item.adjunct_url:
        try:
            data = client.download(item.adjunct_url)
            doc = parse_bytes(data, f"{item.id}.{(item.adjunct_type or 'pdf').lower()}", limits)
            result.fetched_text += 1
        except (SourceError, ParseError) as exc:
            # the title still counts; the text is tried again on a later poll within the overlap
            log.warning("%s %s: %s", company.code, item.id, exc)
            result.errors.append(f"{company.code} {item.id}: {exc}")
            if kind is FilingKind.IR_RECORD:
                return
            doc = _title_document(item)
    else:
        doc = _title_document(item)
        result.title_only += 1
    stored = ingest_document(session, doc, meta, now)
    result.filings += int(stored.created)
    result.commitments += stored.commitments_added


def _title_document(item: Announcement) -> Document:
    # the day is part of the text: 关于回购股份的进展公告 comes every month, each its own filing
    return parse_bytes(f"{item.title}\n公告日期：{item.day.isoformat()}".encode(), f"{item.id}.txt")


def _store_answer(session: Session, company: Company, answer: Answer, source: str, now: dt.datetime,
                  result: PollResult) -> None:
    meta = FilingMeta(company_code=company.code, company_name=company.short_name, published=answer.day,
                      source=source, source_id=answer.id, url=answer.url, title=answer.question[:80],
                      kind=FilingKind.QA_ANSWER)
    try:
        doc = parse_bytes(answer.text.encode(), f"{answer.id}.txt")
    except ParseError:
        return
    stored = ingest_document(session, doc, meta, now)
    result.filings += int(stored.created)
    result.commitments += stored.commitments_added
