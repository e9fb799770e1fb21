"""Does this management keep its word? A company's scorecard, and a ranking of the companies a chat follows.

Counts come from each commitment's current status; days late from the status change that decided it (a
promise fulfilled late: the day it was done; an overdue one: still counting, up to today). The on-time rate
is always told with its counts ("7 of 9 on time"), never as a bare percentage, and counts only decided
promises: fulfilled, kept, fulfilled late, broken, revised (the original schedule was not kept). Overdue is
not decided — no filing has said either way — and is told apart. The ranking leaves out companies with fewer
decided promises than `min_decided`, so one kept promise does not make a champion.
"""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trackers.db.models import Chat, Commitment, Company, StatusChange
from trackers.services import queries
from trackers.services.subscriptions import subscriptions

ON_TIME = ("fulfilled", "kept")
DECIDED = ("fulfilled", "kept", "fulfilled_late", "broken", "revised")
OPEN = ("pending", "due_soon")


@dataclass(frozen=True, slots=True)
class Scorecard:
    code: str
    name: str
    counts: dict[str, int]  # status → how many
    made: int
    on_time: int
    decided: int
    median_days_late: float | None
    broken: list[queries.CommitmentView] = field(default_factory=list)
    # promises whose company's own report contradicts the record (or admits them overdue)
    contradicted: list[queries.CommitmentView] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        """The on-time share of the decided promises, or None before any is decided."""
        return self.on_time / self.decided if self.decided else None


def scorecard(session: Session, company: Company, today: dt.date) -> Scorecard:
    """The company's record: every promise it made, by status, with the broken ones and their evidence."""
    counts = dict(session.execute(select(Commitment.status, func.count()).where(
        Commitment.company_id == company.id, Commitment.status != "standing")  # no deadline: never decided
        .group_by(Commitment.status)).all())
    late = _days_late(session, company, today)
    broken = queries.company_commitments(session, company, statuses=("broken",))
    contradicted = [v for v in queries.reported_commitments(session, company) if v.contradiction]
    return Scorecard(
        company.code, company.short_name or company.name or company.code, {k: int(v) for k, v in counts.items()},
        made=sum(counts.values()), on_time=sum(int(counts.get(s, 0)) for s in ON_TIME),
        decided=sum(int(counts.get(s, 0)) for s in DECIDED),
        median_days_late=statistics.median(late) if late else None, broken=broken, contradicted=contradicted,
    )


def _days_late(session: Session, company: Company, today: dt.date) -> list[int]:
    """For each promise kept late or still overdue: how many days past its deadline (overdue ones count on)."""
    rows = session.execute(
        select(Commitment.status, Commitment.deadline, func.max(StatusChange.effective_date))
        .join(StatusChange, StatusChange.commitment_id == Commitment.id)
        .where(Commitment.company_id == company.id, Commitment.status.in_(("fulfilled_late", "overdue")),
               StatusChange.to_status == Commitment.status)
        .group_by(Commitment.id, Commitment.status, Commitment.deadline)).all()
    return [((today if status == "overdue" else day) - deadline).days for status, deadline, day in rows
            if deadline is not None]


def ranking(session: Session, telegram_id: int, today: dt.date, min_decided: int = 3) -> tuple[list[Scorecard],
                                                                                                  list[Scorecard]]:
    """The chat's companies, best on-time rate first (ties: more decided first): (ranked, too few to rank)."""
    chat = session.scalar(select(Chat).where(Chat.telegram_id == telegram_id))
    cards = [scorecard(session, c, today) for c in (subscriptions(session, chat) if chat else [])]
    ranked = sorted((c for c in cards if c.decided >= min_decided),
                    key=lambda c: (-(c.rate or 0.0), -c.decided, c.code))
    return ranked, [c for c in cards if c.decided < min_decided]
