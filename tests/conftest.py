"""Shared fixtures: real databases (SQLite, and PostgreSQL where a server answers), built by Alembic."""
from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.core import Core, build_core
from trackers.clock import FixedClock
from trackers.db import migrate
from trackers.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
POSTGRES_URL = os.environ.get("PW_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def shared_file(relative: str) -> Path:
    """A file of ../shared, or a clean skip where the repository stands alone."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is not here (the repository alone runs without it)")
    return path


def _postgres_reason() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"),
                               connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means: no server here
        return f"no PostgreSQL server answers at {POSTGRES_URL} ({type(exc).__name__})"


_PG_REASON: str | None | bool = False


def postgres_reason() -> str | None:
    global _PG_REASON
    if _PG_REASON is False:
        _PG_REASON = _postgres_reason()
    return _PG_REASON  # type: ignore[return-value]


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh database on the local server for this test session, dropped at the end."""
    reason = postgres_reason()
    if reason:
        pytest.skip(reason)
    name = f"pw_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind, at the latest migration."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'pw.db'}"
        migrate.upgrade(url)
        return url
    url = request.getfixturevalue("postgres_database")
    migrate.upgrade(url)
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:  # every test starts from empty tables
        tables = [r[0] for r in conn.execute(text(
            "select tablename from pg_tables where schemaname='public' and tablename <> 'alembic_version'"))]
        if tables:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2025, 4, 25, 16, 30))


@pytest.fixture
def core(database_url: str, clock: FixedClock) -> Iterator[Core]:
    c = build_core(Settings(database_url=database_url, _env_file=None), clock=clock)  # type: ignore[call-arg]
    yield c
    c.close()
