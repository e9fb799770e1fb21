"""One promise, many filings (issue 22): whole announcements, written the way companies write them (in our own
words), played through the product as a subscriber's store receives them — ingest, check, the day's sweep — and
every status, the number of promises and the scorecard line asserted.

Each case is a company's filings in the order they were published; `_play` runs them on a clock that moves
from filing to filing and on to `until`. Orders: the property test at the end plays every case in shuffled
orders and expects the same statuses.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.core import Core, build_core
from bot.jobs import check_new_filings, sweep_deadlines
from bot.render import Renderer
from tests.unit.test_documents import make_pdf
from trackers.clock import FixedClock
from trackers.db import migrate
from trackers.db.models import Commitment, CommitmentSource, Filing, StatusChange
from trackers.documents import parse_bytes
from trackers.services import queries
from trackers.services.health import record_poll
from trackers.services.ingest import FilingMeta, ingest_document
from trackers.services.scorecard import scorecard
from trackers.services.tracking import ANNOUNCEMENTS_SOURCE
from trackers.settings import Settings

HEADER = "本公司董事会及全体董事保证本公告内容不存在任何虚假记载、误导性陈述或者重大遗漏，并对其内容的真实性、准确性和完整性依法承担法律责任。"


@dataclass(frozen=True)
class Doc:
    day: dt.date
    text: str
    name: str = "filing.txt"
    data: bytes | None = None  # the same filing as another format's bytes (a PDF)


@dataclass
class Case:
    code: str
    docs: list[Doc]
    until: dt.date
    followed_from: dt.date | None = None  # the company's feed polled daily from this day (None: files only)
    statuses: dict[str, str] = field(default_factory=dict)  # a words of the promise's quote → its status


D = dt.date

# ---------------------------------------------------------------- A: plan, two progress notices, result below floor
PLAN_A = f"""证券代码：688801 证券简称：澄川科技 公告编号：2026-002
澄川科技股份有限公司
关于以集中竞价交易方式回购公司股份方案的公告
{HEADER}
重要内容提示：
● 回购股份金额：不低于人民币5,000万元（含），不超过人民币10,000万元（含）。
● 回购股份资金来源：公司自有资金。
● 回购股份用途：用于员工持股计划或股权激励。
● 回购股份价格：不超过人民币30元/股（含）。
● 回购股份期限：自公司董事会审议通过本次回购方案之日起3个月内。
● 相关股东是否存在减持计划：公司控股股东、实际控制人在未来3个月、未来6个月内暂无减持公司股份的计划。
一、回购方案的审议及实施程序
公司于2026年1月5日召开第三届董事会第九次会议，审议通过了《关于以集中竞价交易方式回购公司股份方案的议案》。
二、回购方案的主要内容
（一）回购股份的资金总额：本次回购资金总额不低于人民币5,000万元（含），不超过人民币10,000万元（含）。
（二）回购股份的价格：不超过人民币30元/股（含）。
（三）回购股份的实施期限：自公司董事会审议通过本次回购方案之日起3个月内。如果在此期限内回购资金使用金额达到上限，则回购方案实施完毕，回购期限自该日起提前届满。
（四）回购股份的数量：按回购资金总额下限5,000万元、回购价格上限30元/股测算，预计回购股份数量约为166.67万股。
澄川科技股份有限公司董事会
2026年1月6日
"""


def _progress_a(month_end: str, amount: str, shares: str, filed: str) -> str:
    return f"""证券代码：688801 证券简称：澄川科技 公告编号：2026-0{filed[-2:]}
