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
_TAGS = re.compile(r"<[^>]{0,80}>")

# Markers that open an investor's question and a company's answer (IR records, 互动易, e互动, digests).
_QUESTION = (
    r"\bQ\s*\d*\s*[:：]|(?<![回解])问\s*[:：]|提问\s*[:：]?|提問|向[^\s，,。]{2,12}?(?:提问|提問)|"
    r"董秘[,，\s]*(?:你好|您好|好)|irm\d+问|请问"
)
_ANSWER = (
    r"\bA\s*\d*\s*[:：]|(?<![问])答\s*[:：]|回答\s*[:：]?|回答表示|回复称|回复|答复|答irm\d+|"
    r"(?:平台|平臺)表示|尊敬的投[资資]者|投资者,?\s*您好|^\s*您好|[\n>]\s*您好|感[谢謝]您的[关關]注"
)
# One pass: where a question marker and an answer marker start together, the question wins.
_MARKS = re.compile(f"(?=[QA问答提向董i请回平尊投您感\n>]|^)(?:(?P<question>{_QUESTION})|(?P<answer>{_ANSWER}))")


def _unclosed(tail: str) -> bool:
    """Does the fragment end inside a title or a parenthesis opened in it?"""
    for opener, closer in (("《", "》"), ("(", ")")):
        at = tail.rfind(opener)
        if at >= 0 and closer not in tail[at:]:
            return True
    return False


def _role_marks(view: str) -> list[tuple[int, str]]:
    return [(m.start(), m.lastgroup or "statement") for m in _MARKS.finditer(view)]


_CUT_CANDIDATE = re.compile(r"[。！？!?\n●■◆]|\s-\s")


def _sentence_bounds(view: str) -> Iterator[tuple[int, int]]:
    """Sentence spans; only the characters that can end a sentence are looked at."""
    start, n = 0, len(view)
    for m in _CUT_CANDIDATE.finditer(view):
        i = m.start()
        ch = view[i]
        if ch in _HARD_END:
            cut, resume = i + 1, i + 1
        elif ch == "\n":
            if not _line_ends_sentence(view, start, i):
                continue
            cut, resume = i, i + 1
        elif ch in "●■◆":
            cut, resume = i, i
        else:  # " - " between words is a bullet; "2025 - 2032年" is a range
            i += 1
            if view[i - 2: i - 1].isdigit() and view[i + 2: i + 3].isdigit():
                continue
            cut, resume = i, i
        if cut > start and view[start:cut].strip():
            yield start, cut
        start = max(start, resume)
    if view[start:n].strip():
        yield start, n


def _line_ends_sentence(view: str, start: int, i: int) -> bool:
    if _unclosed(view[max(start, i - 80):i]):
        return False  # a line break inside 《…》 or (…): a wrap, whatever the line looks like
    line_start = view.rfind("\n", 0, i) + 1
    line = view[line_start:i].strip()
    nxt = view.find("\n", i + 1)
    following = view[i + 1: nxt if nxt >= 0 else len(view)]
    return (not line or line[-1] in _LINE_CLOSERS or "│" in line or "|" in line or len(line) < 16
            or bool(_BULLET_START.match(following)) or not following.strip())


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
        if view[end - 1] in "?？" or view[end - 1] in "吗嗎":
            sentence_role = "question"
        if start < end:
            segments.append(Segment(start, end, text[start:end], sentence_role))
    return segments


def strip_markup(view: str) -> str:
    """Blank out HTML tags in the view (same length), so they never split or join words."""
    return _TAGS.sub(lambda m: " " * len(m.group(0)), view)
