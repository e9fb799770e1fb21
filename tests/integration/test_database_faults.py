"""A PostgreSQL that accepts connections and never answers is an error within DATABASE_CONNECT_TIMEOUT, named as
such, not minutes of silence."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import ROOT


def test_a_silent_postgresql_is_named_within_the_connect_timeout() -> None:
    pytest.importorskip("psycopg", reason="the PostgreSQL driver is not installed (pip install -e '.[postgres]')")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:  # accept, then say nothing
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": f"postgresql://nobody@127.0.0.1:{port}/db", "DATABASE_CONNECT_TIMEOUT": "1"}
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "bot.cli", "companies"], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=60)
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()
    assert done.returncode == 2
    assert "did not answer in time" in done.stderr and "DATABASE_CONNECT_TIMEOUT" in done.stderr
    assert time.monotonic() - started < 20
