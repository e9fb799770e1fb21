"""`promisewatch run` as a real process against the fake Telegram: serve, refuse a second, stop cleanly,
treat a foreign poller's 409 Conflicts as an alert rather than a loop, and survive a frozen lease holder."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.core import build_core
from bot.fake_telegram import FakeTelegram
from tests.conftest import ROOT
from trackers.db import migrate
from trackers.db.models import Lease
from trackers.settings import Settings

TOKEN = "77:run-test-token"
ADMIN = 4242


def _env(url: str, fake: FakeTelegram) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": fake.base_url,
            "ADMIN_CHAT_IDS": str(ADMIN), "DISPATCH_INTERVAL_SECONDS": "0.5", "CHECK_INTERVAL_SECONDS": "5"}


def _start(url: str, fake: FakeTelegram, log: Path, **extra: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env={**_env(url, fake), **extra},
                                stdout=out, stderr=subprocess.STDOUT)


def _wait(predicate, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'run.db'}"
    migrate.upgrade(url)
    return url


def test_without_a_token_it_says_what_to_do(db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", db)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert "TELEGRAM_BOT_TOKEN" in err and "promisewatch chat" in err and "make demo" in err
    assert len(err.splitlines()) == 1


def test_serves_refuses_a_second_and_stops_on_sigterm(db: str, tmp_path: Path) -> None:
    with FakeTelegram() as fake:
        first = _start(db, fake, tmp_path / "first.log")
        try:
            assert _wait(lambda: "getUpdates" in fake.requests), (tmp_path / "first.log").read_text()
            fake.send_text(5, "/start", language="en")
            assert _wait(lambda: len(fake.messages(5)) >= 1)
            assert "keeps score" in fake.messages(5)[0].text
            second = subprocess.run([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=_env(db, fake),
                                    capture_output=True, text=True, timeout=60)
            assert second.returncode == 3 and "holds the scheduler" in second.stderr
            first.send_signal(signal.SIGTERM)
            assert first.wait(timeout=30) == 0
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()
    core = build_core(Settings(database_url=db, _env_file=None))  # type: ignore[call-arg]
    with core.sessions() as s:
        assert s.scalar(select(Lease)) is None, "the lease is released on a clean stop"
    core.close()


def test_a_foreign_poller_is_an_alert_not_a_loop(db: str, tmp_path: Path) -> None:
    """Another program keeps polling with our token: past the grace for a sibling, one alert and a clean stop."""
    import threading

    with FakeTelegram() as fake:
        bot = _start(db, fake, tmp_path / "bot.log", CONFLICT_GRACE_SECONDS="2")
        stop = threading.Event()

        def foreign() -> None:
            while not stop.is_set():
                try:
                    with urllib.request.urlopen(f"{fake.base_url}{TOKEN}/getUpdates?timeout=1") as answer:
                        answer.read()
                except urllib.error.HTTPError:
                    time.sleep(0.2)  # our bot polled meanwhile and ended this poll with a 409

        try:
            assert _wait(lambda: fake.requests.count("getUpdates") >= 2)
            time.sleep(0.5)  # the bot is inside a long poll now
            poller = threading.Thread(target=foreign, daemon=True)
            poller.start()
            assert bot.wait(timeout=60) == 0, (tmp_path / "bot.log").read_text()
        finally:
            stop.set()
            if bot.poll() is None:
                bot.kill()
                bot.wait()
        alerts = fake.messages(ADMIN)
    assert len(alerts) == 1 and "409" in alerts[0].text
    log = (tmp_path / "bot.log").read_text()
    assert "waiting for the other poller" in log and "another program polls with this token" in log


def test_a_frozen_holder_resumes_exits_4_and_the_standby_keeps_serving(db: str, tmp_path: Path) -> None:
    """SIGSTOP the running instance past its lease, start another, SIGCONT the first: the first finds its
    lease taken and exits 4 (a supervisor restarts it as a standby); the second keeps the bot and jobs."""
    fast = {"LEASE_TTL_SECONDS": "3", "CONFLICT_GRACE_SECONDS": "60"}
    with FakeTelegram() as fake:
        first = _start(db, fake, tmp_path / "first.log", **fast)
        second: subprocess.Popen[bytes] | None = None
        try:
            assert _wait(lambda: "getUpdates" in fake.requests), (tmp_path / "first.log").read_text()
            first.send_signal(signal.SIGSTOP)
            time.sleep(4)  # the frozen instance's lease runs out
            polls = fake.requests.count("getUpdates")
            second = _start(db, fake, tmp_path / "second.log", **fast)
            assert _wait(lambda: fake.requests.count("getUpdates") > polls), (tmp_path / "second.log").read_text()
            first.send_signal(signal.SIGCONT)
            assert first.wait(timeout=30) == 4, (tmp_path / "first.log").read_text()
            assert "lease" in (tmp_path / "first.log").read_text()
            time.sleep(3)  # the second sees the first's last 409s and waits them out
            assert second.poll() is None, (tmp_path / "second.log").read_text()
            fake.send_text(6, "/start", language="en")
            assert _wait(lambda: len(fake.messages(6)) >= 1), (tmp_path / "second.log").read_text()
            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=30) == 0
        finally:
            for process in (first, second):
                if process is not None and process.poll() is None:
                    process.send_signal(signal.SIGCONT)
                    process.kill()
                    process.wait()
    assert not fake.messages(ADMIN), "a sibling's 409s are not an alert"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_webhook_mode_checks_the_secret_token(db: str, tmp_path: Path) -> None:
    port = _free_port()
    with FakeTelegram() as fake:
        env = {**_env(db, fake), "WEBHOOK_URL": "https://bot.example/telegram", "WEBHOOK_SECRET": "s3cret-token",
               "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port)}
        with (tmp_path / "hook.log").open("wb") as out:
            bot = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
        try:
            assert _wait(lambda: fake.webhook is not None), (tmp_path / "hook.log").read_text()
            assert fake.webhook == {"url": "https://bot.example/telegram", "secret_token": "s3cret-token"}
            update = {"update_id": 1, "message": {
                "message_id": 1, "date": int(time.time()), "chat": {"id": 31, "type": "private", "first_name": "A"},
                "from": {"id": 31, "is_bot": False, "first_name": "A", "language_code": "en"}, "text": "/help",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}

            def post(secret: str) -> int:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/telegram", method="POST",
                                                 data=json.dumps(update).encode(),
                                                 headers={"Content-Type": "application/json",
                                                          "X-Telegram-Bot-Api-Secret-Token": secret})
                try:
                    with urllib.request.urlopen(request, timeout=10) as answer:
                        return int(answer.status)
                except urllib.error.HTTPError as exc:
                    return int(exc.code)

            assert _wait(lambda: _listening(port))
            assert post("forged") == 403
            assert post("s3cret-token") == 200
            assert _wait(lambda: len(fake.messages(31)) == 1)
            assert "/subscribe 300253" in fake.messages(31)[0].text
            bot.send_signal(signal.SIGTERM)
            assert bot.wait(timeout=30) == 0
        finally:
            if bot.poll() is None:
                bot.kill()
                bot.wait()


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
