"""How the sources have been doing: each one's last successful poll and last error."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trackers.db.models import SourcePoll


def record_poll(session: Session, source: str, ok: bool, items: int, at: dt.datetime,
                company_id: int | None = None, error: str | None = None) -> None:
    session.add(SourcePoll(source=source, company_id=company_id, at=at, ok=ok, items=items, error=error))


def source_health(session: Session) -> list[tuple[str, dt.datetime | None, str | None]]:
    """(source, last successful poll, last error) for every source that has ever been polled."""
    sources = session.scalars(select(SourcePoll.source).distinct()).all()
    out = []
    for source in sorted(sources):
        last_ok = session.scalar(select(func.max(SourcePoll.at)).where(SourcePoll.source == source,
                                                                        SourcePoll.ok.is_(True)))
        last_error = session.scalar(select(SourcePoll.error).where(SourcePoll.source == source,
                                                                   SourcePoll.ok.is_(False))
                                    .order_by(SourcePoll.at.desc()).limit(1))
        out.append((source, last_ok, last_error))
    return out
