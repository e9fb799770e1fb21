"""Header fields of an investor-relations activity record (投资者关系活动记录表) and other filings.

The record's layout is fixed by the exchanges: 证券代码, 证券简称, 编号, 投资者关系活动类别 (the ticked
box), 时间, 地点, 参与单位名称及人员姓名, 上市公司接待人员姓名, 投资者关系活动主要内容介绍, 日期.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from trackers.domain import FilingKind

_DATE = r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"
_CODE = re.compile(r"(?:证券代码|股票代码|公司代码)\s*[:：]?\s*(\d{6})")
# the short name ends at the next label even where the PDF lost the space before it (远澜科技公告编号：…)
_SHORT = re.compile(r"(?:证券简称|股票简称|公司简称)\s*[:：]?\s*([^\s:：|│,，]{2,10}?)"
                    r"(?=\s|(?:公告|记录表)?编号|债券代码|债券简称|证券代码|[:：|│,，]|$)")
_NUMBER = re.compile(r"(?:记录表)?编号\s*[:：]\s*([\w\-]+)")
_FULL_NAME = re.compile(r"([\u4e00-\u9fff（）()]{4,40}?(?:股份有限公司|集团有限公司|有限公司))")
_CATEGORY = re.compile(r"[√☑■]\s*([\u4e00-\u9fff]{2,12}(?:[（(][^）)]{1,20}[）)])?)")
_TIME = re.compile(r"(?:活动)?时间\s*[:：]?\s*" + _DATE)
_PLACE = re.compile(r"地点(?:/方式)?\s*[:：]?\s*([^\n]{2,80})")
_SIGNED = re.compile(r"日期\s*[:：]?\s*" + _DATE)
# an announcement is dated by its signature: …董事会 (or 公司) on one line, the day on the next, at the end
_SIGNATURE = re.compile(r"(?:董事会|监事会|有限公司|股东大会)\s*\n\s*" + _DATE + r"\s*(?:\n|$)")
_ANNOUNCED = re.compile(r"(?:公告日期|公告时间|发布时间)\s*[:：]?\s*" + _DATE)
_PARTICIPANTS = re.compile(r"参与单位名称及人员姓名\s*[:：]?\s*([^\n]{2,2000})")
_HOSTS = re.compile(r"上市公司接待人员姓名\s*[:：]?\s*([^\n]{2,400})")


@dataclass(frozen=True, slots=True)
class HeaderFields:
    kind: FilingKind
    code: str | None = None
    short_name: str | None = None
    full_name: str | None = None
    number: str | None = None
    category: str | None = None
    activity_date: dt.date | None = None
    place: str | None = None
    participants: str | None = None
    hosts: str | None = None
    title: str | None = None


def _day(m: re.Match[str] | None) -> dt.date | None:
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _last_day(pattern: re.Pattern[str], text: str) -> dt.date | None:
    found = None
    for m in pattern.finditer(text):
        found = _day(m) or found
    return found


def _group(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(1).strip() if m else None


# an announcement's own title or number at its top: what it cites further down (an IR record, 互动易) does not make
# it one (关于…延期的公告 citing 投资者关系活动, a 业绩说明会召开情况 notice with its questions)
_ANNOUNCES = re.compile(r"公告编号|关于[^\n]{2,60}的(?:公告|通知)")
_REPORT_TITLE = re.compile(r"(?:19|20)\d{2}\s*年\s*(?:半年度|年度)报告(?:全文)?\s*(?:\n|$)")


def kind_of(text: str) -> FilingKind:
    head = text[:3000]
    if "投资者关系活动类别" in head:  # the record's own form field
        return FilingKind.IR_RECORD
    if _REPORT_TITLE.search(head[:1500]) and not _ANNOUNCES.search(head[:400]):
        return FilingKind.PERIODIC_REPORT
    if _ANNOUNCES.search(head[:400]):
        return FilingKind.ANNOUNCEMENT
    if "投资者关系活动记录表" in head:
        return FilingKind.IR_RECORD
    if re.search(r"互动易|e互动|投资者互动平台|网友提问|投资者提问|董秘回答", head):
        return FilingKind.QA_ANSWER
    if re.search(r"公告编号|特此公告|董事会\s*\n?\s*(?:19|20)\d{2}\s*年|关于[^\n]{2,60}的公告", text):
        return FilingKind.ANNOUNCEMENT
    return FilingKind.OTHER


def header_fields(text: str) -> HeaderFields:
    """Read what the header says. `text` is the normalised text; missing fields stay None."""
    kind = kind_of(text)
    head = text[:4000]
    activity = _day(_TIME.search(head)) if kind is FilingKind.IR_RECORD else None
    signed = (_day(_SIGNED.search(text[-600:])) or _last_day(_SIGNATURE, text[-600:])
              or _day(_SIGNED.search(head)))
    announced = _day(_ANNOUNCED.search(head))
    title = None
    m = re.search(r"关于[^\n。]{2,80}?(?:公告|通知|报告书|提示性公告)|投资者关系活动记录表", head)
    if m:
        title = m.group(0)
    return HeaderFields(
        kind=kind,
        code=_group(_CODE, head),
        short_name=_group(_SHORT, head),
        full_name=_group(_FULL_NAME, head),
        number=_group(_NUMBER, head),
        category=_group(_CATEGORY, head),
        activity_date=activity or announced or signed,
        place=_group(_PLACE, head) if kind is FilingKind.IR_RECORD else None,
        participants=_group(_PARTICIPANTS, head) if kind is FilingKind.IR_RECORD else None,
        hosts=_group(_HOSTS, head) if kind is FilingKind.IR_RECORD else None,
        title=title,
    )
