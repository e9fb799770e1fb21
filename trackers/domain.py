"""Frozen value types and enums shared by every stage of the core."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any


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
    PERIODIC_REPORT = "periodic_report"  # an annual or semi-annual report: its commitments table
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
    STANDING = "standing"  # a 长期 undertaking: no deadline, listed with the company's own word on it



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
class Terms:
    """What a promise commits to, besides its date. Money in yuan; ratios in per cent of share capital."""

    amount_floor: float | None = None
    amount_ceiling: float | None = None
    share_floor: float | None = None
    share_cap: float | None = None
    ratio_floor: float | None = None
    ratio_cap: float | None = None
    price_cap: float | None = None
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    actor: str | None = None
    instrument: str | None = None
    event: str | None = None  # the meeting a notice calls (2025年度业绩说明会, 2026年第一次临时股东大会)
    per_share: float | None = None  # a cash dividend per share, yuan before tax (每10股派3元 → 0.3)

    def as_dict(self) -> dict[str, Any]:
        """Only the terms the quote states, dates as ISO strings (for JSON and the database)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value is None:
                continue
            out[key] = value.isoformat() if isinstance(value, dt.date) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Terms:
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in (data or {}).items():
            if key not in known or value is None:
                continue
            values[key] = dt.date.fromisoformat(value) if key.startswith("window_") else value
        return cls(**values)

    @property
    def has_quantity(self) -> bool:
        return any(v is not None for v in (self.amount_floor, self.amount_ceiling, self.share_floor,
                                            self.share_cap, self.ratio_floor, self.ratio_cap))


@dataclass(frozen=True, slots=True)
class CommitmentDraft:
    quote: str
    start: int
    end: int
    kind: Kind
    subject: str
    keywords: tuple[str, ...]
    deadline: dt.date | None  # None: the window counts from an event not dated yet, which `anchor` names
    deadline_text: str
    precision: Precision
    deadline_start: dt.date | None
    reference_date: dt.date
    confidence: float
    type: str = "other"  # a name from trackers.promises.NAMES
    terms: Terms = field(default_factory=lambda: Terms())
    anchor: str | None = None  # the event an undated window counts from (股东大会审议通过)
    # said before and repeated here (a result notice's 回购方案的主要内容, 公司于X审议通过了…): the same promise, which
    # this document may well report on — not a new one
    restated: bool = False
    reported_status: str | None = None  # the company's own word on it (a report's 履行情况: 正常履行中, 已履行完毕)
    standing: bool = False  # a 长期 undertaking: no deadline ever, listed but never tracked as dated

    @property
    def fingerprint(self) -> str:
        """Stable identity for de-duplication across re-ingests of the same content."""
        return fingerprint(self.quote, self.deadline, self.kind)


def fingerprint(quote: str, deadline: dt.date | None, kind: Kind | str) -> str:
    key = f"{quote}|{deadline.isoformat() if deadline else '-'}|{Kind(kind)}"
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
    type: str = "other"
    terms: Terms = field(default_factory=lambda: Terms())
    # the promise's wording in filings that restate it: never evidence for it, wherever it stands
    restatements: tuple[str, ...] = ()


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
    # what decided it, for a reader in either language: {"code": "below_floor", "measure": "money",
    # "done": 31e6, "target": 5e7} — days as ISO strings, so it is stored as JSON unchanged
    why: dict[str, Any] = field(default_factory=dict)
    # the day the act itself happened, where the filing says (截至3月30日已实施完毕 filed on 04-01; a fiscal
    # year's profit reported in April): it, not the filing's date, decides on time or late
    acted_on: dt.date | None = None


def explanation(code: str, **figures: Any) -> dict[str, Any]:
    """A verdict's explanation: its code and the figures the templates need (days become ISO strings)."""
    return {"code": code, **{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in figures.items()}}


@dataclass(frozen=True, slots=True)
class ProgressReading:
    """How far a quantitative promise has got, as one filing reports it: 回购 3,215万元 of ≥ 5,000万元.

    `measure` is money (yuan), shares or percent (of the share capital); `target` is the promise's floor
    (a buyback, a purchase) or cap (a sale plan), whichever `bound` says."""

    measure: str
    done: float
    target: float
    bound: str  # "floor" or "cap"
    as_of: dt.date
    evidence: str

    @property
    def share(self) -> float:
        """done / target, as a fraction (0.64 for 64%)."""
        return self.done / self.target if self.target else 0.0
