"""Is a commitment found in a filing one already on record? A restated plan (a progress notice's 回购方案的主要内容,
a news item retelling it, the same promise in an IR record and an announcement) is the same promise, never a
new one: one buyback is one promise, however many notices repeat it.

Two statements are the same promise when they have the same type and nothing they state disagrees: the
amounts, caps and instrument they both give are equal (a new plan with other figures is another promise), the
holders they both name are the same, and their windows end on the same day — or one of them has no day yet
(股东大会审议通过之日起12个月内 before the meeting) and the other dates it. Windows a few days apart with equal
figures are one plan whose anchor one of them assumed (a board's day read as the document's). A window moved
to a later day is not a restatement but a revision, which the judge reads as one (延期至…).
Pure: two JudgeInputs in, a yes or no out.
"""
from __future__ import annotations

import datetime as dt
import difflib

from trackers.domain import CommitmentDraft, JudgeInput, Kind, Terms

_QUANTITIES = ("amount_floor", "amount_ceiling", "share_floor", "share_cap", "ratio_floor", "ratio_cap")
_PLANS = frozenset({"buyback", "share_purchase", "share_sale"})
# a role rather than a name: it may stand for any named holder (控股股东 in the summary, 航天荟萃 in the body)
_ROLES = ("股东", "控股", "实际控制人", "一致行动人", "董事", "监事", "高级管理人员", "总经理", "董监高", "公司")
ASSUMED_ANCHOR = dt.timedelta(days=10)  # a board's day taken for the document's: plans a few days apart


def as_judged(draft: CommitmentDraft) -> JudgeInput:
    """What the judge (and this module) reads of a draft."""
    return JudgeInput(quote=draft.quote, kind=draft.kind, subject=draft.subject, deadline=draft.deadline,
                      deadline_text=draft.deadline_text, keywords=draft.keywords, start=draft.deadline_start,
                      type=draft.type, terms=draft.terms)


def same_drafts(a: CommitmentDraft, b: CommitmentDraft) -> bool:
    return same_promise(as_judged(a), as_judged(b))


def same_promise(a: JudgeInput, b: JudgeInput) -> bool:
    """Do `a` and `b` state one promise (see the module's note)?"""
    if a.type != b.type or (a.kind != b.kind and not {a.kind, b.kind} <= {Kind.PLAN, Kind.TARGET, Kind.EVENT}):
        return False
    if _conflict(a.terms, b.terms) or not _same_holder(a.terms.actor, b.terms.actor):
        return False
    figures = _shared_figures(a.terms, b.terms)
    if not _windows_agree(a, b, figures):
        return False
    if figures:
        return True
    if a.type in _PLANS or a.kind is Kind.RESTRAINT:
        return True  # the same plan or restraint of one instrument and holder, ending the same day
    return _same_topic(a, b)


def _conflict(a: Terms, b: Terms) -> bool:
    for name in _QUANTITIES:
        x, y = getattr(a, name), getattr(b, name)
        if x is not None and y is not None and not _equal(x, y):
            return True
    return bool(a.instrument and b.instrument and a.instrument != b.instrument)


def _shared_figures(a: Terms, b: Terms) -> int:
    return sum(1 for name in _QUANTITIES if getattr(a, name) is not None and getattr(b, name) is not None)


def _equal(x: float, y: float) -> bool:
    return abs(x - y) <= 0.005 * max(abs(x), abs(y))


def _same_holder(a: str | None, b: str | None) -> bool:
    if not a or not b or a in b or b in a:
        return True
    return any(role in a for role in _ROLES) or any(role in b for role in _ROLES)


def _windows_agree(a: JudgeInput, b: JudgeInput, figures: int) -> bool:
    if a.deadline is None or b.deadline is None:
        return figures > 0 or a.type in _PLANS  # an undated window of the plan, which the other dates
    if a.deadline == b.deadline:
        return True
    return figures > 0 and abs(a.deadline - b.deadline) <= ASSUMED_ANCHOR


def _same_topic(a: JudgeInput, b: JudgeInput) -> bool:
    """Events and targets of one type and day: the same only if they speak of the same thing."""
    words = {w for w in a.keywords if len(w) >= 2} & {w for w in b.keywords if len(w) >= 2}
    if words:
        return True
    return difflib.SequenceMatcher(None, a.subject, b.subject).ratio() >= 0.6
