"""SSE e互动 (sns.sseinfo.com): Shanghai companies' answers to investors.

The feed is HTML, not JSON, so it is read with a real HTML parser (lxml): each `div.m_feed_item` holds the
question in its first `div.m_feed_detail` and the answer in `div.m_feed_detail.m_qa`, each with its text
(`m_feed_txt`) and its time (`m_feed_from`, Beijing wall-clock text such as 2026年06月25日 11:40). Older
markup puts both pairs in one `m_feed_detail`; the second `m_feed_txt` is then the answer. A body under
~300 bytes ends the feed, and the site keeps only about a month, so Shanghai companies are polled often.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml.etree import ParserError

from trackers.errors import SourceError
from trackers.sources.cninfo import Answer
from trackers.sources.http import PoliteClient

SNS = "https://sns.sseinfo.com"
FEED_PAGE_SIZE = 100
END_OF_FEED_CHARS = 300  # what real clients stop on: an empty feed is a short stub, not an empty string
MAX_FEED_PAGES = 20
# 2026年06月25日 11:40 or 2026年06月25日 11:40:05; the day is what a filing date needs
_WALL_CLOCK = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
# the question's text opens with the company it is addressed to: ":青岛啤酒(600600)"
_ADDRESSEE = re.compile(r"^\s*[:：]?\s*[^()（）\n]{1,24}[(（]\d{6}[)）]\s*")
_UID = re.compile(r"\d{1,12}")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One question of the feed; `answer` is empty when unanswered."""

    id: str
    question: str
    answer: str
    asked: dt.datetime | None
    answered: dt.datetime | None


@dataclass(slots=True)
class Feed:
    items: list[FeedItem] = field(default_factory=list)
    unreadable: int = 0  # items whose time could not be read: counted, never guessed
    ended: bool = False  # the short stub that ends the feed


def _classes(element: lxml.html.HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _divs(element: lxml.html.HtmlElement, css_class: str) -> list[lxml.html.HtmlElement]:
    return [d for d in element.iter("div") if css_class in _classes(d)]


def _text(element: lxml.html.HtmlElement | None) -> str:
    if element is None:
        return ""
    return re.sub(r"[ \t\r\f\v]+", " ", element.text_content()).strip()


def wall_clock(text: str) -> dt.datetime | None:
    """The first Beijing wall-clock time in `text` (naive, Asia/Shanghai), or None."""
    m = _WALL_CLOCK.search(text)
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _pair(detail: lxml.html.HtmlElement, nth: int = 0) -> tuple[str, dt.datetime | None] | None:
    texts, froms = _divs(detail, "m_feed_txt"), _divs(detail, "m_feed_from")
    if len(texts) <= nth:
        return None
    when = wall_clock(_text(froms[nth])) if len(froms) > nth else None
    return _text(texts[nth]), when


def parse_feed(body: str) -> Feed:
    """Items of one page of `userfeeds.do`; raises SourceError on a page that is not a feed."""
    page_like = re.search(r"<(?:!doctype|html|title)\b", body[:2000], re.IGNORECASE)
    if len(body) < END_OF_FEED_CHARS and "m_feed_item" not in body and not page_like:
        return Feed(ended=True)  # the feed's own short stub; a whole HTML page is an error page
    try:
        root = lxml.html.fromstring(body)
    except (ParserError, ValueError) as exc:  # ValueError: NULs and lone surrogates lxml will not take
        raise SourceError(f"e互动 feed: not HTML ({exc})") from exc
    feed = Feed()
    blocks = _divs(root, "m_feed_item")
    if not blocks:
        title = _text(next(iter(root.iter("title")), None))
        raise SourceError(f"e互动 feed: no m_feed_item in a {len(body)}-byte page"
                          + (f" titled {title!r}" if title else "") + " (the site may have changed or be blocking us)")
    for block in blocks:
        details = _divs(block, "m_feed_detail")
        if not details:  # the hidden-input template block the page carries is not an item
            continue
        asked = _pair(details[0])
        if asked is None:
            continue
        answers = [d for d in details if "m_qa" in _classes(d)]
        answered = _pair(answers[0]) if answers else _pair(details[0], 1)
        item_id = (block.get("id") or "").removeprefix("item-")
        if not item_id:
            continue
        question = _ADDRESSEE.sub("", asked[0], count=1)
        answer, when = answered if answered else ("", None)
        if answer and when is None:
            feed.unreadable += 1
            continue
        feed.items.append(FeedItem(item_id, question, answer, asked[1], when))
    return feed


class SseInfoClient(PoliteClient):
    """uid lookup and the answered-questions feed of one Shanghai company."""

    def __enter__(self) -> SseInfoClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def uid(self, code: str) -> str | None:
        """The company's e互动 uid: getCompany.do answers it as plain text; company.do's page is the fallback."""
        headers = {"Referer": f"{SNS}/qa.do"}
        body = self.request("POST", f"{SNS}/ajax/getCompany.do", data={"data": code}, headers=headers).text.strip()
        if _UID.fullmatch(body) and body != "0":
            return body
        try:
            page = self.request("GET", f"{SNS}/company.do", params={"stockcode": code}, headers=headers).text
            root = lxml.html.fromstring(page)
        except SourceError as exc:
            if exc.params.get("status") == 404:
                return None
            raise
        except (ParserError, ValueError):
            return None
        # the company page links its own feed: company.do?uid=<uid> or an element carrying uid="<uid>"
        for element in root.iter():
            uid = element.get("uid") or ""
            href = element.get("href") or ""
            if not uid and "uid=" in href:
                uid = href.split("uid=", 1)[1].split("&", 1)[0]
            if _UID.fullmatch(uid):
                return uid
        return None

    def feed_page(self, uid: str, page: int) -> str:
        params = {"typeCode": "company", "type": "11", "pageSize": FEED_PAGE_SIZE, "uid": uid, "page": page}
        return self.request("POST", f"{SNS}/ajax/userfeeds.do", params=params).text

    def answers(self, code: str, name: str, start: dt.date, end: dt.date) -> Iterator[Answer]:
        """Answered questions of one Shanghai company, newest first, answered between two days (inclusive)."""
        uid = self.uid(code)
        if uid is None:
            raise SourceError(f"e互动 has no company with code {code}")
        seen: set[str] = set()
        for page in range(1, MAX_FEED_PAGES + 1):
            feed = parse_feed(self.feed_page(uid, page))
            fresh = [item for item in feed.items if item.id not in seen]
            if feed.ended or not fresh:
                return
            seen.update(item.id for item in fresh)
            for item in fresh:
                if item.answer and item.answered and start <= item.answered.date() <= end:
                    yield Answer(id=item.id, code=code, name=name, question=item.question, answer=item.answer,
                                 day=item.answered.date(), day_from="e互动 m_qa",
                                 url=f"{SNS}/company.do?uid={uid}#item-{item.id}")
            times = [item.answered for item in fresh if item.answered]
            if times and max(times).date() < start:
                return  # newest answers first: the rest were answered before the window
