"""The few dialect-specific statements, kept in one place (SQLite and PostgreSQL)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(session: Session) -> Any:
    """The dialect's INSERT, the one that knows ON CONFLICT."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def insert_ignoring_duplicates(session: Session, model: Any, columns: list[str],
                               source: Select[*tuple[Any, ...]]) -> int:
    """INSERT … SELECT … ON CONFLICT DO NOTHING; returns how many rows were inserted."""
    insert = insert_for(session)
    # the rows RETURNING gives are the count: a driver's rowcount for INSERT … SELECT may be -1 (unknown)
    key = list(model.__table__.primary_key.columns)
    statement = insert(model).from_select(columns, source).on_conflict_do_nothing().returning(*key)
    return len(session.execute(statement).all())


def insert_rows_ignoring_duplicates(session: Session, model: Any, rows: list[dict[str, Any]]) -> int:
    """INSERT … VALUES … ON CONFLICT DO NOTHING for many rows at once; returns how many were inserted."""
    if not rows:
        return 0
    insert = insert_for(session)
    key = list(model.__table__.primary_key.columns)
    return len(session.execute(insert(model).values(rows).on_conflict_do_nothing().returning(*key)).all())
