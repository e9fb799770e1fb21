"""Chinese and Arabic numerals, as they appear in filings (十二, 二〇二五, 两, 30)."""
from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

# A regex fragment that matches one number in either script.
NUMBER = r"(?:\d+|[零〇○一二两三四五六七八九十百千]+)"


def to_int(token: str) -> int:
    """'12' → 12, '十二' → 12, '三十' → 30, '二〇二五' → 2025 (digit by digit when no unit)."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    if not token:
        raise ValueError("empty numeral")
    if not any(ch in _UNITS for ch in token):
        value = 0
        for ch in token:
            if ch not in _DIGITS:
                raise ValueError(f"not a numeral: {token!r}")
            value = value * 10 + _DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in token:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a numeral: {token!r}")
    return total + current
