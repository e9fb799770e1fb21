"""cninfo (巨潮资讯) and 互动易 (irm.cninfo.com.cn): one httpx client for announcements, IR records,
PDFs and management's answers to investors.

What the endpoints are and how they misbehave is in docs/sources.md; the rules kept here:
- `stock` needs "<code>,<orgId>", and orgId cannot be derived from the code: the full list
  (szse_stock.json, all A shares despite the name) is cached in the Company table, with
  topSearch/query as the fallback for new listings;
- pages hold at most 30 rows; page to ceil(totalAnnouncement / 30) (`hasMore` is false part-way on busy
  days), stopping early on a short or empty page; a page number past 100 silently repeats page 1, so long
  ranges are sliced by month and a repeated first row stops paging;
- `column` and `plate` as the site's own page sends them: bj for Beijing codes (43, 83, 87, 88, 89, 92…),
  sse/sh for Shanghai, szse/sz for Shenzhen;
- a 429 waits Retry-After (else 30 s) and halves the pace; a gateway's 5xx is retried with back-off;
- an empty answer is "unknown", never proof that nothing was published;
- `announcementTime` is midnight of the disclosure day in Asia/Shanghai, in epoch ms;
- a browser User-Agent, at most one request per ~1.2 s per host, retries with back-off on timeouts
  and 5xx, and a clear error on 403 or an HTML page where JSON was expected.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx

from trackers.errors import SourceError, SourceUnreachable

BASE = "http://www.cninfo.com.cn"
STATIC = "http://static.cninfo.com.cn"
IRM = "https://irm.cninfo.com.cn"
SHANGHAI = ZoneInfo("Asia/Shanghai")
PAGE_SIZE = 30
MAX_PAGES = 100
HEADERS = {
    "User-Agent": ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/120.0.0.0 Safari/537.36"),
    "Accept": "application/json, text/javascript, */*; q=0.01",
    "X-Requested-With": "XMLHttpRequest",
}
# Shanghai companies file no IR records in the relation tab: find them among announcements by title.
IR_TITLE = re.compile(
    r"投资者关系活动记录|调研活动|业绩说明会.{0,12}(?:召开情况|记录)|调研纪要|交流会纪要|关于接待机构投资者调研"
    r"|投资者关系管理信息|特定对象调研|分析师会议"
)
# rules, and notices of a meeting still to come, are not records of one
NOT_A_RECORD = re.compile(r"管理制度|工作制度|管理办法|关于召开|关于举办|的通知|预告")


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

    @property
    def url(self) -> str:
        return f"{STATIC}/{self.adjunct_url}"

    @property
    def is_ir_record(self) -> bool:
        return self.tab == "relation" or bool(IR_TITLE.search(self.title)) and not NOT_A_RECORD.search(self.title)


@dataclass(frozen=True, slots=True)
class Answer:
    """One question on 互动易 and the company's answer to it."""

    id: str
    code: str
    name: str
    question: str
    answer: str
    day: dt.date  # the answer's day, Asia/Shanghai
    day_from: str = "attachedPubDate"  # which field gave the day: attachedPubDate, replyDate or updateDate

    @property
    def url(self) -> str:
        return f"{IRM}/ircs/question/questionDetail?questionId={self.id}"

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


def _clean_title(title: str) -> str:
    return re.sub(r"</?em>", "", title or "").strip()


def parse_announcements(payload: dict[str, Any], tab: str) -> list[Announcement]:
    rows = payload.get("announcements") or []
    out = []
    for row in rows:
        if not row.get("announcementId") or not row.get("announcementTime"):
            continue
        out.append(Announcement(
            id=str(row["announcementId"]), code=str(row.get("secCode") or ""), name=str(row.get("secName") or ""),
            org_id=str(row.get("orgId") or ""), title=_clean_title(str(row.get("announcementTitle") or "")),
            day=shanghai_day(row["announcementTime"]), adjunct_url=str(row.get("adjunctUrl") or ""),
            adjunct_type=str(row.get("adjunctType") or ""), tab=tab,
        ))
    return out


