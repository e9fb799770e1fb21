"""The commitments table of an annual or semi-annual report (承诺事项履行情况): every formal promise the company,
its controlling shareholder, actual controller, directors and acquirers made and that was open in the period,
one row each — and beside each, the company's own word on how it went.

The layouts: SZSE 承诺事由 | 承诺方 | 承诺类型 | 承诺内容 | 承诺时间 | 承诺期限 | 履行情况; SSE 承诺背景 |
承诺类型 | 承诺方 | 承诺内容 | 承诺时间及期限 | 是否有履行期限 | 是否及时严格履行 | …. The rows come as a PDF
table reader gives them (cells parted by tabs or bars, one row a line — what the PDF path renders from
pdfplumber's tables), as a text converter leaves a cell-level parse (one cell a line, an empty cell an empty line),
or as plain text lays narrow columns side by side (read by the periods their rows end with).

One commitment per dated row: the row's 承诺内容 is its quote, 承诺方 its actor, the end of its period its deadline
(an explicit date wins; a period counted from the listing day takes the day the report states, else it has no
deadline), the 履行情况 column its reported status. A 长期 (long-term) row, or one ending in a 2099 placeholder, is
a standing undertaking: kept, but never tracked as dated.

Pure: the text, its view and the report's date in; drafts out.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from trackers.domain import CommitmentDraft, Kind, Precision, Terms
from trackers.promises import headline, promise_type, type_named
from trackers.promises.terms import read_terms
from trackers.text.normalize import compact

_HEADING = re.compile(r"承诺事项(?:的)?履行情况")
# the section ends at the on-time summary line, the note on overdue rows, or the next numbered item of 重要事项
_ENDS = re.compile(r"承诺是否(?:按时|及时)履行|如承诺超期未履行完毕|"
                   r"(?:^|\n)\s*(?:[一二三四五六七八九十]+、|\d+、|[(（][一二三四五六七八九十\d]+[)）])[^\n]{0,30}"
                   r"(?:盈利预测|资金占用|违规担保)")
_NOT_APPLICABLE = re.compile(r"[□☐]\s*适用\s*[√☑■]\s*不适用")
_COLUMNS = (  # the column a header cell names, first match wins
    ("reason", re.compile(r"承诺事由|承诺背景")),
    ("actor", re.compile(r"承诺方")),
    ("kind", re.compile(r"承诺类型")),
    ("content", re.compile(r"承诺内容")),
    ("period", re.compile(r"承诺期限|承诺时间及期限")),
    ("made", re.compile(r"承诺时间")),
    ("status", re.compile(r"履行情况|是否及时严格履行")),
    ("has_period", re.compile(r"是否有履行期限")),
)
_CELL = re.compile(r"[\t|│]")
_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:年|[.\-/])\s*(\d{1,2})\s*(?:月|[.\-/])\s*(\d{1,2})\s*日?")
_STANDING = re.compile(r"长期|永久|2099|9999|持续有效|不适用")
_COUNTED = re.compile(r"(?:自|从)?(?:A股)?(?:股票)?上市之日起\s*([\d一二三四五六七八九十]+)\s*个?\s*(月|年)")
_LISTED = re.compile(r"(?:上市日期|上市时间|首次公开发行[^，,。]{0,12}上市(?:日期|时间))\s*[:：为]?\s*"
                     r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2})")
_TYPES = (
    ("profit_commitment", re.compile(r"业绩承诺|利润承诺|盈利预测|业绩补偿|净利润")),
    ("lockup", re.compile(r"股份限售|限售|锁定|不减持|不转让")),
    ("share_sale", re.compile(r"减持")),
    ("share_purchase", re.compile(r"增持")),
    ("buyback", re.compile(r"回购")),
)
_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十二": 12,
            "二十四": 24, "三十六": 36, "四十八": 48, "六十": 60}


@dataclass(frozen=True, slots=True)
class _Row:
    cells: dict[str, tuple[int, int]]  # column → its span in the text


def report_drafts(text: str, view: str, doc_date: dt.date) -> list[CommitmentDraft]:
    """The commitments the report's 承诺事项履行情况 table lists, dated ones and standing ones (standing=True)."""
    heading = _HEADING.search(view)
    if heading is None:
        return []
    end_at = _ENDS.search(view, heading.end())
    lo, hi = heading.end(), end_at.start() if end_at else min(len(view), heading.end() + 60_000)
    if _NOT_APPLICABLE.search(view, lo, min(hi, lo + 200)):
        return []  # □适用 √不适用: no such commitments in the period
    rows = _delimited_rows(view, lo, hi) or _cell_lines_rows(view, lo, hi)
    listed = _listing_day(view)
    drafts = []
    for row in rows:
        draft = _draft(text, view, row, doc_date, listed)
        if draft is not None:
            drafts.append(draft)
    if not rows:  # a text converter that laid the columns side by side: read the rows by their periods
        drafts = [_interleaved_draft(text, view, row, doc_date) for row in _interleaved_rows(view, lo, hi)]
    return drafts


