"""What one document may cost to read: inflated size, pages, seconds and memory.

Built from the settings at the composition root and passed down; the defaults suit filings (an annual
report runs to a few hundred pages, a few million characters, and reads in seconds)."""
from __future__ import annotations

import resource
import time
from dataclasses import dataclass
from pathlib import Path

from trackers.errors import ParseError

_PAGE = resource.getpagesize()


@dataclass(frozen=True, slots=True)
class ParseLimits:
    max_inflated_bytes: int = 200 * 1024 * 1024  # a DOCX unpacked, a PDF's streams inflated
    max_pdf_pages: int = 3000
    max_seconds: float = 120.0  # reading one PDF, checked page by page
    max_memory_bytes: int = 1024 * 1024 * 1024  # growth of the process while reading one PDF


DEFAULT_LIMITS = ParseLimits()


def resident_bytes() -> int:
    """The process's resident memory now (Linux /proc), else its peak so far."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Budget:
    """Time and memory spent on one document, checked between pages: over either, a clear ParseError."""

    def __init__(self, source: str, limits: ParseLimits) -> None:
        self._source = source
        self._limits = limits
        self._start = time.monotonic()
        self._base = resident_bytes()

    def check(self, pages_done: int) -> None:
        spent = time.monotonic() - self._start
        if spent > self._limits.max_seconds:
            raise ParseError(self._source, f"reading took over {self._limits.max_seconds:g} s ({pages_done} pages "
                                           "read); the file is refused", key="parse_too_slow",
                             seconds=f"{self._limits.max_seconds:g}", pages=str(pages_done))
        grown = resident_bytes() - self._base
        if grown > self._limits.max_memory_bytes:
            mb = self._limits.max_memory_bytes // (1024 * 1024)
            raise ParseError(self._source, f"reading needed over {mb:,} MB of memory ({pages_done} pages read); "
                                           "the file is refused", key="parse_too_big", limit=f"{mb:,}",
                             pages=str(pages_done))
