"""Find every time expression in a (normalised) text and resolve it against the document's date.

The rules follow docs/deadlines.md. Each pattern has a handler that returns a `Deadline` or None
(a recognised phrase that gives no usable date, such as 近期 or a window anchored to an event that
has not happened). Overlapping matches are settled longest-first, so 自2025年5月1日起6个月内 wins
over the 2025年5月1日 inside it.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable

from trackers.domain import Deadline, DeadlinePhrase, Precision
from trackers.extract import english
from trackers.extract.calendars import add_trading_days, add_working_days, holiday_first_day
from trackers.extract.dates import half_bounds, month_end, period_end, quarter_bounds, safe_date
from trackers.extract.numerals import NUMBER, to_int
from trackers.text.first_chars import compile_fast
from trackers.text.normalize import compact, normalize

_ = r"\s*"  # PDF text puts spaces and line breaks between any two tokens
YEAR = r"(?:(?:19|20)\d{2}|[一二][〇○零O0一二三四五六七八九]{3})"
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
REL_YEAR = r"(?:今年|本年|当年|明年|次年|来年|后年)"
BY = rf"(?P<by>{_}(?:前|之前|以前|为止|止))?"
SEP = r"(?:至|~|～|到|—|–|－)"
# Q3, H2 as letters: not inside a model number (AEC-Q100, H100, H20), which a letter, hyphen or digit borders
_CODE_BEFORE, _CODE_AFTER = r"(?<![A-Za-z\-])", r"(?![0-9A-Za-z])"
QUARTER = rf"(?:第?[一二三四1-4]季度|{_CODE_BEFORE}[Qq][1-4]{_CODE_AFTER})"
HALF = rf"(?:上半年|下半年|半年度|{_CODE_BEFORE}[Hh][12]{_CODE_AFTER})"


class Context:
    """What a handler may read besides its own match: the whole view and the reference date."""

    __slots__ = ("view", "ref", "_dates", "_starts")

    def __init__(self, view: str, ref: dt.date) -> None:
        self.view = view
        self.ref = ref
        self._dates: list[re.Match[str]] | None = None
        self._starts: list[int] = []

    def dates(self) -> list[re.Match[str]]:
        """Every day written in the text, found once (anchors look them up again and again)."""
        if self._dates is None:
            self._dates = list(_ANY_DATE.finditer(self.view))
            self._starts = [m.start() for m in self._dates]
        return self._dates

    def dates_near(self, at: int, before: int, after: int) -> range:
        """Indexes into dates() of the days written within `before` characters before `at` and `after` after:
        an anchor looks in its own part of a long filing, so a large file costs linear time."""
        self.dates()
        return range(bisect.bisect_left(self._starts, at - before), bisect.bisect_right(self._starts, at + after))


Handler = Callable[[re.Match[str], Context], Deadline | None]


def _g(m: re.Match[str], name: str) -> str | None:
    """A named group that may not exist in this pattern, or may not have taken part."""
    return m.group(name) if name in m.re.groupindex else None


def _req(m: re.Match[str], name: str) -> str:
    """A named group the pattern always fills."""
    value = m.group(name)
    assert value is not None, name
    return str(value)


def _year(token: str | None, ctx: Context, rel: str | None = None, at: int | None = None) -> int:
    if token:
        value = to_int(token.replace("O", "〇").replace("0", "0"))
        return value if value > 1000 else ctx.ref.year
    if rel == "当年" and at is not None:  # "that year": the year the text told last (始于2022年11月。当年11月12日…)
        told = _TOLD_YEAR.findall(ctx.view, max(0, at - _TOLD_REACH), at)
        if told:
            return int(told[-1])
    return ctx.ref.year + {"明年": 1, "次年": 1, "来年": 1, "后年": 2}.get(rel or "", 0)


_TOLD_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!度)")
_TOLD_REACH = 300


def _part_bounds(part: str, year: int) -> tuple[dt.date | None, dt.date, Precision] | None:
    """(start, end, precision) of a part of a year: 底, 上半年, 第三季度, Q4, H2, 年度..."""
    part = part.replace(" ", "")
    if part in ("", "年", "度", "年度", "全年", "全年度"):
        return dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR
    if re.fullmatch(r"年?(?:底|末|内|年底|年末|年内|度内|年度内)", part):
        return None, dt.date(year, 12, 31), Precision.YEAR
    half = re.search(r"(上半年|下半年|半年度|[Hh]([12]))", part)
    if half:
        which = 1 if half.group(1) in ("上半年", "半年度") or half.group(2) == "1" else 2
        first, last = half_bounds(year, which)
        return (None if part.endswith(("末", "底")) else first), last, Precision.HALF
    quarter = re.search(r"(?:第?([一二三四1-4])季度|[Qq]([1-4]))", part)
    if quarter:
        q = to_int(quarter.group(1) or quarter.group(2))
        first, last = quarter_bounds(year, q)
        return (None if part.endswith("末") else first), last, Precision.QUARTER
    return None


# ---------------------------------------------------------------- handlers
def _full_date(m: re.Match[str], ctx: Context) -> Deadline | None:
    day = safe_date(_year(_g(m, "y"), ctx), to_int(_req(m, "m")), to_int(_req(m, "d")))
    if day is None:
        return None
    by = bool(_g(m, "by")) or bool(_g(m, "pre"))
    return Deadline(day, Precision.DAY, None if by else day)


def _month_day(m: re.Match[str], ctx: Context) -> Deadline | None:
    month, dd = to_int(_req(m, "m")), to_int(_req(m, "d"))
    year = _year(None, ctx, _g(m, "ry"), m.start())
    if not _g(m, "ry") and month < ctx.ref.month:
        year += 1  # a month already past, with no year: next year's
    day = safe_date(year, month, dd)
    if day is None:
        return None
    by = bool(_g(m, "by")) or bool(_g(m, "pre"))
    return Deadline(day, Precision.DAY, None if by else day)


def _year_month(m: re.Match[str], ctx: Context) -> Deadline | None:
    month = to_int(_req(m, "m"))
    if not 1 <= month <= 12:
        return None
    if _g(m, "y") or _g(m, "ry"):
        year = _year(_g(m, "y"), ctx, _g(m, "ry"), m.start())
    else:
        year = ctx.ref.year + (1 if month < ctx.ref.month else 0)
    return _in_month(year, month, (_g(m, "q") or "").strip(), bool(_g(m, "by")))


# the parts of a month by their days (first, last); 月初 is read as 上旬, two 旬 run from the first to the last
_XUN = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "上中旬": (1, 20), "中下旬": (11, 31)}


def _in_month(year: int, month: int, q: str, by: bool) -> Deadline:
    """A month, or the part of it `q` names (上旬, 中下旬, 底…), as a deadline."""
    last = month_end(year, month)
    if q in _XUN:
        first_day, last_day = _XUN[q]
        return Deadline(dt.date(year, month, min(last_day, last.day)), Precision.PERIOD, dt.date(year, month, first_day))
    open_start = q in ("底", "末") or by
    return Deadline(last, Precision.MONTH, None if open_start else dt.date(year, month, 1))


def _this_month(m: re.Match[str], ctx: Context) -> Deadline | None:
    """月底前, 月末 with no month named: the reference month's end (deadlines.md)."""
    return _in_month(ctx.ref.year, ctx.ref.month, (_g(m, "q") or "").strip(), True)


