"""What the judge reads of a commitment — a stored row or a fresh draft — as one JudgeInput."""
from __future__ import annotations

from typing import Any

from trackers.domain import JudgeInput, Kind, Terms
from trackers.promises.identity import as_judged

__all__ = ["as_judged", "judge_input"]


def judge_input(row: Any, restatements: tuple[str, ...] = ()) -> JudgeInput:
    """An ORM row or a row of the judged columns, with the wording of the filings that restate it."""
    return JudgeInput(quote=row.quote, kind=Kind(row.kind), subject=row.subject, deadline=row.deadline,
                      deadline_text=row.deadline_text, keywords=tuple(row.keywords or ()), start=row.start,
                      type=row.type, terms=Terms.from_dict(row.terms), restatements=restatements)
