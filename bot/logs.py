"""What the process writes to its log: one line per failure, tracebacks only at DEBUG, repeats counted.

An outage makes every job fail the same way every few seconds (Telegram unreachable, the database stopped, a
disk full): the log says so once, then once a minute with how many more came and what comes next, instead of a
traceback per attempt. A rejected token is told by the command line in one line of its own, so the client
library's record of it is dropped. At DEBUG everything is kept as it came (the token is still redacted).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

REPEAT_WINDOW = 60.0  # seconds between two lines about the same failure


@dataclass
class _Seen:
    last: float
    suppressed: int = 0


@dataclass
class QuietFailures(logging.Filter):
    """A handler filter: at levels above DEBUG, a record with a traceback becomes one line naming the exception;
    the same failure again within REPEAT_WINDOW is counted, not written."""

    window: float = REPEAT_WINDOW
    clock: Callable[[], float] = time.monotonic
    seen: dict[tuple[str, str], _Seen] = field(default_factory=dict)

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and type(exc).__name__ == "InvalidToken":
            return False  # the command line says it, once, naming the setting
        if exc is None and record.levelno < logging.WARNING:
            return True  # only failures repeat themselves every few seconds
        key = (record.name, type(exc).__name__ if exc is not None else str(record.msg))
        now = self.clock()
        seen = self.seen.get(key)
        if seen is not None and now - seen.last < self.window:
            seen.suppressed += 1
            return False
        message = record.getMessage()
        if exc is not None:
            message = f"{message} — {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
            record.exc_info, record.exc_text = None, None
        if seen is not None and seen.suppressed:
            message += f" ({seen.suppressed} more like it in the last {now - seen.last:.0f} s)"
        record.msg, record.args = message, None
        self.seen[key] = _Seen(now)
        return True


def quiet_unless_debug(level: str) -> None:
    """Put the filter on every root handler unless the level is DEBUG (where it comes off again)."""
    for handler in logging.getLogger().handlers:
        quiet = [f for f in handler.filters if isinstance(f, QuietFailures)]
        if level.upper() == "DEBUG":
            for f in quiet:
                handler.removeFilter(f)
        elif not quiet:
            handler.addFilter(QuietFailures())
