"""Is a dated clause a commitment by the company, and of which kind?

The rules read how Chinese filings phrase promises: a forward cue (将, 拟, 计划, 预计, 承诺, 期限)
or a dated action (投产, 召开, 发布, 上市流通), against the shapes that are not promises — an investor's
question, 暂无…计划, a conditional "若触发…将履行披露义务", a term of a security (转股期限), and
past facts (已, 累计, 完成了) with dates behind the document's date.
"""
from __future__ import annotations

import datetime as dt

from trackers.domain import DeadlinePhrase, Kind, Precision
from trackers.text.first_chars import compile_fast
from trackers.text.normalize import compact

RESTRAINT = compile_fast(
    # 限售期自公司股票上市之日起36个月: the shares may not be sold until then (an unlock notice restates it)
    r"(?:限售期|锁定期)(?:为)?\s*自[^，,。；;]{0,30}(?:之日|日)起\s*\d+\s*个月|"
    r"不(?:得|会|再)?\s*(?:提出)?\s*(?:向下)?\s*修正|不下修|不(?:会|得)?减持|不(?:得)?转让|不出售|不提前赎回|"
    r"不行使[^，,。]{0,10}赎回|不(?:主动)?减少持股|不(?:进行)?质押|"
    # a lock-up extended to a day (锁定期自动延长6个月至X): no sale until then
    r"(?:锁定|限售)期(?:限)?[^，,。]{0,16}延长[^。]{0,20}(?:至|到)"
)
_TARGET = compile_fast(
    r"产能|产量|投产|试生产|试产|建成|完工|竣工|达产|量产|达到预定可使用状态|达到预计可使用状态|可使用状态|生产\d|"
    r"实现[^，,。]{0,20}(?:吨|GWh|MW|亿元|万元|%|盈亏平衡)|营业收入|营收|净利润|盈亏平衡|释放[^，,。]{0,6}产能|起量|"
    r"完成日期|延期至"
)
_EVENT = compile_fast(
    r"召开|发布会|发布|上市流通|上市日|举办|举行|上线|开幕|推出|亮相|股东大会|股东会|签署|签订|交割|挂牌"
)
_FORWARD_WORDS = (
    r"将|拟|擬|计划|预计|预期|力争|争取|有望|承诺|保证|确保|目标|准备|安排|期限|期间为|期间:|"
    r"召开日期|流通日期|实施期限|完成日期|延期至|调整至|要在|会在|约在|前完成|之前完成|按照计划|按计划|"
    # a scheduled completion stated as a date: 项目达到预定可使用状态日期为X前, 预计投产时间为X
    r"可使用状态的?日期|可使用状态的?时间|完工时间|竣工日期|竣工时间|投产时间|投产日期|达产时间|建成时间|"
    # an obligation the company must meet (a regulator's order it publishes): 应于…前, 应当在…内, 须
    r"应于|应当|应在|(?<![不])须于|必须|请[^，,。]{0,12}于"
)
_FORWARD = compile_fast(_FORWARD_WORDS)
_ACTION_WORDS = (
    r"投产|建成|完工|竣工|开工|发布|召开|上市|上线|交付|量产|达产|满产|实施|完成|回购|增持|减持|修正|"
    r"生产|起量|释放|举办|举行|推出|启动|签署|落地|建设|提交|报送|整改|书面说明|回复|接受监管谈话"
)
_ACTION = compile_fast(_ACTION_WORDS)
_NO_PLAN = compile_fast(
    r"暂无|暂未|暂时没有|没有[^，,。]{0,16}计划|不存在[^，,。]{0,20}计划|"
    # 无 as a word of its own (内无…计划), not the first character of a name (无人机, 无锡, 无线…计划)
    r"无(?![人线机锡菌纺缝卤形])[^，,。]{0,16}计划|尚无|尚未有|"
    r"目前没有|暂不|不涉及|无法预判|未收到[^，,。]{0,20}计划"
)
# the exchanges ask every buyback plan whether holders plan to sell in the next 3 and 6 months: the answer, however
# cut off, tells of plans, it makes none
_HOLDERS_ASKED = compile_fast(r"未来\s*(?:3|三)\s*个月[^。；;]{0,8}未来\s*(?:6|六)\s*个月")
# 具体内容详见公司于…披露的《…》: a pointer to another filing, whose dates are that filing's
_POINTER = compile_fast(r"(?:详见|参见|具体内容见)[^。；;]{0,60}(?:公告|网站|披露|报刊|报纸|《)")
_CONDITIONAL = compile_fast(r"(?:^|[，,。；;\s])(?:若|如果|如有|若有|倘若|假如|一旦|如再次|如后续|如未来|如触发|若触发)")
_DISCLOSE = compile_fast(r"披露|审议程序|履行[^，,。]{0,8}义务|决定是否|另行公告|及时公告|关注公司")
# a term described (限售期为12个月), not a lock-up's end used as an anchor (限售期满后12个月内减持不超过25%)
_TERM = compile_fast(r"转股期|存续期|有效期|转股期限|锁定期(?!届?满)|限售期(?!届?满)|授权期限|起息|付息日|到期日|行权期|"
                   r"债券期限|期限\d{1,2}年(?!\d)|"
                   # a loan's or credit line's term (提供流动资金贷款不超过4,000万元，期限不超过3年): what it runs, no promise
                   r"(?:贷款|借款|授信|融资|担保额度)[^。；;]{0,40}期限(?!延期)|"
                   # an authorisation's validity (12个月内有效, 额度内可循环滚动使用): what may be done, not a promise
                   r"(?:个月|年|日|天)内有效|滚动使用")