澄川科技股份有限公司关于以集中竞价交易方式回购公司股份的进展公告
{HEADER}
一、回购股份的基本情况
公司于2026年1月5日召开第三届董事会第九次会议，审议通过了回购方案，同意公司以自有资金回购公司股份，回购资金总额不低于人民币5,000万元（含），不超过人民币10,000万元（含），回购价格不超过人民币30元/股（含），回购期限为自董事会审议通过本次回购方案之日起3个月内。具体内容详见公司于2026年1月6日披露的《关于以集中竞价交易方式回购公司股份方案的公告》。
二、回购股份的进展情况
截至{month_end}，公司通过集中竞价交易方式累计回购股份{shares}股，支付的资金总额为人民币{amount}万元（不含交易费用）。
澄川科技股份有限公司董事会
{filed}
"""


RESULT_A = f"""证券代码：688801 证券简称：澄川科技 公告编号：2026-031
澄川科技股份有限公司关于回购股份实施结果暨股份变动的公告
{HEADER}
重要内容提示：
回购方案首次披露日 2026/1/6
回购方案实施期限 2026年1月5日~2026年4月4日
预计回购金额 5,000万元~10,000万元
实际回购股数 1,100,000股
实际回购金额 3,100万元
一、回购审批情况和回购方案内容
公司于2026年1月5日召开董事会审议通过了回购方案，回购资金总额不低于人民币5,000万元（含），不超过人民币10,000万元（含），回购期限为自董事会审议通过本次回购方案之日起3个月内。
二、回购实施情况
截至2026年4月4日，本次回购期限届满，公司累计回购股份1,100,000股，支付的资金总额为人民币3,100万元（不含交易费用），未达到回购方案中回购资金总额下限。
澄川科技股份有限公司董事会
2026年4月8日
"""

BUYBACK_BELOW_FLOOR = Case("688801", [
    Doc(D(2026, 1, 6), PLAN_A),
    Doc(D(2026, 2, 3), _progress_a("2026年1月31日", "1,000", "400,000", "2026年2月3日")),
    Doc(D(2026, 3, 3), _progress_a("2026年2月28日", "2,200", "850,000", "2026年3月3日")),
    Doc(D(2026, 4, 8), RESULT_A),
], until=D(2026, 5, 1), statuses={"回购股份金额": "broken"})

# ---------------------------------------------------------------- B: result notice two days after the window
PLAN_B = f"""证券代码：603711 证券简称：北辰智造 公告编号：2026-010
北辰智造股份有限公司关于以集中竞价交易方式回购股份的回购报告书
{HEADER}
公司于2026年2月2日召开董事会，审议通过了本次回购股份方案。
二、回购方案的主要内容
1、回购资金总额：不低于人民币2,000万元（含）且不超过人民币4,000万元（含）。
2、回购价格：不超过人民币18元/股（含）。
3、回购期限：自公司董事会审议通过本次回购方案之日起4个月内。
北辰智造股份有限公司董事会
2026年2月3日
"""
RESULT_B = f"""证券代码：603711 证券简称：北辰智造 公告编号：2026-041
北辰智造股份有限公司关于回购期限届满暨回购实施结果的公告
{HEADER}
截至2026年6月1日，本次回购期限届满，公司通过集中竞价交易方式累计回购股份1,600,000股，占公司总股本的0.80%，支付的资金总额为人民币2,560万元（不含交易费用）。本次回购符合公司回购方案的要求。
北辰智造股份有限公司董事会
2026年6月3日
"""
BUYBACK_NOTICE_LATE = Case("603711", [Doc(D(2026, 2, 3), PLAN_B), Doc(D(2026, 6, 3), RESULT_B)],
                           until=D(2026, 7, 1), statuses={"回购资金总额": "fulfilled"})

# ---------------------------------------------------------------- C: no-revision decision, revision after the window
NO_REVISION = f"""证券代码：300918 证券简称：南岭电子 公告编号：2026-015
债券代码：123309 债券简称：南岭转债
南岭电子科技股份有限公司关于不向下修正“南岭转债”转股价格的公告
{HEADER}
特别提示：
1、截至2026年3月10日，公司股票已出现任意连续三十个交易日中至少十五个交易日的收盘价低于当期转股价格的85%的情形，已触发“南岭转债”转股价格向下修正条款。
2、公司于2026年3月10日召开第四届董事会第三次会议，审议通过了《关于不向下修正“南岭转债”转股价格的议案》，决定本次不向下修正“南岭转债”转股价格，且自本次董事会审议通过次一交易日起未来3个月内（即2026年3月11日至2026年6月10日），如再次触发“南岭转债”转股价格向下修正条款，亦不提出向下修正方案。下一触发转股价格修正条件的期间从2026年6月11日重新起算，若再次触发“南岭转债”转股价格向下修正条款，届时公司董事会将再次召开会议决定是否行使“南岭转债”转股价格的向下修正权利。
南岭电子科技股份有限公司董事会
2026年3月10日
"""
REVISED_LATER = f"""证券代码：300918 证券简称：南岭电子 公告编号：2026-052
债券代码：123309 债券简称：南岭转债
南岭电子科技股份有限公司关于向下修正“南岭转债”转股价格的公告
{HEADER}
自2026年6月11日至2026年7月2日，公司股票已有十五个交易日的收盘价低于当期转股价格的85%，已触发“南岭转债”转股价格向下修正条款。公司于2026年7月20日召开2026年第二次临时股东大会，审议通过了《关于向下修正“南岭转债”转股价格的议案》，修正后的转股价格为12.60元/股，自2026年7月21日起生效。
南岭电子科技股份有限公司董事会
2026年7月20日
"""
NO_REVISION_THEN_REVISED = Case("300918", [Doc(D(2026, 3, 10), NO_REVISION), Doc(D(2026, 7, 20), REVISED_LATER)],
                                until=D(2026, 8, 1), statuses={"亦不提出向下修正方案": "kept"})
NO_REVISION_FOLLOWED = Case("300918", NO_REVISION_THEN_REVISED.docs, until=D(2026, 8, 1),
                            followed_from=D(2026, 3, 1), statuses={"亦不提出向下修正方案": "kept"})

# ---------------------------------------------------------------- D: IR record, a postponement with its recital, the launch
RECORD_D = """证券代码：300977 证券简称：星野软件
星野软件股份有限公司投资者关系活动记录表
编号：2026-003
投资者关系活动类别 √特定对象调研 □分析师会议 □媒体采访 □业绩说明会 □新闻发布会 □路演活动 □现场参观
活动时间：2026年3月2日
问：新一代产品什么时候发布？
答：公司计划于2026年6月30日前发布新一代办公产品“星河2.0”，届时欢迎关注。
"""
POSTPONED_D = f"""证券代码：300977 证券简称：星野软件 公告编号：2026-031
星野软件股份有限公司关于“星河2.0”产品发布时间调整的公告
{HEADER}
公司此前在投资者关系活动中表示，计划于2026年6月30日前发布新一代办公产品“星河2.0”。因部分功能仍在测试，公司决定将“星河2.0”的发布时间延期至2026年9月30日前。
星野软件股份有限公司董事会
2026年6月10日
"""
LAUNCHED_D = f"""证券代码：300977 证券简称：星野软件 公告编号：2026-044
星野软件股份有限公司关于发布新一代办公产品的自愿性信息披露公告
{HEADER}
2026年9月18日，公司在杭州举办新品发布会，正式发布新一代办公产品“星河2.0”。
星野软件股份有限公司董事会
2026年9月18日
"""
POSTPONED_THEN_LAUNCHED = Case("300977", [Doc(D(2026, 3, 2), RECORD_D), Doc(D(2026, 6, 10), POSTPONED_D),
                                          Doc(D(2026, 9, 18), LAUNCHED_D)], until=D(2026, 10, 1),
                               statuses={"计划于2026年6月30日前发布": "revised", "延期至2026年9月30日前": "fulfilled"})

# ---------------------------------------------------------------- E: a restraint, then a sale plan inside its window
RECORD_E = """证券代码：002877 证券简称：远澜材料
远澜材料股份有限公司投资者关系活动记录表
活动时间：2026年1月12日
问：控股股东近期是否有减持安排？
答：公司控股股东承诺自2026年1月12日起6个月内不减持公司股份。
"""
SALE_PLAN_E = f"""证券代码：002877 证券简称：远澜材料 公告编号：2026-019
远澜材料股份有限公司关于控股股东减持股份计划的预披露公告
{HEADER}
公司控股股东远澜控股集团有限公司计划自本公告披露之日起15个交易日后的3个月内，以集中竞价方式减持公司股份不超过2,000,000股（占公司总股本比例1.00%）。
远澜材料股份有限公司董事会
2026年3月4日
"""
RESTRAINT_THEN_SALE_PLAN = Case("002877", [Doc(D(2026, 1, 12), RECORD_E), Doc(D(2026, 3, 4), SALE_PLAN_E)],
                                until=D(2026, 3, 20), statuses={"6个月内不减持": "broken",
                                                                "以集中竞价方式减持公司股份不超过": "pending"})

# ---------------------------------------------------------------- F: the same announcement as text and as PDF
F_LINES = ["证券代码：688766 证券简称：青石医疗 公告编号：2026-008",
           "青石医疗股份有限公司关于召开2026年第一次临时股东大会的通知",
           "一、召开会议的基本情况",
           "（一）股东大会届次：2026年第一次临时股东大会",
           "（二）现场会议时间：2026年3月20日14点30分",
           "（三）股权登记日：2026年3月13日",
           "青石医疗股份有限公司董事会",
           "2026年3月2日"]
ONE_FILING_TWO_FORMATS = Case("688766", [
    Doc(D(2026, 3, 2), "\n".join(F_LINES) + "\n", "notice.txt"),
    Doc(D(2026, 3, 2), "", "notice.pdf", data=make_pdf(F_LINES)),
], until=D(2026, 3, 5), statuses={"现场会议时间": "pending", "股权登记日": "pending"})

# ---------------------------------------------------------------- G: a dividend plan, then its implementation notice
DIVIDEND_PLAN = f"""证券代码：600873 证券简称：东篱食品 公告编号：2026-012
东篱食品股份有限公司关于2025年度利润分配方案的公告
{HEADER}
公司2025年度利润分配方案为：以实施权益分派股权登记日登记的总股本为基数，向全体股东每10股派发现金红利3.00元（含税）。公司将于2026年6月30日前完成本次权益分派。
东篱食品股份有限公司董事会
2026年4月20日
"""
DIVIDEND_PAID = f"""证券代码：600873 证券简称：东篱食品 公告编号：2026-030
东篱食品股份有限公司2025年年度权益分派实施公告
{HEADER}
重要内容提示：
● 每股分配比例：A股每股现金红利0.30元（含税）
● 相关日期：股权登记日为2026年6月24日，除权（息）日为2026年6月25日，现金红利发放日为2026年6月25日。
一、通过分配方案的股东大会届次和日期
本次利润分配方案经公司2026年5月15日的2025年年度股东大会审议通过。
二、分配方案
本次利润分配以方案实施前的公司总股本400,000,000股为基数，每股派发现金红利0.30元（含税），共计派发现金红利120,000,000元。
东篱食品股份有限公司董事会
2026年6月18日
"""
DIVIDEND = Case("600873", [Doc(D(2026, 4, 20), DIVIDEND_PLAN), Doc(D(2026, 6, 18), DIVIDEND_PAID)],
                until=D(2026, 7, 1), statuses={"每10股派发现金红利3.00元": "fulfilled", "股权登记日为": "fulfilled",
                                               "除权（息）日为": "fulfilled", "现金红利发放日为": "fulfilled"})

# ---------------------------------------------------------------- H: a results briefing, then its 召开情况 notice
BRIEFING = f"""证券代码：688623 证券简称：岚图光电 公告编号：2026-021
岚图光电股份有限公司关于召开2025年度业绩说明会的公告
{HEADER}
重要内容提示：
● 会议召开时间：2026年5月12日（星期二）15:00-16:00
● 会议召开地点：上海证券交易所上证路演中心
● 会议召开方式：上证路演中心网络互动
岚图光电股份有限公司董事会
2026年4月28日
"""
BRIEFING_HELD = f"""证券代码：688623 证券简称：岚图光电 公告编号：2026-025
岚图光电股份有限公司关于2025年度业绩说明会召开情况的公告
{HEADER}
岚图光电股份有限公司于2026年5月12日15:00-16:00在上海证券交易所上证路演中心召开了2025年度业绩说明会，公司董事长、总经理、财务总监及董事会秘书出席了本次说明会，就投资者关心的问题进行了交流。
岚图光电股份有限公司董事会
2026年5月12日
"""
BRIEFING_THEN_HELD = Case("688623", [Doc(D(2026, 4, 28), BRIEFING), Doc(D(2026, 5, 12), BRIEFING_HELD)],
                          until=D(2026, 5, 20), statuses={"会议召开时间": "fulfilled"})

CASES = {
    "buyback below its floor": BUYBACK_BELOW_FLOOR,
    "buyback result notice two days late": BUYBACK_NOTICE_LATE,
    "no revision, a revision after the window": NO_REVISION_THEN_REVISED,
    "no revision, followed": NO_REVISION_FOLLOWED,
    "postponed, then launched": POSTPONED_THEN_LAUNCHED,
    "a restraint, then a sale plan inside it": RESTRAINT_THEN_SALE_PLAN,
    "one filing in two formats": ONE_FILING_TWO_FORMATS,
    "dividend plan, then paid": DIVIDEND,
    "results briefing, then held": BRIEFING_THEN_HELD,
}


def _play(tmp: Path, case: Case, order: list[Doc] | None = None) -> Core:
    """The case's filings stored as they arrive, each morning swept (or, given an `order`, all of them stored in
    that order on the last day, as a backfill would); the caller closes the core."""
    url = f"sqlite:///{tmp / 'case.db'}"
    migrate.upgrade(url)
    first = min(d.day for d in case.docs)
    clock = FixedClock(dt.datetime(first.year, first.month, first.day, 8, 0))
    core = build_core(Settings(database_url=url, _env_file=None), clock=clock)  # type: ignore[call-arg]
    if order is not None:
        clock.set(dt.datetime(case.until.year, case.until.month, case.until.day, 8, 0))
        for doc in order:
            _ingest(core, doc)
        _poll(core, case, case.until)
        sweep_deadlines(core)
        return core
    day = first
    while day <= case.until:
        clock.set(dt.datetime(day.year, day.month, day.day, 8, 0))
        _poll(core, case, day)
        sweep_deadlines(core)
        clock.set(dt.datetime(day.year, day.month, day.day, 18, 0))
        for doc in [d for d in case.docs if d.day == day]:
            _ingest(core, doc)
        day += dt.timedelta(days=1)
    return core


def _poll(core: Core, case: Case, day: dt.date) -> None:
    if case.followed_from is None or day < case.followed_from:
        return
    with core.sessions.begin() as s:
        company = queries.find_company(s, case.code) if _known(s, case.code) else None
        if company is not None:
            company.followed, company.covered_from = True, case.followed_from
            record_poll(s, ANNOUNCEMENTS_SOURCE, True, 0, core.clock.now(), company.id)


def _known(s, code: str) -> bool:  # type: ignore[no-untyped-def]
    try:
        queries.find_company(s, code)
        return True
    except Exception:
        return False


def _ingest(core: Core, doc: Doc) -> None:
    data = doc.data if doc.data is not None else doc.text.encode()
    with core.sessions.begin() as s:
        ingest_document(s, parse_bytes(data, doc.name), FilingMeta(published=doc.day), core.clock.now())
    check_new_filings(core)


def _statuses(core: Core) -> list[tuple[str, str]]:
    with core.sessions() as s:
        return [(c.quote, c.status) for c in s.scalars(select(Commitment).order_by(Commitment.id))]


def _status_of(rows: list[tuple[str, str]], words: str) -> str:
    found = [status for quote, status in rows if words in quote]
    assert len(found) == 1, f"{words!r} in {len(found)} promises: {rows}"
    return found[0]


@pytest.mark.parametrize("name", list(CASES))
def test_every_status_is_true(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    core = _play(tmp_path, case)
    try:
        rows = _statuses(core)
        assert len(rows) == len(case.statuses), rows  # no restatement or recital became a promise of its own
        for words, status in case.statuses.items():
            assert _status_of(rows, words) == status, (words, rows)
    finally:
        core.close()


def _score_line(core: Core, code: str, lang: str = "en") -> str:
    with core.sessions() as s:
        card = scorecard(s, queries.find_company(s, code), core.clock.today())
    text = Renderer().render(lang, "score.html.j2", s=card)
    return text.splitlines()[1]


@pytest.mark.parametrize(("name", "line"), [
    ("buyback below its floor", "0 of 1 on time"),
    ("buyback result notice two days late", "1 of 1 on time"),
    ("postponed, then launched", "1 of 2 on time"),
    ("a restraint, then a sale plan inside it", "0 of 1 on time"),
    ("dividend plan, then paid", "4 of 4 on time"),
    ("results briefing, then held", "1 of 1 on time"),
])
def test_the_scorecard_counts_what_is_true(tmp_path: Path, name: str, line: str) -> None:
    core = _play(tmp_path, CASES[name])
    try:
        assert line in _score_line(core, CASES[name].code)
    finally:
        core.close()


def test_a_restatement_is_a_source_of_the_promise_not_a_new_one(tmp_path: Path) -> None:
    core = _play(tmp_path, BUYBACK_BELOW_FLOOR)
    try:
        with core.sessions() as s:
            (promise,) = s.scalars(select(Commitment)).all()
            sources = s.execute(select(CommitmentSource.filing_id, CommitmentSource.restated)
                                .where(CommitmentSource.commitment_id == promise.id)
                                .order_by(CommitmentSource.filing_id)).all()
            assert [restated for _f, restated in sources] == [False, True, True, True]  # made once, restated thrice
            assert promise.terms["amount_floor"] == 50_000_000 and promise.terms["amount_ceiling"] == 100_000_000
            last = s.scalar(select(StatusChange).where(StatusChange.commitment_id == promise.id)
                            .order_by(StatusChange.id.desc()).limit(1))
            assert last is not None and last.explain and last.explain["code"] == "below_floor"
            assert last.explain["done"] == 31_000_000
    finally:
        core.close()


def test_the_plans_own_hypothesis_does_not_fulfil_it(tmp_path: Path) -> None:
    """如果在此期限内回购资金使用金额达到上限，则回购方案实施完毕: the plan's own words, never its evidence."""
    case = Case("688801", [Doc(D(2026, 1, 6), PLAN_A)], until=D(2026, 1, 20))
    core = _play(tmp_path, case)
    try:
        assert [status for _q, status in _statuses(core)] == ["pending"]
    finally:
        core.close()


