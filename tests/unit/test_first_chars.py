"""compile_fast: a look-ahead of first characters changes where the engine tries, never what it finds."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trackers.extract import classify, deadlines, pipeline, segment, subject
from trackers.extract.deadlines import PATTERNS
from trackers.promises import terms
from trackers.text.first_chars import compile_fast


@pytest.mark.parametrize(("pattern", "starts"), [
    (r"(?:截至|不晚于)?\s*(?<!\d)(?:19|20)\d{2}年", r"(?=[12\s不截])"),  # optional words, then a look-behind
    (r"(?:未来)?\d+个?月", r"(?=[\d未])"),
    (r"(?:上|下)?半年", r"(?=[上下半])"),
    (r"(?>本|下个)月", r"(?=[下本])"),
])
def test_a_pattern_gets_its_first_characters_in_front(pattern: str, starts: str) -> None:
    assert compile_fast(pattern).pattern == f"{starts}(?:{pattern})"


@pytest.mark.parametrize("pattern", [
    r"年?",  # may match nothing, so may start anywhere
    r".月",  # starts with any character
    r"[^年]月",  # a negated class: almost any character
    r"(?i)q[1-4]",  # flags change what a character matches
    r"(?P<a>年)?(?(a)底|末)",  # a conditional group's start is not read
    r"<[^>]{0,80}>",  # the engine scans for a leading character itself, faster than a look-ahead would
    r"回购|增持",  # …and for alternatives that each open with a character
    r"\d+个?月",  # …and for a repeated class
])
def test_a_pattern_whose_start_cannot_be_told_is_compiled_as_written(pattern: str) -> None:
    assert compile_fast(pattern).pattern == pattern


def _fast_patterns() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """(name, as compiled, as written) of every pattern the extraction modules compiled with a look-ahead."""
    found = []
    for module in (deadlines, classify, pipeline, segment, subject, terms):
        patterns = [(f"{module.__name__}.{name}", p) for name, p in vars(module).items() if isinstance(p, re.Pattern)]
        patterns += [(f"deadlines.PATTERNS[{i}]", p) for i, (_n, p, _h) in enumerate(PATTERNS)] if module is deadlines else []
        for name, fast in patterns:
            written = _WRAPPED.fullmatch(fast.pattern)
            if written:
                found.append((name, fast, re.compile(written.group(1))))
    return found


_WRAPPED = re.compile(r"\(\?=\[.*?\]\)\(\?:(.*)\)", re.S)
_FAST = _fast_patterns()
# text made of the words the patterns look for, and the digits, spaces and marks between them
_TOKENS = sorted({w for _n, _f, plain in _FAST for w in re.findall(r"[\u4e00-\u9fff]{1,4}", plain.pattern)}
                 | set("0123456789 \n\t，,。;；:：-/.|│%“”QAH"))


def test_the_extraction_patterns_are_compiled_fast() -> None:
    assert sum(name.startswith("deadlines.PATTERNS") for name, _f, _p in _FAST) >= len(PATTERNS) // 2
    assert len(_FAST) >= 40


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=24).map("".join), st.integers(0, 30))
def test_every_fast_pattern_finds_what_it_finds_as_written(text: str, pos: int) -> None:
    for name, fast, plain in _FAST:
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
               [(m.span(), m.groups()) for m in plain.finditer(text)], name
        found, expected = fast.search(text, pos, pos + 12), plain.search(text, pos, pos + 12)
        assert (found and found.span()) == (expected and expected.span()), name
