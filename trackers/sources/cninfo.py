"""cninfo (巨潮资讯) and 互动易 (irm.cninfo.com.cn): one httpx client for announcements, IR records,
PDFs and management's answers to investors.

What the endpoints are and how they misbehave is in docs/sources.md; the rules kept here:
- `stock` needs "<code>,<orgId>", and orgId cannot be derived from the code: the full list
  (szse_stock.json, all A shares despite the name) is cached in the Company table, with
  topSearch/query as the fallback for new listings;
- pages hold at most 30 rows (full-text search: 100); page to ceil(totalAnnouncement / size) (`hasMore` is
  false part-way on busy days, `totalpages` rounds down), stopping early on a short or empty page; a page
  number past 100 silently repeats page 1, so long ranges are sliced by month and a repeated first row
  stops paging;
- `column` and `plate` as the site's own page sends them: bj for Beijing codes (43, 83, 87, 88, 89, 92…),
  sse/sh for Shanghai, szse/sz for Shenzhen;
- an empty answer is "unknown", never proof that nothing was published;
- `announcementTime` is midnight of the disclosure day in Asia/Shanghai, in epoch ms;
- HTTP manners (pace, retries, 429, 403, HTML where JSON was expected) live in sources/http.py.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from trackers.errors import SourceError
from trackers.sources.http import PoliteClient

BASE = "http://www.cninfo.com.cn"
STATIC = "http://static.cninfo.com.cn"
IRM = "https://irm.cninfo.com.cn"
SHANGHAI = ZoneInfo("Asia/Shanghai")
PAGE_SIZE = 30
MAX_PAGES = 100
SEARCH_PAGE_SIZE = 100  # full-text search allows 100 rows a page
SEARCH_MAX_ROWS = 20_000  # and answers nothing past this offset
# Shanghai companies file no IR records in the relation tab: find them among announcements by title.
IR_TITLE = re.compile(
    r"投资者关系活动记录|调研活动|业绩说明会.{0,12}(?:召开情况|记录)|调研纪要|交流会纪要|关于接待机构投资者调研"
    r"|投资者关系管理信息|特定对象调研|分析师会议"
)
# the relation tab's sub-categories: 调研活动, 路演活动, 媒体采访 — not 管理制度 (category_glzd_szdy); joined with ";"
RECORD_CATEGORIES = "category_dyhd_szdy;category_lyhd_szdy;category_mdcf_szdy"
# rules, and notices of a meeting still to come, are not records of one
NOT_A_RECORD = re.compile(r"管理制度|工作制度|管理办法|关于召开|关于举办|的通知|预告")
# the report itself, with its commitments table — not its summary (摘要), an English version or a notice about it
_PERIODIC_TITLE = re.compile(r"(?:半年度|年度)报告(?:全文)?(?:（更新后）|\(更新后\)|（修订版）|\(修订版\))?$")
_NOT_THE_REPORT = re.compile(r"摘要|英文|English|Annual|Interim|提示性|更正公告|说明会")


@dataclass(frozen=True, slots=True)
class Stock:
    code: str
    org_id: str
    name: str
    category: str = ""


@dataclass(frozen=True, slots=True)
class Announcement:
    id: str
    code: str
    name: str
    org_id: str
    title: str
    day: dt.date  # the disclosure day, Asia/Shanghai
    adjunct_url: str
    adjunct_type: str
    tab: str
    snippet: str = ""  # full-text search: the matching passage (announcementContent), highlighting removed

    @property
    def url(self) -> str:
        return f"{STATIC}/{self.adjunct_url}"

    @property
    def is_periodic_report(self) -> bool:
        """An annual or semi-annual report in full (2025年年度报告), not its summary or its English version."""
        title = self.title.strip()
        return bool(_PERIODIC_TITLE.search(title)) and not _NOT_THE_REPORT.search(title)

    @property
    def is_ir_record(self) -> bool:
        return self.tab == "relation" or bool(IR_TITLE.search(self.title)) and not NOT_A_RECORD.search(self.title)


@dataclass(frozen=True, slots=True)
class Answer:
    """One question on 互动易 or e互动 and the company's answer to it."""

    id: str
    code: str
    name: str
    question: str
    answer: str
    day: dt.date  # the answer's day, Asia/Shanghai
    day_from: str = "attachedPubDate"  # which field gave the day: attachedPubDate, replyDate or updateDate
    url: str = ""

    @property
    def text(self) -> str:
        # the answer's day is the filing's date: say where it came from (updateDate moves without an answer)
        return f"问：{self.question}\n答：{self.answer}\n（答复日期 {self.day.isoformat()}，取自 {self.day_from}）"


_BSE_PREFIXES = ("43", "83", "87", "88", "89", "92")


def market_of(code: str) -> tuple[str, str]:
    """(column, plate) the site's own page sends: bj for the Beijing exchange (43, 83, 87, 88, 89, 92…),
    sse/sh for Shanghai (6…, 900 B shares), szse/sz for Shenzhen."""
    if code.startswith(_BSE_PREFIXES):
        return "bj", "bj"
    if code.startswith(("6", "9")):
        return "sse", "sh"
    return "szse", "sz"