def _year_part(m: re.Match[str], ctx: Context) -> Deadline | None:
    return _part_of(m, _year(m.groupdict().get("y"), ctx, m.groupdict().get("ry"), m.start()))


def _part_of(m: re.Match[str], year: int) -> Deadline | None:
    bounds = _part_bounds(_g(m, "part") or "", year)
    if bounds is None:
        return None
    start, end, precision = bounds
    if _g(m, "by"):
        start = None
    return Deadline(end, precision, start)


def _short_year(m: re.Match[str], ctx: Context) -> Deadline | None:
    """26年底 is 2026's end, when 2026 is within five years of the document (else it is no year we can tell)."""
    year = 2000 + int(_req(m, "yy"))
    if abs(year - ctx.ref.year) > 5:
        return None
    if _g(m, "part"):
        return _part_of(m, year)
    month = to_int(_req(m, "m"))
    return _in_month(year, month, (_g(m, "q") or "").strip(), bool(_g(m, "by"))) if 1 <= month <= 12 else None


def _bare_part(m: re.Match[str], ctx: Context) -> Deadline | None:
    """年底, 下半年, 一季度 with no year: this year's, unless it has already ended (一季度 said in November
    is next year's, as a bare month already past is)."""
    found = _part_of(m, ctx.ref.year)
    if found is not None and found.deadline < ctx.ref:
        return _part_of(m, ctx.ref.year + 1)
    return found


def _relative_month(m: re.Match[str], ctx: Context) -> Deadline | None:
    which, q = _req(m, "which"), (_g(m, "q") or "").strip()
    year, month = ctx.ref.year, ctx.ref.month
    if which.startswith("下"):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _in_month(year, month, q, False)


def _relative_quarter(m: re.Match[str], ctx: Context) -> Deadline | None:
    year, quarter = ctx.ref.year, (ctx.ref.month - 1) // 3 + 1
    if _req(m, "which").startswith("下"):
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    first, last = quarter_bounds(year, quarter)
    return Deadline(last, Precision.QUARTER, None if _g(m, "q") else first)


def _date_range(m: re.Match[str], ctx: Context) -> Deadline | None:
    start = safe_date(_year(_g(m, "y1"), ctx), to_int(_req(m, "m1")), to_int(_req(m, "d1")))
    if start is None:
        return None
    y2 = _year(_g(m, "y2"), ctx) if _g(m, "y2") else start.year
    m2 = _g(m, "m2")
    month = to_int(m2) if m2 else start.month  # 8月6日至26日: the same month
    end = safe_date(y2, month, to_int(_req(m, "d2")))
    if end is None:
        return None
    if end < start and not _g(m, "y2"):
        end = safe_date(y2 + 1, end.month, end.day) or end
    return Deadline(end, Precision.DAY, start)


def _year_range(m: re.Match[str], ctx: Context) -> Deadline | None:
    a, b = _year(_g(m, "y1"), ctx), _year(_g(m, "y2"), ctx)
    if b < a:
        return None
    return Deadline(dt.date(b, 12, 31), Precision.YEAR, dt.date(a, 1, 1))


_UNITS = {"月": "month", "年": "year", "日": "day", "天": "day", "周": "week", "星期": "week"}


# the longest windows filings state: lock-ups of 36 months (60 for some), plans of a few years
_MOST = {"年": 10, "月": 120, "周": 520, "星期": 520, "日": 3660, "天": 3660, "交易日": 750, "工作日": 750}


def _plausible(n: int, unit: str) -> bool:
    return 0 < n <= _MOST.get(unit, 3660)


def _is_window(m: re.Match[str], view: str) -> bool:
    """N个月内, 未来N个月, 不超过N个月, 不超过董事会批准之日起N个月, 股东大会审议通过后N个月 — not a bare
    length."""
    before = compact(view[max(0, m.start() - 40):m.start()])
    return bool(_g(m, "within") or _g(m, "fut") or _g(m, "cap") or before.endswith("之日起")
                or _CAP_BEFORE_ANCHOR.search(view, max(0, m.start() - 40), m.start())
                or _APPROVED_BY.search(before))


def _duration(m: re.Match[str], ctx: Context) -> Deadline | None:
    if not _is_window(m, ctx.view):
        return None
    if _DISCLOSURE_DUTY.match(ctx.view, m.end()):
        return None  # 三个交易日内披露: a filing rule, not a deadline for the company's action
    n, unit, rough = _length(_g(m, "n") or "", _g(m, "unit") or "", bool(_g(m, "half")))
    if not _plausible(n, unit):
        return None  # 99999999个工作日: no filing means that; and no calendar reaches it
    anchor, assumed = find_anchor(ctx, m.start())
    if anchor is None:
        return None
    if "交易日" in unit:
        first, _a = add_trading_days(anchor, 1)
        last, approximate = add_trading_days(anchor, n)
        return Deadline(last, Precision.PERIOD, first, approximate, assumed)
    if "工作日" in unit:
        first, last, approximate = add_working_days(anchor, n)
        return Deadline(last, Precision.PERIOD, first, approximate, assumed)
    return Deadline(period_end(anchor, n, _UNITS[unit]), Precision.PERIOD, anchor, rough, assumed)


# 两三个月, 三五年: a rough count, of which the window takes the larger (and says it is approximate)
_ROUGH_COUNT = {"一两": 2, "两三": 3, "二三": 3, "三四": 4, "四五": 5, "三五": 5, "五六": 6, "六七": 7, "七八": 8,
                "八九": 9}


def _length(count: str, unit: str, half: bool) -> tuple[int, str, bool]:
    """(N, unit, approximate) of a window: 半年 is 6 months and 一年半 18 (deadlines.md), 两三个月 3 months."""
    if count == "半":
        return (6, "月", False) if unit == "年" else (0, unit, False)  # 半个月: no convention, so no window
    rough = _ROUGH_COUNT.get(count)
    n = rough if rough is not None else to_int(count)
    if half:
        return (12 * n + 6, "月", rough is not None) if unit == "年" else (0, unit, False)
    return n, unit, rough is not None


