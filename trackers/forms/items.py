"""The labelled items of an exchange form, wherever the text conversion left them.

A regulated announcement states its terms as items: ● 回购股份金额：…, （五）回购股份的实施期限：…, 4、回购期限：…,
a summary table's row 回购方案实施期限 | 2024年9月20日~2025年9月19日 |, or the same row with spaces for its
border (回购方案实施期限          待股东大会审议通过后 3 个月). An item runs from its label to the next item's label,
a section heading, or a blank line followed by something that is not its continuation. Run-on texts (a whole
announcement on one line) still part their items at each label.

Pure: a normalised view in, items out; offsets are the view's, which are the text's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from trackers.text.normalize import compact

# a bullet or an item number, then a label of a few words, then its colon, a cell border or a wide gap
_START = re.compile(
    r"(?:(?<=\n)|^|(?<=[。；;])|(?<=\s\s)|(?<=\s[●■◆•·▪])|(?<=\s)(?=[(（][一二三四五六七八九十\d]{1,3}[)）]))[ \t]*"
    r"(?P<mark>[●■◆•·▪\-]|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.．)](?!\d))?[ \t]*"
    r"(?P<label>[\u4e00-\u9fff][\u4e00-\u9fff、的及和与]{1,22}?)"
    r"(?P<sep>[ \t]*[：:](?![\d:：])|[ \t]*[|│][ \t]*(?=\S)|[ \t]{3,}(?=\S))"
)
# a summary table's row as a PDF converter leaves it, one space between its cells (回购方案实施期限 待董事会审议通过后
# 6 个月, 预计回购金额 30,000,000 元~60,000,000 元): a label alone at the line's start, then a value
# (its label ends in a field's noun: a wrapped line of prose, 和大宗交易的方式减持数量不超过 2,640,000, is no row)
_ROW = re.compile(r"(?m)^[ \t]*(?P<mark>)(?P<label>[\u4e00-\u9fff]{1,14}"
                  r"(?:日|期限|期间|时间|金额|上限|下限|用途|股数|比例|区间|价格|数量|方式|来源|总额))"
                  r"(?P<sep>[ \t]+)(?=[\d待自不约□√])")
# 一、回购方案的主要内容 / 二、实施回购股份进展情况: a section of the announcement, which ends the items before it
_SECTION = re.compile(r"(?:^|\n)[ \t]*[一二三四五六七八九十]{1,3}[、.．][^\n:：|│]{2,40}(?=\n|$)")


@dataclass(frozen=True, slots=True)
class Item:
    start: int  # its bullet or number, else its label
    value: int  # where its value begins, past the separator
    end: int  # where the next item, a section heading or a blank line ends it
    label: str  # compact, without the bullet or number: 回购股份期限
    mark: str  # the bullet or number style ("●", "（", "1", "" for none): a list keeps one style


# what ends every label: a colon, a cell border, a wide gap — rare in a filing, so the label pattern runs only
# in a short stretch before each (a scan of the whole text cost more than the rest of the form reader)
_SEPARATOR = re.compile(r"[：:|│]|[ \t]{3}")
_LABEL_REACH = 32  # a bullet, a number and a label of 23 characters, with their spaces


def starts_of(view: str) -> list[re.Match[str]]:
    """The matches of _START over `view`, found near each separator instead of at every position: the same list."""
    found: list[re.Match[str]] = []
    last_end = -1
    for sep in _SEPARATOR.finditer(view):
        if sep.start() < last_end:
            continue
        lo = max(0, sep.start() - _LABEL_REACH, last_end)
        m = _START.search(view, lo, min(len(view), sep.end() + 64))
        while m is not None and m.end("sep") <= sep.start():  # a label of an earlier separator: not this one's
            m = _START.search(view, m.start() + 1, min(len(view), sep.end() + 64))
        if m is not None and m.start("sep") <= sep.start() < m.end("sep"):
            found.append(m)
            last_end = m.end()
    return found


def items(view: str) -> list[Item]:
    """Every labelled item of `view`, in order."""
    found_starts = starts_of(view)
    marked = {m.start() for m in found_starts}
    starts = sorted([*found_starts, *(m for m in _ROW.finditer(view) if m.start() not in marked)],
                    key=lambda m: m.start())
    sections = [m.start() for m in _SECTION.finditer(view)]
    found: list[Item] = []
    for i, m in enumerate(starts):
        limit = starts[i + 1].start() if i + 1 < len(starts) else len(view)
        end = _end_of(view, m.end(), limit, sections)
        label = compact(m.group("label"))
        found.append(Item(m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), m.end(), end, label,
                          _style(m.group("mark") or "")))
    return found


def _style(mark: str) -> str:
    if not mark:
        return ""
    if mark[0] in "(（":
        return "（"
    return "1" if mark[0].isdigit() or mark[0] in "一二三四五六七八九十" else mark


_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def _end_of(view: str, at: int, limit: int, sections: list[int]) -> int:
    """An item's value runs on over line wraps, up to the next item, a section heading, or a paragraph break
    after which a new sentence starts (PDF text also puts blank lines inside one item's wrapped lines)."""
    end = limit
    for heading in sections:
        if at < heading < end:
            end = heading
            break
    for m in _PARAGRAPH.finditer(view, at, end):
        before = view[at:m.start()].rstrip()
        if before and before[-1] in "。；;":
            end = m.start()
            break
    box = _CHECKBOX_LINE.search(view, at, end)
    return box.start() if box else end


# □减少注册资本 √用于员工持股计划: the choices of another cell (回购用途), never the item above's value
_CHECKBOX_LINE = re.compile(r"\n[ \t]*[□√☑■]")