_PAST = compile_fast(
    r"已(?!于未来)|累计|完成了|实现了|已经|曾|此前|期间已|截至(?:本公告|目前|公告)|截止(?:本公告|目前)|"
    r"同比|环比|较上年|收盘价|已有|达到了|获得了|"
    r"(?:发布|召开|举办|举行|推出|上线|签署|签订|实施|投产|开业|建成|披露|收到|取得|开工|完工|交付)了"
)
_SHARE_DEALS = compile_fast(r"回购|增持|减持")
# a date inside an if-clause is a condition (若2025年6月底前未能完成交割…), not a deadline
_IF_CLAUSE = compile_fast(r"^(?:且|但|同时)?(?:若|如果|如|倘若|假如|一旦|如若)")
# the market's weather is not the company's promise (行业需求预计在下半年回暖)
_MARKET = compile_fast(r"(?:行业|市场|下游|终端|宏观|经济|需求|价格|景气|锂价|周期)[^，,。]{0,12}"
                     r"(?:回暖|复苏|回升|下滑|下降|上涨|改善|企稳|反弹|见底|好转)"
                     r"|(?:需求|景气度?)[^，,。]{0,8}(?:保持|维持)[^，,。]{0,6}增长"
                     # nor is what another company plans (主要竞争对手计划于年底投产)
                     r"|竞争对手|同行业(?:公司|企业)|友商|竞品")
