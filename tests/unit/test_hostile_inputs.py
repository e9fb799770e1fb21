"""Hostile inputs cost what a normal document of their size costs: markup that never closes, one line of
thousands of dates, a long filing stored in one go. Each is generated here and timed against a normal document
measured in the same test (a ratio with a small absolute allowance, so a busy machine does not fail it); the
figures themselves are printed by bench/hostile_bench.py."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core import build_core
from trackers.db import migrate
from trackers.documents.limits import ParseLimits
from trackers.documents.loader import parse_bytes
from trackers.extract.pipeline import extract
from trackers.services.ingest import FilingMeta, ingest_document
from trackers.settings import Settings

RATIO = 3.0
ALLOWANCE = 0.5  # seconds: timer noise on a tiny normal figure

PARAGRAPH = "<p>公司将于2025年6月30日前完成募投项目建设，届时将另行公告。</p>\n"
HOSTILE_HTML = {  # each 2 MB of markup that never closes, after a little real text
    "unclosed comment": "<!-- " + "x<p>a</p>" * 220_000,
    "unclosed attribute quote": '<a href="' + "x<p>a</p> " * 200_000,
    "a run of end tags": "</p></div>" * 200_000,
    "unclosed processing instructions": "<?x " * 500_000,
    "unclosed CDATA": "<![CDATA[" * 220_000,
    "unclosed tags": "<div>" * 400_000,
    "lone angle brackets": "<" * 2_000_000,
}


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _normal_html(size: int) -> bytes:
    return ("<html><body>" + PARAGRAPH * (size // len(PARAGRAPH.encode())) + "</body></html>").encode()


@pytest.mark.parametrize("name", HOSTILE_HTML)
def test_html_that_never_closes_costs_what_normal_html_does(name: str) -> None:
    hostile = ("<html><body>" + PARAGRAPH * 50 + HOSTILE_HTML[name]).encode()
    normal = _normal_html(len(hostile))
    limits = ParseLimits(max_seconds=30)
    normal_seconds = _seconds(lambda: parse_bytes(normal, "normal.html", limits))
    document = None

    def read() -> None:
        nonlocal document
        try:
            document = parse_bytes(hostile, "hostile.html", limits)
        except Exception as exc:  # "no readable text" is an answer too; a hang or a crash is not
            document = exc

    hostile_seconds = _seconds(read)
    assert hostile_seconds <= RATIO * normal_seconds + ALLOWANCE, (name, hostile_seconds, normal_seconds)
    if not isinstance(document, Exception):
        assert "2025年6月30日前" in document.text  # the real text before the broken markup is kept


def test_one_line_of_ten_thousand_dates_is_linear() -> None:
    ref = dt.date(2025, 1, 10)
    one_line = "公司计划于2025年6月30日前完成建设，" * 10_000  # ~460 KB in UTF-8, no sentence end
    lines = "\n".join(["公司计划于2025年6月30日前完成建设。"] * 10_000)
    normal_seconds = _seconds(lambda: extract(lines, ref))
    found: list[object] = []
    hostile_seconds = _seconds(lambda: found.extend(extract(one_line, ref)))
    assert found, "the dated clauses are still read"
    assert hostile_seconds <= RATIO * normal_seconds + ALLOWANCE, (hostile_seconds, normal_seconds)


def _filing(lines: int, year: int, day: int) -> bytes:
    body = [f"问：项目{i}进展如何？答：公司项目{i}号预计于{year}年{i % 12 + 1}月{i % 27 + 1}日前完成建设。"
            for i in range(lines)]
    return "\n".join(["证券代码：300253 证券简称：某某科技", "投资者关系活动记录表", f"活动时间：2025年1月{day}日",
                      *body]).encode()


def test_storing_a_filing_costs_the_same_whatever_the_record_holds(tmp_path: Path) -> None:
    """Each new commitment used to be compared with every one the company had (and flushed alone): a long
    filing, or any filing of a company with a long record, was quadratic."""
    url = f"sqlite:///{tmp_path / 'ingest.db'}"
    migrate.upgrade(url)
    core = build_core(Settings(database_url=url))
    now = dt.datetime(2025, 2, 1, tzinfo=dt.UTC)
    added: list[int] = []

    def store(lines: int, year: int, day: int) -> None:
        document = parse_bytes(_filing(lines, year, day), f"{year}-{day}.txt")
        with core.sessions.begin() as session:
            added.append(ingest_document(session, document, FilingMeta(), now).commitments_added)

    try:
        store(20, 2030, 2)  # warm up the imports and the engine
        first = _seconds(lambda: store(3_000, 2026, 10))
        second = _seconds(lambda: store(3_000, 2027, 20))  # 3,000 other promises beside 3,000 on record
    finally:
        core.close()
    assert added[1:] == [3_000, 3_000]
    assert second <= RATIO * first + ALLOWANCE, (second, first)