def _trading_then_months(m: re.Match[str], ctx: Context) -> Deadline | None:
    if not (_plausible(to_int(_g(m, "n") or ""), "交易日") and _plausible(to_int(_g(m, "count") or ""),
                                                                          _g(m, "unit") or "")):
        return None
    anchor, assumed = find_anchor(ctx, m.start())
    if anchor is None:
        return None
    # "N个交易日后的M个月内": the window opens on the trading day after the N-th one.
    start, approximate = add_trading_days(anchor, to_int(_g(m, "n") or "") + 1)
    count = to_int(_g(m, "count") or "")
    unit = _UNITS[_g(m, "unit") or ""]
    return Deadline(period_end(start, count, unit), Precision.PERIOD, start, approximate, assumed)


def _until(m: re.Match[str], ctx: Context) -> Deadline | None:
    """自…起至2025年9月16日: the window runs from the anchor to the stated day."""
    end = safe_date(_year(_g(m, "y"), ctx), to_int(_req(m, "m")), to_int(_req(m, "d")))
    if end is None:
        return None
    anchor, _approx = find_anchor(ctx, m.start())
    start = anchor
    if anchor is not None and "次一交易日" in ctx.view[max(0, m.start() - 40): m.start()]:
        start, _approx = add_trading_days(anchor, 1)
    return Deadline(end, Precision.DAY, start)


def _next_day(m: re.Match[str], ctx: Context) -> Deadline | None:
    """为次日: the day after the last day written before it in the same sentence."""
    lo = max(0, m.start() - 80)
    for mark in "。；;!?！？\n":
        lo = max(lo, ctx.view.rfind(mark, lo, m.start()) + 1)
    days = [d for d in _ANY_DATE.finditer(ctx.view, lo, m.start())]
    if not days:
        return None
    day = _date_from_match(days[-1], ctx, anchor=False)
    if day is None:
        return None
    after = day + dt.timedelta(days=1)
    return Deadline(after, Precision.DAY, after)


def _fuzzy(m: re.Match[str], ctx: Context) -> Deadline | None:
    return None


def _holiday(m: re.Match[str], ctx: Context) -> Deadline | None:
    """春节前, 年前, 元宵节前, 国庆前…: the day before the next such holiday on or after the reference date."""
    name = _req(m, "hol")
    for year in (ctx.ref.year, ctx.ref.year + 1):
        eve = holiday_first_day(name, year) - dt.timedelta(days=1)
        if eve >= ctx.ref:
            return Deadline(eve, Precision.DAY, None)
    return None


def _five_year_plan(m: re.Match[str], ctx: Context) -> Deadline | None:
    """十四五期间 → 2021-01-01..2025-12-31 (from the third plan on, plans run 1966 + 5k)."""
    n = 10 + to_int(_req(m, "n"))  # 十四五: the fourteenth
    first = 1966 + (n - 3) * 5
    start = dt.date(first, 1, 1) if "期间" in m.group(0) or "时期" in m.group(0) else None
    return Deadline(dt.date(first + 4, 12, 31), Precision.PERIOD, start)


def _fiscal_year_window(m: re.Match[str], ctx: Context) -> Deadline | None:
    """(上一个)会计年度结束后6个月内: counted from the first day after the fiscal year (the stated one, else the
    reference year's)."""
    year = _year(_g(m, "y"), ctx)
    start = dt.date(year + 1, 1, 1)
    return Deadline(period_end(start, to_int(_req(m, "n")), "month"), Precision.PERIOD, start)


def _month_range(m: re.Match[str], ctx: Context) -> Deadline | None:
    """6—7月, 2024年6-7月: from the first day of the earlier month to the last of the later one."""
    m1, m2 = to_int(_req(m, "m1")), to_int(_req(m, "m2"))
    if not (1 <= m1 < m2 <= 12):
        return None
    year = _year(_g(m, "y"), ctx) if _g(m, "y") else ctx.ref.year + (1 if m2 < ctx.ref.month else 0)
    return Deadline(month_end(year, m2), Precision.MONTH, dt.date(year, m1, 1))


def _quarter_range(m: re.Match[str], ctx: Context) -> Deadline | None:
    """前三季度, 前两个季度, 一至三季度, 2026年第四季度至2027年第一季度: from the first day of the first
    quarter named to the end of the last."""
    first, last = (1, to_int(_req(m, "n"))) if _g(m, "n") else (to_int(_req(m, "q1")), to_int(_req(m, "q2")))
    named = bool(_g(m, "y") or _g(m, "ry"))
    year = _year(_g(m, "y"), ctx, _g(m, "ry"), m.start())
    last_year = _year(_g(m, "y2"), ctx) if _g(m, "y2") else year
    if not (1 <= first <= 4 and 1 <= last <= 4 and (year, first) < (last_year, last)):
        return None
    if not named and not _g(m, "y2") and quarter_bounds(year, last)[1] < ctx.ref:
        year = last_year = year + 1  # already over, with no year: next year's, as a bare quarter is
    return Deadline(quarter_bounds(last_year, last)[1], Precision.QUARTER, quarter_bounds(year, first)[0])


# ---------------------------------------------------------------- anchors
_ANCHOR_OPEN = re.compile(r"(?:自|从|於|于|在)(?!于)")
_UNLOCK_KEYS = ("上市流通", "解除限售", "解禁")
_EVENT_WORDS = (
    ("股东大会", ("股东大会", "股东会")),
    ("股东会", ("股东大会", "股东会")),
    ("董事会", ("董事会",)),
    ("解除限售", _UNLOCK_KEYS),
    ("解禁", _UNLOCK_KEYS),
    ("上市流通", _UNLOCK_KEYS),
    ("收到", ("收到",)),  # 自收到本决定书之日起30日内: the day the filing says the order arrived
    ("上市", ("上市",)),  # 限售期自公司股票上市之日起36个月: the listing day the notice states
)
# the day of the document's own act, then 后: 协议日期后, 协议签署日后, 本公告披露日后
# (a later announcement's day, 回购结果暨股份变动公告日后, or an agreement still to come, 正式协议签署日后, is not)
_TODAYS_DAY_AFTER = re.compile(
    r"(?:本次?公告(?:披露)?|(?<!正式)(?<!补充)(?<!最终)协议(?:签署|签订)?)\s*(?:日期|之日|日)\s*后\s*$")
# 限售期满后, 锁定期届满后: the shares' unlock, which an unlock notice dates (上市流通日为X)
_LOCKUP_ENDS = re.compile(r"(?:限售|锁定)期(?:届)?满")
# the acts a filing dates by its own publication: 自本公告披露之日起, 自协议签署之日起, 自即日起
_TODAYS_ACT = re.compile(r"公告|披露|决定书|本函|通知|发布|签署|签订|本次|即日|今日|本日|协议|合同|审议|决议|批准|收到|"
                         r"本报告|本计划|计划|方案|回购|增持|减持|实施|完成")
