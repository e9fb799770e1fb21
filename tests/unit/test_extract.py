"""Extraction on the project's own example texts, and properties that hold for any text."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from trackers.documents import load_document
from trackers.domain import Kind
from trackers.extract.pipeline import extract
from trackers.extract.subject import keywords_of

REF = dt.date(2025, 4, 25)


def _one(text: str, ref: dt.date = REF) -> list:
    return extract(text, ref)


def test_example_record_gives_the_launch_and_the_restraint() -> None:
    doc = load_document(EXAMPLES / "300253-ir-record-2025-04-25.txt")
    drafts = extract(doc.text, doc.fields.activity_date or REF)
    assert [(d.kind, d.deadline) for d in drafts] == [
        (Kind.EVENT, dt.date(2025, 5, 10)), (Kind.RESTRAINT, dt.date(2025, 6, 30))]
    launch, restraint = drafts
    assert "WiNGPT3.0" in launch.quote and "WiNGPT3.0" in launch.keywords
    assert launch.deadline_text == "今年5月10日" and launch.precision.value == "day"
    assert "不向下修正" in restraint.subject and restraint.precision.value == "month"
    for d in drafts:
        assert doc.text[d.start:d.end] == d.quote


def test_questions_no_plan_and_conditionals_are_not_commitments() -> None:
    text = ("问：公司2025年6月底前会回购股份吗？\n"
            "答：目前暂无回购计划。若后续有回购计划，公司将在2025年内及时披露。\n"
            "问：明年有新品发布吗？\n答：公司将在明年上半年发布新一代产品。")
    drafts = _one(text)
    assert len(drafts) == 1
    assert drafts[0].deadline == dt.date(2026, 6, 30) and drafts[0].kind is Kind.EVENT


def test_past_facts_are_not_commitments() -> None:
    text = "2024年，公司实现营业收入27亿元。公司已于2025年3月完成回购，累计回购金额1亿元。"
    assert _one(text) == []


def test_one_sentence_with_several_dated_targets_gives_several() -> None:
    text = "项目计划于2025年9月开工，预计2026年上半年建成投产。"
    drafts = _one(text)
    assert [(d.kind, d.deadline) for d in drafts] == [
        (Kind.PLAN, dt.date(2025, 9, 30)), (Kind.TARGET, dt.date(2026, 6, 30))]


def test_window_anchored_on_the_board_meeting_in_the_text() -> None:
    text = ("公司于2025年3月3日召开第五届董事会第九次会议，审议通过了回购方案。回购资金总额不低于人民币5,000万元，"
            "回购期限为自公司董事会审议通过本次回购方案之日起12个月内。")
    drafts = _one(text, dt.date(2025, 3, 4))
    assert len(drafts) == 1
    assert drafts[0].deadline == dt.date(2026, 3, 2) and drafts[0].deadline_start == dt.date(2025, 3, 3)


def test_restraint_with_an_explicit_range_in_brackets() -> None:
    text = ("董事会决定本次不向下修正转股价格，且自次一交易日起未来3个月内（即2025年7月21日至2025年10月20日），"
            "如再次触发修正条件，亦不提出向下修正方案。")
    drafts = _one(text, dt.date(2025, 7, 18))
    assert len(drafts) == 1
    d = drafts[0]
    assert d.kind is Kind.RESTRAINT and d.deadline == dt.date(2025, 10, 20) and d.deadline_start == dt.date(2025, 7, 21)


def test_postponed_schedule_keeps_only_the_new_date() -> None:
    text = "该募投项目原计划于2025年7月达到预定可使用状态，现延期至2027年7月。"
    drafts = _one(text, dt.date(2025, 6, 25))
    assert [d.deadline for d in drafts] == [dt.date(2027, 7, 31)]


def test_fuzzy_dates_give_nothing() -> None:
    assert _one("公司将尽快推进项目建设，争取近期完成土地平整，适时启动二期。") == []


def test_traditional_characters_are_read() -> None:
    drafts = _one("公司預計明年上半年前可實現鋰電10GWh的產能。", dt.date(2022, 11, 18))
    assert [d.deadline for d in drafts] == [dt.date(2023, 6, 30)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_quotes_are_verbatim(text: str) -> None:
    for d in extract(text, REF):
        assert text[d.start:d.end] == d.quote


_CHINESE_BITS = st.sampled_from([
    "公司", "计划", "将于", "2025年", "6月底前", "未来12个月内", "不减持", "回购", "。", "，", "问：", "答：", "自",
    "起", "之日", "董事会", "下半年", "Q3", "若", "披露", "暂无", "\n", " ", "3个交易日后的6个月内", "（即", "）",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHINESE_BITS, max_size=40).map("".join))
def test_filing_like_text_never_raises(text: str) -> None:
    for d in extract(text, REF):
        assert text[d.start:d.end] == d.quote
        assert d.deadline is not None


def test_conditions_market_weather_and_names_are_not_promises() -> None:
    assert _one("若2025年6月底前未能完成交割，协议将自动终止。") == []
    assert _one("行业需求预计在2025年下半年回暖。") == []
    assert _one("公司将在2025年年度报告中披露相关情况。") == []
    drafts = _one("公司预计2025年下半年产品价格企稳，公司将在年底前完成扩产。")
    assert [d.deadline for d in drafts] == [dt.date(2025, 12, 31)] and "扩产" in drafts[0].quote


def test_a_meeting_named_by_its_year_is_dated_by_its_day() -> None:
    drafts = _one("公司拟于2025年5月20日召开2024年年度股东大会。")
    assert [(d.kind, d.deadline) for d in drafts] == [(Kind.EVENT, dt.date(2025, 5, 20))]


def test_two_promises_that_share_a_date_stay_two() -> None:
    drafts = _one("公司计划年底前完成A厂房建设。公司计划年底前完成B产线建设。")
    assert len(drafts) == 2


def test_keywords_name_each_word_once_in_the_order_of_the_domain_list() -> None:
    words = keywords_of("公司将召开股东大会审议回购方案，回购完成后召开发布会发布“智医3.0”")
    assert len(words) == len(set(words))
    assert words[:4] == ("回购", "发布", "发布会", "股东大会")
    assert "智医3.0" in words


@pytest.mark.parametrize(("text", "subject"), [
    ("公司计划于2025年5月10日正式发布WPS AI 3.0。", "正式发布WPS AI 3.0"),
    ("公司将于2025年6月30日前发布 WPS AI 3.0 版本。", "发布WPS AI 3.0版本"),
    ("公司计划于2025年9月底前上线 Kimi K2 智能体平台。", "上线Kimi K2智能体平台"),
])
def test_a_subject_keeps_the_spaces_inside_a_latin_name(text: str, subject: str) -> None:
    (draft,) = extract(text, dt.date(2025, 1, 10))
    assert draft.subject == subject
