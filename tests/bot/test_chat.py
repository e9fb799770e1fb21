"""`promisewatch chat`: the same bot, in a terminal, with no token."""
from __future__ import annotations

from bot.chat import chat
from bot.core import Core
from tests.conftest import EXAMPLES
from trackers.documents import load_document
from trackers.services.ingest import FilingMeta, ingest_document
from trackers.settings import Settings


async def test_chat_answers_status(core: Core, database_url: str) -> None:
    with core.sessions.begin() as s:
        ingest_document(s, load_document(EXAMPLES / "300253-ir-record-2025-04-25.txt"), FilingMeta(), core.clock.now())
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    transcript = await chat(settings, "en", ["/status 300253", "/subscribe 卫宁", "/quit"])
    text = "\n".join(transcript)
    assert "WiNGPT3.0" in text and "2025-06-30" in text
    assert "You now follow" in text


async def test_the_readmes_first_steps_on_a_fresh_store(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """README: `promisewatch chat` on a store nobody migrated, /file the example, /status, /subscribe."""
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'fresh' / 'pw.db'}", _env_file=None)  # type: ignore[call-arg]
    transcript = await chat(settings, "en", ["/file examples/300253-ir-record-2025-04-25.txt", "/status 300253",
                                             "/subscribe 卫宁", "/quit"])
    text = "\n".join(transcript)
    assert "The store is empty" in text and "/file examples/300253-ir-record-2025-04-25.txt" in text
    assert "WiNGPT3.0" in text and "You now follow" in text


async def test_the_terminal_chat_survives_odd_input(core: Core, database_url: str) -> None:
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    transcript = await chat(settings, "en", ["/status " + "9" * 5000, "/help \udcff\udcfe", "/help", "/quit"])
    text = "\n".join(transcript)
    assert text.count("/status") >= 1 and "Traceback" not in text
    assert len(transcript) >= 4  # every line got its answer and the chat went on


async def test_pressing_a_button_that_is_not_there_says_so(core: Core, database_url: str) -> None:
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    transcript = await chat(settings, "zh", ["#1", "/help", "#3", "/quit"])
    text = "\n".join(transcript)
    assert text.count("上一条消息下没有可按的按钮") == 2 and "我只回应命令" not in text


async def test_a_filing_that_names_no_code_is_sent_again_with_a_caption(core: Core, database_url: str,
                                                                        tmp_path) -> None:  # type: ignore[no-untyped-def]
    filing = tmp_path / "note.txt"
    filing.write_text("回购方案：回购资金总额不低于人民币5,000万元，回购期限自董事会审议通过之日起12个月内。", encoding="utf-8")
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    transcript = await chat(settings, "en", [f"/file {filing}", f"/file {filing} 300253 2026-01-10", "/quit"])
    text = "\n".join(transcript)
    assert "Send it again with a caption" in text and "300253 2025-04-25" in text
    assert "Stored:" in text and "回购" in text


async def test_files_the_bot_sends_are_saved_where_the_user_can_open_them(core: Core, database_url: str, tmp_path,
                                                                           monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with core.sessions.begin() as s:
        ingest_document(s, load_document(EXAMPLES / "300253-ir-record-2025-04-25.txt"), FilingMeta(), core.clock.now())
    monkeypatch.chdir(tmp_path)
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    transcript = await chat(settings, "zh", ["/subscribe 300253", "/calendar", "/export 300253", "/timeline 300253",
                                             "/quit"])
    text = "\n".join(transcript)
    saved = sorted(p.name for p in (tmp_path / "var" / "chat").iterdir())
    assert any(n.endswith(".ics") for n in saved) and any(n.endswith(".csv") for n in saved)
    assert any(n.endswith(".png") for n in saved), saved
    assert text.count("文件已保存到 var/chat/") == 3 and "var/chat/300253-timeline.png" in text
    assert (tmp_path / "var" / "chat" / next(n for n in saved if n.endswith(".ics"))).read_bytes().startswith(
        b"BEGIN:VCALENDAR")
