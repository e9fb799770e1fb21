"""The schema is built by Alembic, can be taken down and up again, and matches the models."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from trackers.db import migrate
from trackers.db.models import Base
from trackers.db.session import make_engine


def test_downgrade_to_base_and_up_again(database_url: str) -> None:
    engine = make_engine(database_url)
    assert migrate.current_revision(engine) == migrate.head_revision(database_url)
    migrate.downgrade(database_url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(database_url)
    assert {"company", "filing", "commitment", "status_change", "chat", "subscription", "notification",
            "source_poll", "lease", "job_run", "progress"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_models_and_migration_agree(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    # type-only differences of the UTC wrapper are not schema differences
    assert [d for d in diff if not (isinstance(d, list) and d and d[0][0] == "modify_type")] == []


def test_sqlite_runs_with_foreign_keys_and_wal(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()
