"""Judging by promise type: each type has the act that decides it, read from the filing's own words and dates.

The judge (judge.py) asks `by_type` first; where it returns None the general reading (completion and
failure words, amounts against the floor, the act a restraint rules out) decides. The rules are the
corpus README's verdicts: a postponement announced before the date breaks the original schedule, a
meeting is held when its resolution notice says so, idle proceeds returned within the period keep the
promise, a sale plan that ended within its cap is kept, a rectification reported done in time is fulfilled,
and an event the later text itself dates (于6月9日…发布) is judged by that date.
"""
from __future__ import annotations

import datetime as dt
import re

from trackers.check.sentences import (
    NEGATED_BEFORE,
    WRITTEN_DAY,
    PreparedFiling,
    Sentence,
    day_written,
    flat_text,
    hit,
    quote_of,
)
from trackers.domain import JudgeInput, Judgement, Kind, Precision, Verdict, explanation
from trackers.extract.deadlines import find_deadlines
from trackers.promises import PromiseType, amounts, type_named
from trackers.promises.terms import per_share

# a schedule moved: 延期至, 调整为, 由X变更至Y, 调至
_MOVED = re.compile(r"(?:延期|推迟|延后|顺延|调整|变更|调)(?:至|到|为)")
_RESTRAINTS = frozenset({"cb_no_revision", "cb_no_redemption", "lockup", "idle_funds"})
# what names one commitment among its kind: a quoted project, a numbered meeting, a named report
_NAMED = re.compile(
    r"[“\"《]([^”\"》]{2,40})[”\"》]|(20\d{2}年(?:第[一二三四五六七八九十\d]+次临时|年度)股东(?:大)?会)|"
    r"(20\d{2}年(?:年度|半年度|第[一三]季度)报告)|([A-Za-z][A-Za-z0-9.\-]{1,}[0-9A-Za-z])"
)
_MEETING_RESOLUTION = re.compile(r"股东(?:大)?会[^，,。]{0,6}决议")
# 召开时间:X, or the resolution's own account: 本次股东大会于X召开, 现场会议于X在…召开
_MEETING_DAY = re.compile(r"(?:现场会议|会议)?(?:召开)?(?:时间|日期)[:：为]?|(?:股东(?:大)?会|现场会议|会议)(?:已)?于")
_RETURNED = re.compile(r"(?:全部|全额|提前)归还|归还[^，,。；;]{0,30}(?:全部|全额)|已全部归还|已经全部归还")
_OUTSTANDING = re.compile(r"尚未归还|未归还(?:的)?金额")
_WITHIN_PERIOD = re.compile(r"未超过\d{1,2}个月|未超过[^，,。；;]{0,8}期限|在[^，,。；;]{0,12}期限内")
_SALE_OVER = re.compile(
    r"减持(?:股份)?(?:计划)?(?:已)?实施完毕|减持(?:股份)?(?:计划)?(?:的)?(?:实施)?(?:期限|期间|时间区间)(?:已)?届满|"
    r"减持(?:股份)?(?:计划)?(?:的)?(?:实施)?结果|减持计划已完成"
)
_SOLD_NOTHING = re.compile(r"未(?:通过[^，,。]{0,12})?减持|未实施减持|没有减持")
_RECTIFIED = re.compile(r"已整改完成|整改(?:工作)?(?:已)?(?:全部)?完成|已完成(?:全部)?整改|完成了整改")
_DONE_VERB = re.compile(r"发布|升级|上线|推出|亮相|召开|举办|举行|投产|完成|建成|开业|签署|交付|对标|实现|达到|"
                        r"收到|支付|到账|付款|划转")
_FUTURE = re.compile(r"(?<!已)将|拟|计划|预计|准备|即将|有望|力争|争取")  # (已将…支付: done, 将 marks the object)


