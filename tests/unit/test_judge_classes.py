"""Judging classes (issues 22 and 23 §2), each restated in our own words with two examples or more."""
from __future__ import annotations

import datetime as dt

import pytest

from trackers.check import judge
from trackers.check.sentences import tells_nothing
from trackers.domain import JudgeInput, Kind, LaterFiling, Terms, Verdict
from trackers.extract.pipeline import as_commitment
from trackers.promises.identity import as_judged

D = dt.date


def _promise(quote: str, said: dt.date, kind: Kind | None = None) -> JudgeInput:
    draft = as_commitment(quote, said)
    assert draft is not None, quote
    made = as_judged(draft)
    return made if kind is None else JudgeInput(**{**{f: getattr(made, f) for f in made.__slots__}, "kind": kind})


def _judged(c: JudgeInput, title: str, day: dt.date, text: str) -> tuple[Verdict, dt.date | None, str]:
    result = judge(c, LaterFiling(title, day, text))
    return result.verdict, result.acted_on, result.evidence


# ---------------------------------------------------------------- what a filing says that is never evidence
@pytest.mark.parametrize("sentence", [
    "如果在此期限内回购资金使用金额达到上限，则回购方案实施完毕，回购期限自该日起提前届满。",
    "若公司在回购期内发生派息、送股等除权除息事项，将按规定相应调整回购价格上限。",
    "按照本次回购金额下限人民币4,000万元、回购价格上限进行测算，回购数量约为473,989股。",
    "投资者关系活动类别 □特定对象调研 □分析师会议 √业绩说明会 □新闻发布会 □路演活动",
])
def test_hypotheses_calculations_and_checkboxes_tell_nothing(sentence: str) -> None:
    assert tells_nothing("".join(sentence.split()))


BUYBACK = "回购资金总额不低于人民币5,000万元（含），不超过人民币1亿元（含），回购期限自董事会审议通过本次回购方案之日起6个月内。"


@pytest.mark.parametrize("text", [
    "如果在此期限内回购资金使用金额达到上限，则回购方案实施完毕。",
    "按照回购资金总额上限1亿元、回购价格上限20元/股测算，回购数量约为500万股，回购完成后公司股本结构变化如下。",
])
def test_a_plans_own_hypothesis_or_calculation_does_not_fulfil_it(text: str) -> None:
    c = _promise(BUYBACK, D(2026, 1, 5))
    assert _judged(c, "关于回购股份并减少注册资本暨通知债权人的公告", D(2026, 1, 20), text)[0] is Verdict.NO_EVIDENCE


# ---------------------------------------------------------------- on time is decided by the act
@pytest.mark.parametrize(("text", "acted"), [
    ("截至2026年7月4日，本次回购期限届满，公司累计回购股份3,100,000股，支付的资金总额为人民币6,020万元。", D(2026, 7, 4)),
    ("本次回购期限已届满，公司通过集中竞价交易方式累计回购股份3,100,000股，支付的资金总额为人民币6,020万元。", D(2026, 7, 4)),
])
def test_a_results_notice_after_the_window_reports_trades_made_inside_it(text: str, acted: dt.date) -> None:
    c = _promise(BUYBACK, D(2026, 1, 5))
    assert c.deadline == D(2026, 7, 4)
    verdict, day, _quote = _judged(c, "关于回购股份实施结果暨股份变动的公告", D(2026, 7, 7), text)
    assert verdict is Verdict.FULFILLED and day == acted


@pytest.mark.parametrize("text", [
    "2026年3月3日，公司完成本次回购，实际回购股份3,239,000股，累计支付资金约1.4亿元。",
    "公司已于2026年3月3日完成回购，累计支付资金总额为人民币139,785,338.84元。",
])
def test_a_completion_day_the_text_tells_dates_the_act(text: str) -> None:
    c = _promise(BUYBACK.replace("1亿元", "1.5亿元"), D(2026, 1, 5))
    verdict, day, _quote = _judged(c, "某某股份拟变更部分回购股份用途（新闻稿）", D(2027, 1, 13), text)
    assert verdict is Verdict.FULFILLED and day == D(2026, 3, 3)


@pytest.mark.parametrize("text", [
    "上半年，公司完成3GWh储能电芯产能建设。目前，公司已有储能电芯年产能10GWh。",
    "一季度，公司新产线建成投产。截至目前，公司已有储能电芯年产能10GWh。",
])
def test_a_state_told_as_of_now_is_dated_by_the_build_the_sentence_before_reports(text: str) -> None:
    c = _promise("预计明年上半年前可实现储能电芯10GWh的产能。", D(2025, 11, 18))
    verdict, day, _quote = _judged(c, "半年报摘要（转载）", D(2026, 9, 7), text)
    assert verdict is Verdict.FULFILLED and day is not None and day <= D(2026, 6, 30)