def parse_answers(payload: dict[str, Any]) -> list[Answer]:
    out = []
    for row in payload.get("rows") or []:
        answer = (row.get("attachedContent") or "").strip()
        if not answer:  # unanswered: a question alone promises nothing
            continue
        field = next((f for f in ("attachedPubDate", "updateDate", "pubDate") if row.get(f)), "")
        if not field:
            continue
        out.append(Answer(id=str(row.get("indexId")), code=str(row.get("stockCode") or ""),
                          name=str(row.get("companyShortName") or ""), question=str(row.get("mainContent") or ""),
                          answer=answer, day=shanghai_day(row[field]), day_from=field))
    return out


def month_windows(start: dt.date, end: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """[start, end] cut at month boundaries: no window can run past page 100."""
    day = start
    while day <= end:
        following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        yield day, min(end, following - dt.timedelta(days=1))
        day = following


THROTTLED_PAUSE = 30.0  # seconds to wait after a 429 that names no Retry-After


class CninfoClient:
    """Synchronous on purpose: polling is slow by design (≈1 request/1.2 s/host) and runs in a worker."""

    def __init__(self, transport: httpx.BaseTransport | None = None, *, min_interval: float = 1.2,
                 retries: int = 3, backoff: float = 2.0, timeout: float = 15.0,
                 sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._http = httpx.Client(transport=transport, headers=HEADERS, timeout=timeout, follow_redirects=True)
        self._min_interval = min_interval
        self._retries = retries
        self._backoff = backoff
        self._sleep = sleep
        self._monotonic = monotonic
        self._last: dict[str, float] = {}

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CninfoClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- HTTP with manners
    def _pace(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self._last.get(host, -1e9) + self._min_interval - self._monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last[host] = self._monotonic()

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        for attempt in range(self._retries + 1):
            self._pace(url)
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx.TimeoutException as exc:
                if attempt == self._retries:
                    raise SourceError(f"{url}: timed out {attempt + 1} times") from exc
            except httpx.ConnectError as exc:  # no route, no name, refused: the network is down, not busy
                host = urlsplit(url).netloc
                raise SourceUnreachable(f"{host} cannot be reached ({exc}); check the network or proxy",
                                        key="source_unreachable", host=host, why=str(exc)) from exc
            except httpx.TransportError as exc:
                if attempt == self._retries:
                    raise SourceError(f"{url}: {type(exc).__name__}: {exc}") from exc
            else:
                if response.status_code == 403:
                    raise SourceError(f"{url}: 403 Forbidden (a browser User-Agent and a slower pace may help)")
                if response.status_code == 429 and attempt < self._retries:
                    # asked to slow down: wait what it says (or a long pause), then go on more slowly
                    wait = response.headers.get("retry-after", "")
                    self._sleep(float(wait) if wait.isdigit() else THROTTLED_PAUSE)
                    self._min_interval = max(self._min_interval, 2 * self._min_interval)
                    continue
                if response.status_code >= 500 and attempt < self._retries:
                    pass  # a gateway's 502/504 and the like: retried below with back-off
                elif response.status_code >= 400:
                    raise SourceError(f"{url}: HTTP {response.status_code}")
                else:
                    return response
            self._sleep(self._backoff * 2 ** attempt)
        raise SourceError(f"{url}: gave up after {self._retries + 1} attempts")

    def _json(self, method: str, url: str, **kwargs: Any) -> Any:
        response = self._request(method, url, **kwargs)
        body = response.text.lstrip()
        if body.startswith("<") or "html" in response.headers.get("content-type", ""):
            raise SourceError(f"{url}: an HTML page came back where JSON was expected "
                              "(the site may have changed or be blocking us)")
        try:
            return json.loads(body)
        except ValueError as exc:
            raise SourceError(f"{url}: the answer is not JSON ({exc})") from exc

    # ---------------------------------------------------------------- stocks
    def stock_list(self) -> list[Stock]:
        payload = self._json("GET", f"{BASE}/new/data/szse_stock.json")
        return [Stock(str(r["code"]), str(r["orgId"]), str(r.get("zwjc") or ""), str(r.get("category") or ""))
                for r in payload.get("stockList") or [] if r.get("code") and r.get("orgId")]

    def top_search(self, code: str) -> Stock | None:
        rows = self._json("POST", f"{BASE}/new/information/topSearch/query", data={"keyWord": code, "maxNum": 10})
        for r in rows or []:
            if str(r.get("code")) == code and r.get("orgId"):  # the search is fuzzy: the code must match
                return Stock(code, str(r["orgId"]), str(r.get("zwjc") or ""), str(r.get("category") or ""))
        return None

    # ---------------------------------------------------------------- announcements
    def announcements(self, code: str, org_id: str, start: dt.date, end: dt.date, *, tab: str = "fulltext",
                      category: str = "", searchkey: str = "") -> Iterator[Announcement]:
        """Newest first within each month; months oldest first."""
        column, plate = market_of(code)
        for lo, hi in month_windows(start, end):
            first_id = None
            pages = MAX_PAGES
            for page in range(1, MAX_PAGES + 1):
                form = {"pageNum": page, "pageSize": PAGE_SIZE, "column": column, "tabName": tab, "plate": plate,
                        "stock": f"{code},{org_id}", "searchkey": searchkey, "secid": "", "category": category,
                        "trade": "", "seDate": f"{lo.isoformat()}~{hi.isoformat()}", "sortName": "",
                        "sortType": "", "isHLtitle": "true"}
                payload = self._json("POST", f"{BASE}/new/hisAnnouncement/query", data=form)
                rows = parse_announcements(payload, tab)
                if not rows:
                    break
                if page > 1 and rows[0].id == first_id:
                    break  # the server repeats page 1 past its last page
                first_id = first_id or rows[0].id
                yield from rows
                # hasMore is reported false part-way on busy days: page by the total, as real clients do
                total = payload.get("totalAnnouncement") or payload.get("totalRecordNum")
                if isinstance(total, int | str) and str(total).isdigit():
                    pages = min(MAX_PAGES, -(-int(total) // PAGE_SIZE))
                elif not payload.get("hasMore"):
                    break
                if page >= pages or len(rows) < PAGE_SIZE:
                    break

    def ir_records(self, code: str, org_id: str, start: dt.date, end: dt.date) -> Iterator[Announcement]:
        """IR activity records: the relation tab for Shenzhen, titles among announcements for Shanghai."""
        if market_of(code)[0] == "sse":
            for item in self.announcements(code, org_id, start, end, tab="fulltext"):
                if item.is_ir_record:
                    yield item
        else:
            for item in self.announcements(code, org_id, start, end, tab="relation"):
                if not NOT_A_RECORD.search(item.title):
                    yield item

    def _with_reply_date(self, answer: Answer) -> Answer:
        """The reply time from the question's detail (replyDate), when the list did not give attachedPubDate."""
        try:
            detail = self._json("GET", f"{IRM}/newircs/question/getQuestionDetail",
                                params={"questionId": answer.id, "_t": int(self._monotonic())})
        except SourceError:
            return answer  # the list's own field stays, and the stored text says which it was
        reply = ((detail or {}).get("data") or {}).get("replyDate")
        if not reply:
            return answer
        return dataclasses.replace(answer, day=shanghai_day(reply), day_from="replyDate")

    def download(self, adjunct_url: str) -> bytes:
        url = adjunct_url if adjunct_url.startswith("http") else f"{STATIC}/{adjunct_url.lstrip('/')}"
        data = self._request("GET", url).content
        if url.upper().endswith(".PDF") and not data.startswith(b"%PDF"):
            raise SourceError(f"{url}: not a PDF (no %PDF header)")
        return data

    # ---------------------------------------------------------------- 互动易
    def answers(self, code: str, org_id: str, start: dt.date, end: dt.date, pages: int = 10) -> Iterator[Answer]:
        """Answered questions of one Shenzhen company, newest first, between two days (inclusive)."""
        for page in range(1, pages + 1):
            params = {"_t": int(self._monotonic()), "stockcode": code, "orgId": org_id, "pageSize": 100,
                      "pageNum": page, "keyWord": "", "startDay": start.isoformat(), "endDay": end.isoformat()}
            payload = self._json("POST", f"{IRM}/newircs/company/question", params=params)
            rows = payload.get("rows") or []
            for answer in parse_answers(payload):
                if answer.day_from != "attachedPubDate":  # updateDate moves on edits: ask the detail's replyDate
                    answer = self._with_reply_date(answer)
                if start <= answer.day <= end:
                    yield answer
            if len(rows) < 100 or page >= int(payload.get("totalPage") or 0):
                break
