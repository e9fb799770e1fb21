"""docs/deadlines.md states the conventions in a table; every row is resolved here, so the document a user reads
and the resolver the product runs cannot drift apart."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import ROOT
from trackers.extract.deadlines import resolve_phrase

DOC = ROOT / "docs" / "deadlines.md"


def _rows() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = re.search(r"<!-- checked: begin -->(.*?)<!-- checked: end -->", text, re.S)
    assert table is not None, "the checked table's markers are missing"
    lines = [line for line in table.group(1).strip().splitlines()[2:] if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def test_the_table_is_there() -> None:
    assert len(_rows()) >= 40


@pytest.mark.parametrize(("phrase", "said_on", "deadline", "start", "precision"), _rows())
def test_each_documented_phrase_resolves_as_documented(phrase: str, said_on: str, deadline: str, start: str,
                                                       precision: str) -> None:
    found = resolve_phrase(phrase, dt.date.fromisoformat(said_on))
    if deadline == "—":
        assert found is None, f"{phrase}: documented as no deadline, resolved to {found}"
        return
    assert found is not None, f"{phrase}: documented as {deadline}, resolved to nothing"
    assert (found.deadline.isoformat(), found.start.isoformat() if found.start else "—", found.precision.value) == (
        deadline, start, precision)