# nor what the law asks of a court or an administrator (人民法院…应当自收到申请之日起三十日内裁定)
_THIRD_PARTY = compile_fast(r"人民法院|管理人应当|债务人或者管理人|债权人会议")
_OPENS_WITH_CONDITION = compile_fast(r"^(?:[QA答]\d*[:：])?(?:若|如果|如|倘若|假如|一旦|如若)")
_IF_ANY_PLAN = compile_fast(r"(?:若|如)[^，,。]{0,4}(?:有|后续有)[^，,。]{0,10}计划")
_PLAN_WORDS = compile_fast(r"计划|拟|承诺|期限")
# the schedule a filing says it replaces (原定, 原预约, 原会议…): read here per clause, and by the pipeline over a
# postponement notice's recaps
SUPERSEDED = compile_fast(r"原(?:计划|定|预计|预约|先|拟|股东大会|股东会|会议|方案|安排)")
# 延期后的召开时间 is the new date, not the old one reported as moved
_SLIPPED = compile_fast(r"延期(?!后)|推迟(?!后)|延后|暂缓|搁置|放缓")
_SLIPPED_TO = compile_fast(r"(?:延期|推迟|延后|调整|顺延|变更)(?:至|到)")
# a day that picks out holders (截至8月25日收市后仍未转股的, 截止1月23日收市仍未卖出…的): a cut-off, not a deadline
_HOLDERS_CUTOFF = compile_fast(r"[^，,。；;]{0,4}(?:收市|收盘)[^，,。；;]{0,6}仍?未")
_PASSIVE = compile_fast(r"迎来|面临|将迎")
_QUESTION_WORDS = compile_fast(r"是否|什么时候|何时|多少|如何|怎么|哪些|吗|能否|会不会")
_HEDGE = compile_fast(r"可能|或将|估计|不确定|不能(?:完全)?确定|无法确定|视[^，,。]{0,6}而定|有待")
_BY_DAY = compile_fast(r"(?:前|之前|以前)\s*$|^\s*(?:不晚于|不迟于)")
_TABLE_HEADER_CUES = compile_fast(r"预计(?:完成|达到|可使用|投产)?[^│|\n]{0,6}(?:日期|时间)|(?:完成|整改)(?:日期|时间|期限)|实施期限")


# An announcement's schedule names its days: 股权登记日为X, 最后交易日:X, 现场会议时间为X, 申购日 | X.
# The label, right before the date, makes the date the company's own appointment.
_SCHEDULE_LABEL = compile_fast(
    r"(?:股权登记日|债权登记日|赎回登记日|除权除息日|除权\(息\)日|除权日|除息日|兑息日|兑付日|付息日|派息日|发放日|到账日|"
    r"(?:最后|停止)(?:交易|转股)日|赎回日|回售日|摘牌日|申购日|路演日|缴款日|上市日|上市流通日|生效日|"
    r"召开时间|会议时间|召开日期|现场会议(?:召开)?(?:时间)?|(?:预约)?披露(?:时间|日期))(?:均)?(?:为|是|定为|确定为)?[:|]?$"
)
# …or a verb right after it: 现金红利于X发放, 将于X到期, 自X起生效
_SCHEDULED_ACT = compile_fast(r"(?:起)?(?:发放|到账|划入|划付|摘牌|停止交易|停止转股|到期|生效|上市交易|上市流通)")
_LABEL_CUES = (r"|登记日|除权|除息|兑息|兑付|付息|派息|发放|到账|交易日|转股日|摘牌|申购|路演|缴款|召开时间|会议时间|现场会议|"
               r"生效|召开日期|到期|披露时间|披露日期")


def is_scheduled(view: str, start: int, end: int) -> bool:
    """Is the date at view[start:end] labelled as a day of the company's schedule?"""
    before = compact(view[max(0, start - 24):start])
    return bool(_SCHEDULE_LABEL.search(before) or _SCHEDULED_ACT.match(compact(view[end:end + 12])))


_ANY_CUE = compile_fast(_FORWARD_WORDS + "|" + _ACTION_WORDS + _LABEL_CUES
                        + r"|修\s*正|下修|减\s*持|转让|赎回|出售|质押|[│|]|实施|目标|产能|产量|完成")


def _own_clause(near: str, phrase_text: str) -> str:
    """The comma-clause of `near` that holds the date phrase."""
    at = near.find(phrase_text)
    if at < 0:
        return near
    start = max(near.rfind("，", 0, at), near.rfind(",", 0, at), near.rfind("；", 0, at), near.rfind(";", 0, at)) + 1
    return near[start:]


def could_promise(view: str, start: int, end: int) -> bool:
    """A cheap first look: does the sentence hold any word a commitment needs?"""
    return _ANY_CUE.search(view, start, end) is not None


