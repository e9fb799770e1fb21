"""Ingest: a parsed document becomes a stored filing with its extracted commitments.

Idempotent by construction: a filing is found again by (company, content hash), by the same text published the
same day in another format, or by (source, source id); a commitment found again — in the same filing or restated
in another — becomes a source of the one on record, so ingesting the same content twice adds nothing.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from trackers.db.models import Commitment, CommitmentSource, Company, Filing, StatusChange
from trackers.documents import Document
from trackers.domain import CommitmentDraft, FilingKind, Status, fingerprint
from trackers.errors import UsageError
from trackers.extract.pipeline import extract
from trackers.promises.identity import ASSUMED_ANCHOR, same_promise
from trackers.services.judged import as_judged, judge_input
from trackers.services.sql import insert_for
from trackers.text.normalize import compact


@dataclass(frozen=True, slots=True)
class FilingMeta:
    """What the caller knows that the document may not say."""

    company_code: str | None = None
    company_name: str | None = None
    published: dt.date | None = None
    source: str = "file"
    source_id: str | None = None
    url: str | None = None
    title: str | None = None
    kind: FilingKind | None = None


@dataclass(frozen=True, slots=True)
class IngestResult:
    filing_id: int
    company_code: str
    company_name: str | None
    published: dt.date
    created: bool
    commitments_added: int


def upsert_company(session: Session, code: str, short_name: str | None = None,
                   full_name: str | None = None) -> Company:
    company = session.scalar(select(Company).where(Company.code == code))
    if company is None:
        # INSERT … ON CONFLICT DO NOTHING: two ingests of one folder at once both find the row, neither fails
        session.execute(insert_for(session)(Company).values(
            code=code, exchange=exchange_of(code), short_name=short_name, name=full_name, aliases=[],
            followed=False, created_at=dt.datetime.now(dt.UTC)).on_conflict_do_nothing())
        company = session.scalar(select(Company).where(Company.code == code).execution_options(populate_existing=True))
        assert company is not None
        return company
    if short_name and (not company.short_name or _repairs(company.short_name, short_name)):
        company.short_name = short_name
    if full_name and not company.name:
        company.name = full_name
    return company


def _repairs(stored: str, found: str) -> bool:
    """A name read wrongly before (卫宁健康公告编号, a header's next label glued on) gives way to the clean one
    it starts with; a different name (a rename) is left to the operator."""
    return stored != found and stored.startswith(found) and len(found) >= 2


def exchange_of(code: str) -> str | None:
    """SSE for 6xxxxx (and 900xxx B shares), SZSE for 0/2/3xxxxx, BSE for 4/8xxxxx and the 92xxxx codes."""
    if not code.isdigit() or len(code) != 6:
        return None
    if code.startswith(("43", "83", "87", "88", "89", "92")):
        return "BSE"
    return {"6": "SSE", "9": "SSE", "0": "SZSE", "2": "SZSE", "3": "SZSE", "4": "BSE", "8": "BSE"}.get(code[0])


def ingest_document(session: Session, doc: Document, meta: FilingMeta, now: dt.datetime) -> IngestResult:
    """Store `doc` (once) and the commitments it makes or restates. The caller owns the transaction."""
    code = meta.company_code or doc.fields.code
    if meta.company_code and doc.fields.code and meta.company_code != doc.fields.code:
        raise UsageError(f"{doc.source}: --company {meta.company_code} contradicts the document's own 证券代码 "
                         f"{doc.fields.code}; leave --company out or check the file", key="company_contradicts",
                         source=doc.source, given=meta.company_code, found=doc.fields.code)
    if not code:
        raise UsageError(f"{doc.source}: the document names no 证券代码; pass --company CODE", key="no_company_code",
                         source=doc.source)
    if not (code.isdigit() and len(code) == 6):
        raise UsageError(f"{doc.source}: company code must be six digits, got {code!r}", key="bad_company_code",
                         source=doc.source, code=code)
    published = meta.published or doc.fields.activity_date
    if published is None:
        raise UsageError(f"{doc.source}: no date found in the document; pass --date YYYY-MM-DD", key="no_date",
                         source=doc.source)
    company = upsert_company(session, code, meta.company_name or doc.fields.short_name, doc.fields.full_name)

    existing = _same_filing(session, company.id, doc, published, meta)
    if existing is None and meta.source_id:
        existing = session.scalar(select(Filing).where(Filing.source == meta.source,
                                                       Filing.source_id == meta.source_id))
    if existing is not None:
        added = store_commitments(session, existing, extract(existing.text, existing.published), now)
        return IngestResult(existing.id, company.code, company.short_name, existing.published, False, added)

    filing = Filing(
        company_id=company.id, source=meta.source, source_id=meta.source_id,
        kind=(meta.kind or doc.fields.kind).value, title=(meta.title or doc.title)[:300], published=published,
        url=meta.url, content_hash=doc.content_hash, raw_text=doc.raw_text, text=doc.text, parse_status="ok",
    )
    session.add(filing)
    session.flush()
    added = store_commitments(session, filing, extract(doc.text, published), now)
    return IngestResult(filing.id, company.code, company.short_name, published, True, added)


_SAME_TEXT = 0.9  # two renderings of one announcement (a .txt and its .pdf) differ in spacing and line breaks


_MIN_COMPARED = 200  # a title-only announcement is too short to tell apart by its words


def _same_filing(session: Session, company_id: int, doc: Document, published: dt.date,
                 meta: FilingMeta) -> Filing | None:
    """The filing already stored with this content: the same bytes, or the same text in another format (the
    announcement as .txt and as .pdf) published the same day — unless the source tells them apart by id."""
    same = session.scalar(select(Filing).where(Filing.company_id == company_id,
                                               Filing.content_hash == doc.content_hash))
    if same is not None:
        return same
    words = compact(doc.text)
    if len(words) < _MIN_COMPARED:
        return None
    for other in session.scalars(select(Filing).where(Filing.company_id == company_id,
                                                      Filing.published == published)):
        if meta.source_id and other.source == meta.source and other.source_id not in (None, meta.source_id):
            continue
        theirs = compact(other.text)
        if theirs and _alike(words, theirs):
            return other
    return None


def _alike(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 0.8 * max(len(a), len(b)):
        return False
    matcher = difflib.SequenceMatcher(None, a[:6000], b[:6000], autojunk=False)
    return matcher.quick_ratio() >= _SAME_TEXT and matcher.ratio() >= _SAME_TEXT


def store_commitments(session: Session, filing: Filing, drafts: list[CommitmentDraft], now: dt.datetime) -> int:
    """Add the drafts that are new promises, each with its first status change (extracted → pending); a draft
    that states a promise already on record becomes one more source of it (returns only the new ones)."""
    stated = session.execute(select(CommitmentSource.commitment_id, CommitmentSource.fingerprint)
                             .where(CommitmentSource.filing_id == filing.id)).all()
    known = {key for _cid, key in stated}
    restated_here = {cid for cid, _key in stated}
    on_record = _OnRecord(_company_promises(session, filing.company_id))
    added = 0
    for draft in drafts:
        if draft.fingerprint in known:
            continue  # this filing was read before
        known.add(draft.fingerprint)
        same = on_record.restated_by(draft, filing.id)
        if same is not None:
            if same.id not in restated_here:  # a filing that restates one plan twice is one source of it
                restated_here.add(same.id)
                _restate(session, same, filing, draft, now)
                on_record.moved(same)
            continue
        _new_commitment(session, filing, draft, now)  # never a candidate: a filing does not restate itself
        added += 1
    return added


class _OnRecord:
    """A company's promises, looked up by what a restatement must share with them: the type, and a window ending
    the same day, within ASSUMED_ANCHOR of it (equal figures) or not dated yet (see identity.same_promise).
    Scanning every promise for every draft made ingesting a long filing quadratic."""

    def __init__(self, rows: list[Commitment]) -> None:
        self._rows: dict[str, dict[dt.date | None, list[Commitment]]] = {}
        self._standing: list[Commitment] = []
        for row in rows:
            self._add(row)

    def _add(self, row: Commitment) -> None:
        if row.status == Status.STANDING.value:
            self._standing.append(row)
        else:
            self._rows.setdefault(row.type, {}).setdefault(row.deadline, []).append(row)

    def moved(self, row: Commitment) -> None:
        """`row` was restated: its window may now be dated, so it is filed again where it now belongs."""
        for days in self._rows.get(row.type, {}).values():
            if row in days:
                days.remove(row)
                break
        else:
            return
        self._add(row)

    def restated_by(self, draft: CommitmentDraft, filing_id: int) -> Commitment | None:
        """The earliest promise on record (not of this filing) that `draft` states again, if any."""
        for row in sorted(self._candidates(draft), key=lambda r: r.id):
            if row.filing_id != filing_id and _restates(row, draft):
                return row
        return None

    def _candidates(self, draft: CommitmentDraft) -> list[Commitment]:
        if draft.standing:
            return self._standing
        days = self._rows.get(draft.type, {})
        if draft.deadline is None:
            return [row for rows in days.values() for row in rows]
        reach = ASSUMED_ANCHOR.days
        near = [draft.deadline + dt.timedelta(days=offset) for offset in range(-reach, reach + 1)]
        return [row for day in (None, *near) for row in days.get(day, ())]


_SAME_WORDING = 0.8  # a standing undertaking copied from report to report, its cell wrapped differently


def _restates(row: Commitment, draft: CommitmentDraft) -> bool:
    """Is `draft` the promise `row` holds? A standing undertaking (长期) is the same one when its words are."""
    if draft.standing or row.status == Status.STANDING.value:
        return (draft.standing and row.status == Status.STANDING.value
                and difflib.SequenceMatcher(None, compact(row.quote), compact(draft.quote)).ratio() >= _SAME_WORDING)
    return same_promise(judge_input(row), as_judged(draft))


def _company_promises(session: Session, company_id: int) -> list[Commitment]:
    return list(session.scalars(select(Commitment).where(Commitment.company_id == company_id)
                                .order_by(Commitment.id)))


def _new_commitment(session: Session, filing: Filing, draft: CommitmentDraft, now: dt.datetime) -> None:
    row = Commitment(
        company_id=filing.company_id, filing_id=filing.id, quote=draft.quote, span_start=draft.start,
        span_end=draft.end, kind=draft.kind.value, type=draft.type, terms=draft.terms.as_dict(),
        subject=draft.subject, keywords=list(draft.keywords),
        deadline=draft.deadline, anchor="长期" if draft.standing else draft.anchor, deadline_text=draft.deadline_text,
        precision=draft.precision.value, start=draft.deadline_start, reference_date=draft.reference_date,
        confidence=draft.confidence, status=(Status.STANDING if draft.standing else Status.PENDING).value,
        fingerprint=draft.fingerprint, status_changed_at=now, reported_status=draft.reported_status,
        reported_on=filing.published if draft.reported_status else None,
    )
    # no flush per row: the session inserts a long filing's thousands of rows in batches at the end
    session.add(row)
    row.sources.append(CommitmentSource(filing_id=filing.id, quote=draft.quote, fingerprint=draft.fingerprint,
                                        restated=draft.restated, created_at=now))
    row.changes.append(StatusChange(
        from_status=None, to_status=row.status, at=now,
        effective_date=filing.published, evidence_filing_id=filing.id, evidence_quote=draft.quote,
        reason="restated in this filing" if draft.restated else "made in this filing", rule=None,
    ))


def _restate(session: Session, row: Commitment, filing: Filing, draft: CommitmentDraft, now: dt.datetime) -> None:
    """`draft` states `row` again: one more source. It dates a window the record could not date yet, fills the
    terms the record lacks, and — when it is the promise's own, earlier statement (filings read out of order) —
    becomes the promise's origin."""
    origin = session.get(Filing, row.filing_id)
    earlier = origin is not None and filing.published < origin.published
    # stated after the promise was made, it is a restatement whatever its words: this filing may report on it
    session.add(CommitmentSource(commitment_id=row.id, filing_id=filing.id, quote=draft.quote,
                                 fingerprint=draft.fingerprint, restated=draft.restated or not earlier,
                                 created_at=now))
    if draft.reported_status and (row.reported_on is None or filing.published >= row.reported_on):
        row.reported_status, row.reported_on = draft.reported_status, filing.published  # the latest report's word
    if row.deadline is None and draft.deadline is not None:
        row.deadline, row.anchor, row.deadline_text = draft.deadline, None, draft.deadline_text
        row.precision, row.start = draft.precision.value, draft.deadline_start
    terms = {**draft.terms.as_dict(), **(row.terms or {})}
    if row.deadline is not None:
        terms["window_end"] = row.deadline.isoformat()
    row.terms = terms
    if not draft.restated and earlier and origin is not None:
        row.filing_id, row.quote, row.span_start, row.span_end = filing.id, draft.quote, draft.start, draft.end
        row.reference_date, row.subject, row.keywords = draft.reference_date, draft.subject, list(draft.keywords)
        row.fingerprint = fingerprint(draft.quote, row.deadline, row.kind)
        session.execute(update(CommitmentSource).where(CommitmentSource.commitment_id == row.id,
                                                       CommitmentSource.filing_id == origin.id).values(restated=True))
    session.flush()
