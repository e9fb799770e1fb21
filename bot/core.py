"""The composition of the core: settings, engine, sessions and clock, built once and passed down."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.render import Renderer
from trackers.clock import Clock, SystemClock
from trackers.db import migrate
from trackers.db.session import make_engine, make_sessions
from trackers.errors import PromiseWatchError
from trackers.settings import Settings
from trackers.sources.cninfo import CninfoClient
from trackers.sources.http import Retry
from trackers.sources.sseinfo import SseInfoClient


@dataclass
class Core:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    renderer: Renderer = field(default_factory=Renderer)
    cninfo_transport: httpx.BaseTransport | None = None  # tests replay recorded responses here (all sources)

    def cninfo(self, on_retry: Callable[[Retry], None] | None = None) -> CninfoClient:
        """A client for cninfo and 互动易; paced for the live site unless a transport replays."""
        live = self.cninfo_transport is None
        return CninfoClient(self.cninfo_transport, min_interval=1.2 if live else 0.0, on_retry=on_retry)

    def sseinfo(self, on_retry: Callable[[Retry], None] | None = None) -> SseInfoClient:
        """A client for SSE e互动, paced like cninfo's."""
        live = self.cninfo_transport is None
        return SseInfoClient(self.cninfo_transport, min_interval=1.2 if live else 0.0, on_retry=on_retry)

    def ensure_current(self) -> None:
        """Refuse to work on a database whose schema is behind the code."""
        head = migrate.head_revision(self.settings.database_url)
        current = migrate.current_revision(self.engine)
        if current != head:
            raise PromiseWatchError(
                f"the database is at migration {current or 'none'}, the code needs {head}: "
                "run `promisewatch db upgrade`", key="db_behind", current=current or "none", head=str(head))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Core:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def build_core(settings: Settings, *, clock: Clock | None = None, engine: Engine | None = None,
               cninfo_transport: httpx.BaseTransport | None = None) -> Core:
    engine = engine or make_engine(settings.database_url, busy_seconds=settings.sqlite_busy_seconds,
                                   connect_seconds=settings.database_connect_timeout)
    return Core(settings, engine, make_sessions(engine), clock or SystemClock(settings.timezone),
                cninfo_transport=cninfo_transport)
