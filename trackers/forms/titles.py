"""Which exchange form a filing is, from its title and headings: the family (a buyback, a share purchase or a
share sale) and the role the document plays in the plan's life — the plan itself, a progress notice, a result
notice, or another notice that recites it (a notice to creditors).

A plan's terms restated in a progress or result notice are the same promise told again, never a new one.
Pure: a normalised view in, a `Form` out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from trackers.text.normalize import compact

_HEAD_CHARS = 1500  # the title and the first headings stand at the top, whatever header the site added

_FAMILIES = (("buyback", re.compile(r"回购")), ("share_purchase", re.compile(r"增持")),
             ("share_sale", re.compile(r"减持")))
# the role a title gives: the results first (回购实施结果暨股份变动公告 also says 回购), then progress, then plans
_ROLES = (
    ("result", re.compile(r"实施结果|结果(?:暨|的)?公告|期限届满|实施完毕|实施完成|(?:回购|增持|减持)完成")),
    ("progress", re.compile(r"进展|过半|比例达到|累计达到|达到\d|达到总股本|(?:数量|时间)过半")),
    ("notice", re.compile(r"通知债权人|注销完成|股份变动|差异化")),
    ("plan", re.compile(r"方案|预案|报告书|计划(?:书)?(?:的)?(?:公告|预披露)?|预披露")),
)
_TITLE_WORD = re.compile(r"公告|报告书|预案|计划书|通知")  # what a title ends with


@dataclass(frozen=True, slots=True)
class Form:
    family: str | None  # buyback, share_purchase, share_sale, or None for every other filing
    role: str  # plan, progress, result, notice; for a meeting's notice "" or "cancelled"
    meeting: str | None = None  # the meeting a notice calls: 关于召开2025年度业绩说明会的公告 → 2025年度业绩说明会

    @property
    def restates(self) -> bool:
        """Does the document retell a plan made before (a progress or result notice, a notice to creditors)?"""
        return self.family is not None and self.role in ("progress", "result", "notice")


NONE = Form(None, "")


# 关于召开2026年第一次临时股东大会的通知, 关于召开2025年度业绩说明会的公告: the meeting the notice calls
_CALLS = re.compile(r"关于(?:召开|举办|举行)"
                    r"(?P<name>[^，,。的]{2,40}?(?:股东大会|股东会|说明会|路演|交流会|见面会|沟通会))"
                    r"的?(?:通知|公告)")


# 关于取消召开2024年第二次临时股东大会的通知: every day of the meeting's schedule it lists is called off
_CANCELS = re.compile(r"关于取消(?:召开|举办|举行)?(?P<name>[^，,。的]{2,40}?(?:股东大会|股东会|说明会|会议))"
                      r"的?(?:通知|公告)")


def _title_lines(head: str) -> list[str]:
    """The stretches of the head that may be a title: the line (or, in a run-on text, the 60 characters) up to a
    title's last word, and a little after it."""
    out = []
    for m in _TITLE_WORD.finditer(head):
        line = head.rfind("\n", 0, m.start()) + 1
        out.append(head[max(line, m.start() - 60):m.end() + 20])
    return out


def recognise(view: str) -> Form:
    """The form of the filing whose text is `view`: its family and role, from the first title line that names one,
    or the meeting its title calls."""
    head = view[:_HEAD_CHARS]
    for line in _title_lines(head):
        flat = compact(line)
        family = next((name for name, says in _FAMILIES if says.search(flat)), None)
        if family is None:
            continue
        role = next((name for name, says in _ROLES if says.search(flat)), "")
        if role:
            return Form(family, role)
    flat = compact(head)
    cancelled = _CANCELS.search(flat)
    if cancelled:
        return Form(None, "cancelled", cancelled.group("name"))
    called = _CALLS.search(flat)
    return Form(None, "", called.group("name")) if called else NONE
