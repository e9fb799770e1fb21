"""Calendar arithmetic the deadline conventions rely on."""
from __future__ import annotations

import calendar
import datetime as dt


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """D + N months keeps the day of month, clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def period_end(anchor: dt.date, count: int, unit: str) -> dt.date:
    """Last day of a window of `count` units that starts on `anchor` (the anchor is day 1)."""
    if unit == "month":
        return add_months(anchor, count) - dt.timedelta(days=1)
    if unit == "year":
        return add_months(anchor, 12 * count) - dt.timedelta(days=1)
    if unit == "week":
        return anchor + dt.timedelta(days=7 * count - 1)
    return anchor + dt.timedelta(days=count - 1)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    return first, month_end(year, 3 * quarter)


def half_bounds(year: int, half: int) -> tuple[dt.date, dt.date]:
    return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def past_day(year: int | None, month: int, day: int, ref: dt.date) -> dt.date | None:
    """A day a report looks back to: with no year, the latest such day on or before `ref`; never after it."""
    found = safe_date(year if year is not None else ref.year, month, day)
    if found is not None and found > ref and year is None:
        found = safe_date(ref.year - 1, month, day)
    return found if found is not None and found <= ref else None
