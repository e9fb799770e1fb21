"""The JSON-lines batch contracts that evaluation tools rely on. Keep their shapes exactly.

    deadline --batch: {"id", "phrase", "ref_date"} → {"id", "deadline", "start", "precision"}
    extract  --batch: {"id", "text", "doc_date"}  → {"id", "commitments": [...]}
    judge    --batch: {"id", "commitment", "later_filing"} → {"id", "verdict", "evidence"}

A bad line prints {"id", "error"} and the run goes on.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from trackers.check import judge
from trackers.domain import CommitmentDraft, JudgeInput, Kind, LaterFiling
from trackers.errors import UsageError
from trackers.extract.deadlines import resolve_phrase
from trackers.extract.pipeline import as_commitment, extract
from trackers.promises import promise_type
from trackers.promises.terms import read_terms


def _date(value: Any, field: str) -> dt.date:
    """A date written YYYY-MM-DD (a time after it is allowed); a number or 20250425 is an error, not a guess."""
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise UsageError(f"{field} must be a date YYYY-MM-DD, got {str(value)[:40]!r}")


def _text(row: dict[str, Any], field: str) -> str:
    value = row.get(field)
    if not isinstance(value, str):
        raise UsageError(f"{field} must be a string, got {type(value).__name__}")
    return value


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def deadline_line(row: dict[str, Any]) -> dict[str, Any]:
    resolved = resolve_phrase(_text(row, "phrase"), _date(row.get("ref_date"), "ref_date"))
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
        "span": [draft.start, draft.end], "anchor": draft.anchor, "restated": draft.restated,
        "reported_status": draft.reported_status,
    }


def extract_line(row: dict[str, Any]) -> dict[str, Any]:
    """The dated commitments of a text (a standing 长期 undertaking is no dated commitment, and is left out)."""
    drafts = extract(_text(row, "text"), _date(row.get("doc_date"), "doc_date"))
    return {"id": row.get("id"), "commitments": [draft_json(d) for d in drafts if not d.standing]}


def judge_input(commitment: dict[str, Any]) -> JudgeInput:
    """The commitment as the product would hold it: its type, terms and keywords built from the quote by the
    extraction itself (as_commitment), its kind, deadline and start as the line states them."""
    try:
        kind = Kind(str(commitment.get("kind", "plan")))
    except ValueError as exc:
        raise UsageError(f"unknown kind {commitment.get('kind')!r}") from exc
    deadline = commitment.get("deadline")
    start = commitment.get("start")
    said = commitment.get("source_doc_date")
    quote = str(commitment.get("quote", ""))
    deadline_day = _date(deadline, "commitment.deadline") if deadline else None
    start_day = _date(start, "commitment.start") if start else None
    said_on = _date(said, "commitment.source_doc_date") if said else (start_day or deadline_day or dt.date.today())
    built = as_commitment(quote, said_on, deadline_day)
    terms = read_terms(quote, deadline_day, start_day)
    if built is not None:
        terms = replace(built.terms, window_start=start_day or built.terms.window_start, window_end=deadline_day)
    return JudgeInput(
        quote=quote, kind=kind, subject=str(commitment.get("subject", "")) or (built.subject if built else ""),
        type=built.type if built is not None and built.type != "other" else promise_type(quote).name,
        terms=terms, deadline=deadline_day,
        deadline_text=str(commitment.get("deadline_text", "")),
        keywords=tuple(commitment.get("keywords") or (built.keywords if built else ())),
        start=start_day,
    )


def judge_line(row: dict[str, Any]) -> dict[str, Any]:
    filing = row.get("later_filing") or {}
    later = LaterFiling(str(filing.get("title", "")), _date(filing.get("date"), "later_filing.date"),
                        str(filing.get("text", "")))
    result = judge(judge_input(row.get("commitment") or {}), later)
    return {"id": row.get("id"), "verdict": result.verdict.value, "evidence": result.evidence,
            "confidence": result.confidence, "reason": result.reason}


MAX_LINE_CHARS = 20_000_000  # as a filing: a line beyond this is refused, not parsed


def run(lines: Iterable[bytes | str], handle: Callable[[dict[str, Any]], dict[str, Any]]) -> Iterator[str]:
    """One JSON line out per non-blank line in, in order; a bad line becomes {"id", "error"} and the rest are
    answered. Lines are split on "\n" only (U+2028 inside a string is text), each decoded on its own
    (invalid UTF-8 spoils one line), a BOM is dropped, NaN and Infinity are refused, and what comes out is
    always valid JSON."""
    for number, raw in enumerate(lines, start=1):
        row_id: Any = None
        try:
            line = _decode(raw)
            if not line.strip():
                continue
            if len(line) > MAX_LINE_CHARS:
                raise UsageError(f"the line has {len(line):,} characters; the limit is {MAX_LINE_CHARS:,}")
            row = json.loads(line, parse_constant=_no_constant)
            if not isinstance(row, dict):
                raise UsageError("each line must be a JSON object")
            row_id = row.get("id")
            if isinstance(row_id, bool) or (row_id is not None and not isinstance(row_id, str | int)):
                row_id = None
                raise UsageError("id must be a string or an integer")
            out = handle(row)
        except (UsageError, KeyError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            out = {"id": row_id if row_id is not None else _readable_id(raw), "error": f"line {number}: {exc}"}
        except Exception as exc:  # a fault on one line must not cost the others their answers
            out = {"id": row_id, "error": f"line {number}: {type(exc).__name__}: {exc}"}
        yield _dumps(out)


def _decode(raw: bytes | str) -> str:
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    return text.removeprefix("\ufeff").rstrip("\r")


def _no_constant(name: str) -> Any:
    raise UsageError(f"{name} is not a JSON number")


_ID = re.compile(rb'"id"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d{1,30})')


def _readable_id(raw: bytes | str) -> Any:
    """The id of a line that could not be parsed, where its bytes still show it."""
    data = raw.encode("utf-8", "replace") if isinstance(raw, str) else raw
    m = _ID.search(data[:100_000])
    if m is None:
        return None
    try:
        return json.loads(m.group(1).decode("utf-8", "replace"))
    except ValueError:
        return None


def _dumps(out: dict[str, Any]) -> str:
    """Valid JSON whatever the input held, one line for every reader: lone surrogates are written as \\u
    escapes, and so are U+2028 and U+2029, where line-based readers (JavaScript's, Python's splitlines) split."""
    text = json.dumps(out, ensure_ascii=False, allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(out, ensure_ascii=True, allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