def test_a_no_revision_decisions_own_boilerplate_does_not_break_it(tmp_path: Path) -> None:
    """如再次触发…亦不提出…；下一触发…重新起算，若再次触发…决定是否行使…: conditions, never a breach."""
    case = Case("300918", [Doc(D(2026, 3, 10), NO_REVISION)], until=D(2026, 3, 20))
    core = _play(tmp_path, case)
    try:
        assert [status for _q, status in _statuses(core)] == ["pending"]
    finally:
        core.close()


def test_a_revision_after_the_window_is_not_cited_as_the_evidence(tmp_path: Path) -> None:
    core = _play(tmp_path, NO_REVISION_THEN_REVISED)
    try:
        with core.sessions() as s:
            (promise,) = s.scalars(select(Commitment)).all()
            last = s.scalar(select(StatusChange).where(StatusChange.commitment_id == promise.id)
                            .order_by(StatusChange.id.desc()).limit(1))
            assert last is not None and last.to_status == "kept" and last.effective_date == D(2026, 6, 10)
            assert "修正后的转股价格" not in (last.evidence_quote or "")
            assert last.explain and last.explain["code"] == "no_breach_in_window"
    finally:
        core.close()


def test_the_same_filing_in_two_formats_is_one_filing(tmp_path: Path) -> None:
    core = _play(tmp_path, ONE_FILING_TWO_FORMATS)
    try:
        with core.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Filing)) == 1
    finally:
        core.close()