# a shareholders' meeting is called weeks after the plan is announced: with no day for it in the text, a window
# counted from its approval has no first day yet (a board, by contrast, met on or just before the document's day)
_HELD_LATER = ("股东大会", "股东会")
_APPROVED_BY = re.compile(r"(股东大会|股东会|董事会)[^，,。；;]{0,20}?(?:审议通过|批准|通过)后$")
# acts of their own day, which the document does not give: a registration, a transfer, shares taken up
_UNDATED_ACT = re.compile(r"工商|登记手续|取得(?:本次)?(?:股份|股票)|过户|交割|交付")
_DISCLOSURE_DUTY = re.compile(r"\s*(?:内)?\s*(?:披露|公告|予以公告|通知|告知|报送)")
_DISCLOSED = re.compile(r"(披露|公告|发布|提出|告知|决议|决定|审议通过|召开[^，,。]{0,12}董事会)")
_VAGUE_WHEN = re.compile(rf"{YEAR}\s*年\s*{MONTH}\s*月(?!\s*{DAY}\s*[日号])[^，,。]{{0,24}}[时時]")


def find_anchor(ctx: Context, at: int) -> tuple[dt.date | None, bool]:
    """The first day of a window whose length starts at `at`; None if tied to a future event."""
    window_start = _clause_start(ctx.view, at)
    before = ctx.view[window_start:at]
    opener = None
    for found in _ANCHOR_OPEN.finditer(before):
        rest = before[found.end():]
        if re.search(r"(?:起|开始|之日|当日)", rest):
            opener = found
    if opener is None:
        tail = compact(before)[-8:]
        if "后" in tail and not re.search(r"交易日后|此后|今后|以后", tail):
            if _TODAYS_DAY_AFTER.search(before):  # 协议日期后4个月内, 本公告披露日后3个月内: from today's act
                return ctx.ref, False
            if _LOCKUP_ENDS.search(tail):  # 限售期满后12个月内 in an unlock notice: from the day it states
                day = _event_date(ctx, _UNLOCK_KEYS, at, past=False)
                if day is not None:
                    return day, False
            meeting = _APPROVED_BY.search(compact(before))
            if meeting is not None:  # 待股东大会审议通过后3个月, in a notice that says when the meeting was held
                return _event_date(ctx, dict(_EVENT_WORDS)[meeting.group(1)], at, past=True), False
            return None, False  # 股东会审议通过后12个月内, 受让后六个月内: the event has not happened yet
        if _VAGUE_WHEN.search(before):
            return None, False  # 在2023年8月…解禁时做出两年内…: no day to count from
        if _LOCKUP_ENDS.search(compact(before)[-10:]):  # 锁定期满两年内减持的: from the unlock day, if the text gives it
            return _event_date(ctx, _UNLOCK_KEYS, at, past=False), False
        return _implied_anchor(ctx, window_start, at)
    text = before[opener.end():].replace(" ", "").replace("\n", "")
    stated = _first_date(text, ctx, anchor=True)
    if stated is not None:
        return stated, False
    for word, keys in _EVENT_WORDS:
        if word in text:
            day = _event_date(ctx, keys, at, past=word in ("董事会", "股东大会", "股东会", "收到"))
            if day is None and word in _HELD_LATER:
                return None, False  # the plan goes to a meeting still to come: its window is not dated yet
            if day is None and word == "上市":
                return None, False  # a listing the text does not date: the company profile, not this text, knows it
            return (day or ctx.ref), day is None
    if not _TODAYS_ACT.search(text) or _UNDATED_ACT.search(text):
        return None, False  # 自首次办理…之日起, 自完成…工商变更登记手续之日起: an act of unknown date, no window
    return ctx.ref, False


_WRAPPED = re.compile(r"[^。；;!?！？:：\s]\s*$")  # a line that does not end its sentence: a PDF line wrap


def _clause_start(view: str, at: int, reach: int = 90) -> int:
    """Where the clause holding `at` begins: a sentence mark, or a line break that ends a sentence or a
    paragraph; a PDF's line wrap inside a sentence (回购期限为自公司\n股东大会审议通过…) does not."""
    start = at
    while start > 0 and at - start < reach:
        c = view[start - 1]
        if c in "。；;!?！？":
            break
        if c == "\n" and (start < 2 or view[start - 2] == "\n" or not _WRAPPED.search(view, max(0, start - 4),
                                                                                       start - 1)):
            break
        start -= 1
    return start


def _implied_anchor(ctx: Context, window_start: int, at: int) -> tuple[dt.date, bool]:
    """未来6个月内 after 'on 2017-09-19 the company disclosed…' counts from the disclosure."""
    sentence_start = window_start
    while sentence_start > 0 and ctx.view[sentence_start - 1] not in "。!?！？" and window_start - sentence_start < 300:
        sentence_start -= 1
    text = ctx.view[sentence_start:at]
    for m in _ANY_DATE.finditer(text):
        follow = text[m.end(): m.end() + 60]
        day = _date_from_match(m, ctx, anchor=True)
        if day is not None and day <= ctx.ref and _DISCLOSED.search(follow):
            return day, False
    return ctx.ref, True  # assumed: the document's own date


_ANY_DATE = re.compile(
    rf"(?=[0-9〇零一二两三四五六七八九十])(?:(?:(?P<y>{YEAR}){_}年{_})?(?P<m>{MONTH}){_}月{_}(?P<d>{DAY}){_}[日号]"
    rf"|(?P<iy>(?:19|20)\d{{2}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?!\d))"
)


def _date_from_match(m: re.Match[str], ctx: Context, anchor: bool) -> dt.date | None:
    if _g(m, "iy"):
        return safe_date(int(_req(m, "iy")), int(_req(m, "im")), int(_req(m, "id")))
    month, day = to_int(_req(m, "m")), to_int(_req(m, "d"))
    if _g(m, "y"):
        return safe_date(_year(_g(m, "y"), ctx), month, day)
    found = safe_date(ctx.ref.year, month, day)
    if found is not None and anchor and (found - ctx.ref).days > 183:
        found = safe_date(ctx.ref.year - 1, month, day)  # an anchor without a year: the nearest one
    return found


def _first_date(text: str, ctx: Context, anchor: bool) -> dt.date | None:
    m = _ANY_DATE.search(text)
    return _date_from_match(m, ctx, anchor) if m else None


