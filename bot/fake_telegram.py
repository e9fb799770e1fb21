"""A small Telegram Bot API server on 127.0.0.1 for tests, benchmarks and `promisewatch chat`.

The real python-telegram-bot client talks to it through `base_url`/`base_file_url`. It implements
what PromiseWatch uses — getMe, getUpdates (long polling that honours offset, limit and timeout,
where a newer poll ends an older waiting one with 409 as Telegram does), sendMessage,
editMessageText, answerCallbackQuery, setMyCommands, deleteWebhook, sendDocument, getFile and file
downloads — records everything the bot sent, lets the caller inject updates (messages with a
`bot_command` entity, button presses, documents), and answers 429 with `retry_after`, 403 for a
blocked chat or 400 on demand, or with Telegram's own limits switched on.

Requests arrive form-encoded (multipart when a file is attached) with non-string values
JSON-encoded, as python-telegram-bot 22 sends them.
"""
from __future__ import annotations

import contextlib
import email.parser
import email.policy
import itertools
import json
import random
import re
import socket
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

DROP = 0  # fail_next(DROP): close the connection without answering, as a broken network does
DELIVERED = ("sendMessage", "editMessageText", "sendDocument", "sendPhoto")  # what a chat sees
STALL = -1  # fail_next(STALL, stall=30): deliver the message, then answer only after `stall` seconds
CUT = -2  # fail_next(CUT): deliver the message, then close the connection without answering (a server going down)
BOT_USER = {"id": 7_000_000_001, "is_bot": True, "first_name": "PromiseWatch", "username": "promisewatch_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}


@dataclass
class Sent:
    """One thing the bot did: a message sent or edited, a callback answered, commands set."""

    method: str
    chat_id: int | None
    text: str
    params: dict[str, Any]
    message_id: int | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of the inline keyboard, row by row."""
        markup = self.params.get("reply_markup") or {}
        return [(b.get("text", ""), b.get("callback_data", "")) for row in markup.get("inline_keyboard", [])
                for b in row]


@dataclass
class Limits:
    """Telegram's flood limits, enforced when switched on (the dispatch benchmark)."""

    per_second: float = 30.0
    per_chat_interval: float = 1.0
    retry_after: int = 1
    random_429: float = 0.0  # answer 429 to this share of sendMessage calls at random


class FakeTelegram:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, limits: Limits | None = None, seed: int = 1) -> None:
        self._lock = threading.Condition()
        self._updates: deque[dict[str, Any]] = deque()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._poll_generation = 0
        self.sent: list[Sent] = []
        self.requests: list[str] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] | None = None
        self.blocked: set[int] = set()
        self.revoked = False  # set by revoke(): every call answers 401 Unauthorized
        self._revoke_after: int | None = None  # calls still answered before a revoke(after=…) takes effect
        self._failures: dict[int | None, deque[tuple[int, int]]] = defaultdict(deque)
        self._files: dict[str, bytes] = {}
        self.limits = limits
        self.injected_429 = 0
        self.retry_after_total = 0.0
        self._rng = random.Random(seed)
        self._window: deque[float] = deque()
        self._last_by_chat: dict[int, float] = {}
        self._penalty_until = 0.0
        self._connections: set[socket.socket] = set()
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- lifecycle
    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def start(self) -> FakeTelegram:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-telegram", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._poll_generation += 1
            self._lock.notify_all()
        self._server.shutdown()
        self._server.server_close()
        for conn in list(self._connections):  # keep-alive connections would outlive the server otherwise
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # ---------------------------------------------------------------- injecting
    def _push(self, update: dict[str, Any]) -> int:
        with self._lock:
            update["update_id"] = next(self._update_ids)
            self._updates.append(update)
            self._lock.notify_all()
            return int(update["update_id"])

    @staticmethod
    def _user(user_id: int, language: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        if language:
            user["language_code"] = language
        return user

    @staticmethod
    def _chat(chat_id: int, chat_type: str) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        chat["title" if chat_type != "private" else "first_name"] = f"Chat{chat_id}"
        return chat

    def send_text(self, chat_id: int, text: str, *, user_id: int | None = None, language: str | None = "zh-hans",
                  chat_type: str = "private") -> int:
        """A user types `text`; a leading /command gets its bot_command entity, as Telegram adds it."""
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                                   "chat": self._chat(chat_id, chat_type),
                                   "from": self._user(user_id or chat_id, language), "text": text}
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._push({"message": message})

    def press(self, chat_id: int, message_id: int, data: str, *, language: str | None = "zh-hans") -> int:
        """A user presses an inline button under the bot's message `message_id`."""
        original = next((s for s in reversed(self.sent) if s.message_id == message_id), None)
        message = {"message_id": message_id, "date": int(time.time()), "chat": self._chat(chat_id, "private"),
                   "from": BOT_USER, "text": original.text if original else ""}
        return self._push({"callback_query": {"id": str(next(self._message_ids)), "chat_instance": str(chat_id),
                                              "from": self._user(chat_id, language), "message": message,
                                              "data": data}})

    def send_document(self, chat_id: int, name: str, data: bytes, *, language: str | None = "zh-hans",
                      caption: str | None = None, mime: str = "application/octet-stream") -> int:
        file_id = f"file{next(self._message_ids)}"
        self._files[file_id] = data
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()), "chat": self._chat(chat_id, "private"),
            "from": self._user(chat_id, language),
            "document": {"file_id": file_id, "file_unique_id": file_id, "file_name": name, "mime_type": mime,
                         "file_size": len(data)},
        }
        if caption:
            message["caption"] = caption
        return self._push({"message": message})

    # ---------------------------------------------------------------- failures on demand
    def revoke(self, after: int = 0) -> None:
        """The token is revoked (or was never valid): after `after` more calls, every method answers 401."""
        if after:
            self._revoke_after = after
        else:
            self.revoked = True

    def _count_towards_revocation(self) -> None:
        with self._lock:
            if self._revoke_after is not None:
                self._revoke_after -= 1
                if self._revoke_after < 0:
                    self.revoked, self._revoke_after = True, None

    def block(self, chat_id: int) -> None:
        """The user blocks the bot: every send to the chat answers 403."""
        self.blocked.add(chat_id)

    def fail_next(self, status: int, *, chat_id: int | None = None, retry_after: int = 1, times: int = 1,
                  stall: float = 0.0) -> None:
        """The next `times` sends (to `chat_id`, or to anyone) answer `status` (429, 400, 401, 500…,
        DROP for no answer at all, STALL: delivered, but the answer comes `stall` seconds late, or CUT: delivered,
        and the connection closes unanswered)."""
        for _ in range(times):
            self._failures[chat_id].append((status, stall if status == STALL else retry_after))

    # ---------------------------------------------------------------- reading what was sent
    def messages(self, chat_id: int | None = None) -> list[Sent]:
        with self._lock:
            return [s for s in self.sent if s.method in DELIVERED
                    and (chat_id is None or s.chat_id == chat_id)]

    def wait_for(self, count: int, chat_id: int | None = None, timeout: float = 10.0) -> list[Sent]:
        """Block until the chat has received `count` messages (sent or edited); return them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [s for s in self.sent if s.method in DELIVERED
                         and (chat_id is None or s.chat_id == chat_id)]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(found)} of {count} messages arrived: {[s.text[:40] for s in found]}")
                self._lock.wait(remaining)

    # ---------------------------------------------------------------- the API
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body in separate writes would wait 40 ms for an ACK

            def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read `requests`
                return

            def setup(self) -> None:
                super().setup()
                fake._connections.add(self.request)

            def finish(self) -> None:
                fake._connections.discard(self.request)
                with contextlib.suppress(OSError):
                    super().finish()

            def do_GET(self) -> None:
                self._route()

            def do_POST(self) -> None:
                self._route()

            def _route(self) -> None:
                try:
                    self._serve()
                except ConnectionError:  # a client killed mid-request: nothing to answer
                    self.close_connection = True

            def _serve(self) -> None:
                path = urlsplit(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if path.startswith("/file/bot"):
                    file_id = path.rsplit("/", 1)[-1]
                    data = fake._files.get(file_id)
                    self._reply(200 if data is not None else 404, data or b"not found", "application/octet-stream")
                    return
                parts = path.split("/")
                if len(parts) < 3 or not parts[1].startswith("bot") or len(parts[1]) <= 3:
                    self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                method = parts[2]
                fake._count_towards_revocation()
                if fake.revoked:  # the token was revoked: every method answers 401, as Telegram does
                    self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                params = fake._params(self.headers.get("Content-Type", ""), body, urlsplit(self.path).query)
                status, payload = fake._call(method, params)
                if status == DROP:  # a network failure: the connection closes with no answer
                    self.close_connection = True
                    return
                self._json(status, payload)

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                self._reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json")

            def _reply(self, status: int, data: bytes, content_type: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a cancelled long poll)

        return Handler

    @staticmethod
    def _params(content_type: str, body: bytes, query: str) -> dict[str, Any]:
        raw: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query).items()}
        if content_type.startswith("application/x-www-form-urlencoded"):
            raw.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()})
        elif content_type.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True)
                if part.get_filename():
                    raw[str(name)] = payload
                    raw[f"{name}_filename"] = part.get_filename()  # what a client saving the file would call it
                else:
                    raw[str(name)] = (payload or b"").decode("utf-8")
        elif content_type.startswith("application/json") and body:
            raw.update(json.loads(body))
            return raw
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, str):
                try:
                    out[key] = json.loads(value)
                except ValueError:
                    out[key] = value
            else:
                out[key] = value
        return out

    def _call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.requests.append(method)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: method {method} not found"}
        if method in ("sendMessage", "editMessageText", "sendDocument") and "chat_id" not in params:
            return self._error(400, "Bad Request: chat_id is empty")
        result: tuple[int, dict[str, Any]] = handler(params)
        return result

    @staticmethod
    def _ok(result: Any) -> tuple[int, dict[str, Any]]:
        return 200, {"ok": True, "result": result}

    @staticmethod
    def _error(code: int, description: str, retry_after: int | None = None) -> tuple[int, dict[str, Any]]:
        payload: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            payload["parameters"] = {"retry_after": retry_after}
        return code, payload

    def _api_getMe(self, _params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._ok(BOT_USER)

    def _api_deleteWebhook(self, _params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.webhook = None
        return self._ok(True)

    def _api_setWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.webhook = {"url": params.get("url"), "secret_token": params.get("secret_token")}
        return self._ok(True)

    def _api_setMyCommands(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.commands[str(params.get("language_code") or "")] = list(params.get("commands") or [])
            self.sent.append(Sent("setMyCommands", None, "", params))
        return self._ok(True)

    def _api_getUpdates(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        with self._lock:
            self._poll_generation += 1
            generation = self._poll_generation
            self._lock.notify_all()  # an older waiting poll ends with 409
            while True:
                while self._updates and self._updates[0]["update_id"] < offset:
                    self._updates.popleft()  # confirmed by the offset
                if generation != self._poll_generation:
                    return self._error(409, "Conflict: terminated by other getUpdates request; make sure that "
                                            "only one bot instance is running")
                if self._updates:
                    return self._ok(list(itertools.islice(self._updates, limit)))
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return self._ok([])
                self._lock.wait(remaining)

    def _limit(self, chat_id: int) -> tuple[int, dict[str, Any]] | None:
        """Failures asked for, blocked chats, and (when switched on) Telegram's flood limits."""
        queue = self._failures.get(chat_id) or self._failures.get(None)
        if queue:
            status, retry_after = queue.popleft()
            if status == 429:
                self.injected_429 += 1
                self.retry_after_total += retry_after
                return self._error(429, f"Too Many Requests: retry after {retry_after}", retry_after)
            if status == 403:
                return self._error(403, "Forbidden: bot was blocked by the user")
            if status == 401:
                return self._error(401, "Unauthorized")
            if status == DROP:
                return DROP, {}
            if status == STALL:
                return STALL, {"stall": retry_after}
            if status == CUT:
                return CUT, {}
            return self._error(status, "Bad Request: message text is empty" if status == 400 else "Internal error")
        if chat_id in self.blocked:
            return self._error(403, "Forbidden: bot was blocked by the user")
        limits = self.limits
        if limits is None:
            return None
        now = time.monotonic()
        if now < self._penalty_until:
            return self._error(429, "Too Many Requests: retry after 1", max(1, round(self._penalty_until - now)))
        if limits.random_429 and self._rng.random() < limits.random_429:
            self.injected_429 += 1
            self.retry_after_total += limits.retry_after
            self._penalty_until = now + limits.retry_after
            return self._error(429, f"Too Many Requests: retry after {limits.retry_after}", limits.retry_after)
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        last = self._last_by_chat.get(chat_id)
        if len(self._window) >= limits.per_second or (last is not None and now - last < limits.per_chat_interval * 0.9):
            return self._error(429, "Too Many Requests: retry after 1", 1)
        self._window.append(now)
        self._last_by_chat[chat_id] = now
        return None

    def _message(self, chat_id: int, text: str, params: dict[str, Any], method: str,
                 message_id: int | None = None) -> tuple[int, dict[str, Any]]:
        stall = 0.0
        with self._lock:
            refused = self._limit(chat_id)
            cut = refused is not None and refused[0] == CUT
            if refused is not None and refused[0] == STALL:
                stall, refused = float(refused[1]["stall"]), None
            if cut:
                refused = None
            if refused is not None:
                return refused
            if method not in ("sendDocument", "sendPhoto") and not text.strip():
                return self._error(400, "Bad Request: message text is empty")
            if len(text) > 4096:
                return self._error(400, "Bad Request: message is too long")
            if params.get("parse_mode") == "HTML" and not _balanced_html(text):
                return self._error(400, "Bad Request: can't parse entities: unsupported start tag or entity")
            message_id = message_id or next(self._message_ids)
            self.sent.append(Sent(method, chat_id, text, params, message_id))
            self._lock.notify_all()
        if cut:
            return DROP, {}  # delivered, and the connection closes before the answer
        if stall:
            time.sleep(stall)  # the message is delivered; the answer is late (the client may give up first)
        chat_type = "private" if chat_id > 0 else "group"
        return self._ok({"message_id": message_id, "date": int(time.time()), "chat": self._chat(chat_id, chat_type),
                         "from": BOT_USER, "text": text})

    def _api_sendMessage(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._message(int(params["chat_id"]), str(params.get("text", "")), params, "sendMessage")

    def _api_editMessageText(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._message(int(params["chat_id"]), str(params.get("text", "")), params, "editMessageText",
                             int(params["message_id"]))

    def _api_sendDocument(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._message(int(params["chat_id"]), str(params.get("caption", "")), params, "sendDocument")

    def _api_sendPhoto(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._message(int(params["chat_id"]), str(params.get("caption", "")), params, "sendPhoto")

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.sent.append(Sent("answerCallbackQuery", None, str(params.get("text", "")), params))
        return self._ok(True)

    def _api_sendChatAction(self, _params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._ok(True)

    def _api_getFile(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        file_id = str(params.get("file_id"))
        if file_id not in self._files:
            return self._error(400, "Bad Request: invalid file_id")
        return self._ok({"file_id": file_id, "file_unique_id": file_id, "file_size": len(self._files[file_id]),
                         "file_path": f"documents/{file_id}"})

    def _api_close(self, _params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._ok(True)

    def _api_logOut(self, _params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._ok(True)


_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});)")
_TAG = re.compile(r"<(/?)([a-z\-]+)(?:\s[^<>]*)?>|<")


def _balanced_html(text: str) -> bool:
    """What Telegram's HTML parser accepts: whole entities, and tags that open and close in order."""
    if _ENTITY.search(text):
        return False
    stack: list[str] = []
    for m in _TAG.finditer(text):
        if m.group(0) == "<":
            return False  # a bare < must be written &lt;
        closing, name = m.group(1), m.group(2)
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack
