"""Promise types, their terms, and the pattern classes unseen filings showed (sentences in our own words)."""
from __future__ import annotations

import datetime as dt

import pytest

from trackers.domain import Kind, Terms
from trackers.extract.deadlines import resolve_phrase
from trackers.extract.pipeline import extract
from trackers.promises import promise_type
from trackers.promises.terms import read_terms

D = dt.date


def _only(text: str, doc_date: dt.date):
    drafts = extract(text, doc_date)
    assert len(drafts) == 1, [d.quote for d in drafts]
    return drafts[0]


# ---------------------------------------------------------------- types and terms
@pytest.mark.parametrize(("quote", "name", "terms"), [
    ("回购资金总额不低于人民币3,000万元(含)，不超过人民币6,000万元(含)，回购价格不超过人民币18.50元/股", "buyback",
     {"amount_floor": 30_000_000.0, "amount_ceiling": 60_000_000.0, "price_cap": 18.5}),
    ("控股股东拟增持公司股份，增持金额不低于1亿元且不超过2亿元", "share_purchase",
     {"amount_floor": 100_000_000.0, "amount_ceiling": 200_000_000.0, "actor": "控股股东"}),
    ("实际控制人计划减持不超过1,200,000股，即不超过公司总股本的1.5%", "share_sale",
     {"share_cap": 1_200_000.0, "ratio_cap": 1.5, "actor": "实际控制人"}),
    # the ratio in brackets after a share count whose commas group digits (the exchanges' template wording)
    ("股东拟减持本公司股份不超过15,000,000股（占本公司总股本比例3.00%）", "share_sale",
     {"share_cap": 15_000_000.0, "ratio_cap": 3.0}),
    ("增持数量不低于1,200,000股(占公司总股本的0.5%)，不超过2,400,000股(占公司总股本的1%)", "share_purchase",
     {"share_floor": 1_200_000.0, "ratio_floor": 0.5, "share_cap": 2_400_000.0, "ratio_cap": 1.0}),
    ("董事会决定在2026年3月31日前不向下修正“甲乙转债”转股价格", "cb_no_revision", {"instrument": "甲乙转债"}),
    ("公司决定本次不行使“丙丁转债”的提前赎回权利", "cb_no_redemption", {"instrument": "丙丁转债"}),
    ("同意使用不超过人民币8,000万元的闲置募集资金暂时补充流动资金", "idle_funds", {"amount_ceiling": 80_000_000.0}),
    ("本次权益分派股权登记日为2026年7月3日", "record_or_payment_date", {}),
    ("公司将于2026年8月28日披露2026年半年度报告", "disclosure_date", {}),
    ("研发中心项目达到预定可使用状态日期调整为2026年12月31日", "project_ready", {}),
    ("二期产线预计明年一季度正式投产", "production", {}),
    ("新一代平台将于6月18日正式发布", "launch", {}),
    # the duty every filing repeats does not make a promise a disclosure
    ("确保项目在2026年6月30日前达到预定可使用状态，并根据项目进展情况及时履行信息披露义务", "project_ready", {}),
    ("公司将于2026年9月30日前完成新产线的调试投产，并严格履行相关信息披露义务", "production", {}),
    ("股东大会现场会议时间为2026年5月20日14:30", "meeting", {}),
])
def test_types_and_terms(quote: str, name: str, terms: dict) -> None:
    assert promise_type(quote).name == name
    read = read_terms(quote).as_dict()
    assert {k: read.get(k) for k in terms} == terms


def test_terms_round_trip_through_json() -> None:
    terms = Terms(amount_floor=5e7, window_start=D(2026, 1, 5), window_end=D(2027, 1, 4), instrument="甲乙转债")
    assert Terms.from_dict(terms.as_dict()) == terms
    assert Terms.from_dict(None) == Terms()


def test_an_aside_does_not_decide_the_type() -> None:
    quote = "股东拟减持不超过总股本2%的股份(通过大宗交易受让的一方在受让后六个月内不得转让)"
    assert promise_type(quote).name == "share_sale"


# ---------------------------------------------------------------- 1. the promise is split
def test_buyback_terms_in_the_sentence_before_the_window() -> None:
    text = ("本次拟用于回购的资金总额不低于人民币2,000万元，不超过人民币4,000万元。\n"
            "回购期限：自公司董事会审议通过回购方案之日起不超过12个月。")
    draft = _only(text, D(2026, 2, 10))
    assert draft.quote.startswith("本次拟用于回购的资金总额") and draft.quote.rstrip("。").endswith("12个月")
    assert draft.type == "buyback" and draft.kind is Kind.PLAN
    assert draft.terms.amount_floor == 20_000_000 and draft.terms.amount_ceiling == 40_000_000
    assert draft.subject == "回购股份 2,000万–4,000万元"


@pytest.mark.parametrize("number", ["3、", "(三)", "3."])
def test_a_numbered_plan_list_takes_in_the_items_that_state_terms(number: str) -> None:
    following = {"3、": "4、", "(三)": "(四)", "3.": "4."}[number]
    text = ("回购方案的主要内容如下：\n"
            f"{number}回购资金总额：不低于人民币3,000万元（含），不超过人民币6,000万元（含）。\n"
            f"{following}回购期限：自董事会审议通过回购方案之日起不超过12个月。")
    draft = _only(text, D(2026, 2, 10))
    assert draft.quote.startswith(f"{number}回购资金总额") and draft.quote.rstrip("。").endswith("12个月")
    assert draft.subject == "回购股份 3,000万–6,000万元"


def test_idle_proceeds_and_their_period_in_one_sentence() -> None:
    text = "公司于2026年3月2日召开董事会，同意使用不超过人民币5,000万元的闲置募集资金暂时补充流动资金，使用期限不超过12个月。"
    draft = _only(text, D(2026, 3, 4))
    assert draft.quote.startswith("同意使用不超过") and draft.type == "idle_funds" and draft.kind is Kind.RESTRAINT
    assert draft.deadline == D(2027, 3, 1)  # counted from the board's day, told before the window


def test_run_on_items_quote_their_own_item() -> None:
    text = ("重要内容提示: 回购用途:用于员工持股计划 资金总额:回购资金总额不低于人民币1,000万元,不超过人民币2,000万元 "
            "回购期限:自董事会审议通过回购方案之日起6个月内 回购价格:不超过人民币20元/股")
    draft = _only(text, D(2026, 4, 1))
    assert draft.quote.startswith("资金总额") and "回购价格" not in draft.quote
    assert draft.deadline == D(2026, 9, 30)


# ---------------------------------------------------------------- 2. announcement dates
def test_labelled_schedule_days_are_events() -> None:
    text = "本次权益分派股权登记日为2026年6月11日，除权除息日为2026年6月12日。现金红利将于2026年6月12日划入股东资金账户。"
    drafts = extract(text, D(2026, 6, 5))
    assert [(d.deadline, d.type, d.kind) for d in drafts] == [
        (D(2026, 6, 11), "record_or_payment_date", Kind.EVENT), (D(2026, 6, 12), "record_or_payment_date", Kind.EVENT),
        (D(2026, 6, 12), "record_or_payment_date", Kind.EVENT)]


def test_a_bond_notice_lists_its_last_days() -> None:
    text = "关于可转债停止交易的提示:\n1、最后交易日:2026年3月9日\n2、最后转股日:2026年3月12日\n3、赎回款到账日:2026年3月18日\n"
    assert [d.deadline for d in extract(text, D(2026, 3, 1))] == [D(2026, 3, 9), D(2026, 3, 12), D(2026, 3, 18)]


def test_a_postponed_meeting_gives_its_new_day_once() -> None:
    text = ("关于2026年第一次临时股东大会的延期公告\n重要内容提示:\n会议延期后的召开时间:2026年2月16日\n"
            "2. 原股东大会召开日期:2026年2月6日\n公司决定将本次临时股东大会延期至2026年2月16日召开，原股权登记日不变。")
    draft = _only(text, D(2026, 2, 2))
    assert draft.deadline == D(2026, 2, 16) and draft.type == "meeting"


# ---------------------------------------------------------------- regulators' orders
def test_a_regulators_order_counts_from_the_day_it_arrived() -> None:
    text = ("公司于2026年5月6日收到监管局出具的《行政监管措施决定书》。你公司应当在收到本决定书之日起30日内向我局提交书面整改报告。"
            "如对本监督管理措施不服，可以在收到本决定书之日起60日内申请行政复议。")
    draft = _only(text, D(2026, 5, 7))
    assert draft.deadline == D(2026, 6, 4) and draft.type == "rectification" and draft.kind is Kind.EVENT


def test_a_summons_on_a_day_is_an_event() -> None:
    text = "张三、李四应于2026年6月3日携带有效身份证件到我局接受监管谈话。"
    assert _only(text, D(2026, 5, 20)).deadline == D(2026, 6, 3)


# ---------------------------------------------------------------- 5. traditional characters
def test_traditional_text_reads_like_simplified_and_quotes_the_original() -> None:
    simplified = "公司计划2026年12月31日前完成新厂房建设并投入使用。"
    traditional = "公司計劃2026年12月31日前完成新廠房建設並投入使用。"
    a, b = _only(simplified, D(2026, 3, 1)), _only(traditional, D(2026, 3, 1))
    assert (a.deadline, a.kind, a.type) == (b.deadline, b.kind, b.type)
    assert b.quote in traditional


# ---------------------------------------------------------------- not promises
@pytest.mark.parametrize("text", [
    "增持主体在本次公告之前十二个月内未披露增持计划。",
    "因会计差错，公司对2025年一季度、半年度、三季度财务报表进行了更正。",
    "截至本公告披露日，公司未收到股东在未来3个月内的减持计划。",
    "该债券期限6年，自2021年5月10日至2027年5月9日。",
])
def test_look_backs_named_periods_and_terms_are_not_promises(text: str) -> None:
    assert extract(text, D(2026, 5, 1)) == []


# ---------------------------------------------------------------- 8. deadline phrases
@pytest.mark.parametrize(("phrase", "ref", "deadline"), [
    ("力争春节前完成设备安装", D(2026, 10, 9), D(2027, 2, 5)),
    ("预计年前复产", D(2025, 3, 1), D(2026, 2, 16)),
    ("元宵节前全面复工", D(2026, 2, 20), D(2026, 3, 2)),
    ("国庆节前开业", D(2026, 7, 1), D(2026, 9, 30)),
    ("在十五五期间建成", D(2026, 1, 10), D(2030, 12, 31)),
    ("应于会计年度结束后的4个月内披露年报", D(2026, 12, 1), D(2027, 4, 30)),
    ("预计8-9月完成调试", D(2026, 6, 1), D(2026, 9, 30)),
    ("完成时间由2026年3月调整至2026年9月", D(2026, 2, 1), D(2026, 9, 30)),
    ("于2026年7月1日收到问询函，要求在15日内回复", D(2026, 7, 1), D(2026, 7, 15)),
])
def test_new_deadline_conventions(phrase: str, ref: dt.date, deadline: dt.date) -> None:
    resolved = resolve_phrase(phrase, ref)
    assert resolved is not None and resolved.deadline == deadline


def test_a_window_opened_by_an_undated_act_has_no_deadline() -> None:
    assert resolve_phrase("自首次使用闲置资金之日起不超过6个月", D(2026, 1, 5)) is None


