"""SQLAlchemy 2 typed models for the whole domain. Portable types only: SQLite and PostgreSQL.

Unique constraints carry idempotency: a filing is stored once per (company, content hash) and once
per (source, source id); a commitment once per (filing, fingerprint); a notification once per
de-duplication key; a subscription once per (chat, company).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which keeps no zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, list[int]: JSON}


class Company(Base):
    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    exchange: Mapped[str | None] = mapped_column(String(8))  # SSE, SZSE, BSE
    name: Mapped[str | None] = mapped_column(String(120))
    short_name: Mapped[str | None] = mapped_column(String(40), index=True)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    org_id: Mapped[str | None] = mapped_column(String(40))  # cninfo orgId
    followed: Mapped[bool] = mapped_column(Boolean, default=False)
    watermark: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # newest item polled
    # the first day of the company's record that polls have read (a backfill moves it back): from then on, the
    # absence of a filing is evidence (a restraint's window closing with no breach on record is kept)
    covered_from: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    filings: Mapped[list[Filing]] = relationship(back_populates="company")


class Filing(Base):
    __tablename__ = "filing"
    __table_args__ = (
        UniqueConstraint("company_id", "content_hash"),
        UniqueConstraint("source", "source_id"),
        Index("ix_filing_company_published", "company_id", "published"),
        Index("ix_filing_checked", "checked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16))  # file, upload, cninfo, irm
    source_id: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16))  # ir_record, announcement, qa_answer, other
    title: Mapped[str] = mapped_column(String(300), default="")
    published: Mapped[dt.date] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64))
    raw_text: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    parse_status: Mapped[str] = mapped_column(String(12), default="ok")  # ok, error, pending
    parse_error: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    company: Mapped[Company] = relationship(back_populates="filings")


class Commitment(Base):
    __tablename__ = "commitment"
    __table_args__ = (
        UniqueConstraint("filing_id", "fingerprint"),
        Index("ix_commitment_status_deadline", "status", "deadline"),
        Index("ix_commitment_company_status", "company_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    filing_id: Mapped[int] = mapped_column(ForeignKey("filing.id", ondelete="CASCADE"))
    quote: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    type: Mapped[str] = mapped_column(String(32), default="other", server_default="other")
    terms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    subject: Mapped[str] = mapped_column(String(200))
    keywords: Mapped[list[str]] = mapped_column(default=list)
    # None while the window counts from an event not yet dated (股东大会审议通过之日起12个月内: `anchor` names it)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    anchor: Mapped[str | None] = mapped_column(String(60))
    # the company's own word on it, as its latest periodic report gives it (正常履行中, 已履行完毕, 超期未履行完毕)
    reported_status: Mapped[str | None] = mapped_column(String(40))
    reported_on: Mapped[dt.date | None] = mapped_column(Date)  # the day of the report that said it
    deadline_text: Mapped[str] = mapped_column(String(200))
    precision: Mapped[str] = mapped_column(String(10))
    start: Mapped[dt.date | None] = mapped_column(Date)
    reference_date: Mapped[dt.date] = mapped_column(Date)
    confidence: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    fingerprint: Mapped[str] = mapped_column(String(40))
    revised_by_id: Mapped[int | None] = mapped_column(ForeignKey("commitment.id", ondelete="SET NULL"))
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    company: Mapped[Company] = relationship()
    filing: Mapped[Filing] = relationship()
    changes: Mapped[list[StatusChange]] = relationship(
        back_populates="commitment", order_by="StatusChange.id", foreign_keys="StatusChange.commitment_id"
    )
    sources: Mapped[list[CommitmentSource]] = relationship(order_by="CommitmentSource.id")


class CommitmentSource(Base):
    """A filing that states a commitment: the one that made it, and each that restates it later (a progress or
    result notice's 回购方案的主要内容, the same promise in another record). A restating filing may be evidence
    for the promise (it reports the result); the making one never is."""

    __tablename__ = "commitment_source"
    __table_args__ = (UniqueConstraint("commitment_id", "filing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filing.id", ondelete="CASCADE"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(40))  # the draft's, so a filing read again adds nothing
    restated: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StatusChange(Base):
    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    effective_date: Mapped[dt.date] = mapped_column(Date)  # the Asia/Shanghai day it took effect
    evidence_filing_id: Mapped[int | None] = mapped_column(ForeignKey("filing.id", ondelete="SET NULL"))
    evidence_quote: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    rule: Mapped[str | None] = mapped_column(String(40))  # set when the clock made the change
    explain: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the verdict's code and figures, for templates

    commitment: Mapped[Commitment] = relationship(back_populates="changes", foreign_keys=[commitment_id])
    evidence_filing: Mapped[Filing | None] = relationship()


class Progress(Base):
    """A quantitative promise's figure as one filing reports it (回购 3,215万元 of ≥ 5,000万元, as of a day)."""

    __tablename__ = "progress"
    __table_args__ = (UniqueConstraint("commitment_id", "filing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filing.id", ondelete="CASCADE"))
    measure: Mapped[str] = mapped_column(String(10))  # money (yuan), shares, percent
    done: Mapped[float] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    bound: Mapped[str] = mapped_column(String(8))  # floor or cap
    as_of: Mapped[dt.date] = mapped_column(Date)
    evidence_quote: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Chat(Base):
    __tablename__ = "chat"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    language: Mapped[str] = mapped_column(String(5), default="zh")
    reminder_offsets: Mapped[list[int]] = mapped_column(default=lambda: [7, 1, 0])
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Subscription(Base):
    __tablename__ = "subscription"
    __table_args__ = (UniqueConstraint("chat_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chat.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    kinds: Mapped[list[str] | None] = mapped_column(JSON)  # only these commitment kinds, if set
    keyword: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    chat: Mapped[Chat] = relationship()
    company: Mapped[Company] = relationship()


class Notification(Base):
    """The outbox: one row per message to send, made unique by its de-duplication key."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_state_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chat.id", ondelete="CASCADE"), index=True)
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"))
    status_change_id: Mapped[int | None] = mapped_column(ForeignKey("status_change.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(20))  # status_change, reminder, alert
    offset_days: Mapped[int | None] = mapped_column(Integer)  # reminders: days before the deadline
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # alerts: what to say
    dedup_key: Mapped[str] = mapped_column(String(120), unique=True)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(60))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    in_doubt: Mapped[bool] = mapped_column(Boolean, default=False)  # may have been sent before a crash
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SourcePoll(Base):
    """One poll of one source, so `doctor` can tell a feed that broke silently."""

    __tablename__ = "source_poll"
    __table_args__ = (Index("ix_source_poll_source_at", "source", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ok: Mapped[bool] = mapped_column(Boolean)
    items: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class Lease(Base):
    """A named lease (the scheduler's): a second process sees it held and refuses to start."""

    __tablename__ = "lease"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class JobRun(Base):
    """When each named job last ran, so a missed daily sweep runs once at start."""

    __tablename__ = "job_run"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_run_on: Mapped[dt.date | None] = mapped_column(Date)
    last_run_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
