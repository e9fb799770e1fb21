"""The JSON-lines batch contracts that evaluation tools rely on. Keep their shapes exactly.

    deadline --batch: {"id", "phrase", "ref_date"} → {"id", "deadline", "start", "precision"}
    extract  --batch: {"id", "text", "doc_date"}  → {"id", "commitments": [...]}
    judge    --batch: {"id", "commitment", "later_filing"} → {"id", "verdict", "evidence"}

A bad line prints {"id", "error"} and the run goes on.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from trackers.check import judge
from trackers.domain import CommitmentDraft, JudgeInput, Kind, LaterFiling
from trackers.errors import UsageError
from trackers.extract.deadlines import resolve_phrase
from trackers.extract.pipeline import extract
from trackers.promises import promise_type
from trackers.promises.terms import read_terms


def _date(value: Any, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{field} must be a date YYYY-MM-DD, got {value!r}") from exc


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def deadline_line(row: dict[str, Any]) -> dict[str, Any]:
    resolved = resolve_phrase(str(row["phrase"]), _date(row.get("ref_date"), "ref_date"))
    return {
        "id": row.get("id"),
        "deadline": _iso(resolved.deadline if resolved else None),
        "start": _iso(resolved.start if resolved else None),
        "precision": resolved.precision.value if resolved else None,
    }


def draft_json(draft: CommitmentDraft) -> dict[str, Any]:
    return {
        "quote": draft.quote, "kind": draft.kind.value, "type": draft.type, "terms": draft.terms.as_dict(),
        "subject": draft.subject,
        "deadline": _iso(draft.deadline), "deadline_text": draft.deadline_text,
        "precision": draft.precision.value, "start": _iso(draft.deadline_start),
        "confidence": draft.confidence, "keywords": list(draft.keywords),
        "span": [draft.start, draft.end],
    }


def extract_line(row: dict[str, Any]) -> dict[str, Any]:
    text = row.get("text")
    if not isinstance(text, str):
        raise UsageError("text must be a string")
    drafts = extract(text, _date(row.get("doc_date"), "doc_date"))
    return {"id": row.get("id"), "commitments": [draft_json(d) for d in drafts]}


def judge_input(commitment: dict[str, Any]) -> JudgeInput:
    try:
        kind = Kind(str(commitment.get("kind", "plan")))
    except ValueError as exc:
        raise UsageError(f"unknown kind {commitment.get('kind')!r}") from exc
    deadline = commitment.get("deadline")
    start = commitment.get("start")
    quote = str(commitment.get("quote", ""))
    deadline_day = _date(deadline, "commitment.deadline") if deadline else None
    start_day = _date(start, "commitment.start") if start else None
    # the gold lines carry no type or terms: read them from the quote as extraction does
    return JudgeInput(
        quote=quote, kind=kind, subject=str(commitment.get("subject", "")),
        type=promise_type(quote).name, terms=read_terms(quote, deadline_day, start_day),
        deadline=deadline_day,
        deadline_text=str(commitment.get("deadline_text", "")),
        keywords=tuple(commitment.get("keywords") or ()),
        start=start_day,
    )


def judge_line(row: dict[str, Any]) -> dict[str, Any]:
    filing = row.get("later_filing") or {}
    later = LaterFiling(str(filing.get("title", "")), _date(filing.get("date"), "later_filing.date"),
                        str(filing.get("text", "")))
    result = judge(judge_input(row.get("commitment") or {}), later)
    return {"id": row.get("id"), "verdict": result.verdict.value, "evidence": result.evidence,
            "confidence": result.confidence, "reason": result.reason}


def run(lines: Iterable[str], handle: Callable[[dict[str, Any]], dict[str, Any]]) -> Iterator[str]:
    """One JSON line out per non-blank line in, in order; errors become {"id", "error"}."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row_id: Any = None
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise UsageError("each line must be a JSON object")
            row_id = row.get("id")
            out = handle(row)
        except (UsageError, KeyError, json.JSONDecodeError) as exc:
            out = {"id": row_id, "error": f"line {number}: {exc}"}
        except Exception as exc:  # a fault on one line must not cost the others their answers
            out = {"id": row_id, "error": f"line {number}: {type(exc).__name__}: {exc}"}
        yield json.dumps(out, ensure_ascii=False)
