"""Read-side use cases: find a company, list filings, a company's promises, one promise's story."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from trackers.check.self_report import contradiction
from trackers.db.models import (
    Chat,
    Commitment,
    CommitmentSource,
    Company,
    Filing,
    Progress,
    StatusChange,
    Subscription,
)
from trackers.errors import NotFound, UsageError
from trackers.text.codes import as_typed, stock_code

# the order people want to read a company's promises in: what needs attention first
STATUS_ORDER = ("overdue", "due_soon", "pending", "broken", "revised", "fulfilled_late", "fulfilled", "kept",
                "standing")


@dataclass(frozen=True, slots=True)
class CompanyRef:
    """A company named in an answer: plain values, safe to use after the session is gone."""

    code: str
    name: str

    @classmethod
    def of(cls, company: Company) -> CompanyRef:
        return cls(company.code, company.short_name or company.name or company.code)


class Ambiguous(UsageError):
    def __init__(self, query: str, candidates: list[CompanyRef]) -> None:
        super().__init__(f"{query!r} matches several companies", key="company_ambiguous", query=query,
                         names=", ".join(f"{c.code} {c.name}" for c in candidates))
        self.query = query
        self.candidates = candidates


class UnknownCompany(NotFound):
    def __init__(self, query: str, suggestions: list[CompanyRef]) -> None:
        super().__init__(f"no company matches {query!r}", key="company_unknown", query=query)
        self.query = query
        self.suggestions = suggestions


@dataclass(frozen=True, slots=True)
class ChangeView:
    from_status: str | None
    to_status: str
    effective_date: dt.date
    reason: str
    evidence_quote: str | None
    evidence_title: str | None
    evidence_url: str | None
    evidence_date: dt.date | None
    rule: str | None
    explain: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class ProgressView:
    """The latest figure a filing reported toward a quantitative promise."""

    measure: str  # money (yuan), shares, percent
    done: float
    target: float
    bound: str  # floor or cap
    as_of: dt.date
    evidence_quote: str
    evidence_title: str

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.target) if self.target else 0


@dataclass(frozen=True, slots=True)
class CommitmentView:
    id: int
    company_code: str
    company_name: str
    kind: str
    subject: str
    quote: str
    deadline: dt.date | None  # None: counts from an event not dated yet (`anchor`)
    deadline_text: str
    precision: str
    status: str
    source_title: str
    source_date: dt.date
    source_url: str | None
    last_change: ChangeView | None
    type: str = "other"
    progress: ProgressView | None = None
    anchor: str | None = None
    revised_by: int | None = None  # the promise that replaced it (a postponement's new date)
    sources: int = 1  # how many filings state it: the one that made it and each that restated it
    reported_status: str | None = None  # the company's own word on it (its latest periodic report)
    reported_on: dt.date | None = None
    contradiction: dict[str, Any] | None = None  # what that word gets wrong, or admits


def find_company(session: Session, query: str) -> Company:
    """By code, by name or alias, or by a near miss (卫宁 → 卫宁健康)."""
    query = as_typed(query)
    if not query:
        raise UsageError("give a company code or name", key="company_missing")
    query = stock_code(query) or query  # ３００２５３, 603288.SH, SH603288: the code
    if query.isascii() and query.isdigit():
        company = session.scalar(select(Company).where(Company.code == query.zfill(6)))
        if company:
            return company
        raise UnknownCompany(query, [])
    companies = session.scalars(select(Company)).all()
    exact = [c for c in companies if query in _names(c)]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [c for c in companies if any(query in n or n in query for n in _names(c) if len(n) >= 2)]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise Ambiguous(query, [CompanyRef.of(c) for c in partial[:8]])
    by_name = {n: c for c in companies for n in _names(c)}
    close = difflib.get_close_matches(query, list(by_name), n=5, cutoff=0.4)
    seen: list[Company] = []
    for name in close:
        if by_name[name] not in seen:
            seen.append(by_name[name])
    raise UnknownCompany(query, [CompanyRef.of(c) for c in seen])


def companies_named_in(session: Session, text: str, limit: int = 3) -> list[CompanyRef]:
    """The companies a sentence names, by code (300253, 603288.SH) or by a name of two or more characters
    (卫宁健康的回购什么时候完成？), in the order they appear; at most `limit`."""
    text = as_typed(text)
    found: list[tuple[int, Company]] = []
    codes = {m.group(0): m.start() for m in re.finditer(r"(?<!\d)\d{6}(?!\d)", text)}
    for company in session.scalars(select(Company)):
        at = codes.get(company.code)
        if at is None:
            at = min((text.find(n) for n in _names(company) if len(n) >= 2 and n in text), default=None)
        if at is not None:
            found.append((at, company))
    return [CompanyRef.of(c) for _at, c in sorted(found, key=lambda f: (f[0], f[1].code))[:limit]]


def _names(company: Company) -> list[str]:
    return [n for n in (company.short_name, company.name, *(company.aliases or [])) if n]


def list_companies(session: Session) -> list[tuple[Company, int, int]]:
    """Each company with its number of filings and of open commitments."""
    filings = select(Filing.company_id, func.count().label("n")).group_by(Filing.company_id).subquery()
    opened = (select(Commitment.company_id, func.count().label("n"))
              .where(Commitment.status.in_(("pending", "due_soon", "overdue")))
              .group_by(Commitment.company_id).subquery())
    rows = session.execute(
        select(Company, func.coalesce(filings.c.n, 0), func.coalesce(opened.c.n, 0))
        .outerjoin(filings, filings.c.company_id == Company.id)
        .outerjoin(opened, opened.c.company_id == Company.id)
        .order_by(Company.code)
    ).all()
    return [(c, int(f), int(o)) for c, f, o in rows]


def list_filings(session: Session, company: Company | None = None, limit: int = 200) -> list[tuple[Filing, int]]:
    counts = select(Commitment.filing_id, func.count().label("n")).group_by(Commitment.filing_id).subquery()
    statement = (select(Filing, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.filing_id == Filing.id)
                 .order_by(Filing.published.desc(), Filing.id.desc()).limit(limit))
    if company is not None:
        statement = statement.where(Filing.company_id == company.id)
    return [(f, int(n)) for f, n in session.execute(statement).all()]


def change_view(change: StatusChange, filings: dict[int, Filing]) -> ChangeView:
    evidence = filings.get(change.evidence_filing_id) if change.evidence_filing_id else None
    return ChangeView(change.from_status, change.to_status, change.effective_date, change.reason,
                      change.evidence_quote, evidence.title if evidence else None,
                      evidence.url if evidence else None, evidence.published if evidence else None, change.rule,
                      change.explain)


def _views(session: Session, rows: list[Commitment]) -> list[CommitmentView]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    last_ids = select(func.max(StatusChange.id)).where(StatusChange.commitment_id.in_(ids)).group_by(
        StatusChange.commitment_id)
    changes = {c.commitment_id: c for c in session.scalars(select(StatusChange).where(StatusChange.id.in_(last_ids)))}
    filing_ids = {r.filing_id for r in rows} | {c.evidence_filing_id for c in changes.values() if c.evidence_filing_id}
    filings = {f.id: f for f in session.scalars(select(Filing).where(Filing.id.in_(filing_ids)))}
    companies = {c.id: c for c in session.scalars(select(Company).where(Company.id.in_({r.company_id for r in rows})))}
    progress = latest_progress(session, ids)
    stated = dict(session.execute(select(CommitmentSource.commitment_id, func.count())
                                  .where(CommitmentSource.commitment_id.in_(ids))
                                  .group_by(CommitmentSource.commitment_id)).all())
    out = []
    for r in rows:
        source = filings[r.filing_id]
        company = companies[r.company_id]
        change = changes.get(r.id)
        out.append(CommitmentView(
            r.id, company.code, company.short_name or company.name or company.code, r.kind, r.subject, r.quote,
            r.deadline, r.deadline_text, r.precision, r.status, source.title, source.published, source.url,
            change_view(change, filings) if change else None, r.type, progress.get(r.id), r.anchor,
            r.revised_by_id, int(stated.get(r.id, 1)), r.reported_status, r.reported_on,
            contradiction(r.status, r.deadline, r.reported_status, r.reported_on, r.type)))
    return out


def latest_progress(session: Session, ids: list[int]) -> dict[int, ProgressView]:
    """Each commitment's newest reported figure (by the day it is as of, then by arrival)."""
    rows = session.execute(
        select(Progress, Filing.title).join(Filing, Filing.id == Progress.filing_id)
        .where(Progress.commitment_id.in_(ids)).order_by(Progress.as_of, Progress.id)).all()
    return {p.commitment_id: _progress_view(p, title) for p, title in rows}  # later rows win


