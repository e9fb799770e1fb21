"""`promisewatch chat`: use the bot in the terminal, without Telegram or a token.

The same application as `promisewatch run`, pointed at the local fake Bot API server: what you type
is injected as a Telegram message from you, and what the bot sends comes back here as text. Type
`#2` to press the second button under the last message, `/file PATH` to send a filing as a document
(you are an admin here), `/quit` to leave.
"""
from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

from sqlalchemy import func, select

from bot.app import build_application
from bot.core import Core, build_core
from bot.dispatch import Dispatcher
from bot.fake_telegram import FakeTelegram, Sent
from bot.messages import as_plain_text
from bot.telegram_send import telegram_send
from trackers.db import migrate
from trackers.db.models import Chat, Company
from trackers.settings import Settings

ME = 1
MAX_LINE = 4000  # a message is at most 4,096 characters in Telegram
EXAMPLE = "examples/300253-ir-record-2025-04-25.txt"
LOCAL_TOKEN = "1:local-chat-without-telegram"  # any non-empty token passes the client's own checks


async def chat(settings: Settings, lang: str, lines: list[str] | None = None) -> list[str]:
    """Run a session; with `lines`, play them instead of reading the terminal (tests do this)."""
    fake = FakeTelegram().start()
    settings = settings.model_copy(update={"admin_chat_ids": [*settings.admin_chat_ids, ME]})
    migrate.upgrade(settings.database_url)  # a newcomer's first command: the store is made, not demanded
    core = build_core(settings)
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
    with core.sessions() as session:
        empty = session.scalar(select(func.count()).select_from(Company)) == 0
    _say(transcript, core.renderer.render(lang, "chat_intro.txt.j2", empty=empty, example=EXAMPLE))
    terminal = _Terminal(asyncio.get_running_loop()) if lines is None else None
    try:
        feed = iter(lines) if lines is not None else None
        while True:
            line = next(feed, None) if feed is not None else await terminal.line()  # type: ignore[union-attr]
            if line is None or line.strip() in ("/quit", "/exit"):
                break
            line = _clean(line).strip()
            if not line:
                continue
            before = len(fake.messages(ME))
            if line.startswith("#") and line[1:].isdigit():
                index = int(line[1:]) - 1
                if last is None or not 0 <= index < len(last.buttons):
                    _say(transcript, core.renderer.render(lang, "chat_no_button.txt.j2", number=index + 1,
                                                          count=len(last.buttons) if last else 0))
                    continue
                fake.press(ME, last.message_id or 0, last.buttons[index][1], language=language)
            elif line.startswith("/file "):
                path, caption = _file_and_caption(line[6:].strip())
                try:
                    fake.send_document(ME, path.name, path.read_bytes(), language=language, caption=caption)
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
                saved = _save_file(message, FILES)
                if saved is not None:  # a picture, a calendar, an export: kept where the user can open it
                    _say(transcript, core.renderer.render(_language_now(core, lang), "chat_file_saved.txt.j2",
                                                          path=saved))
                last = message
            seen = len(fake.messages(ME))
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        fake.stop()
        core.close()
    return transcript


def _language_now(core: Core, started_in: str) -> str:
    """The language the chat speaks now (/lang may have changed it), for the lines the terminal adds."""
    with core.sessions() as session:
        return session.scalar(select(Chat.language).where(Chat.telegram_id == ME)) or started_in


def _file_and_caption(rest: str) -> tuple[Path, str | None]:
    """`/file PATH [CAPTION]`: the whole of it when that is a file (paths may hold spaces), else the first
    word is the path and the rest its caption (300253 2025-04-25), as a Telegram user would type it."""
    if Path(rest).exists() or " " not in rest:
        return Path(rest), None
    path, caption = rest.split(" ", 1)
    return Path(path), caption.strip() or None


class _Terminal:
    """Lines typed at the terminal, read by a daemon thread: Ctrl-C ends the chat at once instead of waiting
    for a blocked input() to return, and bytes that are not UTF-8 become U+FFFD rather than an error."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(errors="replace")
        threading.Thread(target=self._read, args=(loop,), daemon=True, name="chat-input").start()

    def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            try:
                line: str | None = input("you> ")
            except (EOFError, OSError):
                line = None
            loop.call_soon_threadsafe(self._queue.put_nowait, line)
            if line is None:
                return

    async def line(self) -> str | None:
        return await self._queue.get()


def _clean(line: str) -> str:
    """What can be sent as JSON: lone surrogates (undecodable input) become U+FFFD; a huge paste is cut."""
    return line.encode("utf-8", "replace").decode("utf-8")[:MAX_LINE]


def _say(transcript: list[str], text: str) -> None:
    transcript.append(text)
    print(text, flush=True)


FILES = Path("var") / "chat"  # where the terminal chat keeps the files the bot sends


def _save_file(message: Sent, folder: Path) -> Path | None:
    """The file a sendDocument or sendPhoto carried, written under `folder` (a Telegram client would offer to
    open it); None for a plain message."""
    field = {"sendDocument": "document", "sendPhoto": "photo"}.get(message.method)
    data = message.params.get(field) if field else None
    if not isinstance(data, bytes):
        return None
    name = Path(str(message.params.get(f"{field}_filename") or f"{field}.bin")).name  # never a path of its own
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _show(message: Sent) -> str:
    text = as_plain_text(message.text)
    buttons = "".join(f"\n  [#{i}] {label}" for i, (label, _data) in enumerate(message.buttons, start=1))
    prefix = "bot (edited)> " if message.method == "editMessageText" else "bot> "
    return prefix + text.replace("\n", "\n     ") + buttons


def main(settings: Settings, lang: str) -> int:
    try:
        if not sys.stdin.isatty():
            lines = sys.stdin.buffer.read().decode("utf-8", "replace").splitlines()
            asyncio.run(chat(settings, lang, lines))
        else:
            asyncio.run(chat(settings, lang))
    except KeyboardInterrupt:
        print(flush=True)
        return 130
    return 0