# ---------------------------------------------------------------- class 6: PDF page breaks inside a sentence
def test_a_page_break_inside_a_sentence_is_a_wrap() -> None:
    text = ("二、延期原因\n因工作安排需要，公司决定将原定于2026年3月12日召开的2026年第一次临时股东大会延期\n\n"
            "至2026年3月26日召开，股权登记日不变。\n")
    draft = _only(text, D(2026, 3, 2))
    assert draft.deadline == D(2026, 3, 26)
    assert draft.type == "meeting"
    assert "延期\n\n至2026年3月26日召开" in draft.quote


def test_a_title_before_a_blank_line_still_ends_its_line() -> None:
    text = ("某某科技股份有限公司关于控股股东减持股份计划的公告\n\n"
            "控股股东计划自本公告披露之日起15个交易日后的3个月内减持不超过1%的股份。")
    draft = _only(text, D(2026, 4, 1))
    assert draft.quote.startswith("控股股东计划")


# ---------------------------------------------------------------- windows counted from a stated day
def test_two_tranches_with_one_wording_are_two_restraints() -> None:
    text = ("公司于2025年2月10日召开董事会，同意使用不超过5,000万元闲置募集资金暂时补充流动资金，使用期限自董事会审议通过之日起"
            "不超过12个月。公司于2025年9月1日再次召开董事会，同意使用不超过3,000万元闲置募集资金暂时补充流动资金，"
            "使用期限自董事会审议通过之日起不超过12个月。")
    drafts = extract(text, D(2025, 9, 2))
    assert sorted(d.deadline for d in drafts) == [D(2026, 2, 9), D(2026, 8, 31)]


def test_a_cap_written_before_its_anchor_is_a_window() -> None:
    text = ("公司于2026年1月5日召开董事会，同意使用闲置募集资金8,000万元暂时补充流动资金，"
            "使用期限不超过董事会批准之日起12个月。")
    draft = _only(text, D(2026, 1, 6))
    assert (draft.deadline_start, draft.deadline) == (D(2026, 1, 5), D(2027, 1, 4))
    assert draft.type == "idle_funds"


@pytest.mark.parametrize(("text", "doc_date", "start", "deadline"), [
    ("- 2026年3月2日决定暂不行使提前赎回权，6个月内不行使“某某转债”赎回权", D(2026, 3, 2), D(2026, 3, 3), D(2026, 9, 2)),
    ("董事会决定本次不向下修正转股价格，未来三个月内如再次触发条件亦不提出修正方案。", D(2026, 5, 11), D(2026, 5, 12),
     D(2026, 8, 11)),
])
def test_a_bond_boards_window_opens_the_day_after_its_decision(text: str, doc_date: dt.date, start: dt.date,
                                                               deadline: dt.date) -> None:
    draft = _only(text, doc_date)
    assert (draft.deadline_start, draft.deadline) == (start, deadline)
    assert draft.kind is Kind.RESTRAINT


def test_a_stated_next_trading_day_is_not_moved_again() -> None:
    text = ("同时自本次董事会审议通过次一交易日起未来6个月内(即2026年3月9日至2026年9月8日)，如再次触发条件，"
            "亦不提出向下修正方案。")
    draft = _only(text, D(2026, 3, 6))
    assert (draft.deadline_start, draft.deadline) == (D(2026, 3, 9), D(2026, 9, 8))


def test_a_dated_decision_opens_the_quote_of_its_window() -> None:
    draft = _only("赎回情况 - 2026年6月1日决定暂不提前赎回，12个月内不行使赎回权", D(2026, 6, 1))
    assert draft.quote == "2026年6月1日决定暂不提前赎回，12个月内不行使赎回权"


# ---------------------------------------------------------------- class 3: tables and parallel lists
def test_a_listed_profit_commitment_is_one_target_per_year() -> None:
    text = ("交易对方承诺，目标公司2026年度、2027年度实现的扣除非经常性损益后的净利润分别不低于6,000万元、7,200万元。")
    drafts = extract(text, D(2025, 12, 1))
    assert [(d.type, d.deadline, d.terms.amount_floor) for d in drafts] == [
        ("profit_commitment", D(2026, 12, 31), 60_000_000.0), ("profit_commitment", D(2027, 12, 31), 72_000_000.0)]
    assert all(d.quote == text for d in drafts) and drafts[0].subject == "2026年度净利润 ≥ 6,000万元"


@pytest.mark.parametrize("sep", ["|", "\t"])
def test_a_profit_table_row_is_a_target_of_its_fiscal_year(sep: str) -> None:
    rows = [["期间", "承诺净利润（万元）"], ["2026年", "3,500"], ["2027年", "4,200"]]
    text = "四、业绩承诺\n" + "\n".join(sep.join(r) for r in rows) + "\n"
    drafts = extract(text, D(2026, 2, 1))
    assert [(d.deadline, d.deadline_start, d.terms.amount_floor, d.kind) for d in drafts] == [
        (D(2026, 12, 31), D(2026, 1, 1), 35_000_000.0, Kind.TARGET), (D(2027, 12, 31), D(2027, 1, 1), 42_000_000.0,
                                                                      Kind.TARGET)]
    assert drafts[0].quote == sep.join(rows[1])


def test_a_sale_plan_table_gives_each_holder_its_cap_and_window() -> None:
    text = ("本次减持计划具体如下：\n| 股东名称 | 计划减持数量（股） | 计划减持比例 | 减持期间 |\n|---|---|---|---|\n"
            "| 丙创投 | 不超过600,000 | 不超过0.5% | 2026年3月2日至2026年6月1日 |\n"
            "| 丁基金 | 不超过36万 | 不超过0.3% | 2026年3月2日至2026年6月1日 |\n")
    drafts = extract(text, D(2026, 2, 6))
    assert [(d.type, d.terms.actor, d.terms.share_cap, d.terms.ratio_cap, d.deadline) for d in drafts] == [
        ("share_sale", "丙创投", 600_000.0, 0.5, D(2026, 6, 1)), ("share_sale", "丁基金", 360_000.0, 0.3, D(2026, 6, 1))]
    assert drafts[0].deadline_start == D(2026, 3, 2)