def by_type(c: JudgeInput, prepared: PreparedFiling, others: list[Sentence]) -> Judgement | None:
    """The verdict the commitment's type settles, or None where the general reading should decide.

    `prepared.sentences` holds every sentence of the filing, the promise's own included (a postponement
    notice states the old date and the new one in one sentence); `others` leaves the promise out."""
    promise = type_named(c.type)
    if c.kind is not Kind.RESTRAINT and c.type not in _RESTRAINTS:
        moved = _postponed(c, promise, prepared)
        if moved is not None:
            return moved
    if c.type == "meeting":
        return _meeting(c, prepared)
    if c.type == "idle_funds":
        return _idle_funds(c, prepared, others)
    if c.type == "share_sale":
        return _sale_ended(c, prepared, others)
    if c.type == "rectification":
        return _rectified(c, prepared, others)
    if c.type == "disclosure_date":
        return _disclosed(c, prepared)
    if c.type == "profit_commitment":  # only what the filing says of the promised fiscal year counts
        return _profit_achieved(c, others) or Judgement(Verdict.NO_EVIDENCE, "", 0.7,
                                                         "the filing says nothing of that year's profit")
    if c.type == "dividend":
        return _dividend_paid(c, prepared, others)
    if c.type in ("other", "launch") and c.kind is not Kind.RESTRAINT:
        return _dated_in_text(c, prepared, others)
    return None


def mentions(c: JudgeInput, whole: str) -> bool:
    """A cheap first look over a whole filing (flat): does it name this commitment's type, one of its
    names, or — for a promise of no known type — its own day (6月9日)?"""
    promise = type_named(c.type)
    if promise.name != "other":
        also = _MENTIONED.get(promise.name)
        return bool(promise.says.search(whole) or (also is not None and also.search(whole)))
    if any(n in whole for n in _names(c.quote)):
        return True
    if c.deadline is not None and f"{c.deadline.month}月{c.deadline.day}日" in whole:
        return True
    return _shares_four(c.quote, whole)


def _shares_four(quote: str, whole: str) -> bool:
    """Four characters of the promise's own words (植恩生物, 一次性支付) in the filing: enough for a first look."""
    words = re.sub(r"[^\u4e00-\u9fff]", "|", flat_text(quote))
    return any(w[i:i + 4] in whole for w in words.split("|") for i in range(len(w) - 3)
               if w[i:i + 4] not in _COMMON_FOUR)


_COMMON_FOUR = frozenset({"股份有限", "有限公司", "公司股份", "上市公司", "董事会审", "股东大会", "信息披露"})


# the words a filing that settles a type uses where the promise's own words are missing (a return notice
# speaks of 归还…募集资金, not of 闲置募集资金补充流动资金)
_MENTIONED = {
    "idle_funds": re.compile(r"归还[^。]{0,30}募集资金|募集资金[^。]{0,30}归还"),
    "meeting": re.compile(r"股东(?:大)?会"),
    "rectification": re.compile(r"整改"),
    "share_sale": re.compile(r"减持"),
    "profit_commitment": re.compile(r"净利润|承诺业绩|业绩承诺|业绩补偿"),
    "dividend": re.compile(r"权益分派|派发现金红利|派息"),
    "disclosure_date": re.compile(r"报告|回复|书面说明"),  # the promised document itself, by its name
}


def _names(quote: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in _NAMED.finditer(flat_text(quote))]


def _about(c: JudgeInput, promise: PromiseType, s: Sentence, title: str) -> bool:
    """Does the sentence (or the filing's title) speak of this commitment, not another of its kind?"""
    names = _names(c.quote)
    if names:
        return any(n in s.flat or n in title for n in names)
    if promise.name != "other":
        return bool(promise.says.search(s.flat) or promise.says.search(title))
    return _shares_words(c.quote, s.flat)


def _shares_words(quote: str, text: str) -> bool:
    words = re.sub(r"[^\u4e00-\u9fff]", "|", flat_text(quote))
    grams = {w[i:i + 2] for w in words.split("|") for i in range(len(w) - 1)} - _COMMON
    return any(g in text for g in grams)


_COMMON = frozenset({"公司", "我们", "今年", "明年", "将于", "预计", "计划", "完成", "能力", "全面", "进行", "相关"})


def _postponed(c: JudgeInput, promise: PromiseType, prepared: PreparedFiling) -> Judgement | None:
    """延期至, 调整为, 由X变更至Y a day after the promised one: the original schedule is broken."""
    if c.deadline is None:
        return None
    title = prepared.sentences[0].flat if prepared.sentences else ""
    filed = prepared.filing.date
    for s in prepared.sentences:
        for m in _MOVED.finditer(s.flat):
            if NEGATED_BEFORE.search(s.flat[: m.start()]):
                continue
            found = [p.resolved for p in find_deadlines(s.flat[m.end(): m.end() + 30], filed)
                     if p.resolved is not None and not p.is_anchor]
            if not found or found[0].deadline <= c.deadline or not _about(c, promise, s, title):
                continue
            new = found[0].deadline
            return Judgement(Verdict.BROKEN, quote_of(s), 0.85,
                             f"moved from {c.deadline} to {new}, announced on {filed}", new_deadline=new,
                             why=explanation("moved", old=c.deadline, new=new))
    if filed <= c.deadline:
        return _called_off(c, promise, prepared, title)
    return None