_EVENT_REACH_BEFORE, _EVENT_REACH_AFTER = 6000, 2000
_PARAGRAPH_OR_SENTENCE = re.compile(r"\n\s*\n|[。；;]")
_ROW_END = re.compile(r"[ \t|│]*\n")  # a date that ends its line: a table's cell  # a section of a filing, not the whole of a long one


def _event_date(ctx: Context, keys: tuple[str, ...], at: int, past: bool) -> dt.date | None:
    """The day the text ties to the event (a board meeting, an unlock), nearest to `at`."""
    dates = ctx.dates()
    best: tuple[int, dt.date] | None = None
    for i in ctx.dates_near(at, _EVENT_REACH_BEFORE, _EVENT_REACH_AFTER):
        m = dates[i]
        lo = max(dates[i - 1].end() if i else 0, m.start() - 12)
        hi = min(dates[i + 1].start() if i + 1 < len(dates) else len(ctx.view), m.end() + 60)
        gap = _PARAGRAPH_OR_SENTENCE.search(ctx.view, m.end(), hi) or _ROW_END.match(ctx.view, m.end())
        hi = gap.start() if gap else hi  # 2024/7/10 ending one row, 待股东大会审议通过后 in the next: not its day
        near = ctx.view[lo:hi].replace(" ", "").replace("\n", "")
        if not any(key in near for key in keys):
            continue
        day = _date_from_match(m, ctx, anchor=True)
        if day is None or (past and day > ctx.ref):
            continue
        # the event is told before the window that counts from it (公司于X召开董事会…, 使用期限自董事会
        # 审议批准之日起12个月): a date before `at` beats a nearer one after it
        distance = at - m.start() if m.start() < at else len(ctx.view) + m.start() - at
        if best is None or distance < best[0]:
            best = (distance, day)
    return best[1] if best else None


# ---------------------------------------------------------------- patterns
def _n(needle: str) -> re.Pattern[str]:
    return re.compile(needle)


def _p(pattern: str) -> re.Pattern[str]:
    return compile_fast(pattern.replace("_", r"\s*").replace("⟨", "(?P<").replace("⟩", ">"))


