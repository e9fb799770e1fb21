"""Trading days (SSE/SZSE) and official working days, from maintained packages.

`exchange_calendars` (XSHG) and `chinesecalendar` each end at the last year their maintainers
published. Past that we count weekdays and flag the result as approximate, as the deadline
conventions ask.
"""
from __future__ import annotations

import bisect
import datetime as dt
import warnings
from functools import lru_cache


@lru_cache(maxsize=1)
def _xshg_sessions() -> tuple[tuple[dt.date, ...], dt.date, dt.date]:
    with warnings.catch_warnings():
        # pandas deprecations inside exchange_calendars are theirs to fix, not a caller's concern
        warnings.simplefilter("ignore")
        import exchange_calendars as xcals  # heavy import (pandas): only when a trading-day phrase appears

        cal = xcals.get_calendar("XSHG")
        days = tuple(ts.date() for ts in cal.sessions)
    return days, days[0], days[-1]


def add_trading_days(anchor: dt.date, n: int) -> tuple[dt.date, bool]:
    """The n-th trading day after `anchor` (the anchor itself excluded); flag if approximate."""
    days, first, last = _xshg_sessions()
    if first <= anchor and anchor < last:
        i = bisect.bisect_right(days, anchor)
        if i + n - 1 < len(days):
            return days[i + n - 1], False
    return _add_weekdays(anchor, n), True


def _add_weekdays(anchor: dt.date, n: int) -> dt.date:
    day = anchor
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def add_working_days(anchor: dt.date, n: int) -> tuple[dt.date, dt.date, bool]:
    """First and n-th official working day after `anchor` (make-up working days count)."""
    import chinese_calendar

    day, first, approximate = anchor, None, False
    while n > 0:
        day += dt.timedelta(days=1)
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:  # beyond the package's published years
            working, approximate = day.weekday() < 5, True
        if working:
            n -= 1
            first = first or day
    assert first is not None
    return first, day, approximate


_SOLAR_HOLIDAYS = {"国庆": (10, 1), "元旦": (1, 1), "五一": (5, 1), "劳动": (5, 1)}
_LUNAR_HOLIDAYS = {"春节": (1, 1), "年": (1, 1), "元宵": (1, 15), "中秋": (8, 15)}  # 年前 is colloquial for 春节前


def holiday_first_day(name: str, year: int) -> dt.date:
    """The first day of a named holiday in `year`; lunar ones from lunardate (1900–2099)."""
    key = name if name in _LUNAR_HOLIDAYS else name.removesuffix("节")
    if key in _SOLAR_HOLIDAYS:
        month, day = _SOLAR_HOLIDAYS[key]
        return dt.date(year, month, day)
    from lunardate import LunarDate

    month, day = _LUNAR_HOLIDAYS[key]
    return LunarDate(year, month, day).to_solar_date()
