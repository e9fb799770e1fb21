"""SSE e互动 over recorded-shape HTML: uid lookup, the answered-questions feed, its end and its failures."""
from __future__ import annotations

import datetime as dt

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.sources.mock_cninfo import FIXTURES, cninfo
from trackers.errors import SourceError
from trackers.sources.sseinfo import SseInfoClient, parse_feed, wall_clock


def client(handler: httpx.MockTransport | None = None) -> SseInfoClient:
    return SseInfoClient(handler or httpx.MockTransport(cninfo()), min_interval=0.0, sleep=lambda s: None)


def feed() -> str:
    return (FIXTURES / "sse_feed_4317_p1.html").read_text(encoding="utf-8")


def test_answered_unanswered_legacy_and_template_blocks() -> None:
    parsed = parse_feed(feed())
    by_id = {i.id: i for i in parsed.items}
    # the hidden-input template block is not an item; the item whose answer time reads 刚刚 is counted
    assert set(by_id) == {"1790420", "1790388", "1790377", "1790350", "1790102"} and parsed.unreadable == 1
    first = by_id["1790420"]
    assert first.question == "请问新建的生产线什么时候投产？"  # the :青岛啤酒(600600) address is not the question
    assert first.answer.startswith("您好，公司新建的年产20万千升生产线") and "来自" not in first.answer
    assert first.answered == dt.datetime(2025, 5, 20, 10, 31) and first.asked == dt.datetime(2025, 5, 19, 21, 14)
    assert by_id["1790377"].answer == "" and by_id["1790377"].answered is None  # unanswered
    assert by_id["1790350"].answer.startswith("您好，公司计划于2025年6月30日前召开")  # both pairs in one detail


def test_seconds_precision_and_a_nested_supplement() -> None:
    item = next(i for i in parse_feed(feed()).items if i.id == "1790388")
    assert item.answered == dt.datetime(2025, 5, 18, 16, 2, 9)
    assert "补充：具体进展以公司公告为准" in item.answer


def test_wall_clock_text() -> None:
    assert wall_clock("2026年06月25日 11:40 来自 网站") == dt.datetime(2026, 6, 25, 11, 40)
    assert wall_clock("2026年6月5日") == dt.datetime(2026, 6, 5)
    assert wall_clock("2026年02月30日 11:40") is None and wall_clock("刚刚") is None


def test_an_empty_feed_ends_and_an_html_error_page_is_an_error() -> None:
    assert parse_feed('<div class="m_feed_empty"></div>').ended
    blocked = (FIXTURES / "html_block.html").read_text(encoding="utf-8")
    with pytest.raises(SourceError, match="访问受限"):
        parse_feed(blocked)


def test_uid_from_get_company_and_from_the_company_page() -> None:
    with client() as c:
        assert c.uid("600600") == "4317"
        assert c.uid("603999") == "5120"  # getCompany.do answered nothing: the company page links the feed
        assert c.uid("600000") is None


def test_answers_in_a_window_become_answers_with_their_day() -> None:
    with client() as c:
        answers = list(c.answers("600600", "青岛啤酒", dt.date(2025, 5, 1), dt.date(2025, 5, 31)))
    assert [(a.id, a.day) for a in answers] == [("1790420", dt.date(2025, 5, 20)), ("1790388", dt.date(2025, 5, 18)),
                                                ("1790350", dt.date(2025, 5, 13))]
    assert answers[0].url == "https://sns.sseinfo.com/company.do?uid=4317#item-1790420"
    assert answers[0].text.startswith("问：请问新建的生产线") and "取自 e互动" in answers[0].text


def test_an_unknown_company_and_a_blocked_feed_are_clear_errors() -> None:
    with client() as c, pytest.raises(SourceError, match="no company with code 600000"):
        list(c.answers("600000", "", dt.date(2025, 5, 1), dt.date(2025, 5, 31)))
    blocked = (FIXTURES / "html_block.html").read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ajax/getCompany.do":
            return httpx.Response(200, text="4317")
        return httpx.Response(200, content=blocked, headers={"content-type": "text/html"})

    with client(httpx.MockTransport(handler)) as c, pytest.raises(SourceError, match="no m_feed_item"):
        list(c.answers("600600", "", dt.date(2025, 5, 1), dt.date(2025, 5, 31)))


@given(st.lists(st.sampled_from(['<div class="m_feed_item" id="item-1">', '<div class="m_feed_detail">',
                                 '<div class="m_feed_detail m_qa">', '<div class="m_feed_txt">', '<div class="m_feed_from">',
                                 "</div>", "2026年06月25日 11:40", "问", "答", "\x00", "\ud800", "&#0;", "<", ">", "<html>"]),
                max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_page_is_read_or_refused_with_a_source_error(parts: list[str]) -> None:
    try:
        feed = parse_feed("".join(parts))
    except SourceError:
        return
    assert all(item.id for item in feed.items)
