"""Judging by promise type, one class at a time (issue 13), over sentences written for the project."""
from __future__ import annotations

import datetime as dt

import pytest

from trackers.check import judge
from trackers.domain import JudgeInput, Kind, LaterFiling, Verdict
from trackers.promises import promise_type
from trackers.promises.terms import read_terms

D = dt.date


def _c(quote: str, kind: Kind, deadline: dt.date | None, start: dt.date | None = None) -> JudgeInput:
    """A commitment as extraction stores it: its type and terms read from the quote."""
    return JudgeInput(quote, kind, deadline=deadline, start=start, type=promise_type(quote).name,
                      terms=read_terms(quote, deadline, start))


def _judge(c: JudgeInput, title: str, date: dt.date, text: str):
    return judge(c, LaterFiling(title, date, text))


# ---------------------------------------------------------------- 1. postponed before the date
@pytest.mark.parametrize(("commitment", "title", "date", "text", "new"), [
    (_c("检测中心项目达到预定可使用状态的时间由2026年3月31日调整至2026年12月31日", Kind.TARGET, D(2026, 3, 31)),
     "关于部分募投项目延期的公告", D(2026, 3, 20),
     "董事会同意将“检测中心项目”达到预定可使用状态的时间由2026年3月31日调整至2026年12月31日。", D(2026, 12, 31)),
    (_c("公司决定将原定于2026年5月8日召开的2025年年度股东大会延期", Kind.EVENT, D(2026, 5, 8)),
     "关于2025年年度股东大会的延期公告", D(2026, 4, 30),
     "因工作安排，公司决定将原定于2026年5月8日召开的2025年年度股东大会延期\n\n至2026年5月22日召开，股权登记日不变。",
     D(2026, 5, 22)),
    (_c("公司2025年年度报告预约披露日期为2026年4月18日", Kind.EVENT, D(2026, 4, 18)),
     "关于2025年年度报告延期披露的公告", D(2026, 4, 14),
     "因审计工作尚未完成，公司2025年年度报告披露时间延期至2026年4月29日。", D(2026, 4, 29)),
])
def test_a_postponement_before_the_date_breaks_the_schedule(commitment: JudgeInput, title: str, date: dt.date,
                                                            text: str, new: dt.date) -> None:
    found = _judge(commitment, title, date, text)
    assert found.verdict is Verdict.BROKEN
    assert found.new_deadline == new


def test_a_postponement_of_another_project_decides_nothing() -> None:
    c = _c("“智能仓储项目”预计于2026年6月达到预定可使用状态", Kind.TARGET, D(2026, 6, 30))
    found = _judge(c, "关于部分募投项目延期的公告", D(2026, 5, 10),
                   "同意将“研发中心项目”达到预定可使用状态的日期调整为2027年6月30日。")
    assert found.verdict is not Verdict.BROKEN


def test_the_new_date_itself_is_no_postponement() -> None:
    c = _c("将“研发中心项目”达到预定可使用状态的日期调整为2026年12月31日", Kind.TARGET, D(2026, 12, 31))
    found = _judge(c, "关于部分募投项目结项的公告", D(2026, 11, 2),
                   "同意将“研发中心项目”达到预定可使用状态的日期调整为2026年12月31日。截至目前该项目已达到预定可使用状态。")
    assert found.verdict is not Verdict.BROKEN


# ---------------------------------------------------------------- meetings: the resolution notice decides
MEETING = _c("股东大会现场会议召开时间:2026年6月12日14:30", Kind.EVENT, D(2026, 6, 12))


@pytest.mark.parametrize(("title", "date", "text", "expected"), [
    ("2026年第一次临时股东大会决议公告", D(2026, 6, 12), "一、会议召开情况\n1、现场会议召开时间:2026年6月12日14:30", Verdict.FULFILLED),
    ("2026年第一次临时股东大会决议公告", D(2026, 6, 20), "1、现场会议召开时间:2026年6月19日14:30", Verdict.BROKEN),
    ("第三届董事会第九次会议决议公告", D(2026, 6, 1), "会议于2026年5月31日召开，审议通过了修订章程的议案，并提交股东大会审议。",
     Verdict.NO_EVIDENCE),
    ("关于召开2026年第一次临时股东大会的提示性公告", D(2026, 6, 5), "股东大会召开日期:2026年6月12日", Verdict.NO_EVIDENCE),
    # filed the day after, telling the day in its own account rather than under a label
    ("2026年第一次临时股东大会决议公告", D(2026, 6, 13), "本次股东大会于2026年6月12日下午14:30在公司会议室召开。",
     Verdict.FULFILLED),
    ("2026年第一次临时股东大会决议公告", D(2026, 6, 13), "现场会议于2026年6月12日在公司总部召开，网络投票同日进行。",
     Verdict.FULFILLED),
])
def test_a_meeting_is_held_when_its_own_resolution_says_so(title: str, date: dt.date, text: str,
                                                           expected: Verdict) -> None:
    assert _judge(MEETING, title, date, text).verdict is expected


