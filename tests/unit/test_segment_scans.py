"""The sentence cutter's fast scans find what their plain regular expressions find."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from trackers.extract import segment

_PLAIN_CUTS = re.compile(r"[。！？!?\n●■◆]|\s-\s")
# the characters that matter to either scan, and some that do not
_TEXT = st.lists(st.sampled_from(list(" -\n\t。!?●■a1") + ["答:", "问:", "您好", "Q:", "A1:", "投资者:", "董秘:", "公司"]),
                 max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_cut_candidates_are_where_the_alternation_matches(text: str) -> None:
    assert segment._cut_candidates(text) == [m.start() for m in _PLAIN_CUTS.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_role_marks_are_where_the_one_pattern_matches(text: str) -> None:
    plain = re.compile(segment._MARKS.pattern)
    assert segment._role_marks(text) == [(m.start(), m.lastgroup or "statement") for m in plain.finditer(text)]


def test_a_dash_between_spaces_is_a_bullet_once() -> None:
    assert segment._cut_candidates("a - b - - c\n- d") == [1, 5, 11]