def test_a_table_without_promise_columns_is_left_to_the_sentences() -> None:
    text = "| 项目 | 金额（万元） |\n| 营业收入 | 12,000 |\n| 净利润 | 1,500 |\n"
    assert extract(text, D(2026, 4, 20)) == []


# ---------------------------------------------------------------- class 4: soft promises in IR answers
@pytest.mark.parametrize(("text", "deadline", "type_name"), [
    ("答：新厂区预计9月完成土地手续。", D(2026, 9, 30), "other"),
    ("董秘回复：二号车间预计10月份试生产。", D(2026, 10, 31), "production"),
    ("答：该风电项目计划2026年年底并网。", D(2026, 12, 31), "production"),
    ("研发中心项目达到预定可使用状态日期为2027年6月30日前。", D(2027, 6, 30), "project_ready"),
    ("答：公司新一代储能产品预计将于2026年第三季度正式推向市场。", D(2026, 9, 30), "launch"),
    ("答：新款便携产品计划于2026年10月投放市场。", D(2026, 10, 31), "launch"),
    ("公司将于2026年8月26日披露2026年半年度报告。", D(2026, 8, 26), "disclosure_date"),
])
def test_soft_promises_without_a_plan_word(text: str, deadline: dt.date, type_name: str) -> None:
    draft = _only(text, D(2026, 5, 6))
    assert (draft.deadline, draft.type) == (deadline, type_name)
    assert not draft.quote.startswith(("答", "董秘"))


@pytest.mark.parametrize("text", [
    "公司于3月发布了新一代平台。",
    "公司3月推出新品，市场反馈良好。",
    "问：公司8月份回复说项目完成了80%，10月底还是80%，难道没有进展吗？",
])
def test_a_month_already_past_told_as_news_is_no_promise(text: str) -> None:
    assert extract(text, D(2026, 5, 6)) == []


@pytest.mark.parametrize(("text", "doc_date", "deadline"), [
    ("甲乙科技:将募投项目“智能仓储项目”达到预定可使用状态日期调整为2026年12月31日\n\n"
     "甲乙科技6月2日公告，将募投项目“智能仓储项目”达到预定可使用状态日期调整为2026年12月31日。",
     D(2026, 6, 2), D(2026, 12, 31)),
    # a headline too short to carry a type of its own retells the body's dated promise
    ("戊己材料:年底前将完成新车间设备调试\n\n有投资者问两个项目何时完工。公司回答表示，一期厂房主体已建成，"
     "年底前将完成新车间部分设备调试。", D(2026, 9, 8), D(2026, 12, 31)),
    ("庚辛股份：明年6月底前完成新仓库启用\n\n董秘回复称，新仓库主体工程建设完成，预计明年6月底前完成新仓库投产启用。",
     D(2026, 9, 8), D(2027, 6, 30)),
    ("11月3日，有网友向丙丁纸业董秘提问，公司董事会秘书回答二期项目即将在本月下旬试产。\n"
     "Q:你好，二期项目进度如何，能否按时投产?\nA:丙丁纸业:您好，公司二期项目已进入调试收尾阶段，预计11月中下旬开始试生产。",
     D(2026, 11, 3), D(2026, 11, 30)),
])
def test_a_reposts_headline_or_lead_is_not_a_second_promise(text: str, doc_date: dt.date, deadline: dt.date) -> None:
    drafts = extract(text, doc_date)
    assert len(drafts) == 1 and drafts[0].deadline == deadline, [d.quote for d in drafts]
    assert drafts[0].start > text.index("\n")  # the body's answer, not the headline's retelling


@pytest.mark.parametrize("text", [
    # the sale rules' caps roll: any 90 consecutive days, not 90 days from the notice
    "股东通过集中竞价交易方式减持的，在任意连续90日内减持股份的总数不超过公司股份总数的1%。",
    "减持规则 - 集中竞价90日内减持不超股份总数1% - 大宗交易90日内减持不超股份总数2%",
    "公司在连续12个月内累计计算的担保金额将提交股东大会审议。",
])
def test_a_rolling_window_is_no_deadline(text: str) -> None:
    assert extract(text, D(2026, 4, 3)) == []


def test_a_90_day_window_without_the_sale_rules_cap_is_still_a_window() -> None:
    (draft,) = extract("公司将在未来90日内完成本次回购股份的注销。", D(2026, 4, 3))
    assert draft.deadline == D(2026, 7, 1)  # the 90th day, the notice's day counted first


@pytest.mark.parametrize("text", [
    "会议联系人：张三 联系电话0755-12345678\n甲乙科技: 关于召开2026年",  # a title cut short at the end
    "关于2026年第三季度报告披露时间的提示性公告\n公司董事会全体成员保证信息披露内容的真实、准确和完整。",
])
def test_an_announcement_title_line_is_no_promise(text: str) -> None:
    assert extract(text, D(2026, 9, 1)) == []


def test_a_dated_answer_that_opens_with_guanyu_is_still_read() -> None:
    (draft,) = extract("关于新基地的进度，公司预计2026年12月底前完成竣工验收。", D(2026, 9, 1))
    assert draft.deadline == D(2026, 12, 31)


def test_a_postponed_meetings_original_section_is_a_recap() -> None:
    text = ("关于延期召开2026年第二次临时股东大会的公告\n公司董事会决定将2026年第二次临时股东大会延期召开，"
            "会议时间由原定的2026年11月16日延期至2026年11月23日。相关情况如下：\n一、原股东大会的基本情况\n"
            "(一)原会议召开的日期、时间：\n1、现场会议召开时间：2026年11月16日(星期一)下午2:30开始。\n"
            "二、延期后股东大会的召开时间\n现场会议召开时间：2026年11月23日(星期一)下午2:30开始。")
    drafts = extract(text, D(2026, 11, 10))
    assert {d.deadline for d in drafts} == {D(2026, 11, 23)}, [d.quote for d in drafts]