# ---------------------------------------------------------------- idle proceeds: returned within the period
IDLE = _c("同意使用不超过人民币6,000万元闲置募集资金暂时补充流动资金，使用期限自董事会审议通过之日起不超过12个月",
          Kind.RESTRAINT, D(2026, 8, 31), D(2025, 9, 1))


@pytest.mark.parametrize(("date", "text", "expected"), [
    (D(2026, 8, 20), "截至2026年8月19日，公司已将上述用于暂时补充流动资金的6,000万元全部归还至募集资金专户。", Verdict.KEPT),
    (D(2026, 3, 2), "公司已提前归还上述资金，使用期限未超过12个月。", Verdict.KEPT),
    (D(2026, 5, 6), "截至2026年5月6日，公司已归还2,000万元，尚未归还金额为4,000万元。", Verdict.NO_EVIDENCE),
    (D(2026, 9, 15), "截至本公告日，尚未归还金额为1,500万元。", Verdict.BROKEN),
])
def test_idle_proceeds_returned_within_the_period_keep_the_promise(date: dt.date, text: str,
                                                                   expected: Verdict) -> None:
    assert _judge(IDLE, "关于归还暂时补充流动资金的闲置募集资金的公告", date, text).verdict is expected


# ---------------------------------------------------------------- sale plans that held
SALE = _c("股东甲投资拟通过集中竞价方式减持不超过1,500,000股", Kind.PLAN, D(2026, 6, 30))


@pytest.mark.parametrize(("text", "expected"), [
    ("减持期间内股东甲投资累计减持公司股份1,500,000股，本次减持计划已实施完毕。", Verdict.KEPT),
    ("本次减持计划期限已届满，股东甲投资未减持公司股份。", Verdict.KEPT),
    ("股东甲投资累计减持公司股份1,800,000股，本次减持计划已实施完毕。", Verdict.BROKEN),
])
def test_a_sale_plan_within_its_cap_is_kept(text: str, expected: Verdict) -> None:
    found = _judge(SALE, "股东减持股份结果公告", D(2026, 7, 2), text)
    assert found.verdict is expected
    assert found.evidence


@pytest.mark.parametrize("title", ["关于股东减持计划实施结果的公告", "关于持股5%以上股东减持计划的实施结果公告"])
def test_a_sale_results_notice_by_its_title_decides_against_the_cap(title: str) -> None:
    found = _judge(SALE, title, D(2026, 7, 2), "减持计划期间，股东甲投资通过集中竞价及大宗交易方式累计减持公司股份1,800,000股。")
    assert found.verdict is Verdict.BROKEN


# ---------------------------------------------------------------- a regulator's order carried out
ORDER = _c("应于收到本决定书之日起30日内完成整改，并向我局报送整改报告", Kind.EVENT, D(2026, 9, 30))


@pytest.mark.parametrize(("date", "expected"), [(D(2026, 9, 20), Verdict.FULFILLED), (D(2026, 10, 12), Verdict.BROKEN)])
def test_a_rectification_reported_done_in_time(date: dt.date, expected: Verdict) -> None:
    text = "问题一整改完成情况：已整改完成。公司已修订相关内控制度并组织培训。"
    assert _judge(ORDER, "关于行政监管措施决定书的整改报告", date, text).verdict is expected


# ---------------------------------------------------------------- a later text that dates the act itself; done late
MILESTONE = _c("9月20日将上线多语种翻译功能，离线能力再升级", Kind.EVENT, D(2026, 9, 20))


@pytest.mark.parametrize(("date", "text", "expected"), [
    (D(2026, 11, 3), "回顾产品历程，2026年3月1日首发，并于9月20日上线多语种翻译功能，离线能力同步升级。", Verdict.FULFILLED),
    (D(2026, 11, 3), "回顾产品历程，2026年3月1日首发，于10月8日上线多语种翻译功能。", Verdict.BROKEN),
    (D(2026, 9, 10), "公司将于9月20日上线多语种翻译功能，离线能力再升级。", Verdict.NO_EVIDENCE),
])
def test_an_act_dated_in_the_later_text_is_judged_by_that_date(date: dt.date, text: str, expected: Verdict) -> None:
    assert _judge(MILESTONE, "产品发布会报道", date, text).verdict is expected


