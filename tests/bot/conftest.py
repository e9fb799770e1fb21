"""A running bot: the real python-telegram-bot client, long polling a fake Bot API server."""
from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from bot.app import PTBApplication, build_application
from bot.core import Core
from bot.fake_telegram import FakeTelegram
from trackers.settings import Settings

TOKEN = "123456789:AAFakeTokenForTestsOnly-abcdefghijk"
ADMIN = 900


@dataclass
class Running:
    fake: FakeTelegram
    app: PTBApplication
    core: Core


@pytest.fixture
async def running(core: Core) -> AsyncIterator[Running]:
    fake = FakeTelegram().start()
    settings = Settings(database_url=str(core.engine.url), admin_chat_ids=[ADMIN],  # type: ignore[call-arg]
                        _env_file=None)
    app = build_application(settings, core=core, base_url=fake.base_url, base_file_url=fake.base_file_url,
                            token=TOKEN, polling_timeout=1)
    await app.initialize()
    if app.post_init:  # what run_polling does between initialize and start
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield Running(fake, app, core)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        fake.stop()
