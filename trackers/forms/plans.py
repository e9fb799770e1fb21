"""Plans to buy back, buy or sell shares, read as the forms the exchanges make every company write.

A plan announcement (回购方案, 回购报告书, 增持计划, 减持计划) and its progress and result notices list the plan's
terms as labelled items — the amount (回购资金总额：不低于…且不超过…), the price cap, the share count or ratio, the
window (回购股份期限：自董事会审议通过…之日起12个月内) — in any order, with other items between. One plan is one
commitment: its window from the window item, its terms from every item that states one, and its quote one
verbatim span from the first item it rests on to the last. A sale plan that gives its channels their own
windows (通过集中竞价…的，自公告披露之日起15个交易日后的6个月内；通过大宗交易…的，…) is one commitment per channel.

Items that report rather than promise — 累计已回购, 实际回购金额, a count 按…测算 — are never the plan's terms. A
window counted from a shareholders' meeting the text does not date yet has no deadline; the meeting names it.

Pure: the text, its normalised view, its date and the time phrases found in it in; drafts out.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from trackers.domain import CommitmentDraft, DeadlinePhrase, Kind, Precision, Terms
from trackers.forms.items import Item, items
from trackers.forms.titles import Form
from trackers.promises import headline, type_named
from trackers.promises.identity import same_drafts
from trackers.promises.terms import read_terms
from trackers.text.normalize import compact

_VERBS = {"buyback": "回购", "share_purchase": "增持", "share_sale": "减持"}
_PLAN_VERB = re.compile(r"回购|增持|减持")
_WINDOW_LABEL = re.compile(r"(?:期限|期间|区间)[ \t]*[:：|│ \t]|主要内容[ \t]*[:：]")
_WINDOW = re.compile(r"(?:期限|期间|时间区间)$")
_AMOUNT = re.compile(r"金额|资金总额|总金额|规模|资金")
_QUANTITY = re.compile(r"数量|股数|比例")
_PRICE = re.compile(r"价格")
_PLAN = re.compile(r"(?:计划|方案)(?:的)?(?:主要)?内容$|^(?:本次)?(?:增持|减持)计划$")
_REPORTS = re.compile(r"累计|实际|已|首次披露|用途|来源|方式|种类|情况")
_CALCULATED = re.compile(r"测算|按(?:照)?[^，,。；;]{0,20}(?:上限|下限)")
_MEETING = re.compile(r"(股东大会|股东会)[^，,。；;]{0,24}(?:审议通过|批准)")
_CHANNEL = re.compile(r"(?:通过)?(集中竞价|大宗交易|协议转让)")
_LIST_GAP = 40  # characters between two items of one list (white space, a page's stray header)
MAX_QUOTE = 1200


def plan_drafts(text: str, view: str, doc_date: dt.date, phrases: list[DeadlinePhrase],
                form: Form) -> list[CommitmentDraft]:
    """One draft per plan (and per channel) the filing's labelled items state."""
    # most filings hold no plan's labelled window: the items are read only where a window stands after a label
    # (回购期限：…, 实施期限 | …) of a plan, or in a plan announcement
    if form.family is None and not any(_is_window(p) and _WINDOW_LABEL.search(view, max(0, p.start - 80), p.start)
                                       and _PLAN_VERB.search(view, max(0, p.start - 160), p.start) for p in phrases):
        return []
    found = items(view)
    drafts: list[CommitmentDraft] = []
    for run in _lists(found):
        for item in run:
            family = _family(item.label, view[item.value:item.end], form)
            if family is None:
                continue
            window = _WINDOW.search(item.label) is not None
            if not (window or _PLAN.search(item.label)):
                continue
            inside = [p for p in phrases if item.value <= p.start < item.end and _is_window(p)]
            for phrase in _channels(view, item, inside):
                draft = _draft(text, view, doc_date, run, item, phrase, family, form)
                if draft is not None:
                    drafts.append(draft)
    return _once(drafts)


def _family(label: str, value: str, form: Form) -> str | None:
    """The plan an item belongs to: the verb its label names (回购股份期限), else the filing's own family."""
    for family, verb in _VERBS.items():
        if verb in label:
            return family
    if form.family is not None and (_WINDOW.search(label) or _PLAN.search(label)):
        return form.family if _VERBS[form.family] in compact(value) or _WINDOW.search(label) else None
    return None


def _is_window(p: DeadlinePhrase) -> bool:
    if p.is_anchor:
        return False
    if p.resolved is None:
        return True  # counted from an event still to come: kept if the item names the meeting
    return p.is_range or p.resolved.precision is Precision.PERIOD


