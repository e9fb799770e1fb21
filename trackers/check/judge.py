"""Judge one commitment against one later filing: fulfilled, kept, broken or no evidence.

The judge reads the commitment's kind and topic (a buyback, a shareholder's purchase or sale, a
convertible bond's conversion price, capacity, a launch), then looks in the filing's title and
sentences for what decides it: completion (实施完毕, 回购完成, 注销完成) and amounts against the
promised floor; failure (终止, 取消, 未按计划完成, 延期至 a later date); for a restraint, the act it
ruled out (向下修正 inside the window, 减持) or the window closing without it. Negation and dates
are read as a person would: 未实施完毕 is not completion, a revision after the window keeps the
promise, a dividend-driven price adjustment is not a revision. The commitment's own sentence,
restated in the filing, is never its own evidence.
"""
from __future__ import annotations

import datetime as dt
import re

from trackers.check.progress import money_in, percent_in, shares_in
from trackers.check.rules import by_type, mentions
from trackers.check.sentences import (
    NEGATED_BEFORE,
    PreparedFiling,
    Sentence,
    as_of_day,
    flat_text,
    hit,
    prepare,
    quote_of,
    reported,
    without_promise,
)
from trackers.domain import JudgeInput, Judgement, Kind, LaterFiling, Precision, Verdict, explanation
from trackers.extract.deadlines import find_deadlines
from trackers.promises import amounts

_TOPICS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    # (topic, how the commitment says it, what a relevant filing mentions)
    ("redemption", re.compile(r"赎回"), re.compile(r"赎回")),
    ("conversion_price", re.compile(r"转股价格|修正|下修|转债"), re.compile(r"转股价格|转债|修正")),
    ("buyback", re.compile(r"回购"), re.compile(r"回购")),
    ("purchase", re.compile(r"增持"), re.compile(r"增持")),
    ("sale", re.compile(r"减持|转让|出售"), re.compile(r"减持|转让|权益变动|持股")),
    ("capacity", re.compile(r"产能|投产|建成|产量|完工|竣工|达产|可使用状态|生产"),
     re.compile(r"产能|投产|建成|产量|完工|竣工|达产|可使用状态|生产|项目|试车|延期")),
    ("launch", re.compile(r"发布|上线|推出|亮相"), re.compile(r"发布|上线|推出|亮相|延期|取消")),
    ("meeting", re.compile(r"召开|股东大会|股东会"), re.compile(r"召开|股东大会|股东会|延期|取消")),
)

# (完成后 is a condition, 本次注销完成后…将减少: not a report that anything is done)
_DONE = re.compile(
    r"(?:实施完毕|实施完成|已完成|计划已完成|完成回购|回购完成|注销完成|实施结果|已实施|期限届满暨实施完成|"
    r"已全部完成|顺利完成|完成(?:了)?本次(?:回购|增持))(?!后|之后|以后)"
)
_FAILED = re.compile(r"未按[^，,。；;]{0,20}完成|未能[^，,。；;]{0,10}完成|未完成|未达到[^，,。；;]{0,8}下限")
_NOT_STARTED = re.compile(r"尚未实施|未实施|暂未实施|尚未(?:增持|回购|减持)|暂未(?:增持|回购|减持)")
_WINDOW_CLOSED = re.compile(r"(?:计划|期限|期间)[^，,。；;]{0,4}届满")  # 减持计划期限届满: a sale plan ran its course
_LAPSED = re.compile(r"期限已满|期限届满|已届满|已到期|顺延|延期|推迟")
_CANCELLED = re.compile(r"终止|取消|撤回|放弃")
_NOT_YET = re.compile(r"(?:尚未|仍未|还未|未能|暂未)"
                      r"(?:完成|实现|投产|建成|达产|量产|发布|上线|推出|召开|举办|交付|达到)")
