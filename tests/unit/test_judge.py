"""The judge over the project's own examples of each title pattern and polarity."""
from __future__ import annotations

import datetime as dt

import pytest

from trackers.check import judge
from trackers.domain import JudgeInput, Kind, LaterFiling, Verdict

D = dt.date

NO_REVISION = JudgeInput("同意在2025年6月底前不向下修正甲乙转债的转股价格", Kind.RESTRAINT, "甲乙转债转股价格不向下修正",
                         D(2025, 6, 30))
NO_SALE = JudgeInput("控股股东承诺自2025年1月1日起6个月内不减持公司股份", Kind.RESTRAINT, "控股股东不减持", D(2025, 6, 30))
BUYBACK = JudgeInput("回购资金总额不低于人民币5,000万元且不超过人民币1亿元，回购期限为自董事会审议通过之日起12个月内",
                     Kind.PLAN, "回购股份", D(2025, 12, 31))
PURCHASE = JudgeInput("控股股东计划自2025年1月1日起6个月内增持公司股份，增持金额不低于2,000万元", Kind.PLAN, "增持",
                      D(2025, 6, 30))
LAUNCH = JudgeInput("公司将于今年5月10日发布新一代产品AlphaX2", Kind.EVENT, "发布AlphaX2", D(2025, 5, 10),
                    keywords=("发布", "AlphaX2"))
CAPACITY = JudgeInput("预计2025年底前形成20GWh的电池产能", Kind.TARGET, "电池产能达到20GWh", D(2025, 12, 31))
PROJECT = JudgeInput("募投项目预计于2025年9月达到预定可使用状态", Kind.TARGET, "募投项目达到可使用状态", D(2025, 9, 30),
                     keywords=("募投项目",))

CASES = [
    # restraint: the act it rules out, before / after the window; dividend adjustments are not revisions
    (NO_REVISION, "关于向下修正甲乙转债转股价格的公告", D(2025, 5, 20), "董事会审议通过了《关于向下修正甲乙转债转股价格的议案》。",
     Verdict.BROKEN),
    (NO_REVISION, "关于向下修正甲乙转债转股价格的公告", D(2025, 8, 20), "董事会于2025年8月19日审议通过了《关于向下修正甲乙转债转股价格的议案》。",
     Verdict.KEPT),
    (NO_REVISION, "关于权益分派调整甲乙转债转股价格的公告", D(2025, 6, 10), "因实施2024年度权益分派，甲乙转债转股价格由10.00元/股调整为9.90元/股。",
     Verdict.NO_EVIDENCE),
    (NO_REVISION, "关于不向下修正甲乙转债转股价格的公告", D(2025, 7, 10), "董事会决定本次不向下修正甲乙转债转股价格。",
     Verdict.KEPT),
    (NO_REVISION, "关于预计触发甲乙转债转股价格向下修正条件的提示性公告", D(2025, 6, 1), "公司股票预计将触发转股价格向下修正条件。",
     Verdict.NO_EVIDENCE),
    (NO_SALE, "关于控股股东减持股份的公告", D(2025, 3, 1), "控股股东于2025年2月通过集中竞价累计减持公司股份100万股。",
     Verdict.BROKEN),
    (NO_SALE, "关于控股股东增持股份的公告", D(2025, 3, 1), "控股股东通过集中竞价增持公司股份100万股，未减持公司股份。",
     Verdict.NO_EVIDENCE),
    # plans: completion, amounts against the floor, termination, failure
    (BUYBACK, "关于回购期限届满暨回购完成的公告", D(2025, 12, 20), "公司实际回购金额为人民币6,012万元，本次回购实施完毕。",
     Verdict.FULFILLED),
    (BUYBACK, "关于终止回购公司股份的公告", D(2025, 9, 1), "经审慎研究，董事会决定终止本次回购股份方案。", Verdict.BROKEN),
    (BUYBACK, "关于回购股份实施结果的公告", D(2026, 1, 5), "截至回购期满，公司累计回购金额为人民币1,500万元，未达到回购方案的资金总额下限。",
     Verdict.BROKEN),
    (BUYBACK, "关于回购股份的进展公告", D(2025, 6, 2), "截至2025年5月31日，公司累计回购股份120万股。", Verdict.NO_EVIDENCE),
    (PURCHASE, "关于控股股东增持计划实施完毕的公告", D(2025, 6, 28), "控股股东累计增持金额为2,350万元，本次增持计划已实施完毕。",
     Verdict.FULFILLED),
    (PURCHASE, "关于控股股东增持计划进展的公告", D(2025, 3, 28), "截至本公告披露日，控股股东暂未增持公司股份，增持计划尚未实施完毕。",
     Verdict.NO_EVIDENCE),
    (PURCHASE, "关于控股股东增持计划延期的公告", D(2025, 7, 2), "增持计划实施期限已届满，控股股东尚未实施增持，决定将实施期限顺延6个月。",
     Verdict.BROKEN),
    # events and targets
    (LAUNCH, "关于举办新品发布会的公告", D(2025, 5, 10), "公司于2025年5月10日举办发布会，正式发布AlphaX2。", Verdict.FULFILLED),
    (LAUNCH, "关于新品发布会延期举办的公告", D(2025, 5, 6), "因场地原因，AlphaX2发布会延期至2025年6月15日举行。", Verdict.BROKEN),
    (LAUNCH, "关于召开年度股东大会的通知", D(2025, 5, 6), "公司定于2025年5月20日召开年度股东大会。", Verdict.NO_EVIDENCE),
    (CAPACITY, "2025年半年度报告摘要", D(2025, 8, 28), "报告期内公司新产线投产，目前公司已有电池产能20GWh。", Verdict.FULFILLED),
    (CAPACITY, "投资者关系活动记录表", D(2025, 8, 28), "公司新产线正在调试，产能爬坡进展顺利。", Verdict.NO_EVIDENCE),
    (PROJECT, "关于部分募投项目延期的公告", D(2025, 8, 1), "募投项目达到预定可使用状态的日期由2025年9月调整至2026年6月。",
     Verdict.BROKEN),
]