_NO_DIGIT_BEFORE = r"(?<![\d.])"
_XUN_WORDS = "中下旬|上中旬|上旬|中旬|下旬"
PATTERNS: tuple[tuple[re.Pattern[str], re.Pattern[str], Handler], ...] = (
    # (the pattern, a cheap needle a window must contain before the pattern runs there, the handler)
    # 2024年8月6日至9月5日, 8月6日-8月26日, and within one month 8月6日至26日, 8月6 - 26日 (the second day needs 日)
    (_n(r"至|~|～|到|—|–|－|-"), _p(rf"{_NO_DIGIT_BEFORE}⟨y1⟩{YEAR})_年_⟨m1⟩{MONTH})_月_⟨d1⟩{DAY})_[日号]?_(?:{SEP}|-)_"
        rf"(?:⟨y2⟩{YEAR})_年_)?(?:⟨m2⟩{MONTH})_月_)?⟨d2⟩{DAY})_(?(m2)[日号]?|[日号])"), _date_range),
    (_n(r"至|~|～|到|—|–|－"), _p(rf"{_NO_DIGIT_BEFORE}⟨y1⟩(?:19|20)\d{{2}})[/.-]⟨m1⟩\d{{1,2}})[/.-]⟨d1⟩\d{{1,2}})_{SEP}_"
        rf"(?:⟨y2⟩(?:19|20)\d{{2}})[/.-])?⟨m2⟩\d{{1,2}})[/.-]⟨d2⟩\d{{1,2}})(?!\d)"), _date_range),
    (_n(r"至|~|～|到|—|–|－|-"), _p(rf"⟨y1⟩{YEAR})_年?_(?:-|—|–|~|～|至|到)_⟨y2⟩{YEAR})_年⟨part⟩(?:底|末)?)"), _year_range),
    (_n(r"至"), _p(rf"⟨until⟩至)_⟨y⟩{YEAR})_年_⟨m⟩{MONTH})_月_⟨d⟩{DAY})_[日号](?=_(?:,|，|止|期间|前|内))"), _until),
    (_n(r"[日号]"), _p(rf"(?:⟨pre⟩截至|截止|不晚于|不迟于|至)_)?{_NO_DIGIT_BEFORE}⟨y⟩{YEAR})_年_⟨m⟩{MONTH})_月_⟨d⟩{DAY})_[日号]{BY}"),
     _full_date),
    (_n(r"\d[-/.]\d"), _p(rf"(?:⟨pre⟩截至|截止|不晚于|不迟于)_)?{_NO_DIGIT_BEFORE}⟨y⟩(?:19|20)\d{{2}})⟨sep⟩[-/.])⟨m⟩\d{{1,2}})"
        rf"(?P=sep)⟨d⟩\d{{1,2}})(?![\d.])_(?:日)?{BY}"), _full_date),
    (_n(r"[日号]"), _p(rf"(?:⟨pre⟩截至|截止|不晚于|不迟于)_)?(?<![年\d.])⟨ry⟩{REL_YEAR})?_(?<![\d-])⟨m⟩{MONTH})_月_⟨d⟩{DAY})_[日号]{BY}"),
     _month_day),
    (_n(r"月"), _p(rf"(?:⟨y⟩{YEAR})_年|⟨ry⟩{REL_YEAR}))_(?<![\d-])⟨m⟩{MONTH})_月份?_⟨q⟩底|末|初|{_XUN_WORDS})?{BY}"), _year_month),
    (_n(r"月"), _p(rf"(?<![年\d.\-~])⟨m⟩{MONTH})_月份?_⟨q⟩底|末|初|{_XUN_WORDS})_(?:前|之前)?"), _year_month),
    (_n(r"月"), _p(rf"(?<![年\d.\-~])⟨m⟩{MONTH})_月份?(?!\s*[\d一二三四五六七八九十])⟨by⟩_(?:前|之前|以前))"), _year_month),
    # 预计9月完成, 10月份试生产: a bare month is the whole month (the next one of that name)
    (_n(r"月"), _p(rf"(?<![年\d.\-~个〇零一二两三四五六七八九十])⟨m⟩{MONTH})_月份?(?!\s*[\d一二三四五六七八九十])(?!_(?:以来|至今|初至今))"),
     _year_month),
    (_n(r"[QqHh][1-4]"), _p(rf"{_NO_DIGIT_BEFORE}⟨y⟩(?:19|20)\d{{2}})_⟨part⟩[Qq][1-4]|[Hh][12]){_CODE_AFTER}"), _year_part),
    (_n(r"年"), _p(rf"{_NO_DIGIT_BEFORE}⟨y⟩{YEAR})_年_⟨part⟩(?:年?(?:底|末|内|年底|年末|年内|度内|年度内))"
        rf"|年?度|全年|{HALF}|{QUARTER}末?)?{BY}"), _year_part),
    (_n(r"今年|本年|当年|明年|次年|来年|后年"), _p(rf"⟨ry⟩{REL_YEAR})_⟨part⟩(?:年?(?:底|末|内|度内))|年?度|全年|{HALF}|{QUARTER}末?)?{BY}"), _year_part),
    (_n(r"年内|年底|年末|本年度|半年|季度|[QqHh][1-4]"), _p(rf"(?<![年度\d])⟨part⟩(?:年内|年底|年末|本年度内|本年度|{HALF}|{QUARTER}末?)){BY}"), _bare_part),
    # 26年底, 26年上半年, 26年6月: a year written with two digits, when a part of it or a month follows
    (_n(r"年"), _p(rf"(?<![\d.])⟨yy⟩[1-4]\d)_年_(?:⟨part⟩年?底|年?末|{HALF}|{QUARTER}末?)|"
                 rf"(?<![\d-])⟨m⟩{MONTH})_月份?_⟨q⟩底|末|初|{_XUN_WORDS})?){BY}"), _short_year),
    (_n(r"本月|下个?月"), _p(rf"⟨which⟩本月|下个?月)_⟨q⟩底|末|初|{_XUN_WORDS})?(?:前)?"), _relative_month),
    # 月底前 with no month: this month's (not 6月底, 每月底, 上月末)
    (_n(r"月"), _p(r"(?<![\d〇零一二两三四五六七八九十个本下上每当同次该])月_⟨q⟩底|末)_(?:前|之前)?"), _this_month),
    (_n(r"季度"), _p(r"⟨which⟩本季度|下个?季度)⟨q⟩末)?"), _relative_quarter),
    (_n(r"交易"), _p(rf"(?:⟨pre⟩自|从)[^。；;]{{0,40}}?)?⟨n⟩{NUMBER})_个?_交易_日_(?:后|之后)_的?_"
        rf"⟨count⟩{NUMBER})_个?_⟨unit⟩月|年|日|天)_(?:内|之内|以内)?"), _trading_then_months),
    # only a window can be kept (_is_window): it opens with 未来 or a cap, follows 起, or ends with 内 — a bare
    # length (2025年, 3月) is not even matched, which spares the check most of the matches it would reject
    (_n(r"个|月|年|日|天|周|星期|内"), _p(rf"(?:(?=未来|今后|此后|不超过|不多于|最长不超过)|(?<=起)|(?<=后)|"
        rf"(?=_(?:{NUMBER}|半)_个?_(?:月|年|日|天|周|星期|交易日|工作日)半?_(?:内|之内|以内)))"
        rf"⟨fut⟩未来|今后|此后)?_⟨cap⟩不超过|不多于|最长不超过)?_⟨n⟩{NUMBER}|半)_个?_"
        rf"⟨unit⟩月|年|日|天|周|星期|交易日|工作日)⟨half⟩半)?_⟨within⟩内|之内|以内)?"), _duration),
    (_n(r"节|年前|元旦|五一|国庆"), _p(r"(?<![\d一二两三四五六七八九十去明今前几多])⟨hol⟩春节|年|元宵节?|国庆节?|中秋节?|元旦|五一|劳动节)_(?:前|之前|以前)(?!\s*[\d一二三四五六七八九十])"), _holiday),
    (_n(r"五"), _p(r"[“\"]?十⟨n⟩[一二三四五六七八九])五[”\"]?_(?:期间|时期|规划期|末)"), _five_year_plan),
    (_n(r"年度结束"), _p(rf"(?:⟨y⟩{YEAR})_年)?(?:上一个?)?_(?:会计)?年度结束(?:之日)?_(?:后|起)_的?_⟨n⟩{NUMBER})_个?_月_(?:内|之内|以内)"), _fiscal_year_window),
    (_n(r"季度"), _p(rf"(?:⟨y⟩{YEAR})_年_(?:度_)?|⟨ry⟩{REL_YEAR})_)?(?:前_⟨n⟩[一二两三1-3])_个?_季度|"
                     rf"第?⟨q1⟩[一二三四1-4])_(?:季度_)?(?:至|到|—|-|–|~|～)_(?:⟨y2⟩{YEAR})_年_(?:度_)?)?第?⟨q2⟩[一二三四1-4])_季度)"),
     _quarter_range),
    (_n(r"月"), _p(rf"(?:⟨y⟩{YEAR})_年_)?(?<![\d年])⟨m1⟩{MONTH})_(?:—|-|–|至|到|~|～)_⟨m2⟩{MONTH})_月(?!\s*[\d一二三四五六七八九十]+\s*[日号])"), _month_range),
    # 股权登记日为2024年7月18日，除权除息日为次日: the day after the one the sentence just named
    (_n(r"次日"), _p(r"(?<=为)_次日(?![起后])"), _next_day),
    (_n(r"近期|尽快|适时|择机|短期内|中长期|逐步推进|合适|适当时|后续|未来"), _p(r"近期|尽快|适时|择机|短期内|中长期|逐步推进|在合适的时机|适当时[机候]|后续|未来"), _fuzzy),
)


_SINCE = re.compile(r"\s*(?:以来|初至今|至今|前|春节|元旦|国庆|左右|前后|初)")
# 2024年第三次临时股东大会, 2019年限制性股票激励计划, 2024年年度报告: a name, not a time
_YEAR_AS_NAME = re.compile(
    r"\s*(?:第[一二三四五六七八九十\d]+次|(?:年?度)?(?:股东|报告|权益|利润|分红|业绩|董事会|监事会|第[一二三四]季度报告)|限制性|股票期权|"
    r"员工持股|激励|向特定|向不特定|公司债|可转换|非公开|[A-Za-z]|"
    # 2025年及2026年的薪酬方案, 2026年的预算: years that name a period's pay, budget or plan
    r"(?:及|和|、|至)\s*(?:19|20)\d{2}\s*年|的?\s*(?:薪酬|预算|经营计划|考核|审计))"
)


# 今年年中, 2026年年中, 明年年初, 2027年初 (not 2026年中国…): the start or middle of a year, which no convention dates
_MID_YEAR = re.compile(r"\s*年?(?:中(?![国华央外资方心期旬])|初)")
# 2025年度(网上)业绩说明会, 2025年度权益分派: a fiscal year naming a meeting or report held later
_FISCAL_YEARS_EVENT = re.compile(r"[^，,。；;!?]{0,16}?(?:说明会|股东大会|股东会|报告|权益分派|利润分配|分红|审计)")