# 延期回复, 推迟召开, 取消召开, 无法在规定期限内完成: the promised act will not come on its day, said before it
_SLIP = re.compile(r"(?:延期|推迟|延后|暂缓)(?:回复|披露|召开|举行|举办|发布|完成|实施|提交|报送)|"
                   r"(?:取消|终止)(?:召开|举行|举办|发布|实施)?[^，,。；;]{0,30}(?:会议|股东大会|股东会|说明会|发布会|计划|方案)|"
                   r"(?:无法|不能|未能)[^，,。；;]{0,12}(?:期限|时间|日期)[^，,。；;]{0,6}完成")


def _called_off(c: JudgeInput, promise: PromiseType, prepared: PreparedFiling, title: str) -> Judgement | None:
    """A postponement told without a new date in reach of its words (将延期回复…预计于2月9日前完成回复, 再次延期回复),
    a cancellation (取消召开…股东大会), or 'cannot finish by the deadline', filed by the promised day: the original
    schedule is broken; a later day the same sentence gives is the new one."""
    filed = prepared.filing.date
    slips: list[tuple[Sentence, dt.date | None]] = []
    for s in prepared.sentences:
        m = hit(_SLIP, s)
        if m is None or not _about(c, promise, s, title):
            continue
        later = [p.resolved.deadline for p in find_deadlines(s.text, filed)
                 if p.resolved is not None and not p.is_anchor and c.deadline is not None
                 and p.resolved.deadline > c.deadline]
        slips.append((s, min(later) if later else None))
    if not slips:
        return None
    s, new = next((slip for slip in slips if slip[1] is not None), slips[0])  # the one that names the new day
    reason = f"moved from {c.deadline} to {new}" if new else "called off or postponed before its day"
    why = explanation("moved", old=c.deadline, new=new) if new else explanation("called_off", day=filed)
    return Judgement(Verdict.BROKEN, quote_of(s), 0.8, reason, new_deadline=new, why=why)


_BRIEFING = re.compile(r"说明会|路演|交流会|见面会|沟通会")
_HELD_BRIEFING = re.compile(r"召开情况|(?:召开|举办|举行)了|(?:已|顺利|成功)(?:召开|举办|举行)")


def _meeting(c: JudgeInput, prepared: PreparedFiling) -> Judgement:
    """Held when the shareholders' meeting's own resolution notice says so; a board's notice or the
    meeting's papers, filed before it, show nothing. A results briefing (业绩说明会) passes no resolution: its
    召开情况 notice, or any filing that reports it held, tells the day."""
    if c.terms.event and _BRIEFING.search(c.terms.event):
        return _briefing(c, c.terms.event, prepared)
    title = prepared.sentences[0].flat if prepared.sentences else ""
    names = [n for n in (*_names(c.quote), c.terms.event or "") if "股东" in n]
    if not _MEETING_RESOLUTION.search(title) or (names and not any(n in prepared.flat for n in names)):
        return Judgement(Verdict.NO_EVIDENCE, "", 0.7, "no resolution notice of this meeting")
    held, evidence = _stated_day(prepared, _MEETING_DAY)
    held = held or prepared.filing.date
    sentence = evidence or prepared.sentences[0]
    if c.deadline is None or held <= c.deadline:
        return Judgement(Verdict.FULFILLED, quote_of(sentence), 0.85, f"the meeting was held on {held}",
                         why=explanation("held_on", day=held), acted_on=held)
    return Judgement(Verdict.BROKEN, quote_of(sentence), 0.8, f"held on {held}, after {c.deadline}",
                     why=explanation("late_on", day=held), acted_on=held)


