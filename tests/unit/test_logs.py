"""An outage in the log: one line per kind of failure, tracebacks only at DEBUG, repeats counted."""
from __future__ import annotations

import io
import logging

from bot.logs import QuietFailures


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _logger(stream: io.StringIO, clock: Clock) -> logging.Logger:
    handler = logging.StreamHandler(stream)
    handler.addFilter(QuietFailures(clock=clock))
    logger = logging.getLogger(f"test.logs.{id(stream)}")
    logger.handlers, logger.propagate, logger.level = [handler], False, logging.INFO
    return logger


def _fail(logger: logging.Logger) -> None:
    try:
        raise ConnectionRefusedError("[Errno 111] Connection refused")
    except ConnectionRefusedError:
        logger.exception("poll failed; next try in 300 s")


def test_a_15_minute_outage_is_a_line_a_minute_with_the_count() -> None:
    stream, clock = io.StringIO(), Clock()
    logger = _logger(stream, clock)
    for second in range(0, 900, 5):  # a job failing every 5 seconds for 15 minutes
        clock.now = float(second)
        _fail(logger)
    lines = stream.getvalue().splitlines()
    assert "Traceback" not in stream.getvalue()
    assert 14 <= len(lines) <= 16, lines
    assert lines[0] == "poll failed; next try in 300 s — ConnectionRefusedError: [Errno 111] Connection refused"
    assert lines[1].endswith("(11 more like it in the last 60 s)")


def test_ordinary_records_and_different_failures_pass() -> None:
    stream, clock = io.StringIO(), Clock()
    logger = _logger(stream, clock)
    for _ in range(3):
        logger.info("dispatch: sent 1")
    _fail(logger)
    logger.error("database unreachable")
    assert len(stream.getvalue().splitlines()) == 5