def _progress_view(p: Progress, title: str) -> ProgressView:
    return ProgressView(p.measure, p.done, p.target, p.bound, p.as_of, p.evidence_quote, title)


_RANK = case({s: i for i, s in enumerate(STATUS_ORDER)}, value=Commitment.status, else_=99)


def company_commitments(session: Session, company: Company, offset: int = 0, limit: int | None = None,
                        statuses: tuple[str, ...] | None = None) -> list[CommitmentView]:
    """The company's commitments (only those in `statuses`, if given), what needs attention first, then nearest
    deadline first; sorted and cut in SQL, so a page of a long list reads only that page."""
    query = (select(Commitment).where(Commitment.company_id == company.id)
             .order_by(_RANK, Commitment.deadline, Commitment.id).offset(offset))
    if statuses is not None:
        query = query.where(Commitment.status.in_(statuses))
    if limit is not None:
        query = query.limit(limit)
    return _views(session, list(session.scalars(query)))


def company_commitments_as_of(session: Session, company: Company, day: dt.date) -> list[CommitmentView]:
    """The company's commitments as the record stood on `day`: each one's status and last change of that day or
    before (those not made yet are left out), and its progress as reported by then. Read-only: nothing is judged
    again, the history is read back."""
    rows = list(session.scalars(select(Commitment).where(Commitment.company_id == company.id)))
    ids = [r.id for r in rows]
    history: dict[int, StatusChange] = {}
    for change in session.scalars(select(StatusChange).where(StatusChange.commitment_id.in_(ids),
                                                             StatusChange.effective_date <= day)
                                  .order_by(StatusChange.id)):
        history[change.commitment_id] = change  # later rows win
    made = [r for r in rows if r.id in history]
    filings = {f.id: f for f in session.scalars(select(Filing).where(
        Filing.id.in_({c.evidence_filing_id for c in history.values() if c.evidence_filing_id})))}
    progress = {i: p for i, p in latest_progress(session, [r.id for r in made]).items() if p.as_of <= day}
    views = [replace(v, status=history[v.id].to_status, last_change=change_view(history[v.id], filings),
                     progress=progress.get(v.id))
             for v in _views(session, made)]
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return sorted(views, key=lambda v: (rank.get(v.status, 99), v.deadline or dt.date.max, v.id))


