"""`promisewatch doctor`, the scheduler lease, and silent sources."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.core import Core
from bot.fake_telegram import FakeTelegram
from bot.jobs import watch_sources
from trackers.db.models import Notification
from trackers.services import lease
from trackers.services.health import record_poll


def test_lease_is_exclusive_until_it_expires(core: Core) -> None:
    now = core.clock.now()
    ttl = dt.timedelta(seconds=90)
    with core.sessions.begin() as s:
        assert lease.acquire(s, "scheduler", "a", now, ttl) is not None
    with core.sessions.begin() as s:
        assert lease.acquire(s, "scheduler", "b", now + dt.timedelta(seconds=30), ttl) is None
        assert lease.renew(s, "scheduler", "a", now + dt.timedelta(seconds=30), ttl)
    with core.sessions.begin() as s:  # a dead holder's lease expires and can be taken over
        assert lease.acquire(s, "scheduler", "b", now + dt.timedelta(seconds=200), ttl) is not None
        assert not lease.renew(s, "scheduler", "a", now + dt.timedelta(seconds=200), ttl)


def test_silent_source_alerts_admins_once_a_day(core: Core) -> None:
    core.settings = core.settings.model_copy(update={"admin_chat_ids": [1], "source_silence_hours": 24})
    with core.sessions.begin() as s:
        record_poll(s, "cninfo", True, 3, core.clock.now() - dt.timedelta(hours=30))
        record_poll(s, "cninfo", False, 0, core.clock.now() - dt.timedelta(hours=1), error="403 Forbidden")
        record_poll(s, "irm", True, 1, core.clock.now() - dt.timedelta(hours=2))
    assert watch_sources(core) == ["cninfo"]
    assert watch_sources(core) == ["cninfo"]
    with core.sessions() as s:
        alerts = s.scalars(select(Notification).where(Notification.event == "alert")).all()
    assert len(alerts) == 1 and alerts[0].payload and alerts[0].payload["values"]["source"] == "cninfo"


def test_doctor_checks_database_token_and_sources(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    with FakeTelegram() as fake:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "5:doctor")
        monkeypatch.setenv("TELEGRAM_BASE_URL", fake.base_url)
        assert main(["doctor"]) == 0
        out = capsys.readouterr().out
    assert "database: reachable" in out and "token valid (@promisewatch_bot)" in out
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN")
    assert main(["doctor"]) == 1
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().out


def test_dispatch_and_doctor_never_log_the_token_even_at_debug(database_url: str, monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path, caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    token = "987654:AAsecretTokenThatMustNotLeak-xyz"
    caplog.set_level("DEBUG")
    monkeypatch.chdir(tmp_path)
    with FakeTelegram() as fake:
        for key, value in {"DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": token, "LOG_LEVEL": "DEBUG",
                           "TELEGRAM_BASE_URL": fake.base_url}.items():
            monkeypatch.setenv(key, value)
        assert main(["doctor"]) in (0, 1)
        assert main(["dispatch"]) == 0
    out = capsys.readouterr()
    assert caplog.records, "DEBUG produced no records"
    assert token not in caplog.text and token not in out.out + out.err
    assert any("getMe" in r.getMessage() or "Request" in r.getMessage() for r in caplog.records)


async def test_an_instance_frozen_past_its_lease_stops_and_exits_non_zero(core: Core) -> None:
    """SIGSTOP past the lease's life: another instance took over; on resuming, the renewal fails."""
    from types import SimpleNamespace

    from bot.service import LEASE, LOST_LEASE, _renew, lease_ttl

    LEASE_TTL = lease_ttl(core)  # noqa: N806

    with core.sessions.begin() as s:
        lease.acquire(s, LEASE, "frozen", core.clock.now(), LEASE_TTL)
    core.clock.advance(seconds=LEASE_TTL.total_seconds() + 60)  # type: ignore[attr-defined]
    with core.sessions.begin() as s:
        assert lease.acquire(s, LEASE, "standby", core.clock.now(), LEASE_TTL) is not None
    stopped: list[bool] = []
    data = SimpleNamespace(core=core, holder="frozen", exit_code=0)
    context = SimpleNamespace(bot_data=data, application=SimpleNamespace(stop_running=lambda: stopped.append(True)))
    await _renew(context)  # type: ignore[arg-type]
    assert stopped == [True] and data.exit_code == LOST_LEASE
    with core.sessions() as s:
        assert lease.holder_of(s, LEASE, core.clock.now()).holder == "standby"  # type: ignore[union-attr]