def _columns(cells: list[str]) -> list[str | None]:
    names: list[str | None] = []
    for cell in cells:
        flat = compact(cell)
        names.append(next((name for name, says in _COLUMNS if says.search(flat)), None))
    return names


def _is_header(names: list[str | None]) -> bool:
    return {"actor", "content"} <= set(names) and ("period" in names or "made" in names)


def _delimited_rows(view: str, lo: int, hi: int) -> list[_Row]:
    """Rows as a table reader gives them: one a line, cells parted by tabs or bars; a merged cell (empty) holds
    the value of the row above."""
    rows: list[_Row] = []
    names: list[str | None] = []
    above: dict[str, tuple[int, int]] = {}
    at = lo
    for line in view[lo:hi].split("\n"):
        start, at = at, at + len(line) + 1
        if not _CELL.search(line):
            continue
        spans = _cell_spans(line, start)
        header = _columns([view[a:b] for a, b in spans])
        if _is_header(header):
            names, above = header, {}
            continue
        if not names or len(spans) != len(names):
            continue
        cells: dict[str, tuple[int, int]] = {}
        for name, (a, b) in zip(names, spans, strict=True):
            if name is None:
                continue
            cells[name] = (a, b) if view[a:b].strip() else above.get(name, (a, b))
        above = cells
        rows.append(_Row(cells))
    return rows


def _cell_spans(line: str, start: int) -> list[tuple[int, int]]:
    spans, at = [], 0
    for part in _CELL.split(line):
        lead = len(part) - len(part.lstrip())
        spans.append((start + at + lead, start + at + len(part.rstrip())))
        at += len(part) + 1
    if spans and spans[0][0] == spans[0][1] and line.lstrip().startswith(("|", "│")):
        spans = spans[1:]  # |a|b| : the border before the first cell
    if spans and spans[-1][0] == spans[-1][1] and line.rstrip().endswith(("|", "│")):
        spans = spans[:-1]
    return spans


_PAGE_NUMBER = re.compile(r"\d{1,3}")


def _cell_lines_rows(view: str, lo: int, hi: int) -> list[_Row]:
    """Rows of a cell-level parse (one cell a line): each row is found by its 承诺时间 (a date alone on its line)
    followed by its period and its status; the content, type and party are the lines before the date."""
    lines: list[tuple[int, int]] = []
    at = lo
    for line in view[lo:hi].split("\n"):
        if not _PAGE_NUMBER.fullmatch(line.strip()):
            lines.append((at, at + len(line)))
        at += len(line) + 1
    words = [compact(view[a:b]) for a, b in lines]
    header_at = next((i for i in range(len(words)) if _is_header(_columns(words[i:i + 9]))), None)
    if header_at is None:
        return []
    rows: list[_Row] = []
    previous_end = header_at + 7
    for i in range(header_at + 7, len(words) - 1):
        if not (_DATE.fullmatch(words[i]) and (_DATE.search(words[i + 1]) or _STANDING.search(words[i + 1]))):
            continue
        content, kind, actor = i - 1, i - 2, i - 3
        if content <= previous_end:
            previous_end = i + 2
            continue
        cells = {"made": lines[i], "period": lines[i + 1], "content": lines[content], "kind": lines[kind],
                 "actor": lines[actor]}
        if i + 2 < len(lines):
            cells["status"] = lines[i + 2]
        rows.append(_Row(cells))
        previous_end = i + 2
    return rows


def _listing_day(view: str) -> dt.date | None:
    m = _LISTED.search(view)
    day = _DATE.search(m.group(1)) if m else None
    return _day(day) if day else None