@pytest.mark.parametrize("text", [
    "- 2026年3月2 - 20日触发转股价格向下修正条款",
    "公司股票于2026年3月2日至20日期间已满足转股价格修正条件。",
])
def test_a_closed_day_range_is_a_past_fact(text: str) -> None:
    assert extract(text, D(2026, 3, 20)) == []


@pytest.mark.parametrize(("text", "days"), [
    ("本次权益分派股权登记日为：2026年6月26日，除权除息日为：2026年6月29日。", [D(2026, 6, 26), D(2026, 6, 29)]),
    ("本期债券付息日为：2026年12月8日，债权登记日为：2026年12月7日。", [D(2026, 12, 7), D(2026, 12, 8)]),
    ("赎回登记日：2026年7月20日；赎回日：2026年7月21日；停止交易日：2026年7月16日；停止转股日：2026年7月21日。",
     [D(2026, 7, 16), D(2026, 7, 20), D(2026, 7, 21), D(2026, 7, 21)]),
])
def test_labelled_days_of_a_schedule(text: str, days: list[dt.date]) -> None:
    drafts = extract(text, D(2026, 6, 1))
    assert sorted(d.deadline for d in drafts) == days
    assert {d.type for d in drafts} == {"record_or_payment_date"}
    assert not any("2026年" in d.subject for d in drafts)  # a subject never repeats its own date


@pytest.mark.parametrize("text", [
    "关于持股5%以上股东减持股份预披露公告\n持有本公司股份900万股的股东丁投资有限公司计划自本公告披露之日起15个交易日后的"
    "3个月内减持本公司股份不超过300万股。",
    "关于控股股东增持公司股份计划的公告\n公司控股股东乙集团计划自本公告披露之日起6个月内增持公司股份，增持金额不低于人民币1亿元。",
])
def test_an_announcements_title_line_is_not_part_of_the_quote(text: str) -> None:
    (draft,) = extract(text, D(2026, 4, 8))
    assert draft.start == text.index("\n") + 1  # the body's first line, not the title above it
    assert draft.terms.actor and not draft.terms.actor.startswith("的")


@pytest.mark.parametrize(("text", "deadlines"), [
    ("答：项目目前处于设备调试阶段，预计2026年12月底前投产，明年上半年实现满产。", [D(2026, 12, 31), D(2027, 6, 30)]),
    ("答：公司计划2026年12月底前完成一期建设，2027年6月底前完成二期建设。", [D(2026, 12, 31), D(2027, 6, 30)]),
])
def test_a_plan_word_governs_the_dated_clauses_after_it(text: str, deadlines: list[dt.date]) -> None:
    assert [d.deadline for d in extract(text, D(2026, 10, 15))] == deadlines


@pytest.mark.parametrize(("text", "subject", "floor"), [
    ("重要内容提示：\n● 回购股份金额：不低于人民币5,000万元（含），不超过人民币10,000万元（含）；\n● 回购股份资金来源：自有资金；\n"
     "● 回购股份用途：员工持股计划；\n● 回购股份价格：不超过人民币25.00元/股（含）；\n"
     "● 回购股份期限：自董事会审议通过本次回购方案之日起12个月内；", "回购股份 5,000万–1亿元", 5e7),
    ("重要内容提示：\n● 增持主体：公司控股股东；\n● 增持金额：不低于人民币1亿元，不超过人民币2亿元；\n● 增持方式：集中竞价交易；\n"
     "● 增持期限：自本公告披露之日起6个月内。", "增持股份 1亿–2亿元", 1e8),
])
def test_a_labelled_list_is_one_promise_from_its_amount_to_its_window(text: str, subject: str, floor: float) -> None:
    (draft,) = extract(text, D(2026, 2, 3))
    assert draft.subject == subject and draft.terms.amount_floor == floor
    assert "金额" in draft.quote and "期限" in draft.quote


@pytest.mark.parametrize(("text", "doc_date", "deadline"), [
    ("本次解除限售股份可上市流通日为2026年3月16日。本次解除限售的股东承诺：在限售期满后12个月内减持股份数量不超过其"
     "持有股份总数的25%。", D(2026, 3, 10), D(2027, 3, 15)),
    ("本次限售股上市流通日期为2026年9月1日。相关股东承诺：锁定期届满后24个月内，每年减持不超过所持股份的20%。",
     D(2026, 8, 25), D(2028, 8, 31)),
])
def test_a_window_after_the_lockup_counts_from_the_unlock_day_the_notice_states(
        text: str, doc_date: dt.date, deadline: dt.date) -> None:
    drafts = extract(text, doc_date)
    sale = [d for d in drafts if d.type == "share_sale"]
    assert [d.deadline for d in sale] == [deadline], [(d.type, d.quote) for d in drafts]


def test_a_lockup_window_with_no_unlock_day_in_the_text_has_no_deadline() -> None:
    assert extract("股东承诺：在限售期满后12个月内减持股份数量不超过其持有股份总数的25%。", D(2026, 3, 10)) == []


@pytest.mark.parametrize("text", [
    "公司原预约于2026年4月22日披露2025年年度报告，因审计工作尚未完成，现将披露时间调整至2026年4月29日。",
    "公司2025年年度报告原预约披露日期为2026年4月22日。因审计机构需补充执行部分程序，公司将年报披露时间变更至2026年4月29日。",
])
def test_a_rebooked_disclosure_keeps_only_its_new_day(text: str) -> None:
    assert [d.deadline for d in extract(text, D(2026, 4, 20))] == [D(2026, 4, 29)]


