"""Track commitments: judge new filings against open commitments, and apply the clock.

Both use cases are idempotent. A judged commitment leaves the open statuses, so a second check
finds nothing to change; the sweep's updates select only rows still in the old status; every
notification carries a unique de-duplication key and is inserted with ON CONFLICT DO NOTHING.
The sweep is set-based — a handful of INSERT … SELECT and UPDATE statements, whatever the count.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Date, Integer, String, and_, cast, func, insert, literal, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from trackers.check import judge, prepare, read_progress
from trackers.check.self_report import contradiction
from trackers.db.models import (
    Chat,
    Commitment,
    CommitmentSource,
    Company,
    Filing,
    JobRun,
    Notification,
    Progress,
    SourcePoll,
    StatusChange,
    Subscription,
    UTCDateTime,
)
from trackers.domain import Judgement, Kind, LaterFiling, ProgressReading, Status, Verdict
from trackers.services.judged import judge_input
from trackers.services.sql import insert_ignoring_duplicates, insert_rows_ignoring_duplicates

OPEN = (Status.PENDING.value, Status.DUE_SOON.value, Status.OVERDUE.value)
NOT_YET_DUE = (Status.PENDING.value, Status.DUE_SOON.value)
MIN_CONFIDENCE = 0.55
NEWS_DAYS = 30  # a status change dated longer ago is history, not news
# the clock's changes that people hear about; due_soon is told by the reminders instead
ANNOUNCED_RULES = ("deadline_passed", "restraint_window_closed", "window_closed_unconfirmed")
ANNOUNCEMENTS_SOURCE = "cninfo"  # the source whose polls make a company's record of announcements complete
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class SweepResult:
    kept: int
    overdue: int
    due_soon: int
    reminders: int
    notifications: int
    happened: int = 0  # days of a settled schedule (a record date, a payment date) that came


def status_after(deadline: dt.date | None, result: Judgement, day: dt.date) -> Status:
    """The status a verdict gives, `day` being when the act happened (else the filing's date)."""
    if result.verdict is Verdict.FULFILLED:
        return Status.FULFILLED if deadline is None or day <= deadline else Status.FULFILLED_LATE
    if result.verdict is Verdict.KEPT:
        return Status.KEPT
    return Status.BROKEN  # a postponement that the filing restates as a new commitment becomes REVISED


JUDGED_COLUMNS = (Commitment.id, Commitment.company_id, Commitment.filing_id, Commitment.reference_date,
                  Commitment.quote, Commitment.kind, Commitment.subject, Commitment.deadline, Commitment.deadline_text,
                  Commitment.keywords, Commitment.start, Commitment.status, Commitment.type, Commitment.terms,
                  Commitment.reported_on)


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    commitment_id: int
    from_status: str
    to_status: str


def check_filing(session: Session, filing_id: int, now: dt.datetime,
                 news_since: dt.date | None = None) -> list[Change]:
    """Judge every open commitment of the filing's company against it; queue what changed."""
    return check_filings(session, [filing_id], now, news_since=news_since)


def check_filings(session: Session, filing_ids: list[int], now: dt.datetime, chunk: int = 500,
                  news_since: dt.date | None = None) -> list[Change]:
    """Judge filings in order of publication against their companies' open commitments.

    Order-independent: the commitments a filing makes are also judged against the company's filings
    checked before it that are dated on or after it (a launch report ingested before the record that
    promised the launch still fulfils it). A restraint the clock closed as kept stays open to a filing
    that shows a breach inside its window. Set-based: per chunk one query reads the filings, one the
    commitments (only the columns the judge needs), and the changes are written with one INSERT …
    RETURNING, one executemany UPDATE and one INSERT … SELECT for the notices — except those dated
    before `news_since`, which are recorded but not announced. A commitment decided by an earlier filing
    of the batch is not judged again by a later one."""
    changes: list[Change] = []
    for i in range(0, len(filing_ids), chunk):
        changes += _check_chunk(session, filing_ids[i:i + chunk], now, news_since)
    return changes


_FILING_COLUMNS = (Filing.id, Filing.company_id, Filing.title, Filing.published, Filing.text)


def _check_chunk(session: Session, filing_ids: list[int], now: dt.datetime,
                 news_since: dt.date | None) -> list[Change]:
    filings = session.execute(select(*_FILING_COLUMNS).where(Filing.id.in_(filing_ids))).all()
    if not filings:
        return []
    chunk_ids = {f.id for f in filings}
    by_company: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(select(*JUDGED_COLUMNS).where(
            Commitment.company_id.in_({f.company_id for f in filings}), _judgeable())):
        by_company[row.company_id].append(row)
    fresh = {c.id for rows in by_company.values() for c in rows if c.filing_id in chunk_ids}
    settled = _reopened(session, filings)  # decided by a filing dated after one of these: judged again, in order
    for row, _by in settled.values():
        by_company[row.company_id].append(row)
    fresh |= set(settled)
    evidence = sorted([*filings, *_checked_after(session, by_company, fresh, chunk_ids)],
                      key=lambda f: (f.published, f.id))
    decided: dict[int, tuple[str, Status, Judgement, int, dt.date]] = {}
    progress: list[dict[str, Any]] = []
    sources = _sources(session, [c.id for rows in by_company.values() for c in rows])
    for filing in evidence:
        prepared = prepare(LaterFiling(filing.title, filing.published, filing.text))
        rechecked = filing.id not in chunk_ids  # judged before: only the new commitments are read against it
        for c in by_company.get(filing.company_id, ()):
            if c.id in decided or c.reference_date > filing.published or (rechecked and c.id not in fresh):
                continue
            stated = sources.get(c.id, {})
            if stated.get(filing.id, (None, True))[1] is False:
                continue  # the filing that made the promise: its conditions and recitals are never evidence
            if filing.id in stated and c.reported_on == filing.published:
                continue  # a report's own word on the promise is shown beside the record, never taken as evidence
            commitment = judge_input(c, tuple(quote for quote, _restated in stated.values()))
            reading = read_progress(commitment, prepared)
            if reading is not None:
                progress.append(_progress_row(c.id, filing.id, reading, now))
            result = judge(commitment, prepared)
            if result.verdict is Verdict.NO_EVIDENCE or result.confidence < MIN_CONFIDENCE:
                continue
            day = result.acted_on or filing.published
            new = status_after(c.deadline, result, day)
            if result.new_deadline is not None and _successor(session, c.id, filing.id, result.new_deadline):
                new = Status.REVISED  # formally changed: the filing makes the new promise in its place
            # a filing confirming what the clock said (kept) is recorded as its evidence, but is no news
            decided[c.id] = (c.status, new, result, filing.id, day)
    # judged again and decided as before, by the same filing: nothing changed
    decided = {cid: d for cid, d in decided.items()
               if cid not in settled or (d[1].value, d[3]) != (settled[cid][0].status, settled[cid][1])}
    session.execute(update(Filing).where(Filing.id.in_(chunk_ids)).values(checked_at=now))
    insert_rows_ignoring_duplicates(session, Progress, progress)
    _queue_self_reports(session, chunk_ids, now, news_since)
    if not decided:
        return []
    rows = [{"commitment_id": cid, "from_status": old, "to_status": new.value, "at": now, "effective_date": day,
             "evidence_filing_id": fid, "evidence_quote": result.evidence, "reason": result.reason, "rule": None,
             "explain": result.why or None}
            for cid, (old, new, result, fid, day) in decided.items()]
    ids = session.execute(insert(StatusChange).returning(StatusChange.id, sort_by_parameter_order=True),
                          rows).scalars().all()
    session.execute(update(Commitment), [{"id": cid, "status": new.value, "status_changed_at": now}
                                         for cid, (_o, new, _r, _f, _d) in decided.items()])
    for cid, (_old, new, result, fid, _day) in decided.items():
        if new is Status.REVISED:
            successor = _successor(session, cid, fid, result.new_deadline)
            session.execute(update(Commitment).where(Commitment.id == cid).values(revised_by_id=successor))
    changes = [Change(sid, cid, old, new.value) for sid, (cid, (old, new, _r, _f, _d)) in zip(ids, decided.items(),
                                                                                               strict=True)
               if old != new.value]
    _insert_change_notices(session, and_(StatusChange.id.in_(ids), StatusChange.from_status != StatusChange.to_status,
                                         _news(news_since)), now)
    session.expire_all()  # rows loaded earlier in this session must not hide these writes
    return changes


DECIDED = (Status.FULFILLED.value, Status.FULFILLED_LATE.value, Status.KEPT.value, Status.BROKEN.value,
           Status.REVISED.value)


def _reopened(session: Session, filings: Sequence[Any]) -> dict[int, tuple[Any, int]]:
    """Commitments a filing decided that is dated after one of `filings` of the same company (filings read out of
    order: a postponement arriving after the launch it preceded): {id: (row, the deciding filing)}. Played again
    in order of publication, the earlier filing speaks first — so any order gives the same statuses."""
    earliest: dict[int, dt.date] = {}
    for f in filings:
        earliest[f.company_id] = min(earliest.get(f.company_id, f.published), f.published)
    last = (select(StatusChange.commitment_id, func.max(StatusChange.id).label("id"))
            .group_by(StatusChange.commitment_id).subquery())
    rows = session.execute(
        select(*JUDGED_COLUMNS, StatusChange.evidence_filing_id, Filing.published)
        .join(last, last.c.commitment_id == Commitment.id)
        .join(StatusChange, StatusChange.id == last.c.id)
        .join(Filing, Filing.id == StatusChange.evidence_filing_id)
        .where(Commitment.company_id.in_(earliest), Commitment.status.in_(DECIDED), StatusChange.rule.is_(None),
               StatusChange.from_status.is_not(None))).all()
    return {r.id: (r, r.evidence_filing_id) for r in rows
            if r.published > earliest[r.company_id] and r.reference_date <= earliest[r.company_id]}


def _sources(session: Session, ids: list[int]) -> dict[int, dict[int, tuple[str, bool]]]:
    """For each commitment, the filings that state it: {filing id: (its wording, restated?)}."""
    out: dict[int, dict[int, tuple[str, bool]]] = defaultdict(dict)
    for i in range(0, len(ids), 900):
        for cid, fid, quote, restated in session.execute(
                select(CommitmentSource.commitment_id, CommitmentSource.filing_id, CommitmentSource.quote,
                       CommitmentSource.restated).where(CommitmentSource.commitment_id.in_(ids[i:i + 900]))):
            out[cid][fid] = (quote, bool(restated))
    return out


def _queue_self_reports(session: Session, filing_ids: set[int], now: dt.datetime,
                        news_since: dt.date | None) -> int:
    """A report whose own word on a commitment contradicts the record (正常履行中 long after the period ended, 已履
    行完毕 on a promise the record shows broken) or admits it overdue: its subscribers hear of it, once per report."""
    rows = session.execute(
        select(Commitment.id, Commitment.status, Commitment.deadline, Commitment.reported_status,
               Commitment.reported_on, Commitment.type, CommitmentSource.filing_id)
        .join(CommitmentSource, CommitmentSource.commitment_id == Commitment.id)
        .join(Filing, Filing.id == CommitmentSource.filing_id)
        .where(CommitmentSource.filing_id.in_(filing_ids), Commitment.reported_on == Filing.published)).all()
    told = [(r.id, r.filing_id) for r in rows
            if contradiction(r.status, r.deadline, r.reported_status, r.reported_on, r.type) is not None
            and (news_since is None or r.reported_on >= news_since)]
    queued = 0
    for commitment_id, filing_id in told:
        key = (literal(f"selfreport:{commitment_id}:{filing_id}:") + cast(Chat.id, String))
        source = (select(Chat.id, Commitment.id, literal("self_report"), key, literal("pending"), literal(0),
                         literal(now, UTCDateTime()), literal(now, UTCDateTime()))
                  .select_from(Commitment)
                  .join(Subscription, Subscription.company_id == Commitment.company_id)
                  .join(Chat, and_(Chat.id == Subscription.chat_id, Chat.active.is_(True)))
                  .where(Commitment.id == commitment_id, _subscription_matches()))
        queued += insert_ignoring_duplicates(session, Notification, ["chat_id", "commitment_id", "event", "dedup_key",
                                                                     "state", "attempts", "next_attempt_at",
                                                                     "created_at"], source)
    return queued


def _judgeable() -> ColumnElement[bool]:
    """Open commitments, and restraints the clock closed as kept: a filing may still show a breach in the window."""
    clock_kept = select(StatusChange.id).where(StatusChange.commitment_id == Commitment.id,
                                               StatusChange.rule == "restraint_window_closed").exists()
    # once a filing has spoken after the clock (kept → kept with its evidence), the question is settled
    settled = select(StatusChange.id).where(StatusChange.commitment_id == Commitment.id,
                                            StatusChange.from_status == Status.KEPT.value).exists()
    return or_(Commitment.status.in_(OPEN), and_(Commitment.status == Status.KEPT.value, clock_kept, ~settled))


def _checked_after(session: Session, by_company: dict[int, list[Any]], fresh: set[int],
                   chunk_ids: set[int]) -> list[Any]:
    """Filings checked before, dated on or after the day one of the new commitments was made."""
    since = {cid: min(c.reference_date for c in rows if c.id in fresh)
             for cid, rows in by_company.items() if any(c.id in fresh for c in rows)}
    if not since:
        return []
    rows = session.execute(select(*_FILING_COLUMNS).where(
        Filing.company_id.in_(since), Filing.checked_at.is_not(None), Filing.id.not_in(chunk_ids),
        Filing.published >= min(since.values()))).all()
    return [f for f in rows if f.published >= since[f.company_id]]


def _news(since: dt.date | None) -> ColumnElement[bool]:
    """Changes recent enough to announce: an old record's first ingest must not flood subscribers."""
    return literal(True) if since is None else StatusChange.effective_date >= since


def _progress_row(commitment_id: int, filing_id: int, reading: ProgressReading, now: dt.datetime) -> dict[str, Any]:
    return {"commitment_id": commitment_id, "filing_id": filing_id, "measure": reading.measure, "done": reading.done,
            "target": reading.target, "bound": reading.bound, "as_of": reading.as_of,
            "evidence_quote": reading.evidence, "created_at": now}


def _successor(session: Session, cid: int, filing_id: int, deadline: dt.date | None) -> int | None:
    """The commitment the revising filing made in its place (same kind, the new date), if any."""
    kind = session.scalar(select(Commitment.kind).where(Commitment.id == cid))
    return session.scalar(select(Commitment.id).where(
        Commitment.filing_id == filing_id, Commitment.kind == kind, Commitment.deadline == deadline,
        Commitment.id != cid))


def _insert_change_notices(session: Session, which: ColumnElement[bool], now: dt.datetime) -> int:
    key = (literal("change:") + cast(StatusChange.id, String) + literal(":") + cast(Chat.id, String))
    source = (
        select(Chat.id, StatusChange.commitment_id, StatusChange.id, literal("status_change"), key,
               literal("pending"), literal(0), literal(now, UTCDateTime()), literal(now, UTCDateTime()))
        .select_from(StatusChange)
        .join(Commitment, Commitment.id == StatusChange.commitment_id)
        .join(Subscription, Subscription.company_id == Commitment.company_id)
        .join(Chat, and_(Chat.id == Subscription.chat_id, Chat.active.is_(True)))
        .where(which, _subscription_matches())
    )
    columns = ["chat_id", "commitment_id", "status_change_id", "event", "dedup_key", "state", "attempts",
               "next_attempt_at", "created_at"]
    return insert_ignoring_duplicates(session, Notification, columns, source)


def _subscription_matches() -> ColumnElement[bool]:
    """A subscription hears of a commitment when it has no filter, or its keyword is the commitment's type
    (buyback) or a word of its quote or subject (回购). Kinds filters are not offered yet: such rows hear all."""
    keyword = or_(Subscription.keyword.is_(None), Commitment.type == Subscription.keyword,
                  Commitment.quote.contains(Subscription.keyword), Commitment.subject.contains(Subscription.keyword))
    return keyword


def sweep(session: Session, today: dt.date, now: dt.datetime, due_soon_days: int = 7,
          news_days: int = NEWS_DAYS) -> SweepResult:
    """Apply the clock as of `today` (an Asia/Shanghai date): windows closed, deadlines passed,
    deadlines near; then queue the reminders that fall due. Running it twice changes nothing.

    A change is dated when it happened, not when the sweep saw it: a window that closed on 06-30 is kept
    as of 06-30, a deadline of 06-30 is overdue from 07-01 — and a change older than `news_days` (a first
    ingest of old records) is recorded but not announced.

    A restraint (or a capped plan) is kept by the clock only where the company's record covers its window:
    followed and polled from before the window to after its end, so a breach would be on record. Where it does
    not (filings stored by hand, a company followed later), the closed window is overdue — unconfirmed either
    way — until a filing or the coverage settles it."""
    before = session.scalar(select(func.coalesce(func.max(StatusChange.id), 0))) or 0
    covered, unconfirmed = _closed_windows(session, today)
    kept = _clock_transition(
        session, Commitment.id.in_(covered), Status.KEPT, "restraint_window_closed",
        "the window closed with no breach on record", Commitment.deadline, now) if covered else 0
    closed_open = _clock_transition(
        session, Commitment.id.in_(unconfirmed), Status.OVERDUE, "window_closed_unconfirmed",
        "the window closed; the record does not cover it, so neither a breach nor its absence is known",
        _day_after(session, Commitment.deadline), now) if unconfirmed else 0
    happened = _clock_transition(
        session, and_(Commitment.type.in_(SCHEDULED), Commitment.status.in_(OPEN), Commitment.precision == "day",
                      Commitment.deadline < today),
        Status.FULFILLED, "scheduled_day_passed", "the schedule's day came; the exchange's clearing carries it out",
        Commitment.deadline, now)
    overdue = _clock_transition(
        session, and_(Commitment.kind != Kind.RESTRAINT.value, Commitment.type.not_in(list(CAPPED)),
                      Commitment.status.in_(NOT_YET_DUE), _past_due(today)),
        Status.OVERDUE, "deadline_passed", "the deadline passed with no evidence either way",
        _day_after(session, Commitment.deadline), now)
    soon = _clock_transition(
        session, and_(Commitment.status == Status.PENDING.value, Commitment.deadline >= today,
                      Commitment.deadline <= today + dt.timedelta(days=due_soon_days)),
        Status.DUE_SOON, "due_window", f"the deadline is within {due_soon_days} days", literal(today), now)
    notices = _insert_change_notices(
        session, and_(StatusChange.id > before, StatusChange.rule.in_(ANNOUNCED_RULES),
                      _news(today - dt.timedelta(days=news_days))), now)
    reminders = queue_reminders(session, today, now)
    mark_run(session, "sweep", today, now)
    return SweepResult(kept, overdue + closed_open, soon, reminders, notices, happened)


# a followed company's notices of the window's last days take a little while to be published and polled
_COVER_GRACE = {"share_sale": 7}  # a sale plan's results notice is due within two trading days of its end
_WAIT_FOR_POLLS = dt.timedelta(days=3)  # a followed company whose polls lag: wait this long, then say unconfirmed


def _closed_windows(session: Session, today: dt.date) -> tuple[list[int], list[int]]:
    """Restraints and capped plans whose window has closed and that no filing settled: (covered by the
    company's record: kept, not covered: unconfirmed). A followed company whose polls have not yet passed the
    window's end waits a few days rather than be called unconfirmed."""
    capped = [and_(Commitment.type == name, Commitment.deadline < today - dt.timedelta(days=days))
              for name, days in CAPPED.items()]
    rows = session.execute(
        select(Commitment.id, Commitment.type, Commitment.status, Commitment.deadline, Commitment.start,
               Commitment.reference_date, Company.followed, Company.covered_from)
        .join(Company, Company.id == Commitment.company_id)
        .where(Commitment.status.in_(OPEN),
               or_(and_(Commitment.kind == Kind.RESTRAINT.value, Commitment.deadline < today), *capped))).all()
    if not rows:
        return [], []
    polled = _last_polls(session, {r.id for r in rows})
    covered, unconfirmed = [], []
    for r in rows:
        began = min(d for d in (r.start, r.reference_date) if d is not None)
        ends = r.deadline + dt.timedelta(days=_COVER_GRACE.get(r.type, 0))
        last = polled.get(r.id)
        followed = bool(r.followed and r.covered_from is not None and r.covered_from <= began)
        if followed and last is not None and last > ends:
            covered.append(r.id)
        elif followed and today <= ends + _WAIT_FOR_POLLS:
            continue  # the polls will reach the window's end shortly
        elif r.status != Status.OVERDUE.value:
            unconfirmed.append(r.id)
    return covered, unconfirmed


def _last_polls(session: Session, ids: set[int]) -> dict[int, dt.date]:
    """Each commitment's company's last successful poll of its announcements, as an Asia/Shanghai day."""
    rows = session.execute(
        select(Commitment.id, func.max(SourcePoll.at))
        .join(SourcePoll, and_(SourcePoll.company_id == Commitment.company_id, SourcePoll.ok.is_(True),
                               SourcePoll.source == ANNOUNCEMENTS_SOURCE))
        .where(Commitment.id.in_(ids)).group_by(Commitment.id)).all()
    return {cid: at.astimezone(SHANGHAI).date() for cid, at in rows if at is not None}


def _day_after(session: Session,
               day: ColumnElement[dt.date] | InstrumentedAttribute[dt.date | None]) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "sqlite":
        return func.date(day, "+1 day", type_=Date)
    return cast(day + literal(1), Date)  # date + integer is a date in PostgreSQL


# the days of a settled schedule — a record date, an ex-dividend or payment date, the day shares list or a price
# takes effect — happen by the exchange's clearing on their day, not by an act a later filing must report: once
# the day has come with no notice moving it, it has happened
SCHEDULED = ("record_or_payment_date", "effective_date")
# a fiscal year's profit is known from the annual report, due four months after the year ends (by 04-30)
REPORTED_LATER = {"profit_commitment": 120}
# a sale plan promises at most, not at least: selling nothing keeps it. Its window closing keeps it once the
# results notice (due within two trading days of the window's end) has had time to show a breach
CAPPED = {"share_sale": 7}


def _past_due(today: dt.date) -> ColumnElement[bool]:
    """The deadline has passed, and with it the time the evidence takes to be published."""
    late = [and_(Commitment.type == name, Commitment.deadline < today - dt.timedelta(days=days))
            for name, days in REPORTED_LATER.items()]
    return or_(and_(Commitment.type.not_in(list(REPORTED_LATER)), Commitment.deadline < today), *late)


def _clock_transition(session: Session, where: ColumnElement[bool], new: Status, rule: str, reason: str,
                      effective: ColumnElement[Any] | InstrumentedAttribute[dt.date | None], now: dt.datetime) -> int:
    history = select(Commitment.id, Commitment.status, literal(new.value), literal(now, UTCDateTime()), effective,
                     literal(reason), literal(rule)).where(where)
    session.execute(insert(StatusChange).from_select(
        ["commitment_id", "from_status", "to_status", "at", "effective_date", "reason", "rule"], history))
    result = session.execute(update(Commitment).where(where).values(status=new.value, status_changed_at=now))
    return max(0, int(result.rowcount or 0))  # type: ignore[attr-defined]


def last_run(session: Session, name: str) -> dt.date | None:
    return session.scalar(select(JobRun.last_run_on).where(JobRun.name == name))


def last_run_at(session: Session, name: str) -> dt.datetime | None:
    return session.scalar(select(JobRun.last_run_at).where(JobRun.name == name))


def mark_run(session: Session, name: str, today: dt.date, now: dt.datetime) -> None:
    row = session.get(JobRun, name)
    if row is None:
        session.add(JobRun(name=name, last_run_on=today, last_run_at=now))
    else:
        if row.last_run_on is None or today > row.last_run_on:
            row.last_run_on = today
        row.last_run_at = now
    session.flush()


def queue_reminders(session: Session, today: dt.date, now: dt.datetime) -> int:
    """Reminders whose day (deadline − offset) fell in (last sweep, today], per chat's offsets.

    After downtime the nearest passed reminder still goes out once; the ones it supersedes are
    recorded as skipped, never silently dropped."""
    last = last_run(session, "sweep")
    since = last if last is not None and last < today else today - dt.timedelta(days=1)
    groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for chat_id, chat_offsets in session.execute(select(Chat.id, Chat.reminder_offsets).where(Chat.active.is_(True))):
        groups[tuple(sorted({int(o) for o in (chat_offsets or []) if int(o) >= 0}))].append(chat_id)
    queued = 0
    only_group = len(groups) == 1  # the usual case: everyone on the default offsets
    for offsets, chats in groups.items():
        for i, offset in enumerate(offsets):
            nearer = offsets[i - 1] if i else -1
            low = max(today + dt.timedelta(days=nearer), since + dt.timedelta(days=offset))
            high = today + dt.timedelta(days=offset)
            queued += _insert_reminders(session, None if only_group else chats, offset, low, high, "pending", now)
            stale_high = today + dt.timedelta(days=nearer)
            stale_low = since + dt.timedelta(days=offset)
            if stale_high > stale_low:
                _insert_reminders(session, None if only_group else chats, offset, stale_low, stale_high, "skipped",
                                  now)
    return queued


def _insert_reminders(session: Session, chats: list[int] | None, offset: int, low: dt.date, high: dt.date,
                      state: str, now: dt.datetime) -> int:
    """Reminders for open commitments with low < deadline ≤ high, to the given chats (None: every
    active chat — which lets the database start from the few commitments due, not from the chats)."""
    if high <= low:
        return 0
    key = (literal("reminder:") + cast(Commitment.id, String) + literal(":") + cast(Chat.id, String)
           + literal(":") + literal(str(offset)))
    source = (
        select(Chat.id, Commitment.id, literal("reminder"), literal(offset, Integer), key, literal(state),
               literal(0), literal(now, UTCDateTime()), literal(now, UTCDateTime()))
        .select_from(Commitment)
        .join(Subscription, Subscription.company_id == Commitment.company_id)
        .join(Chat, Chat.id == Subscription.chat_id)
        .where(Chat.active.is_(True) if chats is None else Chat.id.in_(chats), Commitment.status.in_(NOT_YET_DUE),
               Commitment.deadline > low, Commitment.deadline <= high, _subscription_matches())
    )
    columns = ["chat_id", "commitment_id", "event", "offset_days", "dedup_key", "state", "attempts",
               "next_attempt_at", "created_at"]
    return insert_ignoring_duplicates(session, Notification, columns, source)