def shanghai_day(epoch_ms: int | str) -> dt.date:
    return dt.datetime.fromtimestamp(int(epoch_ms) / 1000, tz=SHANGHAI).date()


def _day_of(value: object) -> dt.date | None:
    """A row's epoch-ms time as a Shanghai day, or None where the site sent something else."""
    try:
        return shanghai_day(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _rows(payload: object, key: str) -> list[dict[str, Any]]:
    """The payload's rows that are objects: a changed or broken answer yields fewer rows, never an exception."""
    rows = payload.get(key) if isinstance(payload, dict) else None
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _clean_title(title: str) -> str:
    return re.sub(r"</?em>", "", title or "").strip()


def parse_announcements(payload: dict[str, Any], tab: str) -> list[Announcement]:
    out = []
    for row in _rows(payload, "announcements"):
        day = _day_of(row.get("announcementTime"))
        if not row.get("announcementId") or day is None:
            continue
        out.append(Announcement(
            id=str(row["announcementId"]), code=str(row.get("secCode") or ""), name=str(row.get("secName") or ""),
            org_id=str(row.get("orgId") or ""), title=_clean_title(str(row.get("announcementTitle") or "")),
            day=day, adjunct_url=str(row.get("adjunctUrl") or ""),
            adjunct_type=str(row.get("adjunctType") or ""), tab=tab,
            snippet=_clean_title(str(row.get("announcementContent") or "")),
        ))
    return out


def parse_answers(payload: dict[str, Any]) -> list[Answer]:
    out = []
    for row in _rows(payload, "rows"):
        answer = str(row.get("attachedContent") or "").strip()
        if not answer:  # unanswered: a question alone promises nothing
            continue
        field = next((f for f in ("attachedPubDate", "updateDate", "pubDate") if _day_of(row.get(f))), "")
        if not field:
            continue
        out.append(Answer(id=str(row.get("indexId")), code=str(row.get("stockCode") or ""),
                          name=str(row.get("companyShortName") or ""), question=str(row.get("mainContent") or ""),
                          answer=answer, day=shanghai_day(row[field]), day_from=field,
                          url=f"{IRM}/ircs/question/questionDetail?questionId={row.get('indexId')}"))
    return out


def month_windows(start: dt.date, end: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """[start, end] cut at month boundaries: no window can run past page 100."""
    day = start
    while day <= end:
        following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        yield day, min(end, following - dt.timedelta(days=1))
        day = following


def _paged(fetch: Callable[[int], dict[str, Any]], tab: str, size: int, max_pages: int) -> Iterator[Announcement]:
    """Rows of pages 1, 2, … by the total the first page states, as real clients page.

    `hasMore` is reported false part-way on busy days and `totalpages` rounds down (761 rows → 25), so the
    page count is ceil(total / size); an empty or short page ends it early, and so does a page that repeats
    the first one (past the last page the server answers page 1 again)."""
    first_id = None
    pages = max_pages
    for page in range(1, max_pages + 1):
        payload = fetch(page)
        rows = parse_announcements(payload, tab)
        if not rows:
            return
        if page > 1 and rows[0].id == first_id:
            return
        first_id = first_id or rows[0].id
        yield from rows
        total = payload.get("totalAnnouncement") or payload.get("totalRecordNum")
        if isinstance(total, int | str) and str(total).isdigit():
            pages = min(max_pages, -(-int(total) // size))
        elif not payload.get("hasMore"):
            return
        if page >= pages or len(rows) < size:
            return


class CninfoClient(PoliteClient):
    """cninfo's announcements, IR records and PDFs, and 互动易's answers."""

    def __enter__(self) -> CninfoClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- stocks
    def stock_list(self) -> list[Stock]:
        payload = self.json_object("GET", f"{BASE}/new/data/szse_stock.json")
        return [Stock(str(r["code"]), str(r["orgId"]), str(r.get("zwjc") or ""), str(r.get("category") or ""))
                for r in _rows(payload, "stockList") if r.get("code") and r.get("orgId")]

    def top_search(self, code: str) -> Stock | None:
        rows = self.json("POST", f"{BASE}/new/information/topSearch/query", data={"keyWord": code, "maxNum": 10})
        for r in _rows({"rows": rows}, "rows"):
            if str(r.get("code")) == code and r.get("orgId"):  # the search is fuzzy: the code must match
                return Stock(code, str(r["orgId"]), str(r.get("zwjc") or ""), str(r.get("category") or ""))
        return None

    # ---------------------------------------------------------------- announcements
    def query_page(self, code: str, org_id: str, lo: dt.date, hi: dt.date, page: int, *, tab: str = "fulltext",
                   category: str = "", searchkey: str = "") -> dict[str, Any]:
        """One page of hisAnnouncement/query, as the site's own page asks for it."""
        column, plate = market_of(code)
        form = {"pageNum": page, "pageSize": PAGE_SIZE, "column": column, "tabName": tab, "plate": plate,
                "stock": f"{code},{org_id}", "searchkey": searchkey, "secid": "", "category": category,
                "trade": "", "seDate": f"{lo.isoformat()}~{hi.isoformat()}", "sortName": "",
                "sortType": "", "isHLtitle": "true"}
        return self.json_object("POST", f"{BASE}/new/hisAnnouncement/query", data=form)

    def announcements(self, code: str, org_id: str, start: dt.date, end: dt.date, *, tab: str = "fulltext",
                      category: str = "", searchkey: str = "") -> Iterator[Announcement]:
        """Newest first within each month; months oldest first."""
        for lo, hi in month_windows(start, end):
            fetch = functools.partial(self.query_page, code, org_id, lo, hi, tab=tab, category=category,
                                      searchkey=searchkey)
            yield from _paged(fetch, tab, PAGE_SIZE, MAX_PAGES)

    def search_page(self, searchkey: str, start: dt.date, end: dt.date, page: int, *,
                    fulltext: bool = False) -> dict[str, Any]:
        """One page of the full-text search (`type` must stay empty: any value answers nothing)."""
        params = {"searchkey": searchkey, "sdate": start.isoformat(), "edate": end.isoformat(),
                  "isfulltext": "true" if fulltext else "false", "sortName": "pubdate", "sortType": "desc",
                  "pageNum": page, "pageSize": SEARCH_PAGE_SIZE, "type": ""}
        return self.json_object("GET", f"{BASE}/new/fulltextSearch/full", params=params)

    def search(self, searchkey: str, start: dt.date, end: dt.date, *, fulltext: bool = False,
               code: str | None = None) -> Iterator[Announcement]:
        """Announcements whose title (or, with `fulltext`, body) matches, newest first; `code` keeps one
        company's (the search is market-wide and mixes in Hong Kong codes)."""
        fetch = functools.partial(self.search_page, searchkey, start, end, fulltext=fulltext)
        rows = _paged(fetch, "search", SEARCH_PAGE_SIZE, SEARCH_MAX_ROWS // SEARCH_PAGE_SIZE)
        for item in rows:
            if code is None or item.code == code:
                yield item

    def ir_records(self, code: str, org_id: str, start: dt.date, end: dt.date) -> Iterator[Announcement]:
        """IR activity records: the relation tab for Shenzhen, titles among announcements for Shanghai."""
        if market_of(code)[0] == "sse":
            for item in self.announcements(code, org_id, start, end, tab="fulltext"):
                if item.is_ir_record:
                    yield item
        else:  # the tab's own sub-categories leave out its 管理制度 (rules); the title filter stays as a backstop
            for item in self.announcements(code, org_id, start, end, tab="relation", category=RECORD_CATEGORIES):
                if not NOT_A_RECORD.search(item.title):
                    yield item

    def _with_reply_date(self, answer: Answer) -> Answer:
        """The reply time from the question's detail (replyDate), when the list did not give attachedPubDate."""
        try:
            detail = self.json("GET", f"{IRM}/newircs/question/getQuestionDetail",
                                params={"questionId": answer.id, "_t": int(self._monotonic())})
        except SourceError:
            return answer  # the list's own field stays, and the stored text says which it was
        data = detail.get("data") if isinstance(detail, dict) else None
        day = _day_of(data.get("replyDate")) if isinstance(data, dict) else None
        if day is None:
            return answer
        return dataclasses.replace(answer, day=day, day_from="replyDate")

    def download(self, adjunct_url: str) -> bytes:
        url = adjunct_url if adjunct_url.startswith("http") else f"{STATIC}/{adjunct_url.lstrip('/')}"
        data = self.request("GET", url).content
        if url.upper().endswith(".PDF") and not data.startswith(b"%PDF"):
            raise SourceError(f"{url}: not a PDF (no %PDF header)")
        return data

    # ---------------------------------------------------------------- 互动易
    def question_page(self, code: str, org_id: str, start: dt.date, end: dt.date, page: int) -> dict[str, Any]:
        """One page of a company's questions: every parameter in the query string, the body empty."""
        params = {"_t": int(self._monotonic()), "stockcode": code, "orgId": org_id, "pageSize": 100,
                  "pageNum": page, "keyWord": "", "startDay": start.isoformat(), "endDay": end.isoformat()}
        return self.json_object("POST", f"{IRM}/newircs/company/question", params=params)

    def answers(self, code: str, org_id: str, start: dt.date, end: dt.date, pages: int = 10) -> Iterator[Answer]:
        """Answered questions of one Shenzhen company, newest first, between two days (inclusive)."""
        for page in range(1, pages + 1):
            payload = self.question_page(code, org_id, start, end, page)
            rows = payload.get("rows") or []
            for answer in parse_answers(payload):
                if answer.day_from != "attachedPubDate":  # updateDate moves on edits: ask the detail's replyDate
                    answer = self._with_reply_date(answer)
                if start <= answer.day <= end:
                    yield answer
            if len(rows) < 100 or page >= int(payload.get("totalPage") or 0):
                break