_POSTPONED_TO = re.compile(r"(?:延期|推迟|延后|顺延|调整)(?:至|到)")
_ACHIEVED = re.compile(
    r"已有|已建成|已经建成|建成投产|已投产|正式投产|已达到|已实现|实现了|达产|已完成|完成了|产出|竣工|完工|"
    r"已于[^，,。；;]{0,16}(?:达到|建成|投产|完成|实现)|"
    r"已全部完成|全面完成|投入生产|投入使用|正式运营|满产"
)
_HELD = re.compile(
    r"正式发布|成功发布|隆重发布|发布了|举行|举办|召开了|已召开|亮相|上线|推出了|重磅发布|发布会上|决议公告|会议决议|"
    r"(?<![关对])于(?:19|20)\d{2}年[^，,。]{0,24}召开(?!的)"
)
_REVISED_DOWN = re.compile(
    r"(?:审议通过|同意|决定|提议)[^。；;]{0,20}向下修正|关于向下修正[^。；;]{0,30}转股价格|"
    r"转股价格[^。；;]{0,10}(?:向下)?修正为|修正后的转股价格"
)
_NOT_A_REVISION = re.compile(
    r"不向下修正|不修正|不提前赎回|不行使|预计|可能|触发|提示性|有权|权益分派|分红|派息|派发|除息"
)
_REDEEMED = re.compile(
    r"(?:审议通过|同意|决定)[^。；;]{0,20}提前赎回|关于[^。；;]{0,12}提前赎回[^。；;]{0,30}的公告|行使[^。；;]{0,12}提前赎回权"
)
_FUTURE_BEFORE = re.compile(r"(?:将|拟|计划|定于|预计|准备|将于|即将)[^，,。；;]{0,16}$")  # 将于5月10日举办: not yet
_HONOURED = re.compile(r"重新起算|不向下修正|未向下修正|未(?:发生|出现)?减持|不存在[^，,。]{0,8}减持|没有减持|"
                       r"(?:严格|切实)?履行了?[^，,。]{0,12}(?:承诺|约定)|未(?:发生)?违反[^，,。]{0,12}承诺")
_SOLD = re.compile(r"累计减持|已减持|减持了|减持计划实施完毕|减持完成|通过[^，,。]{0,12}减持[^，,。]{0,6}股")


def _topic(commitment: JudgeInput) -> str:
    text = flat_text(commitment.quote + commitment.subject)
    for name, says, _mentions in _TOPICS:
        if says.search(text):
            return name
    return "generic"


def _mentions_topic(topic: str, commitment: JudgeInput, whole: str) -> bool:
    """A cheap first look over the whole filing, before any sentence is read."""
    if topic == "generic":
        return any(w in whole for w in commitment.keywords if len(w) >= 2)
    mentions = next(m for name, _s, m in _TOPICS if name == topic)
    return bool(mentions.search(whole))


def title_concerns(commitment: JudgeInput, title: str) -> bool:
    """Does an announcement's title speak of this commitment's topic (and name, where it has one)?
    Used to decide which announcements are worth downloading in full."""
    topic = _topic(commitment)
    flat = flat_text(title)
    return _mentions_topic(topic, commitment, flat) and (topic != "conversion_price"
                                                         or _names_present(commitment, flat))


def _relevant(topic: str, commitment: JudgeInput, sentences: list[Sentence]) -> bool:
    """The filing, less the promise itself, speaks of it: its topic or type, and its names where it has any.
    A commitment whose keywords came out empty is still found by its type (新产线建设 → production)."""
    whole = "".join(s.flat for s in sentences)
    spoken = _mentions_topic(topic, commitment, whole) or mentions(commitment, whole)
    return spoken and (topic == "generic" or _names_present(commitment, whole))


def _names_present(commitment: JudgeInput, text: str) -> bool:
    names = _names(commitment)
    return not names or any(n in text for n in names)


def _names(commitment: JudgeInput) -> list[str]:
    """Specific names the filing must mention: a bond (东宝转债), a product (WiNGPT3.0)."""
    flat = flat_text(commitment.quote)
    # a bond's short name is two to four characters before 转债; which, the text alone cannot say
    found = [flat[max(0, m.start() - n):m.end()] for m in re.finditer("转债", flat) for n in (2, 3, 4)]
    found += [t for t in re.findall(r"[A-Za-z][A-Za-z0-9.]{2,}", flat) if not t.isupper() or len(t) > 3]
    return found


