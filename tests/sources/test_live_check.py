"""`promisewatch doctor --live CODE` over the mock transport: each field present or absent, in one line."""
from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from bot.cli import main
from bot.core import Core
from tests.sources.mock_cninfo import cninfo
from trackers.clock import FixedClock


@pytest.fixture
def live(core: Core, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> Core:
    import bot.cli_store as store

    clock.set(dt.datetime(2025, 5, 31, 18, 0))
    core.cninfo_transport = httpx.MockTransport(cninfo())
    monkeypatch.setattr(store, "build_core", lambda settings: core)
    core.close = lambda: None  # type: ignore[method-assign]
    return core


def test_a_shenzhen_company_every_source_answers(live: Core, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--live", "300253", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    lines = {line.split(":", 1)[0].strip(): line for line in out.splitlines() if line.strip()}
    assert "orgId=9900022016 (+10 digits)" in lines["ok    cninfo stock list"]
    announcements = lines["ok    cninfo announcements (szse/sz)"]
    assert "fields present: announcements, totalAnnouncement, hasMore, totalpages, announcementId" in announcements
    assert "totalpages=1 (ceil=2)" in announcements  # the live site rounds down: the client must not trust it
    assert "attachedPubDate=null 2/2" in lines["ok    互动易 questions"]
    assert "answered=1/2" in lines["ok    互动易 questions"]
    assert "ok    cninfo full-text search" in lines and not any("e互动" in name for name in lines)


def test_a_shanghai_company_gets_e_interact_and_titles(live: Core, capsys: pytest.CaptureFixture[str]) -> None:
    live.clock.set(dt.datetime(2025, 5, 21, 18, 0))  # type: ignore[attr-defined]
    assert main(["doctor", "--live", "600600", "--lang", "zh"]) == 1  # one e互动 time unreadable (刚刚): named, not silent
    out = capsys.readouterr().out
    assert "cninfo announcements (sse/sh)" in out and "IR titles=1" in out
    e_line = next(line for line in out.splitlines() if "e互动 answers" in line)
    assert e_line.startswith("异常") and "uid=4317" in e_line and "unreadable times=1" in e_line and "形态异常" in e_line


def test_a_renamed_field_is_one_clear_line(core: Core, live: Core, capsys: pytest.CaptureFixture[str]) -> None:
    inner = cninfo()

    def renamed(request: httpx.Request) -> httpx.Response:
        response = inner(request)
        if request.url.path == "/new/hisAnnouncement/query":
            body = json.loads(response.content)
            for row in body.get("announcements") or []:
                row["annId"] = row.pop("announcementId")
            return httpx.Response(200, json=body)
        return response

    live.cninfo_transport = httpx.MockTransport(renamed)
    assert main(["doctor", "--live", "300253", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    failing = [line for line in out.splitlines() if line.startswith("FAIL")]
    # the announcements and the relation tab both come from hisAnnouncement: both say which field went
    assert [line.split(":")[0] for line in failing] == ["FAIL  cninfo announcements (szse/sz)",
                                                       "FAIL  cninfo IR records (relation)"]
    assert "required fields absent: announcementId (30/30)" in failing[0]
    assert out.count("may mean the site changed") == 1  # the advice is said once, after the lines it concerns


def test_an_unknown_code_and_a_bad_argument(live: Core, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--live", "399999", "--lang", "en"]) == 1
    assert "no row for 399999" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["doctor", "--live", "30025"])
    assert "not a six-digit stock code" in capsys.readouterr().err


def test_search_lists_hits_and_ingests_one_company_s(live: Core, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "不向下修正", "--since", "2025-01-01", "--limit", "5", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "关于不向下修正转股价格的公告（0）" in out and "5 found (the first 5" in out and "<em>" not in out
    assert main(["search", "不向下修正", "--since", "2025-01-01", "--code", "300253", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 44 and {r["code"] for r in rows} == {"300253"} and "不向下修正" in rows[0]["snippet"]
    assert main(["search", "不向下修正", "--since", "2025-01-01", "--ingest", "--lang", "en"]) == 2
    assert "--ingest needs --code" in capsys.readouterr().err
    assert main(["search", "不向下修正", "--since", "2025-01-01", "--code", "300253", "--ingest", "--lang", "zh"]) == 0
    assert "已保存：新文件 44 份" in capsys.readouterr().out
    assert main(["search", "不向下修正", "--since", "2025-01-01", "--code", "300253", "--ingest", "--lang", "en"]) == 0
    assert "Stored: 0 new filing(s)" in capsys.readouterr().out  # a second run stores nothing twice


def test_no_network_is_one_line_that_blames_the_network(live: Core, capsys: pytest.CaptureFixture[str]) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    live.cninfo_transport = httpx.MockTransport(down)
    assert main(["doctor", "--live", "300253", "--lang", "en"]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(lines) == 2 and "cannot be reached" in lines[0]  # one line for the source, the advice said once
    assert "says nothing about the site: check the network" in lines[1]


def test_a_search_needs_no_database(monkeypatch: pytest.MonkeyPatch, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    import bot.cli_store as store
    from bot.core import build_core as real_build_core

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'never-migrated.db'}")
    monkeypatch.setattr(store, "build_core", lambda settings: real_build_core(
        settings, cninfo_transport=httpx.MockTransport(cninfo())))
    assert main(["search", "不向下修正", "--since", "2025-01-01", "--limit", "3", "--lang", "en"]) == 0
    assert "3 found" in capsys.readouterr().out
    assert main(["search", "不向下修正", "--since", "2025-01-01", "--code", "300253", "--ingest"]) == 2
    assert "db upgrade" in capsys.readouterr().err  # storing what it finds does need a migrated database