@pytest.mark.parametrize("text", ["项目计划于2026年9月开工，预计2027年上半年建成投产。",
                                  "二期产线将于明年上半年建成投产，届时产能将达10GWh。"])
def test_a_plan_told_in_a_later_filing_is_not_a_report_of_the_act(text: str) -> None:
    c = _promise("公司预计2026年6月底前新产线建成投产。", D(2026, 1, 10))
    assert _judged(c, "对外投资公告", D(2026, 3, 1), text)[0] is Verdict.NO_EVIDENCE


# ---------------------------------------------------------------- slips told without 延期至
@pytest.mark.parametrize(("quote", "text", "new"), [
    ("公司将于2026年2月5日前回复关注函并对外披露。", "为确保回复内容准确完整，公司将延期回复关注函，预计于2026年2月9日前完成关注函的回复工作。",
     D(2026, 2, 9)),
    ("公司将于2026年7月2日前回复关注函。", "部分事项尚需补充和完善，公司尚不能在上述期限完成回复工作，经申请，再次延期回复关注函，将尽快完成。",
     None),
])
def test_a_postponement_told_without_yanqi_zhi_breaks_the_schedule(quote: str, text: str, new: dt.date | None) -> None:
    c = _promise(quote, D(2026, 1, 20))
    result = judge(c, LaterFiling("关于延期回复关注函的公告", c.deadline or D(2026, 1, 1), text))
    assert result.verdict is Verdict.BROKEN and result.new_deadline == new


@pytest.mark.parametrize("text", [
    "公司董事会审议通过了《关于取消召开2026年第二次临时股东大会的议案》，同意取消原定于2026年5月29日召开的2026年第二次临时股东大会。",
    "因审议事项尚需进一步论证，公司决定取消召开2026年第二次临时股东大会。",
])
def test_a_cancelled_meeting_is_broken(text: str) -> None:
    c = JudgeInput(quote="现场会议时间：2026年5月29日14:30", kind=Kind.EVENT, deadline=D(2026, 5, 29), type="meeting",
                   terms=Terms(event="2026年第二次临时股东大会"))
    assert _judged(c, "关于取消召开2026年第二次临时股东大会的通知", D(2026, 5, 27), text)[0] is Verdict.BROKEN


# ---------------------------------------------------------------- restraints
NO_REVISION = JudgeInput(quote="自2026年3月11日至2026年6月10日，如再次触发向下修正条款，亦不提出向下修正方案。",
                         kind=Kind.RESTRAINT, deadline=D(2026, 6, 10), type="cb_no_revision",
                         terms=Terms(instrument="南岭转债"))


@pytest.mark.parametrize(("day", "text"), [
    (D(2026, 7, 20), "公司股东大会审议通过了《关于向下修正南岭转债转股价格的议案》，修正后的转股价格为12.60元/股。"),
    (D(2026, 8, 3), "公司董事会决定向下修正南岭转债转股价格，修正后的转股价格自2026年8月4日起生效。"),
])
def test_a_revision_after_the_window_keeps_it_as_of_the_windows_end_and_is_not_cited(day: dt.date, text: str) -> None:
    result = judge(NO_REVISION, LaterFiling("关于向下修正南岭转债转股价格的公告", day, text))
    assert result.verdict is Verdict.KEPT and result.acted_on == D(2026, 6, 10) and result.evidence == ""
    assert result.why["code"] == "no_breach_in_window"


LOCKUP = "公司控股股东承诺自2026年1月12日起6个月内不减持公司股份。"


@pytest.mark.parametrize("text", [
    "公司控股股东远澜集团计划自本公告披露之日起15个交易日后的3个月内，以集中竞价方式减持公司股份不超过2,000,000股。",
    "公司控股股东拟于2026年4月1日至2026年6月30日期间通过大宗交易方式减持公司股份不超过1%。",
])
def test_a_holders_plan_to_sell_inside_a_no_sale_window_breaks_it(text: str) -> None:
    c = _promise(LOCKUP, D(2026, 1, 12))
    verdict, _day, quote = _judged(c, "关于控股股东减持股份计划的预披露公告", D(2026, 3, 4), text)
    assert verdict is Verdict.BROKEN and "减持" in quote


