"""The cninfo client against recorded-format responses; failures included."""
from __future__ import annotations

import datetime as dt

import httpx
import pytest

from tests.sources.mock_cninfo import cninfo, payload
from trackers.errors import SourceError, SourceUnreachable
from trackers.sources.cninfo import CninfoClient, month_windows, parse_announcements, shanghai_day


def client(handler, **kw) -> CninfoClient:  # type: ignore[no-untyped-def]
    slept: list[float] = []
    c = CninfoClient(httpx.MockTransport(handler), sleep=slept.append, **kw)
    c.slept = slept  # type: ignore[attr-defined]
    return c


def test_announcement_time_is_the_shanghai_day() -> None:
    rows = parse_announcements(payload("fulltext_300253_2025-05_p2.json"), "fulltext")
    assert rows[0].day == dt.date(2025, 5, 10)  # midnight in Shanghai is the previous day in UTC
    assert shanghai_day(1599148800000) == dt.date(2020, 9, 4)
    assert rows[0].url == "http://static.cninfo.com.cn/finalpage/2025-05-10/1223000050.PDF"


def test_stock_list_and_fuzzy_top_search() -> None:
    with client(cninfo()) as c:
        stocks = {s.code: s.org_id for s in c.stock_list()}
        assert stocks["300253"] == "9900022016" and stocks["600600"] == "gssh0600600"
        found = c.top_search("301999")
        assert found is not None and found.org_id == "GD301999"  # not the first, fuzzy row
        assert c.top_search("399999") is None


def test_pages_until_has_more_is_false_and_slices_by_month() -> None:
    log: list[str] = []
    with client(cninfo(log)) as c:
        items = list(c.announcements("300253", "9900022016", dt.date(2025, 4, 20), dt.date(2025, 6, 5)))
    assert len(items) == 32
    asked = [line for line in log if "hisAnnouncement" in line]
    assert [line.split()[-2:] for line in asked] == [
        ["2025-04-20~2025-04-30", "1"], ["2025-05-01~2025-05-31", "1"], ["2025-05-01~2025-05-31", "2"],
        ["2025-06-01~2025-06-05", "1"]]


def test_relation_tab_for_shenzhen_title_filter_for_shanghai() -> None:
    with client(cninfo()) as c:
        sz = list(c.ir_records("300253", "9900022016", dt.date(2025, 4, 1), dt.date(2025, 4, 30)))
        sh = list(c.ir_records("600600", "gssh0600600", dt.date(2025, 4, 1), dt.date(2025, 4, 30)))
    assert [i.id for i in sz] == ["1223000001"]  # the IR rules document is not a record
    assert [i.id for i in sh] == ["1223000201"] and sh[0].tab == "fulltext"


def test_pdf_download_and_a_truncated_one() -> None:
    with client(cninfo(pdf_overrides={"1223000099": "truncated.PDF"})) as c:
        assert c.download("finalpage/2025-04-25/1223000001.PDF").startswith(b"%PDF")
        data = c.download("finalpage/2025-04-25/1223000099.PDF")
    from trackers.documents import parse_bytes
    from trackers.errors import ParseError

    with pytest.raises(ParseError):
        parse_bytes(data, "1223000099.pdf")


def test_answers_keep_only_answered_questions() -> None:
    with client(cninfo()) as c:
        answers = list(c.answers("300253", "9900022016", dt.date(2025, 5, 1), dt.date(2025, 5, 31)))
    assert len(answers) == 1
    a = answers[0]
    assert a.day == dt.date(2025, 5, 7) and "第三季度" in a.answer and a.text.startswith("问：")


def test_403_is_a_clear_error() -> None:
    with client(lambda r: httpx.Response(403, text="Forbidden")) as c, pytest.raises(SourceError, match="403"):
        c.stock_list()


def test_html_instead_of_json_is_a_clear_error() -> None:
    from tests.sources.mock_cninfo import FIXTURES

    html = (FIXTURES / "html_block.html").read_bytes()
    with client(lambda r: httpx.Response(200, content=html, headers={"content-type": "text/html"})) as c, \
            pytest.raises(SourceError, match="HTML page"):
        c.stock_list()


