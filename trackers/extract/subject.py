"""A short subject and matching keywords for a commitment clause."""
from __future__ import annotations

import re

from trackers.text.first_chars import compile_fast
from trackers.text.normalize import compact, readable

_LEAD = compile_fast(
    # an item's number goes (2、 (3) 1.), a year that names the subject stays (2025年年度报告预约披露)
    r"^(?:[\s,，、:：;；\-●•(（)）.]|\d+(?![\d\s]*年)|且|并|同时|其中|此外|另外|公司|本公司|我们|我司|董事会|同意|决定|"
    r"计划|拟|将|预计|预期|力争|争取|定于|订于|约|于|在(?![建研售手产])|自|从|起|的|为|已|会(?!议|计))+"
)
_DOMAIN_TERMS = (
    "回购", "增持", "减持", "转股价格", "向下修正", "下修", "赎回", "发布", "发布会", "投产", "产能", "产量",
    "建成", "完工", "开工", "上市流通", "解除限售", "股东大会", "股东会", "董事会", "募投项目", "项目",
    "订阅", "客户", "盈亏平衡", "营业收入", "净利润", "量产", "交付", "可使用状态", "并购", "分红",
)
_NAMES = compile_fast(r"[“\"《]([^”\"》]{2,30})[”\"》]|([A-Za-z][A-Za-z0-9.\-]{1,20}(?:\s?\d+(?:\.\d+)?)?)")
_BOND = compile_fast(r"[\u4e00-\u9fff]{2,4}转债")


def subject_of(clause_view: str, phrase_start: int, phrase_end: int, restraint: bool = False,
               before: str = "") -> str:
    """The clause that holds the date, without the date and lead-in words, cut to a headline.

    When what is left names no action (回购期限自董事会审议通过之日起12个月内) the nearest clause
    of the sentence that does speaks instead (回购资金总额不低于…)."""
    text = _MARKUP.sub(lambda m: " " * len(m.group(0)), clause_view)
    if "│" in text or "|" in text:
        cells = [_tidy(c) for c in re.split(r"[│|]", text[:phrase_start])]
        return next((c for c in cells if c), "")[:40]
    marks = [m.end() for m in _CLAUSE_MARK.finditer(text, 0, phrase_start)]
    lo = marks[-1] if marks else 0
    after = _CLAUSE_MARK.search(text, phrase_end)
    hi = after.start() if after else len(text)
    # the words that introduced the date go with it (三期项目计划于[2026年三季度]建成 → 三期项目建成)
    core = _tidy(_INTRODUCES_DATE.sub("", text[lo:phrase_start]) + " " + text[phrase_end:hi])
    needs_restraint = restraint and not _RESTRAINT.search(core)
    if not needs_restraint and len(core) >= 4 and _ACTION.search(core):
        # most clauses name their own action: the other clauses are not read, save for the thing the action is
        # about when the clause starts with its verb (中试线正在建设中，预计四季度建成 → 中试线建成)
        return (_topic(before + text[:lo]) + core if _VERB_FIRST.match(core) else core)[:40]
    # the other clauses speak for a clause that names no action, never with the date itself (赎回日:X → 赎回日)
    dateless = text[:phrase_start] + " " * (phrase_end - phrase_start) + text[phrase_end:]
    clauses = [_tidy(c) for c in _CLAUSE_MARK.split(dateless)]
    if needs_restraint:
        core = next((c for c in clauses if _RESTRAINT.search(c)), core)
    if len(core) < 4 or not _ACTION.search(core):
        core = next((c for c in clauses if len(c) >= 4 and _ACTION.search(c)), core)
    if len(core) < 4 and not core.endswith("日"):  # a schedule's day (赎回日, 除息日) names itself
        terms = [t for t in _DOMAIN_TERMS if t in compact(text)]
        core = "、".join(terms[:2]) or _tidy(dateless)
    return core[:40]


_RESTRAINT = compile_fast(r"不[^，,。]{0,4}(?:修正|下修|减持|转让|出售|赎回)")
_VERB_FIRST = compile_fast(r"(?:开始|完成|实现|取得|建成|投产|量产|启动|推出|发布|上线|交付|达到|进入|形成|具备)")
# where the thing a clause is about ends and what is said of it begins (固态电池中试线|正在建设中)
_TIME_WORD = compile_fast(r"\d|[年月日旬]|季度")
_TOPIC_END = compile_fast(r"正在|目前|已经|已|将|预计|计划|拟|的建设|建设中|进展|处于|仍在|还在|顺利")


def _topic(text: str) -> str:
    """The thing the last clause of `text` is about, when it names one in a few words; else nothing."""
    clause = _CLAUSE_MARK.split(text.rstrip(" ，,；;"))[-1]
    end = _TOPIC_END.search(clause)
    topic = _tidy(clause[:end.start()]) if end else ""
    # a topic holding a date (6月中旬设备将陆续到位) tells a step of another plan, not what this one is about
    return topic if 2 <= len(topic) <= 14 and not _TIME_WORD.search(clause[:end.start() if end else 0]) else ""
_INTRODUCES_DATE = compile_fast(
    r"(?:(?:计划|预计|预期|拟|将|定|争取|力争|有望)(?:于|在)?|于|在|截至|截止|到)\s*$"
    # a schedule's label (股权登记日为, 上市流通日期为, 召开时间:) and a moved date (的日期由2026年6月延期至, whose
    # 至 the date phrase may have taken)
    r"|的?(?:日期|时间)?\s*(?:由[^，,。]{0,24}?)?(?:延期|调整|变更|推迟|延长|顺延)(?:至|到)?\s*$"
    r"|的?(?:日期|时间)\s*(?:为|是)?\s*[:：]?\s*$|(?<=日)\s*(?:为|是)?\s*[:：]?\s*$"
)


_ACTION = compile_fast(
    r"回购|增持|减持|修正|下修|发布|投产|建成|完工|开工|召开|上市流通|产能|生产|建设|交付|赎回|收购|并购|注销|实现|扩大|"
    r"完成|交割|签署|提交|披露|回复|上线|推出|启动|取得"
)
_ANCHOR = compile_fast(r"(?:自|从)[^，,。]{0,40}?(?:起|开始)|[^，,。:：]{2,10}(?:期限|情况|内容|安排)[:：为]?")


_LABEL_END = compile_fast(r"(?<=日)(?:为|是)[:：]?$")  # 赎回日为 → 赎回日: the label without its verb
_MARKUP = compile_fast(r"<[^>]*>|\[\d+\]")
_ASIDES = compile_fast(r"\([^)]{0,40}\)|（[^）]{0,40}）")
_MARKER = compile_fast(r"^(?:[QA]|答|问|回答|回复|答复|董秘|董事会秘书)[:：]")
_CLAUSE_MARK = compile_fast(r"[，,；;。！？!?]")


def _tidy(text: str) -> str:
    text = readable(text)
    text = _ASIDES.sub("", text)
    text = _MARKER.sub("", text)
    text = _ANCHOR.sub("", text)
    return _LABEL_END.sub("", _LEAD.sub("", text)).strip("，,；;。:：")


def keywords_of(clause_view: str) -> tuple[str, ...]:
    compact = clause_view.replace(" ", "").replace("\n", "")
    found = [term for term in _DOMAIN_TERMS if term in compact]  # the terms are distinct
    for m in _BOND.finditer(compact):
        if m.group(0) not in found:
            found.append(m.group(0))
    for m in _NAMES.finditer(clause_view):
        name = (m.group(1) or m.group(2) or "").strip()
        if len(name) >= 3 and name not in found and not name.isdigit():
            found.append(name)
    return tuple(found[:12])
