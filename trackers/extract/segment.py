"""Split a filing into sentences with offsets, and tell questions from answers.

Filings arrive as PDF text (lines wrapped mid-sentence), HTML fragments, Q&A pages from 互动易 and
e互动, and third-party digests with " - " bullets. A sentence ends at 。！？；, at a bullet, or at a
line break that closes a line (punctuation, a table row, a heading); other line breaks are wraps.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from trackers.domain import Segment

_HARD_END = set("。！？!?")  # ； separates clauses of one sentence (回购金额…;回购期限…)
_LINE_CLOSERS = set("。！？!?；;：:」』”)")
_BULLET_START = re.compile(
    r"\s*(?:[●■◆▲•·\-–—]\s|[(（]?[0-9一二三四五六七八九十]{1,3}[)）、.．]|[QA]\s*\d*\s*[:：]|问\s*[:：]|答\s*[:：]|[│|])"
)
_BULLET_INLINE = re.compile(r"\s-\s|[●■◆]")
_TAGS = re.compile(r"<[^>]{0,80}>")

# Markers that open an investor's question and a company's answer (IR records, 互动易, e互动, digests).
_QUESTION = re.compile(
    r"(?:\bQ\s*\d*\s*[:：]|(?<![回解])问\s*[:：]|提问\s*[:：]?|提問|向\S{2,12}(?:提问|提問)|"
    r"董秘[,，\s]*(?:你好|您好|好)|irm\d+问|请问)"
)
_ANSWER = re.compile(
    r"(?:\bA\s*\d*\s*[:：]|(?<![问])答\s*[:：]|回答\s*[:：]?|回答表示|回复称|回复|答复|答irm\d+|"
    r"(?:平台|平臺)表示|尊敬的投资者|尊敬的投資者|投资者您好|投资者,\s*您好|^\s*您好|[\n>]\s*您好|感谢您的关注|"
    r"感謝您的關注)"
)


def _unclosed(fragment: str) -> bool:
    """Does the fragment end inside a title or a parenthesis opened in its last 80 characters?"""
    tail = fragment[-80:]
    for opener, closer in (("《", "》"), ("(", ")")):
        at = tail.rfind(opener)
        if at >= 0 and closer not in tail[at:]:
            return True
    return False


def _role_marks(view: str) -> list[tuple[int, str]]:
    marks = [(m.start(), "question") for m in _QUESTION.finditer(view)]
    q_spans = [(m.start(), m.end()) for m in _QUESTION.finditer(view)]
    for m in _ANSWER.finditer(view):
        if any(a <= m.start() < b for a, b in q_spans):
            continue
        marks.append((m.start(), "answer"))
    marks.sort()
    return marks


def _sentence_bounds(view: str) -> Iterator[tuple[int, int]]:
    start, i, n = 0, 0, len(view)
    while i < n:
        ch = view[i]
        cut = None
        if ch in _HARD_END:
            cut = i + 1
        elif ch == "\n":
            line_start = view.rfind("\n", 0, i) + 1
            line = view[line_start:i].strip()
            following = view[i + 1: view.find("\n", i + 1) if view.find("\n", i + 1) >= 0 else n]
            opened = view[start:i]
            if _unclosed(opened):
                cut = None  # a line break inside 《…》 or (…): a wrap, whatever the line looks like
            elif (
                not line
                or line[-1] in _LINE_CLOSERS
                or "│" in line or "|" in line
                or len(line) < 16
                or _BULLET_START.match(following)
                or not following.strip()
            ):
                cut = i
        elif ch in "-●■◆" and _BULLET_INLINE.match(view, i - 1 if ch == "-" else i) and not (
            ch == "-" and i >= 2 and view[i - 2].isdigit() and view[i + 2: i + 3].isdigit()
        ):
            cut = i
        if cut is not None:
            if view[start:cut].strip():
                yield start, cut
            start = cut if ch not in "\n" else i + 1
        i += 1
    if view[start:n].strip():
        yield start, n


def segment(text: str, view: str) -> list[Segment]:
    """Sentences of `text` (offsets into it), each tagged question, answer or statement."""
    marks = _role_marks(view)
    segments: list[Segment] = []
    k, role = 0, "statement"
    for start, end in _sentence_bounds(view):
        # trim white space and markup so quotes start and end on words
        while start < end and (view[start].isspace() or view[start] in "\t"):
            start += 1
        while end > start and view[end - 1].isspace():
            end -= 1
        while k < len(marks) and marks[k][0] < end:
            # a mark inside the sentence decides its role; the last one before its end carries on
            role = marks[k][1]
            k += 1
        sentence_role = role
        body = view[start:end]
        if body.rstrip().endswith(("?", "？")) or re.search(r"[吗嗎][?？]?\s*$", body):
            sentence_role = "question"
        elif _ANSWER.search(body) and not _QUESTION.search(body):
            sentence_role = "answer"
        if start < end:
            segments.append(Segment(start, end, text[start:end], sentence_role))
    return segments


def strip_markup(view: str) -> str:
    """Blank out HTML tags in the view (same length), so they never split or join words."""
    return _TAGS.sub(lambda m: " " * len(m.group(0)), view)
