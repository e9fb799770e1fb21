"""Frozen value types and enums shared by every stage of the core."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    PERIOD = "period"


class Kind(StrEnum):
    EVENT = "event"
    RESTRAINT = "restraint"
    TARGET = "target"
    PLAN = "plan"


class FilingKind(StrEnum):
    IR_RECORD = "ir_record"
    ANNOUNCEMENT = "announcement"
    QA_ANSWER = "qa_answer"
    OTHER = "other"


class Status(StrEnum):
    PENDING = "pending"
    DUE_SOON = "due_soon"
    FULFILLED = "fulfilled"
    FULFILLED_LATE = "fulfilled_late"
    KEPT = "kept"
    BROKEN = "broken"
    OVERDUE = "overdue"
    REVISED = "revised"



class Verdict(StrEnum):
    FULFILLED = "fulfilled"
    KEPT = "kept"
    BROKEN = "broken"
    NO_EVIDENCE = "no_evidence"


@dataclass(frozen=True, slots=True)
class Deadline:
    """A resolved time expression: the last day by which something must happen."""

    deadline: dt.date
    precision: Precision
    start: dt.date | None = None
    approximate: bool = False  # counted past the last year a trading/working calendar covers
    anchor_assumed: bool = False  # the window's first day was not stated: the document's date stands in


@dataclass(frozen=True, slots=True)
class DeadlinePhrase:
    """A time expression found in a text, with its span and (when resolvable) its deadline."""

    start: int
    end: int
    text: str
    resolved: Deadline | None
    # past/anchor/range hints used by the classifier
    is_range: bool = False
    is_anchor: bool = False  # 自2025年5月1日起…: the day a window opens, not a deadline


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence or clause with its offsets into the original text."""

    start: int
    end: int
    text: str
    role: str  # "question", "answer" or "statement"


@dataclass(frozen=True, slots=True)
class CommitmentDraft:
    quote: str
    start: int
    end: int
    kind: Kind
    subject: str
    keywords: tuple[str, ...]
    deadline: dt.date
    deadline_text: str
    precision: Precision
    deadline_start: dt.date | None
    reference_date: dt.date
    confidence: float

    @property
    def fingerprint(self) -> str:
        """Stable identity for de-duplication across re-ingests of the same content."""
        key = f"{self.quote}|{self.deadline.isoformat()}|{self.kind}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class JudgeInput:
    """What the judge knows about a commitment (a stored row or a batch line)."""

    quote: str
    kind: Kind
    subject: str = ""
    deadline: dt.date | None = None
    deadline_text: str = ""
    keywords: tuple[str, ...] = ()
    start: dt.date | None = None


@dataclass(frozen=True, slots=True)
class LaterFiling:
    title: str
    date: dt.date
    text: str = ""


@dataclass(frozen=True, slots=True)
class Judgement:
    verdict: Verdict
    evidence: str
    confidence: float
    reason: str = ""
    new_deadline: dt.date | None = field(default=None)