def reported_commitments(session: Session, company: Company) -> list[CommitmentView]:
    """The company's commitments its own periodic reports speak of (a 履行情况 on record)."""
    rows = session.scalars(select(Commitment).where(Commitment.company_id == company.id,
                                                    Commitment.reported_status.is_not(None))
                           .order_by(Commitment.deadline, Commitment.id))
    return _views(session, list(rows))


def count_commitments(session: Session, company: Company) -> int:
    return int(session.scalar(select(func.count()).select_from(Commitment)
                              .where(Commitment.company_id == company.id)) or 0)


def commitment(session: Session, commitment_id: int) -> tuple[CommitmentView, list[ChangeView]]:
    row = session.get(Commitment, commitment_id)
    if row is None:
        raise NotFound(f"no commitment #{commitment_id}", key="no_commitment", number=commitment_id)
    view = _views(session, [row])[0]
    changes = session.scalars(select(StatusChange).where(StatusChange.commitment_id == row.id)
                              .order_by(StatusChange.id)).all()
    filings = {f.id: f for f in session.scalars(select(Filing).where(
        Filing.id.in_({c.evidence_filing_id for c in changes if c.evidence_filing_id})))}
    return view, [change_view(c, filings) for c in changes]


def upcoming(session: Session, telegram_id: int, today: dt.date, days: int) -> list[CommitmentView]:
    """Open commitments of the chat's companies due within `days`, nearest first."""
    rows = session.scalars(
        select(Commitment).join(Subscription, Subscription.company_id == Commitment.company_id)
        .join(Chat, Chat.id == Subscription.chat_id)
        .where(Chat.telegram_id == telegram_id, Commitment.status.in_(("pending", "due_soon")),
               Commitment.deadline >= today, Commitment.deadline <= today + dt.timedelta(days=days))
        .order_by(Commitment.deadline, Commitment.id)
    ).all()
    return _views(session, list(rows))


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One commitment as an export or a calendar shows it: plain values only."""

    id: int
    company_code: str
    company_name: str
    kind: str
    type: str
    subject: str
    quote: str
    deadline: dt.date | None
    deadline_text: str
    start: dt.date | None
    status: str
    terms: dict[str, Any]
    fingerprint: str
    source_title: str
    source_date: dt.date
    source_url: str | None
    status_date: dt.date | None
    evidence: str | None
    evidence_title: str | None
    evidence_url: str | None
    revised_by: int | None = None  # the promise that replaced it
    anchor: str | None = None  # what an undated window counts from
    sources: int = 1
    reported_status: str | None = None  # the company's own word (its latest periodic report)
    contradiction: str | None = None  # the code of what that word gets wrong, or admits


def export_rows(session: Session, companies: list[Company] | None = None) -> list[ExportRow]:
    """Every commitment of `companies` (None: of all), by company then deadline, with its latest change."""
    query = select(Commitment).order_by(Commitment.company_id, Commitment.deadline, Commitment.id)
    if companies is not None:
        query = query.where(Commitment.company_id.in_([c.id for c in companies]))
    rows = list(session.scalars(query))
    views = {v.id: v for v in _views(session, rows)}
    out = []
    for r in rows:
        v = views[r.id]
        change = v.last_change
        out.append(ExportRow(
            r.id, v.company_code, v.company_name, r.kind, r.type, r.subject, r.quote, r.deadline, r.deadline_text,
            r.start, r.status, dict(r.terms or {}), r.fingerprint, v.source_title, v.source_date, v.source_url,
            change.effective_date if change else None, change.evidence_quote if change else None,
            change.evidence_title if change else None, change.evidence_url if change else None,
            r.revised_by_id, r.anchor, v.sources, r.reported_status,
            v.contradiction["code"] if v.contradiction else None))
    return out