def _briefing(c: JudgeInput, event: str, prepared: PreparedFiling) -> Judgement:
    """A briefing reported held (召开情况, 于X召开了…说明会) on the day the report gives."""
    core = _BRIEFING.search(event)
    kind = event[max(0, core.start() - 2):core.end()] if core else event  # 业绩说明会, the words a report repeats
    for s in prepared.sentences:
        if not (hit(_HELD_BRIEFING, s) and (event in s.flat or kind in s.flat)):
            continue
        held = _act_day(s, prepared.filing.date) or prepared.filing.date
        if c.deadline is None or held <= c.deadline:
            return Judgement(Verdict.FULFILLED, quote_of(s), 0.85, f"held on {held}",
                             why=explanation("held_on", day=held), acted_on=held)
        return Judgement(Verdict.BROKEN, quote_of(s), 0.8, f"held on {held}, after {c.deadline}",
                         why=explanation("late_on", day=held), acted_on=held)
    return Judgement(Verdict.NO_EVIDENCE, "", 0.7, "the filing does not report the briefing held")


def _stated_day(prepared: PreparedFiling, label: re.Pattern[str]) -> tuple[dt.date | None, Sentence | None]:
    """The first full day written right after `label` (召开时间:2024年4月19日)."""
    for s in prepared.sentences:
        for m in label.finditer(s.flat):
            day = _day_at(s.flat[m.end(): m.end() + 16], prepared.filing.date)
            if day is not None:
                return day, s
    return None, None


def _day_at(text: str, ref: dt.date) -> dt.date | None:
    found = find_deadlines(text, ref)
    first = found[0].resolved if found and found[0].start <= 1 else None
    return first.deadline if first is not None and first.precision is Precision.DAY else None


def _idle_funds(c: JudgeInput, prepared: PreparedFiling, others: list[Sentence]) -> Judgement | None:
    """Idle proceeds lent to working capital: returned in full within the period keeps the promise."""
    filed = prepared.filing.date
    for s in others:
        if not hit(_RETURNED, s):
            continue
        day = _latest_day(s, filed) or filed
        within = next((t for t in others if _WITHIN_PERIOD.search(t.flat)), None)
        if c.deadline is None or day <= c.deadline or within is not None:
            reason = f"returned in full by {day}" + (f", within the period ending {c.deadline}" if c.deadline else "")
            return Judgement(Verdict.KEPT, quote_of(s), 0.85, reason, why=explanation("returned_on", day=day),
                             acted_on=day)
        return Judgement(Verdict.BROKEN, quote_of(s), 0.75, f"returned on {day}, after the period ended {c.deadline}",
                         why=explanation("late_on", day=day))
    if c.deadline is not None and filed > c.deadline:
        late = next((s for s in others if _OUTSTANDING.search(s.flat)), None)
        if late is not None:
            return Judgement(Verdict.BROKEN, quote_of(late), 0.75, f"still not returned after {c.deadline}",
                             why=explanation("not_returned", day=c.deadline))
    return Judgement(Verdict.NO_EVIDENCE, "", 0.6, "the filing does not show the proceeds returned")


def _latest_day(s: Sentence, ref: dt.date) -> dt.date | None:
    days = [p.resolved.deadline for p in find_deadlines(s.flat, ref)
            if p.resolved is not None and p.resolved.precision is Precision.DAY and p.resolved.deadline <= ref]
    return max(days) if days else None


def _sale_ended(c: JudgeInput, prepared: PreparedFiling, others: list[Sentence]) -> Judgement | None:
    """A sale plan that ran its course within its cap is kept (selling nothing too); above the cap, broken."""
    ended = next((s for s in others if hit(_SALE_OVER, s)), None)
    if ended is None:
        return None
    cap = c.terms.share_cap
    sold = max((done for s in others if (done := amounts.shares_done(s.flat)) is not None),
               key=lambda d: d[0], default=None)
    if sold is not None and cap is not None:
        evidence = next((s for s in others if sold[1] in s.flat), ended)
        figures = f"sold {sold[0]:,.0f} shares against a cap of {cap:,.0f}"
        over = sold[0] > cap
        return Judgement(Verdict.BROKEN if over else Verdict.KEPT, quote_of(evidence), 0.85, figures,
                         why=explanation("over_cap" if over else "within_cap", measure="shares", done=sold[0],
                                         target=cap))
    nothing = next((s for s in others if _SOLD_NOTHING.search(s.flat)), None)
    if nothing is not None:
        return Judgement(Verdict.KEPT, quote_of(nothing), 0.8, "the plan ended with nothing sold",
                         why=explanation("nothing_sold"))
    return Judgement(Verdict.KEPT, quote_of(ended), 0.65, "the plan ended and the filing shows no sale beyond it")


