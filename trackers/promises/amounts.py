"""Money and share amounts as filings write them: 7,500万元, 1.5亿元, 149,999,518.00元, 233.345萬股."""
from __future__ import annotations

import re
from collections.abc import Callable

from trackers.text.normalize import compact

UNIT_VALUE = {"": 1, "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
NUM = r"(\d[\d,]*(?:\.\d+)?)"


_MONEY_FLOOR = re.compile(rf"不低于\s*(?:人民币)?\s*{NUM}\s*([万萬亿億]?)\s*元")
_MONEY_RANGE = re.compile(
    rf"{NUM}\s*([万萬亿億]?)\s*元?\s*(?:~|～|至|-|—|–|到)\s*(?:人民币)?\s*{NUM}\s*([万萬亿億]?)\s*元"
)
_SHARE_FLOOR = re.compile(rf"(?:数量|數量)?不低于\s*{NUM}\s*([万萬]?)\s*股")
_PERCENT_FLOOR = re.compile(r"不低于[^，,。;；]{0,40}?(\d+(?:\.\d+)?)\s*%")

_MONEY_DONE = re.compile(
    r"(?:实际回购金额|使用资金总额|成交总金额|支付的?总金额|(?:累计|合计|共)?支付(?:的)?(?:资金|金额)(?:总额)?|"
    r"(?:累计|合计)?(?:增持|回购|减持)(?:总)?金额(?:合计)?|资金总额)[^\d，,。;；]{0,12}"
    + NUM + r"\s*([万萬亿億]?)\s*元"
)
_SHARES_DONE = re.compile(
    r"(?:累计|实际|合计|共)\s*(?:已)?\s*(?:回购|增持|减持)(?:公司)?(?:股份|股票|A股)?(?:数量)?[^\d，,。;；]{0,6}"
    + NUM + r"\s*([万萬]?)\s*股"
)
_PERCENT_DONE = re.compile(r"(?:占比约?|占公司(?:目前)?总股本(?:的)?(?:比例)?(?:为|约)?)\s*(\d+(?:\.\d+)?)\s*%")


def value_of(number: str, unit: str | None) -> float:
    """'7,500' and '万' → 75,000,000.0 yuan (or shares)."""
    return float(number.replace(",", "")) * UNIT_VALUE.get(unit or "", 1)


def money_floor(quote: str) -> float | None:
    """The smallest amount a plan commits to spend, in yuan (不低于X元, or X元~Y元)."""
    flat = compact(quote)
    if m := _MONEY_FLOOR.search(flat):
        return value_of(m.group(1), m.group(2))
    if m := _MONEY_RANGE.search(flat):
        unit = m.group(2) or m.group(4)
        return value_of(m.group(1), unit)
    return None


def share_floor(quote: str) -> float | None:
    m = _SHARE_FLOOR.search(compact(quote))
    return value_of(m.group(1), m.group(2)) if m else None


def percent_floor(quote: str) -> float | None:
    m = _PERCENT_FLOOR.search(compact(quote))
    return float(m.group(1)) if m else None


_PROMISE_WORDS = re.compile(r"不低于|不超过|不高于|上限|下限|预计|拟|计划|区间|~|～|至")


def _largest(pattern: re.Pattern[str], text: str, value: Callable[[re.Match[str]], float],
             promised: Callable[[re.Match[str], str], bool] = lambda _m, _t: False) -> tuple[float, str] | None:
    """The largest amount `pattern` finds stated as a fact, with the words that state it."""
    best: tuple[float, str] | None = None
    flat = compact(text)
    for m in pattern.finditer(flat):
        if promised(m, flat):
            continue
        amount = value(m)
        if best is None or amount > best[0]:
            best = (amount, m.group(0))
    return best


def _restates_a_promise(m: re.Match[str], text: str) -> bool:
    """增持金额不低于2000万元 restates a promise; only amounts stated as facts count."""
    return bool(_PROMISE_WORDS.search(m.group(0)) or _PROMISE_WORDS.match(text, m.end()))


def money_done(text: str) -> tuple[float, str] | None:
    """The largest amount a filing reports as spent."""
    return _largest(_MONEY_DONE, text, lambda m: value_of(m.group(1), m.group(2)), _restates_a_promise)


def money_spent(flat: str, text: str) -> tuple[float, str] | None:
    """Spent, in words (累计增持金额2,143.50万元, read in `flat`) or in a flattened table row (read in `text`,
    whose spaces part the columns)."""
    return money_done(flat) or money_in_row(text)


_ROW_NUMBER = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?(?![\d.])")
_MAX_ROW_NUMBERS = 16


def money_in_row(text: str) -> tuple[float, str] | None:
    """A trade's amount told by a table row without its header (环路公司 竞价 4,992,202 4.294 2,143.50 1%, as a
    PDF flattens it; `text` keeps its spaces, which part the columns): the number that equals shares × price.

    Whatever order the flattened columns come in, shares (a whole number) times the average price (a decimal
    between 0.1 and 5,000 yuan) is the amount, in yuan, 万元 or 亿元; a product that matches within 0.5% picks
    the amount's column out of the row without reading the header."""
    numbers = [m.group(0) for m in _ROW_NUMBER.finditer(text)]
    if not 3 <= len(numbers) <= _MAX_ROW_NUMBERS:
        return None
    values = [float(n.replace(",", "")) for n in numbers]
    for i, shares in enumerate(values):
        if shares < 100 or "." in numbers[i]:
            continue
        for j, price in enumerate(values):
            if j == i or "." not in numbers[j] or not 0.1 <= price <= 5000:
                continue
            for k, amount in enumerate(values):
                if k in (i, j) or amount <= 0:
                    continue
                for unit in (1, 10_000, 100_000_000):
                    if abs(shares * price - amount * unit) <= 0.005 * shares * price:
                        return amount * unit, f"{numbers[i]}股 × {numbers[j]}元/股 = {numbers[k]}"
    return None


def shares_done(text: str) -> tuple[float, str] | None:
    return _largest(_SHARES_DONE, text, lambda m: value_of(m.group(1), m.group(2)),
                    lambda m, _t: bool(_PROMISE_WORDS.search(m.group(0))))


def percent_done(text: str) -> tuple[float, str] | None:
    return _largest(_PERCENT_DONE, text, lambda m: float(m.group(1)))
