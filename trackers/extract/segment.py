"""Split a filing into sentences with offsets, and tell questions from answers.

Filings arrive as PDF text (lines wrapped mid-sentence), HTML fragments, Q&A pages from 互动易 and
e互动, and third-party digests with " - " bullets. A sentence ends at 。！？；, at a bullet, or at a
line break that closes a line (punctuation, a table row, a heading); other line breaks are wraps.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable

from trackers.domain import Segment
from trackers.text.first_chars import compile_fast

_HARD_END = set("。！？!?")  # ； separates clauses of one sentence (回购金额…;回购期限…)
_LINE_CLOSERS = set("。！？!?；;：:」』”)")
_BULLET_START = compile_fast(
    r"\s*(?:[●■◆▲•·\-–—]\s|[(（]?[0-9一二三四五六七八九十]{1,3}[)）、.．]|[QA]\s*\d*\s*[:：]|问\s*[:：]|答\s*[:：]|[│|])"
)
_TITLE_END = compile_fast(r"(?:公告|通知|报告|意见|函|书|表|说明|提示|情况)\s*$")
_PAGE_GAP = 200  # blank lines and a page footer's worth of spaces between a line and its continuation
_TAGS = compile_fast(r"<[^>]{0,80}>")

# Markers that open an investor's question and a company's answer (IR records, 互动易, e互动, digests).
_QUESTION = (
    r"\bQ\s*\d*\s*[:：]|(?<![回解])问\s*[:：]|提问\s*[:：]?|提問|向[^\s，,。]{2,12}?(?:提问|提問)|"
    r"董秘[,，\s]*(?:你好|您好|好)|irm\d+问|请问|"
    # a digest's speaker labels: 投资者：… then 董秘：… (not 尊敬的投资者：, which opens an answer)
    r"(?<![\u4e00-\u9fff])投资者\s*[:：]"
)
_ANSWER = (
    # 回复 alone is often reported speech inside a question (公司8月份回复就说…): only 回复:, 回复称 and the like
    r"\bA\s*\d*\s*[:：]|(?<![问])答\s*[:：]|回答\s*[:：]?|回答表示|回复(?:称|表示|说明|如下|[:：])|答复(?:称|[:：])|"
    r"(?:董秘|董事会秘书)(?:回复|答复|\s*[:：])|答irm\d+|"
    r"(?:平台|平臺)表示|尊敬的投[资資]者|投资者,?\s*您好|^\s*您好|[\n>]\s*您好|感[谢謝]您的[关關]注"
)
# One pass: where a question marker and an answer marker start together, the question wins.
_MARKS = compile_fast(f"(?=[QA问答提向董i请回平尊投您感\n>]|^)(?:(?P<question>{_QUESTION})|(?P<answer>{_ANSWER}))")
_LATER_MARKS = compile_fast(f"(?=[QA问答提向董i请回平尊投您感\n>])(?:(?P<question>{_QUESTION})|(?P<answer>{_ANSWER}))")


def _unclosed(tail: str) -> bool:
    """Does the fragment end inside a title or a parenthesis opened in it?"""
    for opener, closer in (("《", "》"), ("(", ")")):
        at = tail.rfind(opener)
        if at >= 0 and closer not in tail[at:]:
            return True
    return False


def _role_marks(view: str) -> list[tuple[int, str]]:
    # only the first position can be ^: the rest is scanned with a plain character class in front
    first = _MARKS.match(view)
    marks = [(first.start(), first.lastgroup or "statement")] if first else []
    rest = _LATER_MARKS.finditer(view, first.end() if first and first.end() > 0 else 1)
    return marks + [(m.start(), m.lastgroup or "statement") for m in rest]


_CUT_CHARS = compile_fast(r"[。！？!?\n●■◆-]")  # one class, which the engine scans for in C


def _cut_candidates(view: str) -> list[int]:
    r"""Where `[。！？!?\n●■◆]|\s-\s` would match, scanning for single characters: a bullet's dash
    (" - ") is rare enough to check by hand, and a class scan is twice as fast as the alternation."""
    starts: list[int] = []
    taken = -1  # the end of the last " - ": the characters it covers start nothing
    for m in _CUT_CHARS.finditer(view):
        at = m.start()
        if at < taken:
            continue
        if view[at] != "-":
            starts.append(at)
        elif (at - 1 >= max(taken, 0) and at + 1 < len(view) and view[at - 1] != "\n"
              and view[at - 1].isspace() and view[at + 1].isspace()):
            starts.append(at - 1)  # the alternation takes a line break as a cut of its own, before any dash
            taken = at + 2
    return starts


_LOOK_BACK = 1500  # no sentence worth reading is longer; past this a sentence starts anyway


def _cut_at(view: str, i: int) -> tuple[int, int] | None:
    """(end of the sentence before, start of the next) if the candidate at `i` ends a sentence."""
    ch = view[i]
    if ch in _HARD_END:
        return i + 1, i + 1
    if ch == "\n":
        if i and view[i - 1] in _HARD_END:
            return i, i + 1  # the mark before it ended the sentence already: the break only follows it
        return (i, i + 1) if line_ends_sentence(view, i) else None
    if ch in "●■◆":
        return i, i
    i += 1  # " - " between words is a bullet; "2025 - 2032年" is a range
    if view[i - 2: i - 1].isdigit() and view[i + 2: i + 3].isdigit():
        return None
    return i, i


def line_ends_sentence(view: str, i: int) -> bool:
    tail = view[max(0, i - 80):i]
    if ("《" in tail or "(" in tail) and _unclosed(tail):
        return False  # a line break inside 《…》 or (…): a wrap, whatever the line looks like
    line_start = view.rfind("\n", 0, i) + 1
    line = view[line_start:i].strip()
    if not line:  # a blank line: the break is the one that ended the last written line
        last = line_start  # the break after the last written line's text (a blank run is short: a bounded walk)
        while last > 0 and line_start - last <= _PAGE_GAP and view[last - 1].isspace():
            last -= 1
        return last == 0 or line_start - last > _PAGE_GAP or view[last] != "\n" or line_ends_sentence(view, last)
    nxt = view.find("\n", i + 1)
    following = view[i + 1: nxt if nxt >= 0 else len(view)]
    if not following.strip():
        return not page_break_wrap(view, i, line)
    return (line[-1] in _LINE_CLOSERS or "│" in line or "|" in line or len(line) < 16
            or bool(_BULLET_START.match(following)) or _is_title(line) or _is_headline(view, line_start, line))


_HEADLINE_CHARS = 60


def _is_headline(view: str, line_start: int, line: str) -> bool:
    """A text's first written line, short, with no sentence mark in it, is its headline (a digest's
    【公告速递】X：控股股东拟6个月内增持1亿-2亿元): the body starts on the next line, whatever that says."""
    if len(line) > _HEADLINE_CHARS or _SENTENCE_MARKS.search(line):
        return False
    lead = _LEADING_SPACE.match(view)  # only the white space before the first line is read, not the whole text
    return lead is not None and lead.end() >= line_start


_LEADING_SPACE = compile_fast(r"\s*")
_SENTENCE_MARKS = compile_fast(r"[。！？!?；;]")
_CLAUSE_PUNCT = compile_fast(r"[，,。；;]")


def _is_title(line: str) -> bool:
    """关于持股5%以上股东减持股份预披露公告: an announcement's title is a line of its own, whatever follows."""
    return bool(_TITLE_END.search(line)) and not _CLAUSE_PUNCT.search(line)


