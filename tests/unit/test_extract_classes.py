"""Classes of sentences that filings the rules had never seen broke (issue 23 §3–4), each restated in our own
words with two examples or more: what is a promise, what is not, and which day it names."""
from __future__ import annotations

import datetime as dt

import pytest

from trackers.extract.deadlines import resolve_phrase
from trackers.extract.pipeline import extract

D = dt.date


def _deadlines(text: str, day: dt.date) -> list[dt.date | None]:
    return [d.deadline for d in extract(text, day)]


# ---------------------------------------------------------------- not promises
@pytest.mark.parametrize("text", [
    "经自查，公司控股股东、实际控制人在未来3个月、未来6个月内暂无减持公司股份的计划。",
    "持股5%以上的股东确认，截至回购方案披露日，本企业在未来 3 个月、未来 6 个月暂",  # cut off by the PDF copy
    "公司董事、监事、高级管理人员未来三个月、未来六个月不存在减持计划。",
])
def test_the_exchanges_question_on_the_next_3_and_6_months_makes_no_promise(text: str) -> None:
    assert extract(text, D(2025, 3, 3)) == []


@pytest.mark.parametrize("text", [
    "具体内容详见公司于2025年1月6日在上海证券交易所网站披露的《关于回购股份方案的公告》。",
    "具体内容详见公司分别于 2025 年\n披露的《关于以集中竞价交易方式回购股份的报告书》(公告编号:2025-003)。",
])
def test_a_pointer_to_another_filing_makes_no_promise(text: str) -> None:
    assert extract(text, D(2025, 3, 3)) == []


@pytest.mark.parametrize("text", [
    "经公司申请，某某银行同意向公司提供流动资金贷款不超过3,000万元，期限不超过2年。",
    "某某银行为公司提供综合授信额度人民币5,000万元，授信期限不超过1年。",
])
def test_a_loans_term_is_no_promise(text: str) -> None:
    assert extract(text, D(2026, 5, 7)) == []


@pytest.mark.parametrize("text", [
    "根据《企业破产法》规定，人民法院经审查认为符合规定的，应当自收到申请之日起三十日内裁定批准。",
    "自重整计划通过之日起十日内，债务人或者管理人应当向人民法院提出批准重整计划的申请。",
])
def test_what_the_law_asks_of_a_court_or_administrator_is_not_the_companys_promise(text: str) -> None:
    assert extract(text, D(2026, 5, 7)) == []


@pytest.mark.parametrize("text", [
    "公司将董事2025年及2026年的薪酬方案以单独的议案提交股东会审议。",
    "公司将2026年的预算方案提交董事会审议。",
])
def test_years_that_name_a_period_s_pay_or_budget_are_no_deadline(text: str) -> None:
    assert extract(text, D(2026, 4, 21)) == []


@pytest.mark.parametrize("text", [
    "该项目自2022年3月正式启动，在历经10个月的建设后于12月31日建成。",
    "新工厂于2021年5月开工，经过一年多的建设，于9月30日正式投产。",
])
def test_a_day_without_a_year_in_a_story_of_an_earlier_year_is_past(text: str) -> None:
    assert extract(text, D(2023, 1, 3)) == []


@pytest.mark.parametrize("text", [
    "公司于2022年11月开始回购。当年11月12日，公司董事会审议通过回购方案，计划回购期限为12个月。",
    "公司2021年起布局储能业务，当年9月30日完成首条产线建设。",
])
def test_that_year_is_the_year_the_text_told_last(text: str) -> None:
    assert all(d is None or d.year < 2026 for d in _deadlines(text, D(2026, 1, 13)))


@pytest.mark.parametrize("text", [
    "关于取消召开2026年第二次临时股东大会的通知\n取消的会议召开的日期和时间：现场会议时间：2026年5月29日14:30\n"
    "取消的会议股权登记日：2026年5月22日",
    "关于取消召开2026年第一次临时股东大会的通知\n原定于2026年3月20日召开的股东大会取消。\n（一）现场会议时间：2026年3月20日",
])
def test_a_cancelled_meetings_schedule_is_no_promise(text: str) -> None:
    assert extract(text, D(2026, 5, 20)) == []


