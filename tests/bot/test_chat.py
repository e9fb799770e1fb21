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