def page_break_wrap(view: str, i: int, line: str) -> bool:
    """Does a PDF page break (blank lines) fall inside a sentence (自减持计\n\n划公告之日起…)?

    Only a long line, cut mid-clause, that is no title, and whose text goes on in a plain line."""
    if len(line) < 25 or line[-1] in _LINE_CLOSERS or _TITLE_END.search(line) or "|" in line or "│" in line:
        return False  # short, closed, a title, or a table row: none runs on after a page break
    gap = view[i: i + _PAGE_GAP]
    rest = gap.lstrip()
    if not rest or gap[:len(gap) - len(rest)].count("\n") > 3:
        return False
    return not _BULLET_START.match(rest) and rest[0] not in "#一二三四五六七八九十"


class _Cuts:
    """Where sentences may end, found once; each candidate is judged only when a sentence needs it."""

    def __init__(self, view: str) -> None:
        self.view = view
        self.starts = _cut_candidates(view)
        self._judged: dict[int, tuple[int, int] | None] = {}

    def cut(self, k: int) -> tuple[int, int] | None:
        if k in self._judged:
            return self._judged[k]
        judged = self._judged[k] = _cut_at(self.view, self.starts[k])
        return judged

    def sentence_at(self, at: int) -> tuple[int, int]:
        """After the last sentence end before `at`, up to the next one."""
        view = self.view
        k = bisect.bisect_left(self.starts, at)
        start = 0
        for j in range(k - 1, -1, -1):
            cut = self.cut(j)
            if cut is not None and cut[1] <= at:
                start = cut[1]
                break
            if at - self.starts[j] > _LOOK_BACK:
                start = self.starts[j]
                break
        end = len(view)
        for j in range(k, len(self.starts)):
            cut = self.cut(j)
            if cut is not None and cut[0] > at:
                end = cut[0]
                break
        while start < end and view[start].isspace():  # quotes start and end on words
            start += 1
        while end > start and view[end - 1].isspace():
            end -= 1
        return start, end


def segment_around(text: str, view: str, positions: Iterable[int]) -> list[Segment]:
    """The sentences holding `positions` (time words), each tagged question, answer or statement.

    Only these sentences are ever looked at, so a long filing costs what its dated sentences cost."""
    marks = _role_marks(view)
    mark_at = [p for p, _role in marks]
    cuts = _Cuts(view)
    segments: list[Segment] = []
    covered_to = -1
    for at in sorted(positions):
        if at < covered_to:
            continue
        start, end = cuts.sentence_at(at)
        if end <= start or end <= covered_to:
            continue
        covered_to = end
        k = bisect.bisect_left(mark_at, end) - 1  # the last mark before the sentence's end decides
        role = marks[k][1] if k >= 0 else "statement"
        if view[end - 1] in "?？吗嗎":
            role = "question"
        segments.append(Segment(start, end, text[start:end], role))
    return segments


def strip_markup(view: str) -> str:
    """Blank out HTML tags in the view (same length), so they never split or join words."""
    return _TAGS.sub(lambda m: " " * len(m.group(0)), view)
