"""Engine and session factories. Nothing is created at import time."""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from trackers.errors import UsageError


def make_engine(url: str, *, busy_seconds: float = 30.0, connect_seconds: float = 10.0, **kwargs: Any) -> Engine:
    """SQLite runs with foreign keys on, WAL and a busy timeout (how long a writer waits for another before
    "database is locked"); PostgreSQL with a connect timeout, so a server that accepts and never answers is an
    error after `connect_seconds`, not minutes of silence."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": busy_seconds}, **kwargs)
        event.listen(engine, "connect", functools.partial(_sqlite_pragmas, busy_ms=int(busy_seconds * 1000)))
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("postgresql") and importlib.util.find_spec("psycopg") is None:
        raise UsageError("DATABASE_URL names PostgreSQL, but its driver is not installed: "
                         "pip install -e '.[postgres]' (or: pip install 'psycopg[binary]')", key="no_pg_driver")
    return create_engine(url, pool_pre_ping=True,
                         connect_args={"connect_timeout": max(1, round(connect_seconds))}, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, *, busy_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_ms:d}")
    cursor.close()


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
