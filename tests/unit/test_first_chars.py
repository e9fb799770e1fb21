"""compile_fast: a look-ahead of first characters changes where the engine tries, never what it finds."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trackers.extract.deadlines import PATTERNS
from trackers.extract.first_chars import compile_fast


@pytest.mark.parametrize(("pattern", "starts"), [
    (r"(?:截至|不晚于)?\s*(?<!\d)(?:19|20)\d{2}年", r"(?=[12\s不截])"),  # optional words, then a look-behind
    (r"\d+个?月", r"(?=[\d])"),
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
])
def test_a_pattern_whose_start_cannot_be_told_is_compiled_as_written(pattern: str) -> None:
    assert compile_fast(pattern).pattern == pattern


# the characters date phrases are made of, and some that are not
_ALPHABET = "0123456789〇零一二两三四五六七八九十百年月日号前内底末个交易工作周天季度半上下旬今明本当次来后未此不超过最长截至止晚迟于自起之-/.~至到QH节春国庆 \n，,。"


def test_the_deadline_patterns_are_compiled_fast() -> None:
    assert sum(p.pattern.startswith("(?=[") for _n, p, _h in PATTERNS) >= len(PATTERNS) // 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_every_deadline_pattern_finds_the_same_matches_as_written(text: str) -> None:
    for _needle, fast, _handler in PATTERNS:
        wrapped = re.fullmatch(r"\(\?=\[.*?\]\)\(\?:(.*)\)", fast.pattern, re.S)
        plain = re.compile(wrapped.group(1)) if wrapped else fast
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == \
               [(m.span(), m.groupdict()) for m in plain.finditer(text)], fast.pattern