def judge(commitment: JudgeInput, filing: LaterFiling | PreparedFiling) -> Judgement:
    """What `filing` shows about `commitment`, with the sentence that shows it."""
    prepared = filing if isinstance(filing, PreparedFiling) else prepare(filing)
    filing = prepared.filing
    topic = _topic(commitment)
    if not _mentions_topic(topic, commitment, prepared.flat) and not mentions(commitment, prepared.flat):
        return Judgement(Verdict.NO_EVIDENCE, "", 0.9, "the filing does not speak of this commitment")
    sentences = without_promise(prepared, commitment.quote, *commitment.restatements)
    decided = by_type(commitment, prepared, sentences)
    if decided is not None:
        return decided
    if not sentences or not _relevant(topic, commitment, sentences):
        return Judgement(Verdict.NO_EVIDENCE, "", 0.9, "the filing does not speak of this commitment")
    if commitment.kind is Kind.RESTRAINT:
        return _restraint(commitment, filing, sentences, topic)
    if topic == "capacity" or commitment.kind is Kind.TARGET:
        return _target(commitment, filing, sentences)
    if commitment.kind is Kind.EVENT or topic in ("launch", "meeting"):
        return _event(commitment, filing, sentences)
    return _plan(commitment, filing, sentences)


def _after_deadline(commitment: JudgeInput, filing: LaterFiling) -> bool:
    return commitment.deadline is not None and filing.date > commitment.deadline


def _restraint(c: JudgeInput, f: LaterFiling, sentences: list[Sentence], topic: str) -> Judgement:
    breach = {"conversion_price": _REVISED_DOWN, "redemption": _REDEEMED}.get(topic, _SOLD)
    for s in sentences:
        m = breach.search(s.flat)
        if m and not _NOT_A_REVISION.search(s.flat[max(0, m.start() - 12): m.end() + 12]) \
                and not NEGATED_BEFORE.search(s.flat[: m.start()]):
            when = _breach_day(s, f)
            if c.deadline is not None and when > c.deadline:
                # the act, after the window, proves nothing of the window: what keeps the promise is its close with
                # no act inside it — the day it closed is the day it was kept, and the act is not its evidence
                return Judgement(Verdict.KEPT, "", 0.7,
                                 f"the window closed on {c.deadline} with no breach inside it; the act came on {when}",
                                 why=explanation("no_breach_in_window", end=c.deadline, later=when),
                                 acted_on=c.deadline)
            return Judgement(Verdict.BROKEN, quote_of(s), 0.8, "the filing shows the act the promise ruled out",
                             why=explanation("breach_on", day=when))
    if topic == "sale":
        planned = _sale_planned(c, f, sentences)
        if planned is not None:
            return planned
    if _after_deadline(c, f):
        # the body's own sentence (决定本次不向下修正转股价格) says it better than the title that names it
        said = sorted((s for s in sentences if _HONOURED.search(s.flat)), key=lambda s: s.text == f.title.strip())
        honoured = said[0] if said else None
        if topic in ("conversion_price", "redemption"):
            # a later notice of the same bond (its price, its next trigger count) tells whether it was revised
            return Judgement(Verdict.KEPT, quote_of(honoured or sentences[0]), 0.6,
                             f"the window closed on {c.deadline} and the filing shows no breach",
                             acted_on=c.deadline)
        if honoured is not None:
            # a holder's promise: kept only where the filing says they did not sell, not by its silence (a later
            # notice about other holders says nothing of these)
            return Judgement(Verdict.KEPT, quote_of(honoured), 0.6,
                             f"the window closed on {c.deadline} and the filing says the promise was honoured",
                             acted_on=c.deadline)
        return Judgement(Verdict.NO_EVIDENCE, "", 0.6, "the filing does not say whether the holders sold")
    return Judgement(Verdict.NO_EVIDENCE, "", 0.6, "no breach so far, and the window is still open")


# a holder's plan to sell (计划…减持, 拟…减持股份不超过): not a promise not to (不减持, 无减持计划)
_SALE_PLAN = re.compile(r"(?:计划|拟)[^。；;]{0,80}?(?<![不无])减持")
_HOLDER_WORDS = re.compile(r"控股股东|实际控制人|一致行动人|董事|监事|高级管理人员|持股5%以上")