# ---------------------------------------------------------------- profit commitments: the year's figure decides
PROFIT = JudgeInput("交易对方承诺目标公司2026年度净利润不低于6,000万元", Kind.TARGET, deadline=D(2026, 12, 31),
                    start=D(2026, 1, 1), type="profit_commitment",
                    terms=read_terms("净利润不低于6,000万元", D(2026, 12, 31), D(2026, 1, 1)))


@pytest.mark.parametrize(("text", "expected", "code"), [
    ("目标公司2026年度实现扣除非经常性损益后的净利润5,100万元，未完成业绩承诺。", Verdict.BROKEN, "below_floor"),
    ("目标公司2026年度实现扣除非经常性损益后的净利润6,350万元，完成率105.83%。", Verdict.FULFILLED, "reached_floor"),
])
def test_a_profit_commitment_is_judged_by_its_years_figure(text: str, expected: Verdict, code: str) -> None:
    found = _judge(PROFIT, "关于业绩承诺实现情况的说明", D(2027, 4, 20), text)
    assert found.verdict is expected and found.why["code"] == code
    assert found.acted_on == D(2026, 12, 31)  # the year's result, reported in April: on time


def test_a_buyback_done_before_its_deadline_but_reported_after_is_on_time() -> None:
    c = _c("回购资金总额不低于人民币2,000万元且不超过人民币4,000万元", Kind.PLAN, D(2026, 3, 31))
    found = _judge(c, "关于回购股份实施结果的公告", D(2026, 4, 1),
                   "截至2026年3月30日，公司本次回购股份方案已实施完毕，支付的资金总额为人民币2,860万元。")
    assert found.verdict is Verdict.FULFILLED and found.acted_on == D(2026, 3, 30)


@pytest.mark.parametrize(("quote", "text", "verdict"), [
    # a purchase notice whose table a PDF flattened: 4,000,000 × 6.125 = 2,450.00万元, above the 2,000万 floor
    ("控股股东计划自2026年3月2日起6个月内增持公司股份，增持金额不低于人民币2,000万元，不超过人民币4,000万元。",
     "三、增持计划实施情况\n增持人 增持方式 增持数量 增持均价 增持金额 占总股本比例\n (股) (元/股) (万元)\n"
     "甲控股 集中竞价 4,000,000 6.125 2,450.00 0.8%\n截至本公告披露日，本次增持计划已实施完毕。",
     Verdict.FULFILLED),
    # a buyback result in yuan: 1,500,000 × 12.30 = 18,450,000.00, below the 3,000万 floor
    ("回购资金总额不低于人民币3,000万元，不超过人民币6,000万元，回购期限自董事会审议通过之日起12个月内。",
     "回购实施结果\n回购数量(股) 成交均价(元/股) 成交金额(元)\n1,500,000 12.30 18,450,000.00\n"
     "本次回购期限已届满，回购实施完毕。", Verdict.BROKEN),
])
def test_a_flattened_table_rows_amount_is_shares_times_price(quote: str, text: str, verdict: Verdict) -> None:
    c = _c(quote, Kind.PLAN, dt.date(2026, 9, 1), dt.date(2026, 3, 2))
    result = _judge(c, "关于增持计划实施完毕的公告", dt.date(2026, 9, 3), text)
    assert result.verdict is verdict, result


def test_a_row_whose_numbers_do_not_multiply_tells_no_amount() -> None:
    from trackers.promises.amounts import money_in_row

    assert money_in_row("甲控股 集中竞价 4,000,000 6.125 1,990.00 0.8%") is None
    assert money_in_row("2026年3月2日至2026年9月1日 4,000,000 6.125 2,450.00")[0] == 24_500_000  # type: ignore[index]


@pytest.mark.parametrize(("quote", "deadline", "title", "filed", "verdict"), [
    ("公司将于2026年7月15日前完成问询函回复并及时履行信息披露义务。", D(2026, 7, 15),
     "关于对深圳证券交易所问询函回复的公告", D(2026, 7, 14), Verdict.FULFILLED),
    ("公司将年报披露时间变更至2026年4月29日，届时披露2025年年度报告。", D(2026, 4, 29),
     "2025年年度报告", D(2026, 4, 30), Verdict.BROKEN),
    ("公司预计于2026年8月28日披露2026年半年度报告。", D(2026, 8, 28),
     "2026年半年度报告", D(2026, 8, 27), Verdict.FULFILLED),
])
def test_the_promised_document_itself_settles_a_disclosure_date(
        quote: str, deadline: dt.date, title: str, filed: dt.date, verdict: Verdict) -> None:
    result = _judge(_c(quote, Kind.EVENT, deadline), title, filed, "（正文从略）" + title + "全文。")
    assert result.verdict is verdict and result.evidence == title