@pytest.mark.parametrize(("text", "subject"), [
    ("答：公司三期项目计划于2026年三季度建成，届时总产能将达到20万吨。", "三期项目建成"),
    ("答：泰国工厂预计今年下半年试生产。", "泰国工厂试生产"),
    ("答：预计今年下半年试生产。", "试生产"),
    ("答：公司在建的数据中心二期预计2026年第三季度交付使用。", "在建的数据中心二期交付使用"),  # 在建 is no lead word
    ("答：在研的二代产品预计2026年底前完成临床试验。", "在研的二代产品完成临床试验"),
    # a clause that starts with its verb borrows what it is about from the clause before
    ("答：公司固态电池中试线正在建设中，预计今年四季度建成并开始送样。", "固态电池中试线建成并开始送样"),
    ("答：二代产品已完成样机测试，计划于2026年12月前取得注册证。", "二代产品取得注册证"),
    ("答：4月中旬设备已陆续到位，计划今年年底实现量产通线。", "实现量产通线"),  # a dated step is no topic
    ("2、会议召开时间：现场会议召开时间为2026年11月18日下午14:30", "会议召开时间:现场会议召开下午14:30"),
    ("本次权益分派股权登记日为：2026年6月5日", "本次权益分派股权登记日"),  # a label loses its 为 and colon
    ("公司2026年半年度报告预约披露时间为2026年8月28日。", "2026年半年度报告预约披露"),  # a booked day; its year names it
    ("3.公司将于2026年6月30日前完成新产线建设。", "完成新产线建设"),  # an item's number is no part of it
    ("同意将“甲项目”达到预定可使用状态的日期由2026年6月延期至2027年6月。", "“甲项目”达到预定可使用状态"),
    ("同意将“乙项目”达到预定可使用状态的日期由2026年6月30日延期至2027年6月30日。", "“乙项目”达到预定可使用状态"),
])
def test_a_subject_drops_its_date_and_the_words_that_brought_it(text: str, subject: str) -> None:
    (draft,) = extract(text, D(2026, 5, 12))
    assert draft.subject == subject


@pytest.mark.parametrize("text", [
    "甲乙股份:新工厂预计四季度投产\n\n有投资者在互动平台向甲乙股份提问：新工厂什么时候投产？\n甲乙股份回复称：新工厂目前正在进行设备安装，"
    "预计四季度投产。",
    "丙丁科技：二期产线预计年底前投产\n\n投资者提问：二期产线进度如何？\n丙丁科技回答表示：二期产线正在调试，预计年底前投产。",
])
def test_a_digest_keeps_the_answer_not_its_headline_nor_the_reply_marker(text: str) -> None:
    (draft,) = extract(text, D(2025, 9, 5))
    assert draft.type == "production" and draft.start > text.index("\n")
    assert not draft.quote.startswith(("甲乙股份", "丙丁科技"))  # 回复称: and 回答表示: are markers, not words


@pytest.mark.parametrize("text", [
    "回购进展 - 截至2025年5月31日累计回购股份120万股,支付总金额2,400万元 - 回购方案金额不低于5,000万元且不超过1亿元"
    " - 回购期限至2025年11月27日",
    "截至2025年5月31日，公司已回购股份120万股，支付总金额2,400万元；回购资金总额不低于5,000万元，不超过1亿元；"
    "回购期限至2025年11月27日。",
])
def test_progress_told_before_a_plans_terms_is_not_part_of_the_promise(text: str) -> None:
    (draft,) = extract(text, D(2025, 6, 9))
    assert draft.subject == "回购股份 5,000万–1亿元" and "2,400" not in draft.quote


@pytest.mark.parametrize("text", [
    "答：若公司股价触发稳定股价措施的启动条件，公司将在10个交易日内召开董事会审议稳定股价方案。",
    "如公司股票连续20个交易日收盘价低于每股净资产，控股股东将在5个交易日内提出增持方案。",
    "答：预计2026年全年行业需求将保持稳定增长。",
    "答：据了解，主要竞争对手计划于2026年底投产新产线。",
])
def test_what_hangs_on_an_event_to_come_the_market_or_another_company_is_no_promise(text: str) -> None:
    assert extract(text, D(2026, 5, 12)) == []


def test_a_conditional_restraint_with_its_own_window_still_binds() -> None:
    text = "如再次触发“甲乙转债”转股价格向下修正条款，公司在未来3个月内不提出向下修正方案。"
    (draft,) = extract(text, D(2026, 5, 12))
    assert draft.type == "cb_no_revision" and draft.deadline == D(2026, 8, 12)  # the window opens the next day


def test_a_promise_to_reply_is_not_a_reply_marker() -> None:
    (draft,) = extract("答：公司将及时回复，并于2026年7月15日前披露回复内容。", D(2026, 7, 1))
    assert draft.quote.startswith("公司将及时回复")


@pytest.mark.parametrize(("text", "subject"), [
    ("二、本次回购的进展\n（一）回购实施期限\n本次回购实施期限为自2026年1月5日起至2026年7月4日止。\n（二）回购金额\n"
     "本次回购资金总额不低于人民币3,000万元，不超过人民币6,000万元。", "回购股份 3,000万–6,000万元"),
    ("本次增持计划的实施期限为自本公告披露之日起6个月内。本次拟增持金额不低于人民币5,000万元，不超过人民币1亿元。",
     "增持股份 5,000万–1亿元"),
])
def test_a_window_stated_before_its_amount_takes_the_amount_in(text: str, subject: str) -> None:
    (draft,) = extract(text, D(2026, 1, 5))
    assert draft.subject == subject and draft.quote.endswith("元。")