def _sale_planned(c: JudgeInput, f: LaterFiling, sentences: list[Sentence]) -> Judgement | None:
    """A holder who promised not to sell until a day, and whose plan to sell, inside that window, a later filing
    announces: the promise is broken by the plan itself (what it ruled out is now scheduled)."""
    if c.deadline is None or f.date > c.deadline:
        return None
    holders = [w for w in (*_HOLDER_WORDS.findall(flat_text(c.quote)), c.terms.actor or "") if w]
    for s in sentences:
        if not (m := hit(_SALE_PLAN, s)) or "计划" in s.flat[m.end():m.end() + 2]:
            continue  # 减持计划 named, not planned (减持计划实施完毕, 无减持计划)
        if holders and not any(h in s.flat for h in holders):
            continue  # another holder's plan
        opens = [p.resolved.start or p.resolved.deadline for p in find_deadlines(s.text, f.date)
                 if p.resolved is not None and (p.is_range or p.resolved.precision is Precision.PERIOD)]
        start = min(opens) if opens else f.date
        if start <= c.deadline:
            return Judgement(Verdict.BROKEN, quote_of(s), 0.75,
                             f"a plan to sell from {start}, inside the window that ends {c.deadline}",
                             why=explanation("sale_plan_in_window", day=start, end=c.deadline), acted_on=f.date)
    return None


def _breach_day(sentence: Sentence, filing: LaterFiling) -> dt.date:
    days = [p.resolved.deadline for p in find_deadlines(sentence.text, filing.date)
            if p.resolved is not None and p.resolved.precision.value == "day" and p.resolved.deadline <= filing.date]
    return max(days) if days else filing.date


def _plan(c: JudgeInput, f: LaterFiling, sentences: list[Sentence]) -> Judgement:
    for s in sentences:
        if (m := hit(_CANCELLED, s)) and re.search(r"回购|增持|减持|计划|方案|项目", s.flat[m.start(): m.end() + 12]):
            return Judgement(Verdict.BROKEN, quote_of(s), 0.8, "the plan was terminated or cancelled")
        if _FAILED.search(s.flat):
            return Judgement(Verdict.BROKEN, quote_of(s), 0.8, "the filing says the plan was not completed")
    for s in sentences:
        if _NOT_STARTED.search(s.flat) and (_LAPSED.search(s.flat) or _after_deadline(c, f)):
            lapsed = next((t for t in sentences if _LAPSED.search(t.flat)), s)
            return Judgement(Verdict.BROKEN, quote_of(lapsed), 0.75, "the window passed with the plan not carried out")
    verdict = _amounts(c, f, sentences)
    if verdict is not None:
        return verdict
    for s in sentences:
        if hit(_DONE, s) or (_topic(c) == "sale" and hit(_WINDOW_CLOSED, s)):
            return Judgement(Verdict.FULFILLED, quote_of(s), 0.75, "the filing reports the plan completed")
    return Judgement(Verdict.NO_EVIDENCE, "", 0.6, "progress only; the plan is neither done nor abandoned")


def _amounts(c: JudgeInput, f: LaterFiling, sentences: list[Sentence]) -> Judgement | None:
    """Compare what was spent or bought with the promised floor."""
    checks = (
        ("money", amounts.money_floor(c.quote), money_in),
        ("shares", amounts.share_floor(c.quote), shares_in),
        ("percent", amounts.percent_floor(c.quote), percent_in),
    )
    for measure_name, floor, measure in checks:
        if floor is None:
            continue
        for s in sentences:
            done = measure(s)
            if done is None:
                continue
            value, _words = done
            figures = {"measure": measure_name, "done": value, "target": floor}
            if value >= floor:
                return Judgement(Verdict.FULFILLED, quote_of(s), 0.8,
                                 f"{value:,.0f} reported against a floor of {floor:,.0f}",
                                 why=explanation("reached_floor", **figures), acted_on=_traded_by(c, s, f))
            if _after_deadline(c, f) or hit(_DONE, s):
                return Judgement(Verdict.BROKEN, quote_of(s), 0.75,
                                 f"only {value:,.0f} against a floor of {floor:,.0f}",
                                 why=explanation("below_floor", **figures))
    return None


