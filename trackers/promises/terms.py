"""The terms of a promise, read from its quote: how much, how many shares, at what price, by whom, on what.

A buyback's quote says 不低于5,000万元、不超过1亿元; a sale plan's 不超过公司总股本的1%; a convertible
bond restraint names 卫宁转债. These figures are what a later result notice is measured against, so
they are read once, at extraction, and stored with the commitment.
"""
from __future__ import annotations

import datetime as dt

from trackers.domain import Terms
from trackers.promises.amounts import NUM, UNIT_VALUE, value_of
from trackers.text.first_chars import compile_fast
from trackers.text.normalize import compact

_MONEY = rf"(?:人民币|RMB)?{NUM}([万萬亿億]?)元"
_FLOOR = compile_fast(rf"(?:不低于|不少于|最低|下限为?|至少)[^，,。;；\d]{{0,16}}?{_MONEY}")
_CEILING = compile_fast(rf"(?:不超过|不高于|不多于|最高不超过|最高|上限为?)[^，,。;；\d]{{0,16}}?{_MONEY}(?!/股)")
_RANGE = compile_fast(rf"{NUM}([万萬亿億]?)元?(?:\(含\))?(?:~|～|至|-|—|–|到)(?:人民币)?{NUM}([万萬亿億]?)元(?!/股)")
_PRICE_CAP = compile_fast(rf"(?:价格|价格上限)[^，,。;；\d]{{0,12}}?(?:不超过|不高于|上限为?|为)?(?:人民币)?{NUM}元/股")
_SHARE_CAP = compile_fast(rf"(?:不超过|不高于|不多于|上限为?)[^，,。;；\d]{{0,14}}?{NUM}([万萬亿億]?)股")
_SHARE_FLOOR = compile_fast(rf"(?:不低于|不少于)[^，,。;；\d]{{0,14}}?{NUM}([万萬亿億]?)股")
# 不超过15,000,000股(占公司总股本比例3.00%): the ratio may follow a share count, whose commas group digits
_TO_RATIO = r"(?:[^，,。;；%]|(?<=\d),(?=\d)|,(?=占))"  # …股,占总股本的1.2%: the share count's own ratio
_RATIO_CAP = compile_fast(rf"(?:不超过|不高于|不多于|上限为?){_TO_RATIO}{{0,30}}?(\d+(?:\.\d+)?)%")
_RATIO_FLOOR = compile_fast(rf"(?:不低于|不少于){_TO_RATIO}{{0,30}}?(\d+(?:\.\d+)?)%")
# a bond's short name: quoted whole (“继峰定01”), else the two characters before 转债 (卫宁转债)
# (公司可转债 names no bond: its two characters before 转债 end in 可)
_BOND = compile_fast(r"[“\"]([^”\"]{2,6}(?:转债|定\d{2}|转\d{2}))[”\"]|([\u4e00-\u9fff]{2}(?<!可)转债)")
_BOND_WORD = compile_fast(r"转债|定\d|转\d")
# a word every _ACTOR alternative holds: without one, the costly search is skipped
_ACTOR_WORD = compile_fast(r"股东|实际控制人|一致行动人|董事|总经理|董监高|集团|投控|管理公司|有限公司")
_ACTOR = compile_fast(
    r"(控股股东及其一致行动人|控股股东|实际控制人|一致行动人|董事长|总经理|董事、监事和高级管理人员|董事、高级管理人员|"
    r"董监高|特定股东|持股5%以上(?:的)?股东|股东[\u4e00-\u9fff]{2,12}(?:有限公司|先生|女士)|"
    # a named holder: its name never runs back over the 的 that introduces it (…6.00%)的股东甲投资有限公司)
    r"(?:(?![的之及和与])[\u4e00-\u9fff]){2,16}(?:集团|投控|管理公司|有限公司)(?=计划|拟|将|承诺))"
)


# 每10股派发现金红利3.00元（含税）, 每股派发现金红利0.30元: cash per share, before tax
_PER_SHARE = compile_fast(rf"每\s*(10|十)?\s*股\s*(?:派发|派|分配|分派)(?:发)?(?:现金红利|现金股利|现金)?"
                          rf"(?:人民币)?{NUM}元")


def per_share(flat: str) -> float | None:
    m = _PER_SHARE.search(flat)
    if m is None:
        return None
    return float(m.group(2).replace(",", "")) / (10 if m.group(1) else 1)


# 公司股东李军先生基于自身资金需求，计划…; 股东达晨创通与晨鹰三号计划…: the holder a sale or purchase plan names
_NAMED_HOLDER = compile_fast(r"股东((?:(?!基于|因|出于|计划|拟|持有)[\u4e00-\u9fffA-Za-z]){2,20}?)(?:先生|女士)?"
                             r"(?=基于|因|出于|计划|拟)")


def _flat(text: str) -> str:
    return compact(text).replace("，", ",").replace("（", "(").replace("）", ")")


def read_terms(quote: str, deadline: dt.date | None = None, start: dt.date | None = None) -> Terms:
    """The figures, actor and instrument `quote` states; the window is the resolved deadline's."""
    flat = _flat(quote)
    # each reader needs its unit word: most quotes state no figures, and a search that cannot match is skipped
    money, shares, ratio = "元" in flat, "股" in flat, "%" in flat
    floor = ceiling = None
    if money and (m := _RANGE.search(flat)):
        floor = value_of(m.group(1), m.group(2) or m.group(4))
        ceiling = value_of(m.group(3), m.group(4))
    if money and (m := _FLOOR.search(flat)):
        floor = value_of(m.group(1), m.group(2))
    if money and (m := _CEILING.search(flat)):
        ceiling = value_of(m.group(1), m.group(2))
    price = _PRICE_CAP.search(flat) if money else None
    share_cap = _SHARE_CAP.search(flat) if shares else None
    share_floor = _SHARE_FLOOR.search(flat) if shares else None
    ratio_cap = _RATIO_CAP.search(flat) if ratio else None
    ratio_floor = _RATIO_FLOOR.search(flat) if ratio else None
    bond = _BOND.search(flat) if _BOND_WORD.search(flat) else None
    holder = _NAMED_HOLDER.search(flat) if "股东" in flat else None
    actor = holder or (_ACTOR.search(flat) if _ACTOR_WORD.search(flat) else None)
    return Terms(
        amount_floor=floor, amount_ceiling=ceiling,
        share_floor=value_of(share_floor.group(1), share_floor.group(2)) if share_floor else None,
        share_cap=value_of(share_cap.group(1), share_cap.group(2)) if share_cap else None,
        ratio_floor=float(ratio_floor.group(1)) if ratio_floor else None,
        ratio_cap=float(ratio_cap.group(1)) if ratio_cap else None,
        price_cap=float(price.group(1).replace(",", "")) if price else None,
        window_start=start, window_end=deadline,
        actor=actor.group(1) if actor else None,
        instrument=(bond.group(1) or bond.group(2)) if bond else None,
        per_share=per_share(flat) if money and "每" in flat else None,
    )


def money_text(value: float) -> str:
    """5,000万, 1.5亿, 300: the way a Chinese reader writes amounts (the caller adds 元 or 股)."""
    for unit in ("亿", "万"):
        size = UNIT_VALUE[unit]
        if value >= size:
            number = value / size
            return f"{number:,.2f}".rstrip("0").rstrip(".") + unit
    return f"{value:,.0f}"
