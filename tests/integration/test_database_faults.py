"""A PostgreSQL that accepts connections and never answers is an error within DATABASE_CONNECT_TIMEOUT, named as
such, not minutes of silence."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.silent import silent_server


def test_a_silent_postgresql_is_named_within_the_connect_timeout() -> None:
    pytest.importorskip("psycopg", reason="the PostgreSQL driver is not installed (pip install -e '.[postgres]')")
    started = time.monotonic()
    with silent_server() as port:
        env = {**os.environ, "DATABASE_URL": f"postgresql://nobody@127.0.0.1:{port}/db",
               "DATABASE_CONNECT_TIMEOUT": "1"}
        done = subprocess.run([sys.executable, "-m", "bot.cli", "companies"], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 2
    assert "did not answer in time" in done.stderr and "DATABASE_CONNECT_TIMEOUT" in done.stderr
    assert time.monotonic() - started < 20


def test_postgresql_without_its_driver_is_one_line_naming_the_extra(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The driver hidden from a fresh interpreter: one line naming what to install, no traceback."""
    hide = (tmp_path / "sitecustomize.py")
    hide.write_text("import sys\nsys.modules['psycopg'] = None\n", encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:5432/db",
           "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "companies"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "pip install -e '.[postgres]'" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_reader_that_leaves_early_ends_the_output_quietly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`promisewatch status 300253 | head -1`: no BrokenPipeError traceback."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'pipe.db'}"}
    subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    lines = [f"问：项目{i}何时完成？答：公司项目{i}号预计于2030年{i % 12 + 1}月底前完成建设。" for i in range(1500)]
    filing = tmp_path / "many.txt"  # a status far longer than a pipe's buffer
    filing.write_text("证券代码：300253 证券简称：卫宁健康\n投资者关系活动记录表\n活动时间：2025年1月10日\n"
                      + "\n".join(lines), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "bot.cli", "ingest", str(filing)], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=120)
    done = subprocess.run(f"{sys.executable} -m bot.cli status 300253 | head -1", shell=True, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("300253") and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
