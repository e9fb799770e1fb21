"""The small error vocabulary every layer speaks (stdlib only).

Each error carries an English message for logs and, where a person will read it, a `key` naming the
template (templates/{zh,en}/errors/<key>.txt.j2) that says it in their language, with its `params`."""
from __future__ import annotations

from typing import Any


class PromiseWatchError(Exception):
    """Base of every error PromiseWatch raises on purpose."""

    def __init__(self, message: str, *, key: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


class UsageError(PromiseWatchError):
    """The caller asked for something malformed: a bad date, code or argument."""


class ParseError(PromiseWatchError):
    """A document could not be turned into text (truncated PDF, empty file, unknown type)."""

    def __init__(self, source: str, reason: str, *, key: str | None = None, **params: Any) -> None:
        super().__init__(f"{source}: {reason}", key=key, source=source, **params)
        self.source = source
        self.reason = reason


class SourceError(PromiseWatchError):
    """A remote source answered with something we cannot use (403, HTML instead of JSON...)."""


class SourceUnreachable(SourceError):
    """The source's host cannot be reached at all (no name resolution, refused): retrying will not help now."""


class NotFound(PromiseWatchError):
    """A company, filing or commitment that is not in the store."""