def kind_of(clause: str) -> Kind:
    clause = compact(clause)
    if RESTRAINT.search(clause):
        return Kind.RESTRAINT
    if _TARGET.search(clause):
        return Kind.TARGET
    if _EVENT.search(clause) and not _SHARE_DEALS.search(clause):
        return Kind.EVENT
    return Kind.PLAN


def is_governing(phrase: DeadlinePhrase) -> bool:
    """A phrase that can be a deadline (not an anchor, and with a resolved date)."""
    return phrase.resolved is not None and not phrase.is_anchor


def table_row_is_schedule(view: str, row_start: int) -> bool:
    """A table row whose header (above it) names an expected completion date or a period."""
    header = view[max(0, row_start - 1200):row_start]
    return bool(_TABLE_HEADER_CUES.search(header))


# an announcement's title standing as a line of its own (通宇通讯:关于召开2025年…, 关于2025年度日常关联交易预计的
# 公告), cut short or whole: short, opening with 关于 after at most a name, and no clause inside
_TITLE_LINE = compile_fast(r"^(?:[^，,。；;：:]{2,12}[:：])?关于[^，,。；;：:!?！？]{0,60}$")
_TITLE_MAX = 400  # characters of a line before compacting: a title line with its spaces and wraps is shorter


def in_title_line(view: str, start: int, end: int) -> bool:
    """Is [start, end) inside a line that is an announcement's title (关于召开2025年第一次临时股东大会的通知)?
    Its dates name the announcement; they promise nothing."""
    line_start = view.rfind("\n", 0, start) + 1
    line_end = view.find("\n", end)
    if (line_end if line_end >= 0 else len(view)) - line_start > _TITLE_MAX:
        return False  # far longer than a title (and compacting a whole long line per date would be quadratic)
    return bool(_TITLE_LINE.match(compact(view[line_start:line_end if line_end >= 0 else len(view)])))