@pytest.mark.parametrize(("commitment", "title", "date", "text", "expected"), CASES,
                         ids=[f"{c[0].kind.value}:{c[1][:12]}" for c in CASES])
def test_judge(commitment: JudgeInput, title: str, date: dt.date, text: str, expected: Verdict) -> None:
    result = judge(commitment, LaterFiling(title, date, text))
    assert result.verdict is expected, result.reason
    if expected is not Verdict.NO_EVIDENCE and result.why.get("code") != "no_breach_in_window":
        assert result.evidence, "every verdict quotes its evidence"
    if result.why.get("code") == "no_breach_in_window":  # the act after the window is not the evidence: the close is
        assert result.evidence == "" and result.acted_on == commitment.deadline
        assert result.evidence in title + "\n" + text or result.evidence.rstrip("…") in text


def test_unrelated_filing_is_no_evidence() -> None:
    result = judge(BUYBACK, LaterFiling("关于获得政府补助的公告", D(2025, 7, 1), "公司收到政府补助500万元。"))
    assert result.verdict is Verdict.NO_EVIDENCE


def test_a_restated_promise_is_not_its_own_evidence() -> None:
    text = BUYBACK.quote + "。截至本公告披露日，公司尚未开始回购。"
    result = judge(BUYBACK, LaterFiling("关于回购股份的进展公告", D(2025, 5, 1), text))
    assert result.verdict is Verdict.NO_EVIDENCE


def test_postponement_reports_the_new_date() -> None:
    result = judge(PROJECT, LaterFiling("关于部分募投项目延期的公告", D(2025, 8, 1), CASES[-1][3]))
    assert result.new_deadline == D(2026, 6, 30)


NO_REDEMPTION = JudgeInput("董事会决定自2025年3月1日起至2025年8月31日不行使丙丁转债的提前赎回权利", Kind.RESTRAINT,
                           "丙丁转债不提前赎回", D(2025, 8, 31))
SALE_PLAN = JudgeInput("股东计划自公告披露之日起15个交易日后的3个月内减持不超过1%的公司股份", Kind.PLAN, "股东减持",
                       D(2025, 9, 30))


@pytest.mark.parametrize(("commitment", "title", "date", "text", "expected"), [
    (NO_REDEMPTION, "关于提前赎回丙丁转债的公告", D(2025, 6, 1), "董事会审议通过了《关于提前赎回丙丁转债的议案》。",
     Verdict.BROKEN),
    (NO_REDEMPTION, "关于不提前赎回丙丁转债的公告", D(2025, 6, 1), "董事会决定本次不行使丙丁转债的提前赎回权利。",
     Verdict.NO_EVIDENCE),
    (SALE_PLAN, "关于股东减持计划期限届满的公告", D(2025, 10, 1), "截至本公告披露日，本次减持计划期限届满。",
     Verdict.FULFILLED),
    (LAUNCH, "关于举办新品发布会的公告", D(2025, 5, 2), "公司将于2025年5月10日举办新品发布会，发布AlphaX2。",
     Verdict.NO_EVIDENCE),
])
def test_more_title_patterns(commitment: JudgeInput, title: str, date: dt.date, text: str, expected: Verdict) -> None:
    assert judge(commitment, LaterFiling(title, date, text)).verdict is expected


MEETING = JudgeInput("公司拟于2025年5月20日召开2024年年度股东大会", Kind.EVENT, "召开2024年年度股东大会", D(2025, 5, 20),
                     keywords=("股东大会",))


@pytest.mark.parametrize(("title", "date", "text", "expected"), [
    ("2024年年度股东大会决议公告", D(2025, 5, 20), "本次股东大会于2025年5月20日14:30在公司会议室召开。", Verdict.FULFILLED),
    ("关于召开2024年年度股东大会的通知", D(2025, 4, 28), "公司将于2025年5月20日召开2024年年度股东大会。", Verdict.NO_EVIDENCE),
    ("关于2024年年度股东大会延期召开的公告", D(2025, 5, 15), "本次股东大会延期至2025年6月10日召开。", Verdict.BROKEN),
])
def test_meetings(title: str, date: dt.date, text: str, expected: Verdict) -> None:
    assert judge(MEETING, LaterFiling(title, date, text)).verdict is expected