@pytest.mark.parametrize("text", [
    "公司于6月18日收到关注函，要求在6月25日前回复。公司计划延期至7月2日前回复。目前相关事项尚需补充，公司再次延期回复关注函，将尽快完成回复工作。",
    "公司原定于4月30日前披露回复，后延期至5月15日前披露。因中介机构核查尚未完成，公司再次申请延期回复，并将尽快披露。",
])
def test_a_second_postponement_supersedes_the_dates_told_before_it(text: str) -> None:
    assert extract(text, D(2026, 7, 2)) == []


# ---------------------------------------------------------------- promises and their days
@pytest.mark.parametrize(("text", "deadline"), [
    ("本次上市流通的限售股为公司首次公开发行部分限售股，公司股票于2022年6月8日在科创板上市，限售期自公司股票上市之日起36个月。",
     D(2025, 6, 7)),
    ("公司于 2021 年 3 月 11 日在上海证券交易所科创板上市。本次上市流通的限售股限售期自公司股票 上市之日起 36 个月。",
     D(2024, 3, 10)),
])
def test_a_lock_up_counted_from_the_listing_day_the_notice_states(text: str, deadline: dt.date) -> None:
    drafts = [d for d in extract(text, D(2024, 3, 4)) if d.type == "lockup"]
    assert [d.deadline for d in drafts] == [deadline] and drafts[0].kind.value == "restraint"


@pytest.mark.parametrize("text", [
    "股份限售期为自公司完成增资扩股事项的工商变更登记手续之日起36个月。",
    "本次认购的股份限售期为自股份过户完成之日起12个月。",
])
def test_a_lock_up_counted_from_an_act_of_unknown_day_has_no_deadline(text: str) -> None:
    assert all(d.deadline is None for d in extract(text, D(2022, 9, 30)))


@pytest.mark.parametrize(("text", "days"), [
    ("本次权益分派股权登记日为2026年6月24日，除权除息日为次日。", [D(2026, 6, 24), D(2026, 6, 25)]),
    ("本次付息债权登记日为2026年3月9日，付息日为次日。", [D(2026, 3, 9), D(2026, 3, 10)]),
])
def test_the_next_day_is_the_day_after_the_one_just_named(text: str, days: list[dt.date]) -> None:
    assert _deadlines(text, D(2026, 3, 2)) == days


@pytest.mark.parametrize(("phrase", "ref", "deadline"), [
    ("自本公告披露之日起 15 个交易\n日后的 3 个月内", D(2024, 10, 11), D(2025, 2, 3)),
    ("自公告之日起15个交易\n日后的6个月内", D(2024, 10, 11), D(2025, 5, 3)),
])
def test_a_trading_day_count_broken_across_a_line(phrase: str, ref: dt.date, deadline: dt.date) -> None:
    resolved = resolve_phrase(phrase, ref)
    assert resolved is not None and resolved.deadline == deadline


@pytest.mark.parametrize("phrase", ["自前述董事会审议通过之日起至2026年半年度董事会会议召开之日",
                                    "2026年半年度董事会会议召开之日后一交易日"])
def test_a_half_years_board_meeting_is_a_name_not_a_half(phrase: str) -> None:
    assert resolve_phrase(phrase, D(2026, 3, 20)) is None


def test_a_reply_recounting_a_past_window_across_a_pdf_wrap_counts_from_the_meeting_it_names() -> None:
    text = ("于 2022 年 6 月 7 日召\n开的公司 2021 年年度股东大会审议通过了回购议案。回购资金总额不低于人民币 1 亿元(含)，"
            "回购期限为自公司\n股东大会审议通过回购股份方案之日起 6 个月内。")
    assert _deadlines(text, D(2022, 12, 4)) == [D(2022, 12, 6)]


@pytest.mark.parametrize("text", [
    "上午10点，随着首批产品下线，项目迎来了投料试车成功，公司力争在2026年3月底完成达产。",
    "随着订单迎来增长，公司计划于2026年6月30日前完成二期产线建设。",
])
def test_a_passive_clause_elsewhere_in_the_sentence_does_not_hide_the_promise(text: str) -> None:
    assert len(extract(text, D(2026, 1, 3))) == 1


def test_a_dividends_cash_stated_in_the_sentence_before_its_date() -> None:
    text = "公司2025年度利润分配方案为：向全体股东每10股派发现金红利3.00元（含税）。公司将于2026年6月30日前完成本次权益分派。"
    (draft,) = extract(text, D(2026, 4, 20))
    assert draft.type == "dividend" and draft.terms.per_share == 0.3 and draft.quote.startswith("公司2025年度利润分配")
