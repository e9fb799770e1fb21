"""The few dialect-specific statements, kept in one place (SQLite and PostgreSQL)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignoring_duplicates(session: Session, model: Any, columns: list[str],
                               source: Select[*tuple[Any, ...]]) -> int:
    """INSERT … SELECT … ON CONFLICT DO NOTHING; returns how many rows were inserted."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).from_select(columns, source).on_conflict_do_nothing()
    result = session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def insert_rows_ignoring_duplicates(session: Session, model: Any, rows: list[dict[str, Any]]) -> int:
    """INSERT … VALUES … ON CONFLICT DO NOTHING for many rows at once; returns how many were inserted."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = session.execute(insert(model).values(rows).on_conflict_do_nothing())
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