def test_timeout_then_success_with_back_off() -> None:
    calls = {"n": 0}
    inner = cninfo()

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.ReadTimeout("slow", request=request)
        if calls["n"] == 2:
            return httpx.Response(502, text="bad gateway")
        return inner(request)

    with client(flaky) as c:
        assert len(c.stock_list()) == 4
        assert calls["n"] == 3 and [s for s in c.slept if s >= 2] == [2.0, 4.0]  # type: ignore[attr-defined]


def test_requests_are_paced_per_host() -> None:
    now = {"t": 0.0}
    with CninfoClient(httpx.MockTransport(cninfo()), sleep=lambda s: now.__setitem__("t", now["t"] + s),
                      monotonic=lambda: now["t"]) as c:
        c.stock_list()
        c.stock_list()
        c.download("finalpage/2025-04-25/1223000001.PDF")  # another host: no wait
    assert now["t"] == pytest.approx(1.2)


def test_month_windows() -> None:
    assert list(month_windows(dt.date(2025, 12, 20), dt.date(2026, 2, 3))) == [
        (dt.date(2025, 12, 20), dt.date(2025, 12, 31)), (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 3))]


def test_an_unreachable_host_fails_at_once() -> None:
    calls = {"n": 0}

    def down(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    with client(down) as c, pytest.raises(SourceUnreachable, match="www.cninfo.com.cn cannot be reached"):
        c.stock_list()
    assert calls["n"] == 1 and not [s for s in c.slept if s >= 2]  # type: ignore[attr-defined]


def _page(ids: range, has_more: bool, total: int | None) -> dict:
    rows = [{"announcementId": str(i), "announcementTitle": f"公告{i}", "announcementTime": 1746028800000,
             "adjunctUrl": f"finalpage/2025-05-01/{i}.PDF", "adjunctType": "PDF", "secCode": "300999",
             "secName": "甲乙", "orgId": "9900022016"} for i in ids]
    out: dict = {"announcements": rows, "hasMore": has_more}
    if total is not None:
        out["totalAnnouncement"] = total
    return out


def test_paging_follows_the_total_when_has_more_lies() -> None:
    """A busy day: hasMore comes back false on page 1 although 75 rows exist; the total decides."""
    asked: list[tuple[str, str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        form = {k: v[-1] for k, v in __import__("urllib.parse").parse.parse_qs(request.content.decode()).items()}
        asked.append((form["pageNum"], form["column"], form["plate"]))
        page = int(form["pageNum"])
        ids = range((page - 1) * 30, min(page * 30, 75))
        return httpx.Response(200, json=_page(ids, has_more=False, total=75))

    with client(handler) as c:
        items = list(c.announcements("300999", "9900022016", dt.date(2025, 5, 1), dt.date(2025, 5, 31)))
    assert len(items) == 75 and [a[0] for a in asked] == ["1", "2", "3"]
    assert asked[0][1:] == ("szse", "sz")


@pytest.mark.parametrize(("code", "column", "plate"), [("920001", "bj", "bj"), ("430047", "bj", "bj"),
                                                       ("830799", "bj", "bj"), ("600600", "sse", "sh"),
                                                       ("300253", "szse", "sz")])
def test_the_exchange_column_and_plate_the_site_sends(code: str, column: str, plate: str) -> None:
    from trackers.sources.cninfo import market_of

    assert market_of(code) == (column, plate)


def test_429_waits_and_slows_down_then_succeeds() -> None:
    calls = {"n": 0}
    inner = cninfo()

    def throttled(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return httpx.Response(429, text="too many")
        return inner(request)

    with client(throttled) as c:
        assert len(c.stock_list()) == 4
        assert 30.0 in c.slept  # type: ignore[attr-defined]


def test_an_answer_without_attached_pub_date_takes_the_detail_reply_date() -> None:
    may_10 = 1746806400000  # 2025-05-10 00:00 Asia/Shanghai
    june_2 = 1748793600000  # 2025-06-02: an edit moved updateDate, not the answer
    rows = [{"indexId": "q1", "stockCode": "300253", "companyShortName": "卫宁健康", "mainContent": "问题一？",
             "attachedContent": "公司预计6月底前完成。", "attachedPubDate": None, "updateDate": june_2},
            {"indexId": "q2", "stockCode": "300253", "companyShortName": "卫宁健康", "mainContent": "问题二？",
             "attachedContent": None, "attachedPubDate": None, "updateDate": june_2}]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/company/question"):
            return httpx.Response(200, json={"rows": rows, "totalPage": 1})
        assert request.url.params["questionId"] == "q1"
        return httpx.Response(200, json={"data": {"replyDate": may_10, "replyContent": "公司预计6月底前完成。"}})

    with client(handler) as c:
        answers = list(c.answers("300253", "9900022016", dt.date(2025, 5, 1), dt.date(2025, 6, 30)))
    assert [(a.id, a.day, a.day_from) for a in answers] == [("q1", dt.date(2025, 5, 10), "replyDate")]
    assert "取自 replyDate" in answers[0].text


@pytest.mark.parametrize(("title", "record"), [
    ("关于2025年5月特定对象调研活动的公告", True), ("投资者关系活动记录表（2025年5月）", True),
    ("关于参加分析师会议的情况说明", True), ("关于召开2024年度业绩说明会的公告", False),
    ("投资者关系管理制度", False)])
def test_shanghai_ir_titles(title: str, record: bool) -> None:
    from trackers.sources.cninfo import Announcement

    item = Announcement("1", "600600", "青岛啤酒", "gssh0600600", title, dt.date(2025, 5, 1), "", "PDF", "fulltext")
    assert item.is_ir_record is record


def test_an_orgid_made_from_the_code_finds_nothing_as_live() -> None:
    """ChiNext orgIds look like 9900022016: the invented gssz0 + code gets zero rows from the live site."""
    with client(cninfo()) as c:
        made_up = list(c.announcements("300253", "gssz0300253", dt.date(2025, 5, 1), dt.date(2025, 5, 31)))
        real = list(c.announcements("300253", "9900022016", dt.date(2025, 5, 1), dt.date(2025, 5, 31)))
    assert made_up == [] and len(real) == 32


def test_totalpages_rounding_down_does_not_lose_the_last_page() -> None:
    """32 rows: the live site says totalpages 1; the client pages by the total and reads page 2."""
    from tests.sources.mock_cninfo import payload

    first = payload("fulltext_300253_2025-05_p1.json")
    assert first["totalpages"] == 1 and first["totalAnnouncement"] == 32
    with client(cninfo()) as c:
        ids = [a.id for a in c.announcements("300253", "9900022016", dt.date(2025, 5, 1), dt.date(2025, 5, 31))]
    assert "1223000050" in ids  # on page 2


def test_a_page_past_the_last_repeats_page_one_and_paging_stops() -> None:
    """Without a total the client follows hasMore; the site's wrap-around to page 1 stops it, no duplicates."""
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        form = {k: v[-1] for k, v in __import__("urllib.parse").parse.parse_qs(request.content.decode()).items()}
        asked.append(form["pageNum"])
        page = int(form["pageNum"])
        ids = range(30) if page > 2 else range((page - 1) * 30, page * 30)  # page 3 repeats page 1
        return httpx.Response(200, json=_page(ids, has_more=True, total=None))

    with client(handler) as c:
        items = list(c.announcements("300999", "9900022016", dt.date(2025, 5, 1), dt.date(2025, 5, 31)))
    assert len(items) == 60 and len({i.id for i in items}) == 60 and asked == ["1", "2", "3"]


def test_a_beijing_company_is_asked_in_column_bj_with_its_gd_orgid() -> None:
    log: list[str] = []
    with client(cninfo(log)) as c:
        records = list(c.ir_records("920099", "GD165627", dt.date(2025, 4, 1), dt.date(2025, 4, 30)))
    assert [r.id for r in records] == ["1223000301"]


def test_top_search_rows_carry_a_type_the_client_does_not_need() -> None:
    with client(cninfo()) as c:
        found = c.top_search("603999")
    assert found is not None and (found.org_id, found.name) == ("9900038851", "样例汇创")


def test_full_text_search_pages_by_100_and_keeps_one_company() -> None:
    asked: list[dict[str, str]] = []
    inner = cninfo()

    def recording(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/new/fulltextSearch/full":
            asked.append(dict(request.url.params))
        return inner(request)

    with client(recording) as c:
        everything = list(c.search("不向下修正", dt.date(2025, 1, 1), dt.date(2025, 3, 31)))
        ours = list(c.search("不向下修正", dt.date(2025, 1, 1), dt.date(2025, 3, 31), code="300253"))
    assert len(everything) == 130 and len({a.id for a in everything}) == 130
    assert [q["pageNum"] for q in asked[:2]] == ["1", "2"] and asked[0]["pageSize"] == "100"
    assert asked[0]["type"] == "" and asked[0]["sdate"] == "2025-01-01" and asked[0]["edate"] == "2025-03-31"
    assert {a.code for a in ours} == {"300253"} and len(ours) == 44
    assert "<em>" not in ours[0].title and ours[0].title.startswith("关于不向下修正")
    assert "不向下修正" in ours[0].snippet and ours[0].tab == "search"


def test_the_relation_tab_is_asked_for_records_not_rules() -> None:
    asked: list[str] = []
    inner = cninfo()

    def recording(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/new/hisAnnouncement/query":
            form = {k: v[-1] for k, v in __import__("urllib.parse").parse.parse_qs(request.content.decode()).items()}
            asked.append(form.get("category", ""))
        return inner(request)

    with client(recording) as c:
        records = list(c.ir_records("300253", "9900022016", dt.date(2025, 4, 1), dt.date(2025, 4, 30)))
    assert asked == ["category_dyhd_szdy;category_lyhd_szdy;category_mdcf_szdy"]
    assert [r.id for r in records] == ["1223000001"]


@pytest.mark.parametrize("body", [
    [1, 2, 3],  # a list where an object belongs
    {"announcements": [None, "x", {"announcementId": "9", "announcementTime": "yesterday"}], "totalAnnouncement": 3},
    {"announcements": {"not": "a list"}},
])
def test_a_changed_answer_is_fewer_rows_or_a_source_error_never_a_crash(body: object) -> None:
    with client(lambda r: httpx.Response(200, json=body)) as c:
        try:
            rows = list(c.announcements("300253", "9900022016", dt.date(2025, 5, 1), dt.date(2025, 5, 31)))
        except SourceError as exc:
            assert "expected a JSON object" in str(exc)
        else:
            assert rows == []


def test_answers_with_odd_fields_are_skipped() -> None:
    from trackers.sources.cninfo import parse_answers

    rows = [{"indexId": "1", "attachedContent": "将于6月底前完成。", "attachedPubDate": "soon"},
            {"indexId": "2", "attachedContent": 42, "updateDate": 1746806400000}, "junk"]
    answers = parse_answers({"rows": rows})
    assert [(a.id, a.answer, a.day) for a in answers] == [("2", "42", dt.date(2025, 5, 10))]


@pytest.mark.parametrize(("title", "report"), [
    ("2025年年度报告", True), ("2025年半年度报告", True), ("2025年年度报告（更新后）", True),
    ("2025年年度报告摘要", False), ("2025年半年度报告摘要", False), ("2025年年度报告（英文版）", False),
    ("2025 Annual Report", False), ("关于2025年年度报告的更正公告", False), ("关于召开2025年度业绩说明会的公告", False),
])
def test_a_periodic_report_in_full_is_told_from_its_summary_and_its_english_version(title: str, report: bool) -> None:
    from trackers.sources.cninfo import Announcement

    item = Announcement("1", "688901", "青岚材料", "9900000001", title, dt.date(2026, 4, 20), "a.PDF", "PDF", "fulltext")
    assert item.is_periodic_report is report