def test_a_window_followed_by_progress_does_not_take_it_in() -> None:
    text = "本次回购实施期限为自2026年1月5日起至2026年7月4日止。截至2026年3月31日，公司已累计回购股份100万股，支付总金额1,200万元。"
    (draft,) = extract(text, D(2026, 4, 1))
    assert "1,200" not in draft.quote


# ---------------------------------------------------------------- a dated start with no window after it
@pytest.mark.parametrize(("text", "deadline", "name"), [
    ("因实施权益分派，调整后的转股价格自2026年6月8日起生效。", D(2026, 6, 8), "effective_date"),
    ("本次新增股份自2026年9月1日起在深圳证券交易所上市流通。", D(2026, 9, 1), "effective_date"),
    ("公司三号产线将于2026年7月起正式投产。", D(2026, 7, 31), "production"),
])
def test_a_start_with_nothing_counted_from_it_is_when_the_thing_happens(text: str, deadline: dt.date,
                                                                         name: str) -> None:
    draft = _only(text, D(2026, 1, 26))
    assert (draft.deadline, draft.type) == (deadline, name)


@pytest.mark.parametrize(("text", "deadline"), [
    ("此轮增持将从2月5日起开始,并拟于12个月内通过交易系统执行。", D(2027, 2, 4)),  # the window after it counts from it
    ("董事会决定未来三个月内不向下修正转股价格,下一触发期自2026年4月27日起算。", D(2026, 4, 26)),  # 起算: only a start
])
def test_a_start_that_opens_a_window_is_its_anchor_not_a_deadline(text: str, deadline: dt.date) -> None:
    assert [d.deadline for d in extract(text, D(2026, 1, 26))] == [deadline]


# ---------------------------------------------------------------- a bare quarter or half already over
@pytest.mark.parametrize("text", [
    "上半年，公司加快推进产能建设，完成了两条产线的安装。",  # the half just reported, told in August
    "半年报拟于8月28日披露，上半年经营情况请参见半年度报告。",
])
def test_a_half_just_reported_is_no_promise_for_next_year(text: str) -> None:
    assert [d.deadline for d in extract(text, D(2026, 8, 20)) if d.deadline.year > 2026] == []


def test_a_quarter_already_over_promised_in_its_own_clause_is_next_years() -> None:
    draft = _only("答：受设备到货影响，二期项目预计三季度完成调试。", D(2026, 11, 20))
    assert (draft.deadline, draft.deadline_start) == (D(2027, 9, 30), D(2027, 7, 1))


# ---------------------------------------------------------------- a slip told before the new date
@pytest.mark.parametrize(("text", "deadline"), [
    ("因部分事项仍需核实，公司已向交易所申请延期回复，预计将于2026年6月24日前完成回复并披露。", D(2026, 6, 24)),
    ("受设备到货延迟影响，一期项目进度有所推迟，公司预计于2026年9月底前完成安装调试。", D(2026, 9, 30)),
])
def test_a_slip_told_before_the_dates_own_clause_is_what_the_new_date_answers(text: str, deadline: dt.date) -> None:
    assert _only(text, D(2026, 6, 17)).deadline == deadline


@pytest.mark.parametrize("text", [
    "公司原定于2026年7月10日举办的新品发布会延期举行。",
    "公司预计于2026年7月底前完成交割，但因审批尚未完成，交割已延期。",
])
def test_a_date_whose_own_clause_or_what_follows_tells_of_a_slip_is_no_promise(text: str) -> None:
    assert extract(text, D(2026, 6, 17)) == []


# ---------------------------------------------------------------- a fiscal year that names a meeting or report
@pytest.mark.parametrize("text", [
    "答：公司定于2026年5月12日(星期二)15:00-17:00在全景网举办2025年度网上业绩说明会，欢迎投资者参与。",
    "公司将于2026年5月12日召开2025年度暨2026年第一季度业绩说明会。",
])
def test_a_fiscal_year_naming_the_meeting_does_not_take_its_date(text: str) -> None:
    draft = _only(text, D(2026, 4, 28))
    assert (draft.deadline, draft.type) == (D(2026, 5, 12), "meeting")


# ---------------------------------------------------------------- a lock-up extended to a day
@pytest.mark.parametrize(("text", "deadline"), [
    ("控股股东承诺：其持有的公司首次公开发行前股份锁定期自动延长6个月至2027年1月12日。", D(2027, 1, 12)),
    ("实际控制人持有的首发前限售股的限售期限在原有基础上自动延长6个月，即延长至2026年12月31日。", D(2026, 12, 31)),
])
def test_a_lockup_extended_to_a_day_is_a_restraint_until_then(text: str, deadline: dt.date) -> None:
    draft = _only(text, D(2026, 7, 28))
    assert (draft.deadline, draft.kind, draft.type) == (deadline, Kind.RESTRAINT, "lockup")
    assert draft.subject.endswith("所持股份锁定：不转让")


# ---------------------------------------------------------------- starts: an anchor only for a window after it
def test_a_start_followed_by_another_dated_promise_is_a_promise_of_its_own() -> None:
    drafts = extract("答：项目预计10月份开始试生产，国庆节前完成设备安装。", D(2026, 4, 20))
    assert [d.deadline for d in drafts] == [D(2026, 10, 31), D(2026, 9, 30)]


@pytest.mark.parametrize(("text", "day"), [
    ("可转债最后交易日为2026年11月12日，自2026年11月13日起停止交易。", D(2026, 11, 12)),
    ("最后转股日为2026年11月17日，2026年11月18日起停止转股。", D(2026, 11, 17)),
])
def test_a_boundary_told_twice_is_one_commitment_on_its_labelled_day(text: str, day: dt.date) -> None:
    assert [d.deadline for d in extract(text, D(2026, 6, 1))] == [day]