def _traded_by(c: JudgeInput, s: Sentence, f: LaterFiling) -> dt.date | None:
    """The day a plan's trades reached what the sentence reports: its 截至 day, the day it says the plan was
    completed (2023年2月3日，公司完成本次回购…), else the filing's. A plan trades only inside its window, so a
    results notice published after the window's end reports trades made by that end."""
    day = as_of_day(s.flat, f.date) or (_completed_on(s, f.date) if hit(_DONE, s) else None) or f.date
    return min(day, c.deadline) if c.deadline is not None else day


def _completed_on(s: Sentence, filed: dt.date) -> dt.date | None:
    days = [p.resolved.deadline for p in find_deadlines(s.text, filed)
            if p.resolved is not None and p.resolved.precision is Precision.DAY and p.resolved.deadline <= filed]
    return max(days) if days else None


def _target(c: JudgeInput, f: LaterFiling, sentences: list[Sentence]) -> Judgement:
    slipped = _slipped(c, f, sentences)
    if slipped is not None:
        return slipped
    quantity = _promised_quantity(c.quote)
    for s in sentences:
        if not reported(_ACHIEVED, s):
            continue
        restated = quantity is not None and quantity in s.flat
        if not restated and not _names_project(c, s):
            continue
        if not set(_PHASE.findall(s.flat)) <= set(_PHASE.findall(flat_text(c.quote))):
            continue  # 一期已建成 tells of a phase the promise (the whole base, or another phase) did not name
        if quantity is not None and not restated and _short_of(quantity, s.flat):
            return Judgement(Verdict.BROKEN, quote_of(s), 0.65, f"done, but below the promised {quantity}")
        when = _told_when(s, f.date) or _told_before(sentences, s, f.date)  # 已于2027年1月达到…: but when?
        if c.deadline is not None and when is not None and when > c.deadline:
            return Judgement(Verdict.BROKEN, quote_of(s), 0.7, f"done in {when:%Y-%m}, after {c.deadline}",
                             why=explanation("late_on", day=when), acted_on=when)
        # the project named as done, its quantity not restated: done (a different figure, 新增4万吨, may count
        # another way than the promised total)
        return Judgement(Verdict.FULFILLED, quote_of(s), 0.75 if restated else 0.65,
                         f"the filing reports {quantity} reached" if restated else "the filing reports it done",
                         acted_on=when)
    return Judgement(Verdict.NO_EVIDENCE, "", 0.6, "no result reported yet")


_TOLD = (Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.HALF)
_NOW = re.compile(r"^(?:目前|现|现在|截至目前|截止目前|至此)")
_BUILT = re.compile(r"完成[^，,。；;]{0,30}(?:建设|投产|建成)|建成|已投产|投产")


def _told_when(s: Sentence, filed: dt.date) -> dt.date | None:
    """The latest day, month, quarter or half the sentence tells, as its first day, that is not after the
    filing: the earliest the act can have been."""
    told = [_past(p.resolved.start or p.resolved.deadline, p.text, filed) for p in find_deadlines(s.text, filed)
            if p.resolved is not None and not p.is_anchor and p.resolved.precision in _TOLD]
    return max((day for day in told if day <= filed), default=None)


_YEAR_NAMED = re.compile(r"\d{2,4}\s*年|[今明去本当次]年")


def _past(day: dt.date, said: str, filed: dt.date) -> dt.date:
    """A report looks back: 上半年 or 6月 with no year, told in September, is this year's (extraction reads
    such a period as the next one, which a promise would mean)."""
    if day > filed and not _YEAR_NAMED.search(said):
        return day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) else day - dt.timedelta(366)
    return day


def _told_before(sentences: list[Sentence], s: Sentence, filed: dt.date) -> dt.date | None:
    """目前公司已有…10GWh after 上半年…完成3GWh…产能建设: a state told as of now was reached by the build the
    sentence before it dates."""
    at = sentences.index(s)
    if at == 0 or not _NOW.match(s.flat):
        return None
    before = sentences[at - 1]
    return _told_when(before, filed) if _BUILT.search(before.flat) else None


def _event(c: JudgeInput, f: LaterFiling, sentences: list[Sentence]) -> Judgement:
    slipped = _slipped(c, f, sentences)
    if slipped is not None:
        return slipped
    names = _names(c)
    for s in sentences:
        named = any(n in s.flat for n in names) if names else _shares_words(c, s)
        held = hit(_HELD, s)
        if held and named and not _FUTURE_BEFORE.search(s.flat[: held.start()]):
            return Judgement(Verdict.FULFILLED, quote_of(s), 0.75, "the filing reports the event held")
    return Judgement(Verdict.NO_EVIDENCE, "", 0.6, "the event is not reported")


