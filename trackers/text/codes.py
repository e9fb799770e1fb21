"""A stock code as people type it: 300253, ３００２５３ (full-width), 603288.SH, SH603288, sz000001, 600000.SS."""
from __future__ import annotations

import re
import unicodedata

_CODE = re.compile(r"(?:(?:SH|SZ|BJ)\s*)?(\d{6})(?:\s*\.\s*(?:SH|SZ|BJ|SS|SZSE|SSE|BSE))?", re.IGNORECASE)


def as_typed(text: str) -> str:
    """Full-width digits, letters and punctuation as ASCII (NFKC), spaces at the ends dropped."""
    return unicodedata.normalize("NFKC", text).strip()


def stock_code(text: str) -> str | None:
    """The six-digit code `text` spells, with or without an exchange's prefix or suffix; None if it is not one."""
    m = _CODE.fullmatch(as_typed(text))
    return m.group(1) if m else None
