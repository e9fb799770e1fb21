"""The form reader (issue 23 §1): regulated announcements read as the exchange forms they are.

Every text here is our own, written in the exchanges' template wording."""
from __future__ import annotations

import datetime as dt

import pytest

from trackers.domain import CommitmentDraft
from trackers.extract.pipeline import extract
from trackers.forms.items import items
from trackers.forms.titles import recognise
from trackers.text.normalize import normalize

D = dt.date

BULLETS = """关于以集中竞价交易方式回购公司股份方案的公告
重要内容提示：
● 回购股份金额：本次拟用于回购的资金总额不低于人民币 2,000 万元(含),且不超过人民币 4,000 万元(含)。
● 回购股份资金来源：公司自有资金。
● 回购股份价格：不超过人民币 25 元/股。
● 回购股份期限：本次回购实施期限自公司董事会审议通过回购股份方案之日起 12 个月内。
"""
NUMBERED = """关于以集中竞价交易方式回购股份的回购报告书
二、回购方案的主要内容
（一）回购股份的资金总额：本次用于回购股份的资金总额不低于人民币 3,000 万元且不超过人民币 6,000 万元（均含本数）。
（二）回购股份的价格区间：不超过人民币 12.5 元/股。
（三）回购股份的数量及占总股本的比例：……
（四）回购股份的实施期限：本次回购的实施期限为自公司董事会审议通过本次回购方案之日起 6 个月内。
"""


def _one(text: str, day: dt.date) -> CommitmentDraft:
    drafts = extract(text, day)
    assert len(drafts) == 1, [d.quote for d in drafts]
    return drafts[0]


@pytest.mark.parametrize(("text", "floor", "ceiling", "price", "deadline"), [
    (BULLETS, 20_000_000, 40_000_000, 25.0, D(2026, 3, 1)),
    (NUMBERED, 30_000_000, 60_000_000, 12.5, D(2025, 9, 1)),
])
def test_a_buyback_plans_items_give_one_commitment_with_every_term(text: str, floor: float, ceiling: float,
                                                                   price: float, deadline: dt.date) -> None:
    draft = _one(text, D(2025, 3, 2))
    assert draft.type == "buyback" and draft.deadline == deadline
    assert (draft.terms.amount_floor, draft.terms.amount_ceiling, draft.terms.price_cap) == (floor, ceiling, price)
    assert draft.quote in text and "资金总额" in draft.quote and "期限" in draft.quote  # one span, amount to window
    assert not draft.restated


SUMMARY_ROWS = """关于股份回购实施结果暨股份变动的公告
重要内容提示：
回购方案首次披露日 2025/3/3
回购方案实施期限 待股东大会审议通过后 4 个月
预计回购金额 1,000 万元~2,000 万元
□减少注册资本
√用于员工持股计划或股权激励
回购用途
实际回购股数 820,000 股
实际回购金额 1,205.4 万元
一、回购审批情况和回购方案内容
公司于 2025 年 3 月 2 日召开董事会，于 2025 年 3 月 20 日召开 2025 年第一次临时股东大会，审议通过了回购方案。
"""
PIPED_ROWS = """关于以集中竞价交易方式回购股份的进展公告
重要内容提示：
回购方案首次披露日 | 2025/1/8 |
回购方案实施期限 | 2025年1月7日~2026年1月6日 |
预计回购金额 | 5,000万元~10,000万元 |
累计已回购金额 | 3,321,000.00元 |
"""


@pytest.mark.parametrize(("text", "day", "deadline", "floor"), [
    (SUMMARY_ROWS, D(2025, 7, 22), D(2025, 7, 19), 10_000_000),  # 4 months from the meeting the notice dates
    (PIPED_ROWS, D(2025, 6, 3), D(2026, 1, 6), 50_000_000),
])
def test_a_result_or_progress_notices_summary_rows_restate_the_plan(text: str, day: dt.date, deadline: dt.date,
                                                                   floor: float) -> None:
    """Rows a PDF converter leaves with one space or a | between label and value; what was bought (实际, 累计) is
    never the plan's floor, and the checkbox lines of 回购用途 are no part of the amount's row."""
    draft = _one(text, day)
    assert draft.type == "buyback" and draft.restated and draft.deadline == deadline
    assert draft.terms.amount_floor == floor and draft.terms.instrument is None


@pytest.mark.parametrize("window", ["自公司股东大会审议通过本次回购方案之日起 3 个月内。",
                                    "自公司股东会审议通过最终回购股份方案之日起不超过12个月。"])
def test_a_window_counted_from_a_meeting_still_to_come_is_undated(window: str) -> None:
    text = BULLETS.replace("本次回购实施期限自公司董事会审议通过回购股份方案之日起 12 个月内。", window)
    draft = _one(text, D(2025, 3, 2))
    assert draft.deadline is None and draft.anchor in ("股东大会审议通过", "股东会审议通过")
    assert draft.terms.amount_floor == 20_000_000


