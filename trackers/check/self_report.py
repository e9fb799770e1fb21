"""The company's own word on a commitment (a periodic report's 履行情况 column) set against the record.

A report can say a promise is still being kept (正常履行中) two years after its period ended, or performed when a
filing on record shows it broken; data vendors copy the column as it is. What contradicts the record, or admits
an overdue promise, is told beside the company's word. Pure: the commitment's facts in, an explanation out.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from trackers.domain import explanation

_STILL_OPEN = re.compile(r"正常履行中|正在履行中|正在履行|履行中|尚在履行|持续履行")
_DONE = re.compile(r"已履行完毕|履行完毕|已完成|^是$")
_OVERDUE = re.compile(r"超期|未履行|未能履行|违反")
_BREACHED = ("broken",)


# a fiscal year's profit is verified in the annual report that follows it (by 04-30): until then, open is true
_VERIFIED_LATER = {"profit_commitment": dt.timedelta(days=120)}


def contradiction(status: str, deadline: dt.date | None, reported: str | None,
                  reported_on: dt.date | None, type_name: str = "other") -> dict[str, Any] | None:
    """What the company's own word (`reported`, in a report of `reported_on`) gets wrong, or admits, or None."""
    if not reported:
        return None
    if _OVERDUE.search(reported):
        return explanation("reported_overdue", said=reported)
    grace = _VERIFIED_LATER.get(type_name, dt.timedelta(0))
    if (_STILL_OPEN.search(reported) and deadline is not None and reported_on is not None
            and reported_on > deadline + grace):
        return explanation("still_open_after_deadline", said=reported, end=deadline)
    if status in _BREACHED and (_DONE.search(reported) or _STILL_OPEN.search(reported)):
        return explanation("record_says_broken", said=reported)
    return None