# Where a time expression can be: the patterns run only in windows around these, which keeps a
# 10 KB filing to a few short scans instead of twenty passes over the whole text.
_TRIGGER = re.compile(
    r"(?=[0-9〇零一二两三四五六七八九十今明本下后次来当年季半旬QqHh近尽适择短中逐合未春元国劳月])(?:"
    r"[0-9〇零一二两三四五六七八九十]\s*(?:年|月|个|日|天|周|季|交易日|工作日|号|[-/.]\s*[0-9])|"
    r"[今明本下后次来当]\s*(?:年|个?月|个?季|半年)|年内|年底|年末|季度|半年|旬|[QqHh][1-4]|"
    r"近期|尽快|适时|择机|短期内|中长期|逐步推进|合适的时机|适当时|后续|未来|"
    r"春节|元宵|国庆|中秋|元旦|五一|劳动节|年前|十[一二三四五六七八九]五|月底|月末|次日)"
)
_BEFORE, _AFTER = 48, 24


def time_words(view: str) -> list[tuple[int, int]]:
    """(start, end) of each place a time expression may start: the sentences worth reading hold these,
    and the date patterns run only in windows around them. Found once per text."""
    return [m.span() for m in _TRIGGER.finditer(view)]


def _windows(view: str, spans: list[tuple[int, int]] | None,
             triggers: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    triggers = time_words(view) if triggers is None else triggers
    starts = [start for start, _end in triggers]
    windows: list[tuple[int, int]] = []
    for span_lo, span_hi in spans if spans is not None else [(0, len(view))]:
        i = bisect.bisect_left(starts, span_lo)
        for start, end in triggers[i:bisect.bisect_left(starts, span_hi)]:
            if end > span_hi:
                continue  # runs out of the sentence: the words that make it a time are not in it
            lo, hi = max(span_lo, start - _BEFORE), min(span_hi, end + _AFTER)
            if windows and lo <= windows[-1][1] + _AFTER:  # close windows scan better as one
                windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
            else:
                windows.append((lo, hi))
    return windows


def _in_title(view: str, start: int) -> bool:
    """《2025-2027年发展规划》, 《关于2025年…的公告》: a time inside a document's title is part of its name."""
    opened = view.rfind("《", max(0, start - 60), start)
    return opened >= 0 and "》" not in view[opened:start] and "》" in view[start:start + 80]


# 2025年一季度、半年度、三季度财务报表: periods that name accounts, not times
_NAMES_ACCOUNTS = re.compile(
    r"(?:\s*(?:、|及|和|与|,)?\s*(?:(?:19|20)\d{2}\s*年)?\s*(?:度|第?[一二三四1-4]季度|半年度|年度|前三季度))*"
    r"\s*的?\s*(?:财务报表|财务报告|财务数据|定期报告|季度报告|季报|半年报|年报)"
)
# 使用期限不超过董事会批准之日起12个月: the cap stands before the anchor it counts from
_CAP_BEFORE_ANCHOR = re.compile(r"(?:不超过|不得超过|最长)[^，,。；;]{0,24}?(?:之日|当日)?起\s*$")
# 本次公告之前十二个月内, 过去6个月内: a look back
_LOOK_BACK = re.compile(r"(?:之前|此前|以前|过去|最近|前)\s*$")
# 任意连续90日内, 连续12个月内累计: any N consecutive days, a rolling window rather than one counted from a day
_ROLLING = re.compile(r"(?:任意|任何)?连续\s*$")
# the sale rules' caps (集中竞价90日内减持不超过1%, 大宗交易…2%) roll by regulation, even where a digest drops 任意连续
_SALE_RULE_CAP = re.compile(r"[^。；;\n]{0,16}?减持[^。；;\n]{0,24}?(?<![\d.])[12一二]\s*[%％]")


def _rolling(m: re.Match[str], view: str) -> bool:
    if _ROLLING.search(view, max(0, m.start() - 6), m.start()):
        return True
    days = _g(m, "n") or ""
    return days in ("90", "九十") and bool(_SALE_RULE_CAP.match(view, m.end()))


_GLUED_BEFORE = re.compile(r"[A-Za-z0-9.]")
_INVALID_REST = re.compile(r"\s*\d{1,4}\s*[月日号]")


def _keep(m: re.Match[str], handler: Handler, view: str) -> bool:
    """Cheap checks that need no resolving: a bare length, a year that names something.

    The checks that reject most matches (a year read as a length, 2025年) come first."""
    if m.end() == m.start():
        return False
    if m.start() and _GLUED_BEFORE.match(view, m.start() - 1) and view[m.start()].isdigit():
        return False  # 1e9个月内, v2.6月: the number is part of a longer token, not a count or a month
    if _INVALID_REST.match(view, m.end()):
        return False  # 2025年99月, 今年13月底, 6月99日: a longer date no valid pattern took; never a shorter one
    if handler is _duration and not _is_window(m, view):
        return False  # a bare "6个月" is a length, not a time expression
    if handler is _year_part and not (_g(m, "part") or _g(m, "by") or _g(m, "y") or _g(m, "ry")):
        return False
    if handler is _year_part and not _g(m, "part") and _MID_YEAR.match(view, m.end()):
        return False  # 今年年中, 明年年初: no convention dates the start or middle of a year, so no deadline
    if _in_title(view, m.start()):
        return False
    if handler in (_year_part, _bare_part, _quarter_range) and _NAMES_ACCOUNTS.match(view, m.end()):
        return False
    if handler is _duration and _LOOK_BACK.search(view, max(0, m.start() - 4), m.start()):
        return False
    if handler is _duration and _rolling(m, view):
        return False
    if _g(m, "ry") and not _g(m, "part") and _SINCE.match(view, m.end()):
        return False  # 今年以来, 明年春节左右: looking back, or no usable day
    part = (_g(m, "part") or "").strip()
    named = handler is _bare_part or (handler is _year_part and _g(m, "y"))
    if named and part.endswith("度") and _FISCAL_YEARS_EVENT.match(view, m.end()):
        return False  # 2025年度网上业绩说明会, 2025年度暨2026年一季度业绩说明会: a fiscal year's meeting or report
    return not (named and part in ("", "度", "年度", "半年度", "本年度")
                and _YEAR_AS_NAME.match(view, m.end()))  # 2024年年度股东大会, 2025年半年度报告: names


def _grouped() -> list[tuple[re.Pattern[str], list[tuple[int, re.Pattern[str], Handler]]]]:
    """PATTERNS by needle (月 alone guards five): each needle is looked for once per window."""
    groups: dict[str, tuple[re.Pattern[str], list[tuple[int, re.Pattern[str], Handler]]]] = {}
    for index, (needle, pattern, handler) in enumerate(PATTERNS):
        groups.setdefault(needle.pattern, (needle, []))[1].append((index, pattern, handler))
    return list(groups.values())


_GROUPS = _grouped()
Candidate = tuple[int, int, int, re.Match[str], Handler]  # start, end, the pattern's rank, the match, its handler


def _matches(view: str, spans: list[tuple[int, int]] | None,
             triggers: list[tuple[int, int]] | None) -> list[Candidate]:
    found: list[Candidate] = []
    windows = _windows(view, spans, triggers)
    for needle, members in _GROUPS:
        for lo, hi in windows:
            if needle.search(view, lo, hi) is None:
                continue
            for index, pattern, handler in members:
                for m in pattern.finditer(view, lo, hi):
                    if not _keep(m, handler, view):
                        continue
                    start, end = m.span()
                    while start < end and view[start].isspace():
                        start += 1
                    while end > start and view[end - 1].isspace():
                        end -= 1
                    found.append((start, end, index, m, handler))
    return found


def _resolve(m: re.Match[str], handler: Handler, ctx: Context) -> Deadline | None:
    try:
        return handler(m, ctx)
    except (ValueError, OverflowError, KeyError):
        return None


def find_deadlines(text: str, ref: dt.date, view: str | None = None, spans: list[tuple[int, int]] | None = None,
                   triggers: list[tuple[int, int]] | None = None) -> list[DeadlinePhrase]:
    """Every time expression in `text` (or in its `spans`), non-overlapping, in order, resolved
    against `ref`. Anchors are still looked up in the whole text. `triggers` are the view's time_words,
    when the caller has them already."""
    view = normalize(text) if view is None else view
    ctx = Context(view, ref)
    chosen: list[tuple[int, int, re.Match[str], Handler]] = []
    taken = bytearray(len(view))
    seen: set[tuple[int, int]] = set()
    # the longest first; on a tie the earlier start, then the pattern listed first
    for start, end, _rank, m, handler in sorted(_matches(view, spans, triggers), key=lambda c: (c[0] - c[1], c[0], c[2])):
        if (start, end) in seen or any(taken[start:end]):
            continue
        seen.add((start, end))
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, m, handler))
    chosen.sort(key=lambda c: c[0])
    phrases: list[DeadlinePhrase] = []
    for i, (start, end, m, handler) in enumerate(chosen):
        is_range = handler in _WINDOWS
        # a start is an anchor only for a window told after it (自8月6日起6个月内), not for any later date
        following = chosen[i + 1][0] if i + 1 < len(chosen) and chosen[i + 1][3] in _WINDOWS else None
        resolved = _resolve(m, handler, ctx)
        anchor = _is_anchor(view, start, end, is_range, following) or _next_day_of(view, phrases, start, end, resolved)
        phrases.append(DeadlinePhrase(start, end, text[start:end], resolved, is_range, anchor))
    return phrases


