"""A short subject and matching keywords for a commitment clause."""
from __future__ import annotations

import re

_LEAD = re.compile(
    r"^(?:[\s,，、:：;；\-●•(（)）\d.]|且|并|同时|其中|此外|另外|公司|本公司|我们|我司|董事会|同意|决定|"
    r"计划|拟|将|预计|预期|力争|争取|约|于|在|自|从|起|的|为|已|会)+"
)
_SPACES = re.compile(r"\s+")
_DOMAIN_TERMS = (
    "回购", "增持", "减持", "转股价格", "向下修正", "下修", "赎回", "发布", "发布会", "投产", "产能", "产量",
    "建成", "完工", "开工", "上市流通", "解除限售", "股东大会", "股东会", "董事会", "募投项目", "项目",
    "订阅", "客户", "盈亏平衡", "营业收入", "净利润", "量产", "交付", "可使用状态", "并购", "分红",
)
_NAMES = re.compile(r"[“\"《]([^”\"》]{2,30})[”\"》]|([A-Za-z][A-Za-z0-9.\-]{1,20}(?:\s?\d+(?:\.\d+)?)?)")
_BOND = re.compile(r"[\u4e00-\u9fff]{2,4}转债")


def subject_of(clause_view: str, phrase_start: int, phrase_end: int) -> str:
    """The clause without its date phrase and lead-in words, cut to a headline's length."""
    core = clause_view[:phrase_start] + " " + clause_view[phrase_end:]
    core = re.sub(r"<[^>]*>", " ", core)
    core = _SPACES.sub("", core)
    core = re.sub(r"\([^)]{0,40}\)|（[^）]{0,40}）|\[\d+\]", "", core)
    core = _LEAD.sub("", core)
    core = re.split(r"[。；;!?！？]", core)[0]
    parts = [p for p in re.split(r"[，,]", core) if p]
    text = parts[0] if parts else core
    if len(text) < 6 and len(parts) > 1:
        text = text + "，" + parts[1]
    return text[:40]


def keywords_of(clause_view: str) -> tuple[str, ...]:
    found: list[str] = []
    compact = clause_view.replace(" ", "").replace("\n", "")
    for term in _DOMAIN_TERMS:
        if term in compact and term not in found:
            found.append(term)
    for m in _BOND.finditer(compact):
        if m.group(0) not in found:
            found.append(m.group(0))
    for m in _NAMES.finditer(clause_view):
        name = (m.group(1) or m.group(2) or "").strip()
        if len(name) >= 3 and name not in found and not name.isdigit():
            found.append(name)
    return tuple(found[:12])
