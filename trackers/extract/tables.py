"""Promises written as tables or parallel lists: one commitment per row (or per listed item).

Two shapes recur in A-share announcements:

- **Profit commitments** (业绩承诺): a table 年度 | 承诺净利润（万元）, or a sentence 2026年度、2027年度、2028年度
  …净利润分别不低于8,000万元、9,500万元、11,000万元. Each year is a target of its own, due at the end of
  that fiscal year, with its own floor.
- **Share plans per holder** (减持/增持计划): a table 股东名称 | 计划减持数量 | 减持方式 | 减持期间; each row
  is the plan of one holder, with its cap and window.

Rows are cells separated by tabs (DOCX, HTML), | or │ (Markdown, text renderings); the header row names the
columns. Pure: text and the document's date in, drafts out. Quotes are verbatim rows or the listing sentence.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from trackers.domain import CommitmentDraft, Kind, Precision, Terms
from trackers.extract.deadlines import find_deadlines
from trackers.promises import headline, type_named
from trackers.promises.amounts import NUM, UNIT_VALUE

_CELL_SEP = re.compile(r"[\t|│]")  # a class: the engine scans for it in C
_RULE = re.compile(r"[-:\s|│]+")
_RULE_OR_BLANK = re.compile(r"[-:\s|│]*")
_YEAR_CELL = re.compile(r"^\s*((?:19|20)\d{2})\s*年?\s*(?:度|年度)?\s*$")
_UNIT = re.compile(r"(亿|万)?\s*元")
_NUMBER = re.compile(NUM)
_PROFIT_HEADER = re.compile(r"承诺|净利润|利润")  # not 业绩 alone: an IR record's header names 业绩说明会
_PLAN_HEADER = re.compile(r"(减持|增持)")
_HOLDER = re.compile(r"股东|名称|姓名|增持主体|减持主体")
_QUANTITY = re.compile(r"数量|股数")
_RATIO = re.compile(r"比例")
_PERIOD = re.compile(r"期间|时间|期限|区间")
# a parallel list: 2026年度、2027年度、2028年度…分别不低于8,000万元、9,500万元、11,000万元
_YEARS_LISTED = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?(?:\s*[、和及与]\s*((?:19|20)\d{2})\s*年(?:度)?)+")
_ACHIEVED = re.compile(r"实际(?:完成|实现)|已完成|实现了|完成了")
_AMOUNTS_LISTED = re.compile(r"分别(?:不低于|不少于|为|达到)\s*(?:人民币)?\s*([\d,.\s万亿元、和及与]+)")


@dataclass(frozen=True, slots=True)
class _Row:
    start: int
    end: int
    cells: list[str]


def table_drafts(text: str, view: str, doc_date: dt.date) -> list[CommitmentDraft]:
    """The commitments stated as table rows or parallel lists in `text` (`view` is its normalised twin)."""
    drafts: list[CommitmentDraft] = []
    if "分别" in view:
        drafts += _listed_profits(text, view, doc_date)
    if "\t" in view or "|" in view or "│" in view:
        for header, rows in _tables(view):
            drafts += _table(text, header, rows, doc_date)
    return drafts


def _tables(view: str) -> list[tuple[list[str], list[_Row]]]:
    """Runs of consecutive lines with at least two cells: (header cells, data rows)."""
    found: list[tuple[list[str], list[_Row]]] = []
    run: list[_Row] = []
    last_end = -1
    for start, end in _separated_lines(view):
        if run and start > last_end + 1 and _breaks_run(view[last_end + 1:start - 1]):
            found += _closed(run)
            run = []
        line = view[start:end]
        cells = [c for c in (c.strip() for c in _CELL_SEP.split(line)) if c]
        if len(cells) >= 2 and not _RULE.fullmatch(line):
            run.append(_Row(start, end, cells))
        elif not _RULE_OR_BLANK.fullmatch(line):  # a Markdown rule (|---|---|) continues the table
            found += _closed(run)
            run = []
        last_end = end
    return found + _closed(run)


def _separated_lines(view: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line holding a cell separator: a filing is mostly prose, so only these are read."""
    after = 0
    for m in _CELL_SEP.finditer(view):
        if m.start() < after:
            continue  # another separator of a line already given
        start = view.rfind("\n", 0, m.start()) + 1
        end = view.find("\n", m.start())
        end = len(view) if end < 0 else end
        yield start, end
        after = end + 1


def _breaks_run(lines: str) -> bool:
    """Do the lines between two table lines end the table? A blank line or a line of text does; a rule
    of dashes or spaces (a text rendering's border) does not."""
    return not _RULE_OR_BLANK.fullmatch(lines) or any(not line for line in lines.split("\n"))


def _closed(run: list[_Row]) -> list[tuple[list[str], list[_Row]]]:
    return [(run[0].cells, run[1:])] if len(run) >= 2 else []


def _table(text: str, header: list[str], rows: list[_Row], doc_date: dt.date) -> list[CommitmentDraft]:
    heading = " ".join(header)
    plan = _PLAN_HEADER.search(heading)
    if plan:
        return [d for row in rows if (d := _plan_row(text, header, row, plan.group(1), doc_date)) is not None]
    if _PROFIT_HEADER.search(heading):
        return [d for row in rows if (d := _profit_row(text, header, row, doc_date)) is not None]
    return []


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, name in enumerate(header) if pattern.search(name)), None)


