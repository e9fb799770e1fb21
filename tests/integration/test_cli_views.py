"""The command line shows what the bot shows: progress, the record as of a day, a company's whole history."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ROOT
from trackers.db import migrate


@pytest.fixture
def stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = f"sqlite:///{tmp_path / 'views.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", str(ROOT / "examples")]) == 0
    return tmp_path


def test_status_as_of_a_day_reads_the_history_back(stored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["status", "300253", "--as-of", "2025-05-01"]) == 0
    before = capsys.readouterr().out
    assert "as the record stood on 2025-05-01" in before and "2 commitments" in before
    assert "[pending] #1" in before and "fulfilled" not in before  # the launch came on 10 May
    assert main(["status", "300253", "--as-of", "2025-05-11"]) == 0
    after = capsys.readouterr().out
    assert "[fulfilled] #1" in after and "2025-05-10" in after
    assert main(["status", "卫宁健康"]) == 0
    assert "3 commitments" in capsys.readouterr().out  # today: the July notice's promise too


def test_history_of_a_company_tells_each_promise_in_one_language(stored: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--lang", "zh", "history", "300253"]) == 0
    told = capsys.readouterr().out
    assert told.count("在该文件中作出") == 3 and "公告显示已经兑现：于2025年5月10日完成" in told
    assert "done on" not in told and "filing shows" not in told  # no English explanation in a Chinese reply
    assert main(["history", "#1"]) == 0
    assert "a filing reports it done on 2025-05-10" in capsys.readouterr().out


def test_small_things_a_newcomer_types(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """follow abc is refused before any network; unfollow of a company not followed says so; poll with nothing
    followed says how to start; an ingest that stored nothing does not sweep."""
    url = f"sqlite:///{tmp_path / 'small.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        main(["follow", "abc"])
    assert "not a six-digit stock code" in capsys.readouterr().err
    assert main(["poll"]) == 1
    assert "No company is followed yet" in capsys.readouterr().err
    (tmp_path / "bad.txt").write_text("没有代码也没有日期的一段话。", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "bad.txt")]) == 1
    assert "sweep" not in capsys.readouterr().out
    assert main(["ingest", str(ROOT / "examples" / "300253-ir-record-2025-04-25.txt"), "--no-check"]) == 0
    capsys.readouterr()
    assert main(["unfollow", "300253"]) == 0
    out = capsys.readouterr().out
    assert "no longer following 0 companies" in out and "not followed before: 300253" in out


def test_status_on_the_command_line_shows_the_progress_the_bot_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from tests.bot.test_progress import PLAN, PROGRESS

    url = f"sqlite:///{tmp_path / 'progress.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.txt").write_text(PLAN.format(number="2026-001"), encoding="utf-8")
    (tmp_path / "progress.txt").write_text(PROGRESS.format(number="2026-009", as_of="2026年2月28日", shares="1,200,000",
                                                           paid="3,215", day="2026年3月2日"), encoding="utf-8")
    assert main(["ingest", str(tmp_path / "plan.txt"), "--date", "2026-01-06"]) == 0
    assert main(["ingest", str(tmp_path / "progress.txt"), "--date", "2026-03-02"]) == 0
    capsys.readouterr()
    assert main(["--lang", "zh", "status", "688777"]) == 0
    out = capsys.readouterr().out
    assert "进展" in out and "3,215万" in out and "64%" in out, out
