"""The small error vocabulary every layer speaks (stdlib only)."""
from __future__ import annotations


class PromiseWatchError(Exception):
    """Base of every error PromiseWatch raises on purpose."""


class UsageError(PromiseWatchError):
    """The caller asked for something malformed: a bad date, code or argument."""


class ParseError(PromiseWatchError):
    """A document could not be turned into text (truncated PDF, empty file, unknown type)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class SourceError(PromiseWatchError):
    """A remote source answered with something we cannot use (403, HTML instead of JSON...)."""


class NotFound(PromiseWatchError):
    """A company, filing or commitment that is not in the store."""
