"""A named lease in the database: one scheduler per deployment.

APScheduler 3 job stores shared by two processes run jobs twice, so a second `promisewatch run`
against the same database must notice and refuse. The holder renews the lease well inside its
time to live; a lease whose holder died expires and can be taken over.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trackers.db.models import Lease


def acquire(session: Session, name: str, holder: str, now: dt.datetime, ttl: dt.timedelta) -> Lease | None:
    """Take the lease, or None with nobody changed if another live holder has it."""
    current = session.scalar(select(Lease).where(Lease.name == name).with_for_update())
    if current is None:
        try:
            with session.begin_nested():
                session.add(Lease(name=name, holder=holder, expires_at=now + ttl))
        except IntegrityError:  # another process inserted it first
            return None
        return session.get(Lease, name)
    if current.holder != holder and current.expires_at > now:
        return None
    current.holder, current.expires_at = holder, now + ttl
    return current


def holder_of(session: Session, name: str, now: dt.datetime) -> Lease | None:
    lease = session.get(Lease, name)
    return lease if lease is not None and lease.expires_at > now else None


def renew(session: Session, name: str, holder: str, now: dt.datetime, ttl: dt.timedelta) -> bool:
    result = session.execute(update(Lease).where(Lease.name == name, Lease.holder == holder)
                             .values(expires_at=now + ttl))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release(session: Session, name: str, holder: str) -> None:
    session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
