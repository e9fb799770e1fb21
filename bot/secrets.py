"""Keep the bot token out of every log line, error message and traceback.

httpx logs each request URL — which contains the token — at INFO, and the client library puts the
token into some errors. A log-record factory redacts every record at birth, whatever handler later
formats it (the console, a file, a test's capture), including the traceback text."""
from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable

from bot import logs
from trackers.settings import Settings

REDACTED = "[token redacted]"
_installed: set[str] = set()


def redact(text: str, secrets: Iterable[str] | None = None) -> str:
    for secret in secrets if secrets is not None else _installed:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def install(token: str | None) -> None:
    """Redact `token` from all log records from now on; quiet the per-request loggers."""
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if not token or token in _installed:
        return
    _installed.add(token)
    if getattr(logging.getLogRecordFactory(), "_promisewatch", False):
        return
    original = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = original(*args, **kwargs)  # type: ignore[arg-type]
        message = record.getMessage()
        if any(secret in message for secret in _installed):
            record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            text = "".join(traceback.format_exception(*record.exc_info))
            if any(secret in text for secret in _installed):
                record.exc_text = redact(text).rstrip("\n")
        return record

    factory._promisewatch = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def _redacting_excepthook(kind: type[BaseException], value: BaseException, tb: object) -> None:
    """An exception nothing caught is printed with every known secret redacted (the last line of a client
    library's error can hold the token itself)."""
    text = "".join(traceback.format_exception(kind, value, tb))  # type: ignore[arg-type]
    sys.stderr.write(redact(text))


def configure_logging(settings: Settings) -> None:
    """One place sets the log level (LOG_LEVEL) and the token's redaction, so DEBUG is safe to turn on."""
    level = settings.log_level.upper()
    logging.basicConfig(level=getattr(logging, level, logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install(settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None)
    sys.excepthook = _redacting_excepthook
    logging.getLogger("alembic").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    logs.quiet_unless_debug(level)
    if level == "DEBUG":  # the request loggers are what DEBUG is for; the factory redacts their URLs
        for noisy in ("httpx", "httpcore"):
            logging.getLogger(noisy).setLevel(logging.DEBUG)