SALE_CHANNELS = """持股5%以上股东减持股份计划公告
重要内容提示：
● 减持计划的主要内容：因自身资金安排，青禾投资计划通过集中竞价和大宗交易的方式减持数量不超过 3,000,000 股，占公司总股本的 1.50%。本次减持期间，通过集中竞价方式减持的，自公告披露之日起 15 个交易日后的 3 个月内进行；通过大宗交易方式减持的，自公告披露之日起 3 个交易日后的 3 个月内进行。
"""


def test_a_sale_plan_with_a_window_per_channel_is_one_commitment_per_channel() -> None:
    drafts = extract(SALE_CHANNELS, D(2025, 6, 9))
    assert [d.type for d in drafts] == ["share_sale", "share_sale"]
    assert len({d.deadline for d in drafts}) == 2  # 15 and 3 trading days: two windows
    assert all(d.terms.share_cap == 3_000_000 and d.terms.ratio_cap == 1.5 for d in drafts)
    assert all(d.quote.startswith("减持计划的主要内容") or "青禾投资计划" in d.quote for d in drafts)


TWO_HOLDERS = """股东减持股份计划公告
公司股东王某先生基于自身资金需求，计划自本公告披露之日起15个交易日后的3个月内，通过集中竞价方式减持公司股份合计不超过120,000股。
公司股东远山创投与远山二号基于自身经营需要，计划自本公告披露之日起15个交易日后的3个月内，通过集中竞价方式减持公司股份合计不超过90,000股。
"""


def test_two_holders_plans_in_one_notice_are_two_promises() -> None:
    drafts = extract(TWO_HOLDERS, D(2025, 6, 9))
    assert len(drafts) == 2 and {d.terms.share_cap for d in drafts} == {120_000, 90_000}
    assert {d.terms.actor for d in drafts} == {"王某", "远山创投与远山二号"}


@pytest.mark.parametrize(("title", "family", "role"), [
    ("关于以集中竞价交易方式回购股份的回购报告书", "buyback", "plan"),
    ("关于回购股份实施结果暨股份变动的公告", "buyback", "result"),
    ("关于控股股东增持公司股份计划实施进展的公告", "share_purchase", "progress"),
    ("关于股东减持计划期限届满的公告", "share_sale", "result"),
    ("关于回购股份并减少注册资本暨通知债权人的公告", "buyback", "notice"),
])
def test_the_form_a_title_names(title: str, family: str, role: str) -> None:
    form = recognise(normalize(f"证券代码：600000 证券简称：某某股份\n{title}\n正文。"))
    assert (form.family, form.role) == (family, role)


@pytest.mark.parametrize(("title", "meeting", "role"), [
    ("关于召开2025年度业绩说明会的公告", "2025年度业绩说明会", ""),
    ("关于召开2026年第一次临时股东大会的通知", "2026年第一次临时股东大会", ""),
    ("关于取消召开2026年第二次临时股东大会的通知", "2026年第二次临时股东大会", "cancelled"),
])
def test_a_meeting_notice_names_its_meeting(title: str, meeting: str, role: str) -> None:
    form = recognise(normalize(f"证券代码：600000 证券简称：某某股份\n{title}\n正文。"))
    assert (form.meeting, form.role) == (meeting, role)


def test_items_of_a_run_on_announcement_part_at_each_label() -> None:
    view = normalize("特别提示: 1、回购方案的主要内容 (1)回购资金总额:人民币 4,000 万元至 8,000 万元。 (2)回购价格:不超过"
                     "人民币 8 元/股。 (3)回购期限:自董事会审议通过之日起 12 个月。")
    assert [i.label for i in items(view)][-3:] == ["回购资金总额", "回购价格", "回购期限"]


def test_labels_found_near_separators_are_the_labels_a_full_scan_finds() -> None:
    """starts_of searches for labels only just before each colon, border or wide gap: the same items as the
    pattern scanned over the whole text (which cost more than the rest of the form reader)."""
    import random

    from trackers.forms.items import _START, starts_of

    rng = random.Random(23)
    pieces = ["● 回购股份金额：", "（二）回购期限：", "4、回购价格:", "回购方案实施期限 | ", "预计回购金额    ",
              "公司回复称：", "。", "；", "\n", "\n\n", "  ", " ", "本次回购", "2,000万元", "不超过人民币25元/股",
              "(1)回购资金总额:", "特别提示:", "网友提问 :", "|", "：", "    ", "自董事会审议通过之日起12个月内"]
    for _ in range(400):
        view = normalize("".join(rng.choice(pieces) for _ in range(rng.randint(3, 30))))
        full = [(m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end()) for m in _START.finditer(view)]
        near = [(m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end()) for m in starts_of(view)]
        assert near == full, view