def judge_clause(near: str, clause: str, sentence: str, phrase: DeadlinePhrase, ref: dt.date,
                 in_schedule_table: bool, scheduled: bool = False) -> tuple[bool, float]:
    """(is it a commitment, confidence) for one dated clause of an answer or statement.

    `near` holds the words the date governs (cues are read there), `clause` the whole clause
    (for what cancels it: 暂无计划, 延期, 原计划), `sentence` the sentence (for conditionals).
    """
    resolved = phrase.resolved
    assert resolved is not None
    future = resolved.deadline >= ref
    window = phrase.is_range or resolved.precision is Precision.PERIOD
    if not future and not window:
        return False, 0.0  # a day or period already over is news, whatever else the clause says
    near, clause, sentence = compact(near), compact(clause), compact(sentence)
    said = compact(phrase.text)
    restraint = bool(RESTRAINT.search(near))
    if _NO_PLAN.search(clause) and not restraint:
        return False, 0.0
    if not restraint and (_HOLDERS_ASKED.search(sentence) or _POINTER.search(_own_clause(clause, said))):
        return False, 0.0
    if scheduled and resolved.precision is Precision.DAY and not SUPERSEDED.search(clause):
        return resolved.deadline > ref, 0.8  # a labelled day of the schedule, whatever terms the clause also states
    if _TERM.search(clause) and not restraint:
        return False, 0.0
    if _CONDITIONAL.search(sentence) and not restraint and _DISCLOSE.search(sentence):
        return False, 0.0
    if _IF_ANY_PLAN.search(sentence):
        return False, 0.0
    if resolved.anchor_assumed and phrase.is_range and not restraint and _OPENS_WITH_CONDITION.match(sentence):
        return False, 0.0  # 若…触发…，公司将在10个交易日内召开董事会: counted from an event still to come
    own = _own_clause(near, said)
    if not restraint and (_IF_CLAUSE.match(own) or _MARKET.search(own) or _THIRD_PARTY.search(near)):
        return False, 0.0
    if _PASSIVE.search(own):
        return False, 0.0  # 股份将迎来解禁: something that happens to the company, not a promise
    at = clause.find(said) if "收" in clause else -1
    if at >= 0 and _HOLDERS_CUTOFF.match(clause, at + len(said)):
        return False, 0.0  # 截至X收市后仍未转股的转债将被赎回: the day picks out which holders, it promises nothing
    # the original schedule, reported as moved or on hold; a slip told before the date's own clause is what
    # the new date answers (已申请延期回复，预计将于6月24日前完成回复)
    slipped = _SLIPPED.search(clause) and _SLIPPED.search(_own_clause(clause, said))
    if (SUPERSEDED.search(clause) or slipped) and not _SLIPPED_TO.search(clause):
        return False, 0.0
    if phrase.is_range and resolved.precision is Precision.DAY and resolved.deadline <= ref:
        return False, 0.0  # 2024年2月7日至8月7日累计增持: a period that has closed
    forward = bool(_FORWARD.search(near)) or _forward_scope(near, sentence)
    past = bool(_PAST.search(near))
    if in_schedule_table:
        return future, 0.8
    if resolved.precision is Precision.DAY and resolved.deadline == ref and not window and not _BY_DAY.search(phrase.text):
        return False, 0.0  # the document's own day: a header or a meeting held today, not a promise (…日前 is)
    if not future:
        # only a stated window (自…起N个月内) with a plan verb survives as a restated commitment
        if window and forward and not past and _PLAN_WORDS.search(clause):
            return True, 0.6
        return False, 0.0
    action = bool(_ACTION.search(near))
    if _rolled_over(phrase, ref) and not _FORWARD.search(own) and not restraint:
        return False, 0.0  # 公司于3月推出新品 said in May: this year's March, told as news, not next year's
    if past and not forward and not restraint:
        return False, 0.0
    if not forward and not restraint and _earlier_year_told(sentence, said, ref):
        return False, 0.0  # 该项目自2022年3月启动，…于12月31日投建完成: the story's year, not a day to come
    if not (forward or restraint or (action and not past)):
        return False, 0.0
    confidence = 0.85 if (forward or restraint) else (0.75 if window and action else 0.6)
    if resolved.anchor_assumed:
        confidence -= 0.2
    if _HEDGE.search(near):
        confidence -= 0.25
    if _QUESTION_WORDS.search(near) and not restraint:
        confidence -= 0.3
    return confidence >= 0.5, round(confidence, 2)


_FULL_YEAR = compile_fast(r"((?:19|20)\d{2})\s*年(?!度|报)")


def _earlier_year_told(sentence: str, said: str, ref: dt.date) -> bool:
    """A day or month named without a year, in a sentence that told an earlier year before it: a narrative of
    that year (its 12月31日 is past), not next year's day."""
    if _NAMES_YEAR.search(said):
        return False
    at = sentence.find(said)
    before = sentence[:at] if at >= 0 else ""
    return any(int(m.group(1)) < ref.year for m in _FULL_YEAR.finditer(before))


def _forward_scope(near: str, sentence: str) -> bool:
    """预计2026年底前投产，明年上半年实现满产: a plan word opening the sentence governs the dated clauses
    coordinated after it, unless the words between tell of the past."""
    at = sentence.find(near[:12]) if near else -1
    if at <= 0:
        return False
    before = sentence[:at]
    return bool(_FORWARD.search(before)) and not _PAST.search(before)


_NAMES_YEAR = compile_fast(r"\d{2}\s*年|[一二][〇○零O0一二三四五六七八九]{3}\s*年|[今本当明次来后]\s*年|\d{4}\s*[QqHh]")


def _rolled_over(phrase: DeadlinePhrase, ref: dt.date) -> bool:
    """A month, day, quarter or half named without a year that has passed this year, read as next year's
    (上半年 said in August is most often the half just reported)."""
    resolved = phrase.resolved
    return (resolved is not None and resolved.deadline.year > ref.year and not _NAMES_YEAR.search(phrase.text)
            and resolved.precision in (Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.HALF))
