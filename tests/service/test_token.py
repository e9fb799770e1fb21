"""A rejected or unreachable Bot API as a supervisor and an operator meet it: `run` and `dispatch` end with one
line naming the setting and a documented exit status, at every log level nothing they write holds the token, and
the scheduler lease is released — at start, while idle, and mid-dispatch."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core import build_core
from bot.fake_telegram import FakeTelegram
from bot.handlers.common import TELEGRAM_UNREACHABLE, TOKEN_REJECTED
from tests.conftest import ROOT
from tests.service.test_dispatch import _outbox
from trackers.db import migrate
from trackers.db.models import Lease, Notification
from trackers.settings import Settings

SECRET = "AAH-s3cretPart-of-the-token_XYZ"
TOKEN = f"123456789:{SECRET}"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'token.db'}"
    migrate.upgrade(url)
    return url


def _env(db: str, base_url: str, level: str = "INFO", **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": db, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": base_url,
            "LOG_LEVEL": level, "DISPATCH_INTERVAL_SECONDS": "0.5", **extra}


def _promisewatch(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", command], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def _leases(db: str) -> list[Lease]:
    core = build_core(Settings(database_url=db))
    try:
        with core.sessions() as s:
            return list(s.scalars(select(Lease)))
    finally:
        core.close()


@pytest.mark.parametrize("level", ["DEBUG", "INFO", "WARNING", "ERROR"])
@pytest.mark.parametrize("command", ["run", "dispatch"])
def test_a_rejected_token_is_one_line_and_never_printed(db: str, command: str, level: str) -> None:
    with FakeTelegram() as fake:
        fake.revoke()
        done = _promisewatch(command, _env(db, fake.base_url, level))
    written = done.stdout + done.stderr
    assert done.returncode == TOKEN_REJECTED, written
    assert SECRET not in written and SECRET[:12] not in written
    assert "TELEGRAM_BOT_TOKEN was rejected by Telegram (401)" in written.strip().splitlines()[-1]
    if level != "DEBUG":  # above DEBUG no traceback: the operator reads one line, not a library's stack
        assert "Traceback" not in written and len(written.strip().splitlines()) <= 2, written
    assert _leases(db) == []  # the next instance need not wait out the lease


def test_an_unreachable_bot_api_at_start_is_exit_6(db: str) -> None:
    with socket.socket() as probe:  # a port nothing listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = _promisewatch("run", _env(db, f"http://127.0.0.1:{port}/bot", "INFO"))
    assert done.returncode == TELEGRAM_UNREACHABLE, done.stderr
    assert "could not be reached" in done.stderr and SECRET not in done.stdout + done.stderr
    assert _leases(db) == []


def test_a_token_revoked_while_idle_stops_run_and_releases_the_lease(db: str, tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    with FakeTelegram() as fake, log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT,
                                   env=_env(db, fake.base_url, TOKEN_CHECK_SECONDS="1"),
                                   stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while "getUpdates" not in fake.requests and time.monotonic() < deadline:
                time.sleep(0.05)
            assert _leases(db), "the running instance holds the lease"
            fake.revoke()
            assert process.wait(timeout=30) == TOKEN_REJECTED
        finally:
            if process.poll() is None:
                process.kill()
    assert SECRET not in log.read_text()
    assert _leases(db) == []


def test_a_token_revoked_mid_dispatch_exits_5_and_keeps_the_rest(db: str) -> None:
    core = build_core(Settings(database_url=db))
    _outbox(core, 6)
    core.close()
    with FakeTelegram() as fake:
        fake.revoke(after=3)  # getMe and two sends go through, then 401
        done = _promisewatch("dispatch", _env(db, fake.base_url, DISPATCH_PER_CHAT_INTERVAL="0"))
        sent = len(fake.messages())
    assert done.returncode == TOKEN_REJECTED, done.stdout + done.stderr
    assert SECRET not in done.stdout + done.stderr
    core = build_core(Settings(database_url=db))
    try:
        with core.sessions() as s:
            states = list(s.scalars(select(Notification.state)))
    finally:
        core.close()
    assert states.count("sent") == sent and states.count("pending") == 6 - sent  # nothing lost, nothing dead