@pytest.mark.parametrize("text", [
    "公司股东甲乙创投计划自本公告披露之日起15个交易日后的3个月内减持公司股份不超过500,000股。",  # another holder
    "公司控股股东计划自2026年8月1日起3个月内减持公司股份不超过1%。",  # after the window
])
def test_another_holders_plan_or_one_after_the_window_decides_nothing(text: str) -> None:
    c = _promise(LOCKUP, D(2026, 1, 12))
    assert _judged(c, "关于股东减持股份计划的预披露公告", D(2026, 3, 4), text)[0] is Verdict.NO_EVIDENCE


@pytest.mark.parametrize("text", [
    "拟参与本次询价转让的股东为甲乙投资、丙丁投资，受让方通过询价转让受让的股份在受让后6个月内不得转让。",
    "截至2026年12月24日，出让方所持首发前股份的数量及比例如下。",
])
def test_a_later_notice_about_other_holders_does_not_keep_a_holders_promise(text: str) -> None:
    c = _promise(LOCKUP, D(2026, 1, 12))
    assert _judged(c, "股东询价转让计划书", D(2026, 12, 25), text)[0] is Verdict.NO_EVIDENCE


# ---------------------------------------------------------------- meetings, dividends, payments
@pytest.mark.parametrize("text", [
    "公司于2026年5月12日15:00-16:00在上证路演中心召开了2025年度业绩说明会，就投资者关心的问题进行了交流。",
    "2026年5月12日，公司通过网络互动方式召开了2025年度业绩说明会。",
])
def test_a_briefing_reported_held_is_fulfilled_without_a_shareholders_resolution(text: str) -> None:
    c = JudgeInput(quote="会议召开时间：2026年5月12日15:00-16:00", kind=Kind.EVENT, deadline=D(2026, 5, 12),
                   type="meeting", terms=Terms(event="2025年度业绩说明会"))
    verdict, day, _quote = _judged(c, "关于2025年度业绩说明会召开情况的公告", D(2026, 5, 12), text)
    assert verdict is Verdict.FULFILLED and day == D(2026, 5, 12)


@pytest.mark.parametrize(("text", "verdict"), [
    ("本次利润分配以总股本为基数，每股派发现金红利0.30元（含税）。现金红利发放日为2026年6月25日。", Verdict.FULFILLED),
    ("本次利润分配以总股本为基数，每10股派发现金红利2.00元（含税）。现金红利发放日为2026年6月25日。", Verdict.BROKEN),
])
def test_a_dividend_is_paid_by_its_implementation_notice_at_the_promised_amount(text: str, verdict: Verdict) -> None:
    c = _promise("公司2025年度利润分配方案为每10股派发现金红利3.00元（含税）。公司将于2026年6月30日前完成本次权益分派。",
                 D(2026, 4, 20))
    got, day, _quote = _judged(c, "2025年年度权益分派实施公告", D(2026, 6, 18), text)
    assert got is verdict and day == D(2026, 6, 25)


@pytest.mark.parametrize("text", ["2025年12月29日，公司收到青禾生物支付的3,000万元。",
                                  "截至2025年12月29日，青禾生物已将上述3,000万元款项全部支付至公司指定账户。"])
def test_a_payment_received_by_its_day_fulfils_a_promise_to_pay(text: str) -> None:
    c = _promise("青禾生物同意向公司无偿赠与现金3,000万元，并于2025年12月30日前一次性将上述款项支付至公司指定账户。",
                 D(2025, 11, 20))
    verdict, day, _quote = _judged(c, "关于年报问询函回复的公告", D(2026, 5, 7), text)
    assert verdict is Verdict.FULFILLED and day == D(2025, 12, 29)


@pytest.mark.parametrize("text", ["标的公司未能完成2025年度承诺业绩，补偿义务人未按约定履行补偿义务。",
                                  "经审计，标的公司2025年度未实现承诺净利润。"])
def test_a_missed_profit_commitment_of_its_year_is_broken(text: str) -> None:
    c = JudgeInput(quote="交易对方承诺标的公司2025年度净利润不低于4,000万元。", kind=Kind.TARGET, deadline=D(2025, 12, 31),
                   type="profit_commitment", terms=Terms(amount_floor=40_000_000, window_end=D(2025, 12, 31)))
    assert _judged(c, "关于收到行政监管措施决定书的公告", D(2026, 5, 1), text)[0] is Verdict.BROKEN
    other_year = JudgeInput(**{**{f: getattr(c, f) for f in c.__slots__}, "deadline": D(2024, 12, 31)})
    assert _judged(other_year, "关于收到行政监管措施决定书的公告", D(2026, 5, 1), text)[0] is Verdict.NO_EVIDENCE
