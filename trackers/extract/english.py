"""English deadline phrases ("by the end of June 2025", "in Q3 2025", "within six months").

The period words are ours; absolute dates ("June 30, 2025", "31 December 2025") go to dateparser,
which is good at exactly that and imported only when an English phrase appears.
"""
from __future__ import annotations

import datetime as dt
import re

from trackers.domain import Deadline, Precision
from trackers.extract.dates import half_bounds, month_end, period_end, quarter_bounds

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "thirty": 30,
          "twenty-four": 24, "thirty-six": 36}
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_FUZZY = re.compile(r"as soon as possible|near future|in due course|when appropriate|soon\b|shortly")


def looks_english(phrase: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2,}", phrase)) and not re.search(r"[\u4e00-\u9fff]", phrase)


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _WORDS[token]


def resolve(phrase: str, ref: dt.date) -> Deadline | None:
    p = phrase.lower().strip()
    if _FUZZY.search(p):
        return None
    year_m = re.search(r"\b(19|20)\d{2}\b", p)
    year = int(year_m.group(0)) if year_m else ref.year
    if "next year" in p:
        year = ref.year + 1
    by = bool(re.search(r"\b(by|before|no later than|not later than|until)\b", p))

    m = re.search(r"within (\d+|[a-z-]+) (month|year|day|week)s?", p)
    if m and (m.group(1) in _WORDS or m.group(1).isdigit()):
        return Deadline(period_end(ref, _number(m.group(1)), m.group(2)), Precision.PERIOD, ref)
    if m := re.search(r"\b(q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th) quarter)\b", p):
        q = int(m.group(2)) if m.group(2) else _ORDINAL[m.group(3)]
        first, last = quarter_bounds(year, q)
        return Deadline(last, Precision.QUARTER, None if by or "end of" in p else first)
    if m := re.search(r"\b(h([12])|(first|second) half)\b", p):
        half = int(m.group(2)) if m.group(2) else _ORDINAL[m.group(3)]
        first, last = half_bounds(year, half)
        return Deadline(last, Precision.HALF, None if by else first)
    if m := re.search(r"\b(this|next) (month|quarter)\b", p):
        if m.group(2) == "month":
            y, mo = (ref.year, ref.month) if m.group(1) == "this" else (
                (ref.year + 1, 1) if ref.month == 12 else (ref.year, ref.month + 1))
            return Deadline(month_end(y, mo), Precision.MONTH, None if "end" in p else dt.date(y, mo, 1))
        q = (ref.month - 1) // 3 + 1
        y = ref.year
        if m.group(1) == "next":
            y, q = (y + 1, 1) if q == 4 else (y, q + 1)
        first, last = quarter_bounds(y, q)
        return Deadline(last, Precision.QUARTER, None if "end" in p else first)
    if re.search(r"year[- ]end|end of (the |this )?year|later this year|this year", p):
        return Deadline(dt.date(year, 12, 31), Precision.YEAR, None)
    if m := re.search(r"\b(" + "|".join(_MONTHS) + r")\b", p):
        month = _MONTHS[m.group(1)]
        if not re.search(r"\d{1,2}(st|nd|rd|th)?\b(?!\d)", p.replace(str(year), "")):
            start = None if by or "end" in p else dt.date(year, month, 1)
            return Deadline(month_end(year, month), Precision.MONTH, start)
        return _absolute(p, ref, by)
    if re.search(r"\b(in|during|for) (19|20)\d{2}\b", p) or re.fullmatch(r"(19|20)\d{2}", p):
        return Deadline(dt.date(year, 12, 31), Precision.YEAR, dt.date(year, 1, 1))
    if re.search(r"end of (19|20)\d{2}", p):
        return Deadline(dt.date(year, 12, 31), Precision.YEAR, None)
    return _absolute(p, ref, by)


def _absolute(p: str, ref: dt.date, by: bool) -> Deadline | None:
    import dateparser.search

    cleaned = re.sub(r"\b(by|before|no later than|not later than|until|on|the end of)\b", " ", p)
    found = dateparser.search.search_dates(
        cleaned, languages=["en"],
        settings={"RELATIVE_BASE": dt.datetime(ref.year, ref.month, ref.day), "PREFER_DATES_FROM": "future"},
    )
    if not found:
        return None
    day = found[-1][1].date()
    return Deadline(day, Precision.DAY, None if by else day)