def _next_day_of(view: str, before: list[DeadlinePhrase], start: int, end: int, resolved: Deadline | None) -> bool:
    """最后交易日为11月12日，自11月13日起停止交易: a day that opens what the day before it in the sentence
    closed is one boundary told twice; the labelled day is the one kept."""
    if not before or resolved is None or resolved.precision is not Precision.DAY:
        return False
    last = before[-1].resolved
    return (last is not None and last.precision is Precision.DAY and last.deadline + dt.timedelta(days=1)
            == resolved.deadline and _SENTENCE_MARK.search(view, before[-1].end, start) is None
            and (_OPENS_AFTER.match(view, end) is not None or _OPENS_BEFORE.search(view[max(0, start - 3):start]) is not None))


_WINDOWS = (_date_range, _year_range, _until, _duration, _trading_then_months)
_OPENS_AFTER = re.compile(r"\s*(?:起|开始|之日起|当日起|以来)")
_OPENS_BEFORE = re.compile(r"(?:自|从)\s*$")
_COUNTS_FROM = re.compile(r"\s*(?:起算|起计算|开始计算|以来)")  # 11月27日起算, 今年以来: always a start
_SENTENCE_MARK = re.compile(r"[。！？!?；;]")


def _is_anchor(view: str, start: int, end: int, is_range: bool, following: int | None) -> bool:
    """Does the phrase open a window told after it (自8月6日起6个月内, 从2月5日起开始,并拟于12个月内)?

    A day or period that opens something with no window after it in the sentence is when that thing
    happens: 调整后的转股价格自2026年6月8日起生效, 明年一季度开始批量供货."""
    if is_range:
        return False
    opens = bool(_OPENS_AFTER.match(view, end)) or bool(_OPENS_BEFORE.search(view[max(0, start - 3):start]))
    if not opens or _COUNTS_FROM.match(view, end):
        return opens
    return following is not None and _SENTENCE_MARK.search(view, end, following) is None


# 12个月内, 未来三个月: a count of months or years and nothing else
_COUNTED_WINDOW = re.compile(rf"^(?:未来|今后)?\s*{NUMBER}\s*个?\s*(?:月|年)\s*(?:内|之内|以内)?$")


def from_next_day(phrase: DeadlinePhrase, decided: dt.date) -> Deadline | None:
    """A convertible bond board's 'not for N months' counts from the day after its decision.

    The notices that spell such windows out all start on the next (trading) day (自本次董事会审议通过
    次一交易日起…, 即2025年7月21日至…); a bare 12个月内 after the decision day is read the same way."""
    found = phrase.resolved
    if (found is None or found.precision is not Precision.PERIOD or found.start is None or found.start > decided
            or not _COUNTED_WINDOW.match(phrase.text.strip())):
        return found
    one = dt.timedelta(days=1)
    return Deadline(found.deadline + one, found.precision, found.start + one, found.approximate, found.anchor_assumed)


def resolve_phrase(phrase: str, ref: dt.date) -> Deadline | None:
    """The deadline one phrase (or one sentence) states; None where it gives none."""
    if english.looks_english(phrase):
        return english.resolve(phrase, ref)
    found = [p for p in find_deadlines(phrase, ref) if p.resolved is not None and not p.is_anchor]
    if not found:
        return None
    if len(found) == 1:
        return found[0].resolved
    view = normalize(phrase)
    moved = [p for p in found if _MOVED_TO.search(view, max(0, p.start - 6), p.start)]
    if moved:  # 由2025年7月1日调整至2026年7月: the new date is the deadline
        return moved[-1].resolved
    # a day already here (收到问询函 on the reference date) opens what follows: 要求在30日内回复
    future = [p for p in found if p.resolved and p.resolved.deadline > ref] or \
        [p for p in found if p.resolved and p.resolved.deadline >= ref]
    best = future[0] if future else found[-1]
    return best.resolved


_MOVED_TO = re.compile(r"(?:延期|推迟|延后|顺延|调整|变更|调|改)(?:至|到|为)\s*$")