@pytest.mark.parametrize("title", ["关于延期回复深圳证券交易所问询函的公告", "2025年年度报告摘要",
                                   "关于2025年年度报告的预约披露时间变更的公告", "2024年年度报告"])
def test_a_title_that_is_not_the_promised_document_settles_nothing(title: str) -> None:
    c = _c("公司将于2026年4月29日披露2025年年度报告及2025年年度报告摘要，并完成问询函回复。", Kind.EVENT, D(2026, 4, 29))
    result = _judge(c, title, D(2026, 4, 20), "（正文从略）")
    assert result.verdict is Verdict.NO_EVIDENCE or "published" not in result.reason


# ---------------------------------------------------------------- a target reported done, and when
PLANT = _c("二期项目计划于2026年底建成，届时总产能将达到每年8万吨", Kind.TARGET, D(2026, 12, 31))
READY = _c("研发中心项目预计2026年底前达到预定可使用状态", Kind.TARGET, D(2026, 12, 31))


@pytest.mark.parametrize(("commitment", "date", "text", "expected"), [
    # the project named as done; the figure it gives counts another way (new capacity, not the total)
    (PLANT, D(2026, 12, 28), "公司二期项目已于近日建成并正式投产，新增年产能4万吨。", Verdict.FULFILLED),
    (READY, D(2027, 3, 10), "研发中心项目已于2026年12月达到预定可使用状态，公司决定对该项目予以结项。", Verdict.FULFILLED),
    (READY, D(2027, 3, 10), "研发中心项目已于2027年2月达到预定可使用状态，公司决定对该项目予以结项。", Verdict.BROKEN),
])
def test_a_target_reported_done_is_judged_by_when_it_was_done(commitment: JudgeInput, date: dt.date, text: str,
                                                               expected: Verdict) -> None:
    assert _judge(commitment, "关于项目进展的公告", date, text).verdict is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("公司“营销网络建设项目”已达到预定可使用状态，公司决定对该项目予以结项。", Verdict.NO_EVIDENCE),  # another project
    ("公司“研发中心建设项目”已达到预定可使用状态，公司决定对该项目予以结项。", Verdict.FULFILLED),
])
def test_a_project_named_in_quotes_is_that_project(text: str, expected: Verdict) -> None:
    c = _c("“研发中心建设项目”预计2026年底前达到预定可使用状态", Kind.TARGET, D(2026, 12, 31))
    assert _judge(c, "关于部分募投项目结项的公告", D(2026, 12, 20), text).verdict is expected


BASE = _c("新基地预计2026年底前建成投产，形成年产5万吨产能", Kind.TARGET, D(2026, 12, 31))


@pytest.mark.parametrize(("text", "expected"), [
    ("新基地已于2026年11月建成投产，目前形成年产3万吨产能。", Verdict.BROKEN),  # below the promised capacity
    ("新基地已于2026年11月建成投产，形成年产5万吨产能。", Verdict.FULFILLED),
    ("新基地一期已于2026年11月建成投产，新增年产能3万吨。", Verdict.NO_EVIDENCE),  # a phase of it, not the whole
])
def test_a_capacity_target_is_judged_by_the_capacity_reported(text: str, expected: Verdict) -> None:
    assert _judge(BASE, "关于新基地投产的公告", D(2026, 12, 1), text).verdict is expected


LINE = _c("三号产线将于2026年第三季度正式投产", Kind.TARGET, D(2026, 9, 30))


@pytest.mark.parametrize(("date", "text", "expected"), [
    (D(2026, 10, 15), "受设备调试进度影响，三号产线尚未投产，预计将于2026年12月投产。", Verdict.BROKEN),  # late
    (D(2026, 8, 1), "三号产线仍未投产，预计推迟到2026年12月。", Verdict.BROKEN),  # a new expected date past the promise
    (D(2026, 8, 1), "三号产线尚未投产，目前设备调试顺利。", Verdict.NO_EVIDENCE),  # not yet, and time remains
])
def test_a_target_told_as_not_yet_done(date: dt.date, text: str, expected: Verdict) -> None:
    assert _judge(LINE, "投资者关系活动记录表", date, text).verdict is expected