# ---------------------------------------------------------------- a digest's headline line
@pytest.mark.parametrize(("text", "day"), [
    ("【公告速递】甲乙股份：控股股东拟6个月内增持1亿-2亿元\n甲乙股份(600999)公告，公司控股股东甲集团拟自2026年6月5日起6个月内"
     "以集中竞价方式增持公司股份，增持金额不低于1亿元，不超过2亿元。", D(2026, 6, 5)),
    ("丙丁科技：部分募投项目延期至2027年7月\n丙丁科技公告，公司于2026年6月25日召开董事会，“研发中心项目”原计划于2026年7月"
     "达到预计可使用状态，现延期至2027年7月。", D(2026, 6, 25)),
])
def test_a_digests_headline_line_is_its_own_sentence_and_yields_to_the_body(text: str, day: dt.date) -> None:
    draft = _only(text, day)
    assert "\n" not in draft.quote and not draft.quote.startswith(("【", "丙丁科技："))


# ---------------------------------------------------------------- a cut-off that picks out holders
@pytest.mark.parametrize("text", [
    "截至2026年8月25日收市后仍未转股的“甲乙转债”将被强制赎回。",
    "特别提示：截止1月23日收市仍未卖出或2月5日收市仍未转股的“丙丁转债”将被全部赎回，请投资者注意风险。",
])
def test_a_day_that_picks_out_holders_is_no_deadline(text: str) -> None:
    assert extract(text, D(2026, 1, 10)) == []


def test_a_schedules_day_label_is_its_subject() -> None:
    assert _only("赎回日为2026年8月26日。", D(2026, 8, 10)).subject == "赎回日"


# ---------------------------------------------------------------- an item table of deadlines
@pytest.mark.parametrize("header", ["| 序号 | 整改事项 | 整改措施 | 责任人 | 整改时间 |", "| 序号 | 事项 | 措施 | 责任人 | 完成时间 |"])
def test_each_row_of_an_item_table_with_a_completion_column_is_its_own_commitment(header: str) -> None:
    text = (f"{header}\n|---|---|---|---|---|\n| 1 | 关联交易审议 | 补充履行审议程序 | 董事会秘书 | 已完成 |\n"
            "| 2 | 内控制度 | 修订关联交易管理制度 | 董事长 | 2026年7月31日前 |\n"
            "| 3 | 人员培训 | 组织董监高专题培训 | 董事会秘书 | 2026年9月30日前 |\n\n"
            "公司将持续加强内部控制，上述整改事项将于2026年9月30日前全部完成。")
    drafts = extract(text, D(2026, 6, 10))
    assert [d.deadline for d in drafts] == [D(2026, 7, 31), D(2026, 9, 30), D(2026, 9, 30)]
    assert all("\n" not in d.quote for d in drafts)  # the last row does not run on into the prose after it


# ---------------------------------------------------------------- an authorisation's validity
@pytest.mark.parametrize("text", [
    "董事会同意公司使用不超过5亿元的闲置募集资金进行现金管理，使用期限自董事会审议通过之日起12个月内有效，在上述额度和期限内资金可循环滚动使用。",
    "同意公司使用额度不超过3亿元的自有资金购买理财产品，期限为自董事会审议通过之日起12个月，在额度范围内可滚动使用。",
])
def test_an_authorisations_validity_is_no_promise(text: str) -> None:
    assert extract(text, D(2026, 3, 10)) == []


def test_idle_proceeds_lent_to_working_capital_are_still_promised_back() -> None:
    text = "同意使用不超过人民币8,000万元的闲置募集资金暂时补充流动资金，使用期限自董事会审议通过之日起不超过12个月。"
    assert _only(text, D(2026, 3, 10)).type == "idle_funds"


# ---------------------------------------------------------------- a digest's speakers, and what the answer is about
@pytest.mark.parametrize("text", [
    "投资者：董秘你好，请问收购事项预计何时完成交割？\n董秘：您好，本次收购事项已获得股东大会审议通过，"
    "目前正在办理经营者集中申报，公司预计于2026年9月底前完成交割。谢谢。",
    "投资者：请问新基地何时完成交割？\n董事会秘书：你好，本次资产购买已经股东会审议通过，公司预计于2026年9月底前完成交割。",
])
def test_the_secretarys_answer_is_read_and_typed_by_what_is_still_to_do(text: str) -> None:
    draft = _only(text, D(2026, 6, 15))
    assert draft.deadline == D(2026, 9, 30) and draft.type == "other"  # not a meeting: that one is done
    assert not draft.quote.startswith(("董秘", "董事会秘书", "您好", "你好")) and draft.subject.endswith("完成交割")


@pytest.mark.parametrize("bullet", ["●", "■"])
def test_a_bulleted_summary_takes_in_the_amount_item_after_the_window(bullet: str) -> None:
    text = (f"重要内容提示：\n{bullet} 回购方案实施期限：2026年2月9日~2027年2月8日\n{bullet} 预计回购金额：5,000万元~10,000万元\n"
            f"{bullet} 累计已回购股数：2,150,000股\n{bullet} 累计已回购金额：4,012.35万元\n")
    draft = _only(text, D(2026, 6, 2))
    assert draft.quote.endswith("10,000万元") and draft.subject == "回购股份 5,000万–1亿元"


@pytest.mark.parametrize("text", [
    "本次权益变动后，信息披露义务人在未来12个月内没有继续增持公司股份的计划。",
    "截至本公告披露日，控股股东在未来6个月内无通过集中竞价方式减持公司股份的计划。",
])
def test_no_plan_told_at_length_is_no_promise(text: str) -> None:
    assert extract(text, D(2025, 8, 20)) == []


@pytest.mark.parametrize("text", ["公司计划于2026年底前完成无人机研发计划的第一阶段。", "公司将于2026年6月前完成无锡基地建设计划。"])
def test_a_name_that_starts_with_wu_is_no_no_plan(text: str) -> None:
    assert len(extract(text, D(2025, 8, 20))) == 1
