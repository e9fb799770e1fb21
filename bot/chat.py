"""`promisewatch chat`: use the bot in the terminal, without Telegram or a token.

The same application as `promisewatch run`, pointed at the local fake Bot API server: what you type
is injected as a Telegram message from you, and what the bot sends comes back here as text. Type
`#2` to press the second button under the last message, `/file PATH` to send a filing as a document
(you are an admin here), `/quit` to leave.
"""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.app import build_application
from bot.core import build_core
from bot.dispatch import Dispatcher
from bot.fake_telegram import FakeTelegram, Sent
from bot.messages import as_plain_text
from bot.telegram_send import telegram_send
from trackers.settings import Settings

ME = 1
LOCAL_TOKEN = "1:local-chat-without-telegram"  # any non-empty token passes the client's own checks


async def chat(settings: Settings, lang: str, lines: list[str] | None = None) -> list[str]:
    """Run a session; with `lines`, play them instead of reading the terminal (tests do this)."""
    fake = FakeTelegram().start()
    settings = settings.model_copy(update={"admin_chat_ids": [*settings.admin_chat_ids, ME]})
    core = build_core(settings)
    core.ensure_current()
    app = build_application(settings, core=core, base_url=fake.base_url, base_file_url=fake.base_file_url,
                            token=LOCAL_TOKEN, polling_timeout=1)
    transcript: list[str] = []
    language = "zh-hans" if lang == "zh" else "en"
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    dispatcher = Dispatcher(core, telegram_send(app.bot), name="chat")
    seen = 0
    last: Sent | None = None
    _say(transcript, core.renderer.render(lang, "chat_intro.txt.j2"))
    try:
        feed = iter(lines) if lines is not None else None
        while True:
            line = next(feed, None) if feed is not None else await asyncio.to_thread(_read)
            if line is None or line.strip() in ("/quit", "/exit"):
                break
            line = line.strip()
            if not line:
                continue
            before = len(fake.messages(ME))
            if line.startswith("#") and line[1:].isdigit() and last is not None and last.buttons:
                index = int(line[1:]) - 1
                if 0 <= index < len(last.buttons):
                    fake.press(ME, last.message_id or 0, last.buttons[index][1], language=language)
            elif line.startswith("/file "):
                path = Path(line[6:].strip())
                try:
                    fake.send_document(ME, path.name, path.read_bytes(), language=language)
                except OSError as exc:
                    _say(transcript, f"! {path}: {exc.strerror or exc}")
                    continue
            else:
                fake.send_text(ME, line, language=language)
            try:
                await asyncio.to_thread(fake.wait_for, before + 1, ME, 15.0)
            except TimeoutError:
                _say(transcript, "(no reply)")
            await asyncio.sleep(0.2)  # a reply may come in several parts
            await dispatcher.drain()
            for message in fake.messages(ME)[seen:]:
                _say(transcript, _show(message))
                last = message
            seen = len(fake.messages(ME))
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        fake.stop()
        core.close()
    return transcript


def _read() -> str | None:
    try:
        return input("you> ")
    except EOFError:
        return None


def _say(transcript: list[str], text: str) -> None:
    transcript.append(text)
    print(text, flush=True)


def _show(message: Sent) -> str:
    text = as_plain_text(message.text)
    buttons = "".join(f"\n  [#{i}] {label}" for i, (label, _data) in enumerate(message.buttons, start=1))
    prefix = "bot (edited)> " if message.method == "editMessageText" else "bot> "
    return prefix + text.replace("\n", "\n     ") + buttons


def main(settings: Settings, lang: str) -> int:
    if not sys.stdin.isatty():
        lines = sys.stdin.read().splitlines()
        asyncio.run(chat(settings, lang, lines))
    else:
        asyncio.run(chat(settings, lang))
    return 0