def _day(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _end_of_period(period: str, listed: dt.date | None, combined: bool) -> tuple[dt.date | None, bool]:
    """(the period's last day, standing?): 长期 or a 2099 placeholder is standing; a range's end, or the one date
    of a period column, is the last day (explicit dates win); N months from the listing day count from the day
    the report states. In the SSE's combined 承诺时间及期限 a lone date is when it was made, not its end."""
    flat = compact(period)
    dates = [d for m in _DATE.finditer(flat) if (d := _day(m)) is not None]
    if (dates and dates[-1].year >= 2090) or _STANDING.search(flat):
        return None, True
    counted = _COUNTED.search(flat)
    if len(dates) >= 2 or (dates and not combined and counted is None):
        return dates[-1], False
    if counted and listed is not None:
        n = int(counted.group(1)) if counted.group(1).isdigit() else _NUMBERS.get(counted.group(1), 0)
        months = n * (12 if counted.group(2) == "年" else 1)
        if months:
            return _months_after(listed, months), False
    return None, False


def _months_after(day: dt.date, months: int) -> dt.date:
    """D + N months − 1 day, the month's last day where D's day is past it (deadlines.md)."""
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last)) - dt.timedelta(days=1)


def _type_of(kind: str, content: str) -> str:
    for name, says in _TYPES:
        if says.search(kind):
            return "lockup" if name == "share_sale" and "不减持" in content else name
    return promise_type(content).name


def _draft(text: str, view: str, row: _Row, doc_date: dt.date, listed: dt.date | None) -> CommitmentDraft | None:
    content, period = row.cells.get("content"), row.cells.get("period")
    if content is None or period is None:
        return None
    quote = text[content[0]:content[1]].strip()
    words = compact(quote)
    if len(words) < 4 or words in ("--", "-", "无"):
        return None
    deadline, standing = _end_of_period(view[period[0]:period[1]], listed, "made" not in row.cells)
    if deadline is None and not standing:
        return None  # counted from a day the report does not give: no deadline, said so by leaving it out
    kind_words = compact(view[slice(*row.cells["kind"])]) if "kind" in row.cells else ""
    type_name = _type_of(kind_words, words)
    promise = type_named(type_name)
    kind = promise.kind or Kind.PLAN
    actor = compact(view[slice(*row.cells["actor"])])[:40] if "actor" in row.cells else None
    status = compact(view[slice(*row.cells["status"])])[:40] if "status" in row.cells else None
    terms = Terms.from_dict({**read_terms(quote).as_dict(), "actor": actor or None,
                             "window_end": deadline.isoformat() if deadline else None})
    start = content[0] + (len(text[content[0]:content[1]]) - len(text[content[0]:content[1]].lstrip()))
    return CommitmentDraft(
        quote=quote, start=start, end=start + len(quote), kind=kind,
        subject=headline(promise, terms, f"{actor or ''}{kind_words or words[:20]}"[:40]),
        keywords=(), deadline=deadline, deadline_text=compact(view[period[0]:period[1]])[:60] or "长期",
        precision=Precision.DAY, deadline_start=None, reference_date=doc_date, confidence=0.8,
        type=type_name, terms=terms, restated=True, reported_status=status or None, standing=standing)


# ---------------------------------------------------------------- columns laid side by side (pdfplumber's plain text)
# Narrow columns interleave line by line: a row's cells are strips, vertically centred on the row, and its period
# is cut where its column wraps (2017.08.11-20 | 19.08.11, 2017年12 | 月31日). A period's first piece ends a line,
# its continuation ends one of the next three lines; a row runs from the end of the previous row's content (a line
# ending its sentence) to the end of its own.
_FIRST_PIECE = re.compile(r"(?:((?:19|20)\d{2})\.(\d{2})\.(\d{2})\s*-\s*(\d{2})|((?:19|20)\d{2})年(\d{1,2})月?)\s*$")
_RANGE_TAIL = re.compile(r"(\d{2})\.(\d{2})\.(\d{2})\s*$")
_DAY_TAIL = re.compile(r"(?:月)?(\d{1,2})\s*日\s*$")
_MONTH_TAIL = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_PAGE_HEADER = re.compile(r"^\s*(?:\d{1,3}|.{0,40}(?:年度报告|半年度报告)(?:全文)?)\s*$")
_CONTENT_ENDS = re.compile(r"[。”\"]\s*$")
_REPORTED = re.compile(r"正在履行中|正常履行中|已履行完毕|履行完毕|超期未履行完毕|未发生上\s*述情况|报告期内")
_MAX_ROW = 900