def _rectified(c: JudgeInput, prepared: PreparedFiling, others: list[Sentence]) -> Judgement | None:
    """A regulator's order: the company's report that it rectified, filed by the deadline."""
    done = next((s for s in others if hit(_RECTIFIED, s)), None)
    if done is None:
        return None
    filed = prepared.filing.date
    if c.deadline is None or filed <= c.deadline:
        return Judgement(Verdict.FULFILLED, quote_of(done), 0.8, f"reported rectified on {filed}",
                         why=explanation("done_on", day=filed))
    return Judgement(Verdict.BROKEN, quote_of(done), 0.75, f"reported rectified on {filed}, after {c.deadline}",
                     why=explanation("late_on", day=filed))


# what a disclosure promise names (完成回复, 披露2025年年度报告, 提交书面说明) and a filing's title can be
_DOCUMENT = re.compile(r"(?:(20\d{2})\s*年)?\s*(半年度报告|年度报告|第[一三]季度报告|季度报告|书面说明|回复)")
_NOT_THE_DOCUMENT = re.compile(r"延期|推迟|延后|变更|调整|预约|提示性|摘要")


def _disclosed(c: JudgeInput, prepared: PreparedFiling) -> Judgement | None:
    """The filing is the promised document itself (问询函回复的公告, 2025年年度报告): published on its own date."""
    promised = _DOCUMENT.search(flat_text(c.quote))
    if promised is None:
        return None
    year, document = promised.groups()
    title = flat_text(prepared.filing.title)
    named = _DOCUMENT.search(title)
    if (named is None or named.group(2) != document or (year and named.group(1) not in (None, year))
            or _NOT_THE_DOCUMENT.search(title)):
        return None
    filed = prepared.filing.date
    if c.deadline is None or filed <= c.deadline:
        return Judgement(Verdict.FULFILLED, prepared.filing.title, 0.8, f"published on {filed}",
                         why=explanation("done_on", day=filed), acted_on=filed)
    return Judgement(Verdict.BROKEN, prepared.filing.title, 0.75, f"published on {filed}, after {c.deadline}",
                     why=explanation("late_on", day=filed), acted_on=filed)


def _dated_in_text(c: JudgeInput, prepared: PreparedFiling, others: list[Sentence]) -> Judgement | None:
    """A later text that dates the act itself (…,并于6月9日再次升级发布…) decides it by that date, whenever the
    text was written; an undated report of a named act counts on the filing's own date. Clause by clause:
    a history (2023年5月6日正式发布…, 于6月9日升级…) dates each step in its own clause."""
    if c.deadline is None:
        return None
    filed = prepared.filing.date
    named = bool(_names(c.quote))
    for s in others:
        if _HEADING.search(s.flat):
            continue  # 关于发布…的公告 announces; the body tells what happened and when
        if not (named and _about(c, type_named(c.type), s, "")) and not _shares_words(c.quote, s.flat):
            continue
        day: dt.date | None = None  # a clause's act is dated in it, or in the clause before (8月15日,公司发布…)
        told = ""  # the sentence up to this clause: 将于5月10日举办发布会，发布X is still to come
        for clause in _CLAUSE.split(s.flat):
            day = _act_day(Sentence(s.text, clause), filed) or day
            told += clause
            verb = _DONE_VERB.search(clause)
            if verb is None or _FUTURE.search(told[: len(told) - len(clause) + verb.start()]):
                continue
            if day is None and not named:
                continue  # without a name or a day, a shared word is too little to go on
            when = day or filed
            if c.start is not None and when < c.start:
                continue  # an earlier step of the history (首发), not the promised one
            if when <= c.deadline:
                return Judgement(Verdict.FULFILLED, quote_of(s), 0.7, f"done on {when}, by {c.deadline}",
                                 why=explanation("done_on", day=when), acted_on=when)
            return Judgement(Verdict.BROKEN, quote_of(s), 0.65, f"done on {when}, after {c.deadline}",
                             why=explanation("late_on", day=when), acted_on=when)
    return None


_HEADING = re.compile(r"关于[^，,。]{0,60}(?:公告|通知|提示)$")
_CLAUSE = re.compile(r"[，,；;。]")