@pytest.mark.parametrize("name", [n for n in CASES if n != "no revision, followed"])
def test_any_order_gives_the_same_statuses(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    (tmp_path / "in_order").mkdir()
    core = _play(tmp_path / "in_order", case)
    try:
        expected = {status for _q, status in _statuses(core)}
        counts = len(_statuses(core))
    finally:
        core.close()
    rng = random.Random(name)
    for i in range(3):
        order = case.docs[:]
        rng.shuffle(order)
        (tmp_path / str(i)).mkdir()
        shuffled = _play(tmp_path / str(i), case, order)
        try:
            rows = _statuses(shuffled)
            assert len(rows) == counts and {status for _q, status in rows} == expected, [d.day for d in order]
        finally:
            shuffled.close()


def test_a_revision_leads_to_its_successor_everywhere(tmp_path: Path) -> None:
    """The postponed promise is revised and points to the new one: /promise, /status, the 🔁 notice, history and
    the exports all name the successor."""
    from bot.exports import to_csv
    from bot.views import status_page

    core = _play(tmp_path, POSTPONED_THEN_LAUNCHED)
    renderer = Renderer()
    try:
        with core.sessions() as s:
            old = s.scalar(select(Commitment).where(Commitment.status == "revised"))
            assert old is not None and old.revised_by_id is not None
            successor = old.revised_by_id
            view, changes = queries.commitment(s, old.id)
            company = queries.find_company(s, "300977")
            rows = queries.export_rows(s, [company])
            for lang in ("en", "zh"):
                assert f"/promise {successor}" in renderer.render(lang, "promise.html.j2", v=view, changes=changes)
                assert f"/promise {successor}" in status_page(renderer, lang, s, company).text
                notice = renderer.render(lang, "status_change.html.j2", v=view, c=changes[-1])
                assert notice.startswith("🔁") and f"/promise {successor}" in notice
                assert f"/promise {successor}" in renderer.render(lang, "cli/history.txt.j2", v=view, changes=changes)
        assert [r.revised_by for r in rows if r.id == old.id] == [successor]
        header, *lines = to_csv(rows).lstrip("\ufeff").splitlines()
        assert any(line.split(",")[header.split(",").index("revised_by")] == str(successor) for line in lines)
    finally:
        core.close()