def _profit_row(text: str, header: list[str], row: _Row, doc_date: dt.date) -> CommitmentDraft | None:
    year_at = next((i for i, c in enumerate(row.cells) if _YEAR_CELL.match(c)), None)
    money_at = next((i for i, name in enumerate(header) if _PROFIT_HEADER.search(name) and i != year_at), None)
    if year_at is None or money_at is None or money_at >= len(row.cells):
        return None
    number = _NUMBER.search(row.cells[money_at])
    if number is None:
        return None
    unit = _UNIT.search(header[money_at]) or _UNIT.search(row.cells[money_at])
    floor = float(number.group(1).replace(",", "")) * UNIT_VALUE.get((unit.group(1) or "") if unit else "", 1)
    year = int(_YEAR_CELL.match(row.cells[year_at]).group(1))  # type: ignore[union-attr]
    return _draft(text, row.start, row.end, "profit_commitment", dt.date(year, 1, 1), dt.date(year, 12, 31),
                  Terms(amount_floor=floor, window_start=dt.date(year, 1, 1), window_end=dt.date(year, 12, 31)),
                  doc_date, Precision.YEAR)


def _plan_row(text: str, header: list[str], row: _Row, verb: str, doc_date: dt.date) -> CommitmentDraft | None:
    period_at = _column(header, _PERIOD)
    if period_at is None or period_at >= len(row.cells):
        return None
    window = [p.resolved for p in find_deadlines(row.cells[period_at], doc_date) if p.resolved is not None]
    if not window or window[-1].deadline < doc_date:
        return None
    end, start = window[-1].deadline, window[-1].start or window[0].start
    holder_at, quantity_at, ratio_at = _column(header, _HOLDER), _column(header, _QUANTITY), _column(header, _RATIO)
    shares = _cell_value(row.cells, quantity_at, header)
    ratio = _cell_value(row.cells, ratio_at, header)
    actor = row.cells[holder_at] if holder_at is not None and holder_at < len(row.cells) else None
    terms = Terms(share_cap=shares, ratio_cap=ratio, window_start=start, window_end=end, actor=actor)
    name = "share_sale" if verb == "减持" else "share_purchase"
    return _draft(text, row.start, row.end, name, start, end, terms, doc_date, Precision.PERIOD)


def _cell_value(cells: list[str], at: int | None, header: list[str]) -> float | None:
    """The figure in a column (不超过1,200,000 → 1200000; 120万 or a 万股 header → 1200000; 1.5% → 1.5)."""
    if at is None or at >= len(cells):
        return None
    number = _NUMBER.search(cells[at])
    if number is None:
        return None
    unit = "万" if "万" in cells[at] or "万" in header[at] else ""
    return float(number.group(1).replace(",", "")) * (1 if "%" in cells[at] else UNIT_VALUE[unit])


def _listed_profits(text: str, view: str, doc_date: dt.date) -> list[CommitmentDraft]:
    """2026年度、2027年度、2028年度…净利润分别不低于8,000万元、9,500万元、11,000万元: one target per year."""
    drafts: list[CommitmentDraft] = []
    for amounts in _AMOUNTS_LISTED.finditer(view):
        start = max(view.rfind("。", 0, amounts.start()), view.rfind("\n", 0, amounts.start())) + 1
        end = min((i for i in (view.find("。", amounts.end()), view.find("\n", amounts.end())) if i >= 0),
                  default=len(view))
        sentence = view[start:end]
        years_m = _YEARS_LISTED.search(sentence)
        if years_m is None or not _PROFIT_HEADER.search(sentence) or _ACHIEVED.search(sentence):
            continue  # (实际完成…净利润分别为…: what the years earned, not what was promised)
        years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", years_m.group(0))]
        figures = _figures(amounts.group(1))
        if len(years) != len(figures):
            continue
        quote_end = end + 1 if end < len(view) and view[end] == "。" else end
        for year, floor in zip(years, figures, strict=True):
            drafts.append(_draft(text, start, quote_end, "profit_commitment", dt.date(year, 1, 1),
                                 dt.date(year, 12, 31), Terms(amount_floor=floor, window_start=dt.date(year, 1, 1),
                                                              window_end=dt.date(year, 12, 31)),
                                 doc_date, Precision.YEAR))
    return drafts


def _figures(listing: str) -> list[float]:
    """8,000万元、9,500万元、11,000万元 → yuan; a unit written once at the end serves every figure."""
    parts = [p.strip() for p in re.split(r"[、和及与]", listing) if p.strip()]
    last_unit = next((m.group(1) or "" for p in reversed(parts) if (m := _UNIT.search(p))), "")
    out = []
    for part in parts:
        number = _NUMBER.search(part)
        if number is None:
            return []
        unit = _UNIT.search(part)
        size = UNIT_VALUE.get((unit.group(1) or "") if unit else last_unit, 1)
        out.append(float(number.group(1).replace(",", "")) * size)
    return out


def _draft(text: str, start: int, end: int, type_name: str, first: dt.date | None, last: dt.date, terms: Terms,
           doc_date: dt.date, precision: Precision) -> CommitmentDraft:
    while start < end and (text[start].isspace() or text[start] in "|│\t"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "|│\t"):
        end -= 1
    promise = type_named(type_name)
    quote = text[start:end]
    return CommitmentDraft(
        quote=quote, start=start, end=end, kind=promise.kind or Kind.TARGET,
        subject=headline(promise, terms, quote[:40]), keywords=(), deadline=last,
        deadline_text=f"{last.year}年度" if type_name == "profit_commitment" else quote[:40],
        precision=precision, deadline_start=first, reference_date=doc_date, confidence=0.8,
        type=type_name, terms=terms,
    )