@dataclass(frozen=True, slots=True)
class _Strip:
    start: int  # the row's first character in the text
    end: int
    deadline: dt.date


def _interleaved_rows(view: str, lo: int, hi: int) -> list[_Strip]:
    header = _side_by_side_header(view, lo, hi)
    if header is None:
        return []
    lines: list[tuple[int, int]] = []
    at = header
    for line in view[header:hi].split("\n"):
        if line.strip() and not _PAGE_HEADER.match(line):
            lines.append((at, at + len(line)))
        at += len(line) + 1
    words = [view[a:b] for a, b in lines]
    anchors: list[tuple[int, int, dt.date]] = []  # (line of the first piece, line of the continuation, end)
    i = 1
    while i < len(words):
        first = _FIRST_PIECE.search(words[i])
        found = _continued(first, words, i) if first else None
        if found is None:
            i += 1
            continue
        if not any(_STANDING.search(words[k]) for k in range(max(0, i - 2), min(len(words), found[0] + 2))):
            anchors.append((i, found[0], found[1]))  # (a made date beside a 长期 period names no deadline)
        i = found[0] + 1
    rows: list[_Strip] = []
    previous_end = 0
    for n, (first_line, tail_line, deadline) in enumerate(anchors):
        start = max([previous_end, *(k + 1 for k in range(first_line) if _CONTENT_ENDS.search(words[k]))])
        limit = anchors[n + 1][0] - 1 if n + 1 < len(anchors) else len(words) - 1
        stop = next((k for k in range(tail_line, limit + 1) if _CONTENT_ENDS.search(words[k])), limit)
        a, b = lines[min(start, first_line)][0], lines[stop][1]
        if b - a > _MAX_ROW:  # a run-away row: the lines around its period
            a, b = lines[max(start, first_line - 6)][0], lines[min(stop, tail_line + 6)][1]
        rows.append(_Strip(a, b, deadline))
        previous_end = stop + 1
    return rows


def _side_by_side_header(view: str, lo: int, hi: int) -> int | None:
    """The end of the header line that names the columns side by side (承诺事由 承诺方 承诺类型 承诺内容 …)."""
    for m in re.finditer(r"[^\n]*承诺方[^\n]*\n", view[lo:hi]):
        if _is_header(_columns(m.group(0).split())):
            return lo + m.end()
    return None


def _continued(first: re.Match[str], words: list[str], at: int) -> tuple[int, dt.date] | None:
    """The line (within three) whose end completes the period cut at the end of line `at`, and its last day."""
    for k in range(at + 1, min(at + 4, len(words))):
        if first.group(1):  # 2017.08.11-20 … 19.08.11
            tail = _RANGE_TAIL.search(words[k])
            if tail:
                return _made(k, first.group(4) + tail.group(1), tail.group(2), tail.group(3))
        else:  # 2017年12 … 月31日, 2019年3月 … 8日
            tail = _DAY_TAIL.search(words[k])
            if tail:
                return _made(k, first.group(5), first.group(6), tail.group(1))
    return None


def _made(line: int, year: str, month: str, day: str) -> tuple[int, dt.date] | None:
    try:
        return line, dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _interleaved_draft(text: str, view: str, row: _Strip, doc_date: dt.date) -> CommitmentDraft:
    words = compact(view[row.start:row.end])
    type_name = _type_of(words, words)
    promise = type_named(type_name)
    status = _REPORTED.search(words)
    quote = text[row.start:row.end]
    terms = Terms(window_end=row.deadline)
    return CommitmentDraft(
        quote=quote, start=row.start, end=row.end, kind=promise.kind or Kind.PLAN,
        subject=headline(promise, terms, words[:30]), keywords=(), deadline=row.deadline,
        deadline_text=row.deadline.isoformat(), precision=Precision.DAY, deadline_start=None,
        reference_date=doc_date, confidence=0.6, type=type_name, terms=terms, restated=True,
        reported_status=status.group(0) if status else None)