def _lists(found: list[Item]) -> list[list[Item]]:
    """Runs of adjacent items of one style: a list (● … ● …), a numbered section, a summary table."""
    runs: list[list[Item]] = []
    for item in found:
        last = runs[-1][-1] if runs else None
        if last is not None and last.mark == item.mark and item.start - last.end <= _LIST_GAP:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _channels(view: str, item: Item, inside: list[DeadlinePhrase]) -> list[DeadlinePhrase]:
    """The item's windows: the last one (即…至… spells out the one before it), or one per named channel."""
    if not inside:
        return []
    per_channel = [p for p in inside if _CHANNEL.search(view, max(item.value, p.start - 40), p.start)]
    channels = {_CHANNEL.search(view, max(item.value, p.start - 40), p.start).group(1)  # type: ignore[union-attr]
                for p in per_channel}
    if len(channels) >= 2:
        return per_channel
    ranges = [p for p in inside if p.resolved is not None and p.is_range]
    return [(ranges or inside)[-1]]


def _draft(text: str, view: str, doc_date: dt.date, run: list[Item], item: Item, phrase: DeadlinePhrase,
           family: str, form: Form) -> CommitmentDraft | None:
    anchor = None
    resolved = phrase.resolved
    if resolved is None:
        meeting = _MEETING.search(compact(view[item.value:phrase.start]))
        if meeting is None:
            return None
        anchor = f"{meeting.group(1)}审议通过"
    verb = _VERBS[family]
    terms_items = [i for i in run if i is not item and _states_terms(i, view, verb)]
    end = _clause_end(view, phrase.end, item.end)
    lo = min([item.start, *(i.start for i in terms_items)])
    hi = max([end, *(i.end for i in terms_items)])
    if _PLAN.search(item.label):  # a prose item: the plan from its first words to this window
        lo = min(lo, item.value)
    lo, hi = _trim(text, lo, hi)
    if hi - lo > MAX_QUOTE:
        lo, hi = _trim(text, item.start, end)
    terms = _terms(view, item, phrase, terms_items, resolved.deadline if resolved else None,
                   resolved.start if resolved else None)
    promise = type_named(family)
    quote = text[lo:hi]
    words = compact(view[item.value:phrase.start])[:40]
    return CommitmentDraft(
        quote=quote, start=lo, end=hi, kind=promise.kind or Kind.PLAN,
        subject=headline(promise, terms, words), keywords=(verb,),
        deadline=resolved.deadline if resolved else None, deadline_text=phrase.text,
        precision=resolved.precision if resolved else Precision.PERIOD,
        deadline_start=resolved.start if resolved else None, reference_date=doc_date,
        confidence=0.85 if resolved is None or not resolved.anchor_assumed else 0.7,
        type=family, terms=terms, anchor=anchor, restated=form.restates)


def _states_terms(i: Item, view: str, verb: str) -> bool:
    """An item of the plan's list that states one of its figures, not a report of what was done."""
    if _REPORTS.search(i.label) or _WINDOW.search(i.label):
        return False
    if not (_AMOUNT.search(i.label) or _QUANTITY.search(i.label) or _PRICE.search(i.label)):
        return False
    value = view[i.value:i.end]
    return not _CALCULATED.search(compact(value)) and bool(re.search(r"\d", value))


def _terms(view: str, item: Item, phrase: DeadlinePhrase, others: list[Item], deadline: dt.date | None,
           start: dt.date | None) -> Terms:
    """The plan's figures, each read from the item that states it (so an amount never borrows a price)."""
    merged: dict[str, object] = {}
    own = read_terms(view[item.value:phrase.end] if _PLAN.search(item.label) else view[item.value:item.end])
    for source in [own, *(read_terms(view[i.start:i.end]) for i in others)]:  # with its label: 价格：不超过25元/股
        for key, value in source.as_dict().items():
            merged.setdefault(key, value)
    merged.pop("window_start", None)
    merged.pop("window_end", None)
    terms = Terms.from_dict(merged)
    return replace(terms, window_start=start, window_end=deadline)


_CLAUSE_END = re.compile(r"[。；;]|,(?=\s*(?:且|并|如|若|即))")


def _clause_end(view: str, at: int, limit: int) -> int:
    """Where the window's clause ends: its sentence mark (kept), or the item's end."""
    m = _CLAUSE_END.search(view, at, limit)
    if m is None:
        return limit
    return m.end() if m.group(0) in "。；;" else m.start()


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in "|│"):
        hi -= 1
    return lo, hi


def _once(drafts: list[CommitmentDraft]) -> list[CommitmentDraft]:
    """A plan stated in the summary and again in the body is one plan: the one with more terms stays."""
    kept: list[CommitmentDraft] = []
    for d in drafts:
        twin = next((i for i, k in enumerate(kept) if same_drafts(k, d)), None)
        if twin is None:
            kept.append(d)
        elif len(d.terms.as_dict()) > len(kept[twin].terms.as_dict()):
            kept[twin] = d
    return kept