def _slipped(c: JudgeInput, f: LaterFiling, sentences: list[Sentence]) -> Judgement | None:
    """A postponement past the promised date, or a cancellation, announced in the filing; or the thing told
    as not yet done (尚未投产) after the deadline, or with a new expected date past it."""
    for s in sentences:
        if (m := _NOT_YET.search(s.flat)) and _names_project(c, s):
            expected = [p.resolved.deadline for p in find_deadlines(s.flat[m.end():], f.date) if p.resolved is not None]
            late = [day for day in expected if c.deadline is not None and day > c.deadline]
            if late or _after_deadline(c, f):
                return Judgement(Verdict.BROKEN, quote_of(s), 0.7, "not done by the promised date",
                                 new_deadline=max(late) if late else None)
        if (m := hit(_CANCELLED, s)) and re.search(r"项目|计划|发布|召开|建设", s.flat[m.start(): m.end() + 12]):
            return Judgement(Verdict.BROKEN, quote_of(s), 0.75, "cancelled")
        m = _POSTPONED_TO.search(s.flat)
        if not m:
            continue
        later = [p.resolved.deadline for p in find_deadlines(s.flat[m.end(): m.end() + 24], f.date)
                 if p.resolved is not None]
        if later and (c.deadline is None or max(later) > c.deadline):
            return Judgement(Verdict.BROKEN, quote_of(s), 0.8, f"moved to {max(later)}, after the promised date",
                             new_deadline=max(later))
    return None


def _shares_words(c: JudgeInput, s: Sentence) -> bool:
    """Without a name to look for, the sentence must repeat four characters of what was promised."""
    subject = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", flat_text(c.subject or c.quote))
    return any(subject[i:i + 4] in s.flat for i in range(max(0, len(subject) - 3)))


# a quantity a target promises or a filing reports: 5万吨, 10GWh, 3,000台 (number, multiplier, unit)
_MEASURE = re.compile(r"(\d+(?:\.\d+)?)\s*(万|千)?\s*(GWh|MWh|GW|MW|吨|台|套|辆|条|片|平方米|亿元|万元)", re.I)
_PHASE = re.compile(r"[一二三四五六七八九十\d]期")
_ADDED = re.compile(r"新增|增加|扩充|扩建|一期|二期|三期")  # a part or an addition, not the promised whole


def _size(m: re.Match[str]) -> float:
    return float(m.group(1)) * {"万": 1e4, "千": 1e3}.get(m.group(2) or "", 1)


def _short_of(promised: str, text: str) -> bool:
    """The text reports the promised measure below the promise (已建成年产3万吨 against 5万吨), and not as an
    addition or a phase (新增4万吨, 一期3万吨), which counts another way."""
    wanted = _MEASURE.fullmatch(promised)
    if wanted is None:
        return False
    for m in _MEASURE.finditer(text):
        if m.group(3).lower() != wanted.group(3).lower() or _ADDED.search(text, max(0, m.start() - 8), m.start()):
            continue
        if _size(m) < _size(wanted):
            return True
    return False


def _promised_quantity(quote: str) -> str | None:
    flat = flat_text(quote)
    verb = re.search(r"实现|生产|达到|新增|建成|产能|产量|形成", flat)
    tail = flat[verb.start():] if verb else flat
    m = _MEASURE.search(tail)
    return m.group(0) if m else None


def _names_project(c: JudgeInput, s: Sentence) -> bool:
    words = [w for w in (*c.keywords, *_names(c)) if len(w) >= 2 and w not in ("项目", "产能")]
    quoted = re.findall(r"[“\"]([^”\"]{2,30})[”\"]", flat_text(c.quote))
    if quoted:  # a project named in quotes is that one: “营销网络建设项目” done says nothing of “研发中心建设项目”
        return any(q in s.flat for q in quoted)
    # a name it repeats, or four characters of the promise (新产线建设 … 已全部完成)
    return any(w in s.flat for w in words) or _shares_words(c, s)