def _act_day(s: Sentence, ref: dt.date) -> dt.date | None:
    """The day the sentence gives its act: a date written in it, read as past (a report looks back)."""
    for m in WRITTEN_DAY.finditer(s.flat):
        day = day_written(m, ref)
        if day is not None:
            return day
    return None


_IMPLEMENTED = re.compile(r"权益分派实施|分红派息实施|利润分配实施|派发现金红利实施")
_PAID_ON = re.compile(r"(?:现金红利|红利|股息)?(?:发放日|派息日|到账日)(?:为|:)?|"
                      r"除权(?:\(息\))?(?:除息)?日(?:为|:)?|除息日(?:为|:)?")
_CALLED_OFF = re.compile(r"(?:取消|终止|暂缓|撤回)[^，,。；;]{0,12}(?:权益分派|利润分配|分红)")


def _dividend_paid(c: JudgeInput, prepared: PreparedFiling, others: list[Sentence]) -> Judgement | None:
    """The dividend's own implementation notice (权益分派实施公告) pays it: at or above the promised cash per share it
    is fulfilled, on the payment day the notice sets; below it, broken. A notice calling it off breaks it."""
    for s in others:
        if hit(_CALLED_OFF, s):
            return Judgement(Verdict.BROKEN, quote_of(s), 0.8, "the dividend was called off")
    if not (_IMPLEMENTED.search(flat_text(prepared.filing.title)) or _IMPLEMENTED.search(prepared.flat[:300])):
        return None
    paid = next((v for s in others if (v := per_share(s.flat)) is not None), None)
    day, _said = _stated_day(prepared, _PAID_ON)
    day = day or prepared.filing.date
    promised = c.terms.per_share
    if promised is not None and paid is not None and paid + 1e-9 < promised:
        return Judgement(Verdict.BROKEN, prepared.filing.title, 0.8, f"{paid:g} a share against {promised:g} promised",
                         why=explanation("below_floor", measure="per_share", done=paid, target=promised), acted_on=day)
    late = c.deadline is not None and day > c.deadline
    figures = {"measure": "per_share", "done": paid, "target": promised} if paid and promised else {"day": day}
    return Judgement(Verdict.BROKEN if late else Verdict.FULFILLED, prepared.filing.title, 0.8,
                     f"paid {paid:g} a share on {day}" if paid else f"paid on {day}",
                     why=explanation("late_on" if late else ("reached_floor" if paid and promised else "done_on"),
                                     **figures), acted_on=day)


_PROFIT_DONE = re.compile(
    rf"(?:实现|完成)[^，,。；;]{{0,30}}?净利润[^，,。；;\d]{{0,12}}{amounts.NUM}\s*([万亿]?)\s*元")
_RATE = re.compile(r"(?:业绩)?(?:承诺)?完成率(?:为)?\s*(\d+(?:\.\d+)?)\s*%")
_MISSED = re.compile(r"未(?:能)?(?:完成|实现|达到)[^，,。；;]{0,8}(?:业绩承诺|承诺业绩|承诺(?:的)?净利润|承诺的业绩)")


def _profit_achieved(c: JudgeInput, others: list[Sentence]) -> Judgement | None:
    """A profit commitment for a fiscal year: the profit the year's report states against the floor."""
    floor, end = c.terms.amount_floor, c.deadline
    if floor is None or end is None:
        return None
    year = f"{end.year}年"
    for s in others:
        if year not in s.flat:
            continue
        if (m := _PROFIT_DONE.search(s.flat)) is not None:
            done = amounts.value_of(m.group(1), m.group(2))
            figures = {"measure": "money", "done": done, "target": floor}
            if done >= floor:
                return Judgement(Verdict.FULFILLED, quote_of(s), 0.8, f"{done:,.0f} against a floor of {floor:,.0f}",
                                 why=explanation("reached_floor", **figures), acted_on=end)
            return Judgement(Verdict.BROKEN, quote_of(s), 0.8, f"only {done:,.0f} against a floor of {floor:,.0f}",
                             why=explanation("below_floor", **figures), acted_on=end)
        rate = _RATE.search(s.flat)
        if _MISSED.search(s.flat) or (rate is not None and float(rate.group(1)) < 100):
            return Judgement(Verdict.BROKEN, quote_of(s), 0.75, "the report says the commitment was missed",
                             acted_on=end)
        if rate is not None:
            return Judgement(Verdict.FULFILLED, quote_of(s), 0.75, f"completion rate {rate.group(1)}%", acted_on=end)
    return None
