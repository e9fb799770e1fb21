"""Every row of the deadline conventions (docs/deadlines.md), restated as our own phrases."""
from __future__ import annotations

import datetime as dt

import pytest

from trackers.extract.calendars import add_trading_days, add_working_days
from trackers.extract.dates import add_months, period_end
from trackers.extract.deadlines import find_deadlines, resolve_phrase

REF = "2025-04-25"

CASES = [
    # absolute days, in every spelling; a day stated alone starts and ends on itself
    ("2025年5月10日", REF, "2025-05-10", "2025-05-10", "day"),
    ("2025-05-10", REF, "2025-05-10", "2025-05-10", "day"),
    ("2025/5/10", REF, "2025-05-10", "2025-05-10", "day"),
    ("2025.05.10", REF, "2025-05-10", "2025-05-10", "day"),
    ("二〇二五年五月十日", REF, "2025-05-10", "2025-05-10", "day"),
    ("二零二五年六月三十日", REF, "2025-06-30", "2025-06-30", "day"),
    ("2025 年 5 月 10 日", REF, "2025-05-10", "2025-05-10", "day"),
    # no year: the reference year; a month already past: next year
    ("今年5月10日", REF, "2025-05-10", "2025-05-10", "day"),
    ("5月10日", REF, "2025-05-10", "2025-05-10", "day"),
    ("3月1日", REF, "2026-03-01", "2026-03-01", "day"),
    # X日前, X之前, 不晚于X, 截至X: X inclusive, no start
    ("2025年8月1日前", REF, "2025-08-01", None, "day"),
    ("2025年8月1日之前", REF, "2025-08-01", None, "day"),
    ("不晚于2025年8月1日", REF, "2025-08-01", None, "day"),
    ("截至2025年8月1日", REF, "2025-08-01", None, "day"),
    # month ends and parts of a month
    ("7月底前", REF, "2025-07-31", None, "month"),
    ("7月末", REF, "2025-07-31", None, "month"),
    ("本月底", REF, "2025-04-30", None, "month"),
    ("2026年2月底", REF, "2026-02-28", None, "month"),
    ("8月中旬", REF, "2025-08-20", "2025-08-11", "period"),
    ("8月上旬", REF, "2025-08-10", "2025-08-01", "period"),
    ("8月下旬", REF, "2025-08-31", "2025-08-21", "period"),
    ("2025年9月", REF, "2025-09-30", "2025-09-01", "month"),
    # years
    ("年内", REF, "2025-12-31", None, "year"),
    ("年底前", REF, "2025-12-31", None, "year"),
    ("2025年底", REF, "2025-12-31", None, "year"),
    ("2026年", REF, "2026-12-31", "2026-01-01", "year"),
    ("明年", REF, "2026-12-31", "2026-01-01", "year"),
    ("明年年底", REF, "2026-12-31", None, "year"),
    # halves and quarters
    ("上半年", REF, "2025-06-30", "2025-01-01", "half"),
    ("下半年", REF, "2025-12-31", "2025-07-01", "half"),
    ("2026年上半年", REF, "2026-06-30", "2026-01-01", "half"),
    # a bare quarter or half already over on the reference date is next year's (deadlines.md, the row on bare
    # months, quarters and halves); this year's when it is still to come or under way
    ("一季度", REF, "2026-03-31", "2026-01-01", "quarter"),
    ("二季度", REF, "2025-06-30", "2025-04-01", "quarter"),
    ("上半年", "2025-08-20", "2026-06-30", "2026-01-01", "half"),
    ("2025年一季度", REF, "2025-03-31", "2025-01-01", "quarter"),  # a year written is taken as written
    ("今年一季度", REF, "2025-03-31", "2025-01-01", "quarter"),
    # the first quarters of a year, to the end of the last one named
    ("前三季度", REF, "2025-09-30", "2025-01-01", "quarter"),
    ("前两个季度", REF, "2025-06-30", "2025-01-01", "quarter"),
    ("一至三季度", REF, "2025-09-30", "2025-01-01", "quarter"),
    ("2026年前三季度", REF, "2026-09-30", "2026-01-01", "quarter"),
    ("前三季度", "2025-11-20", "2026-09-30", "2026-01-01", "quarter"),
    ("2025年第四季度至2026年第一季度", REF, "2026-03-31", "2025-10-01", "quarter"),
    # deadlines.md rows: 月底前 with no month, 月初 as 上旬, two 旬, 半年内 and 一年半内
    ("月底前", REF, "2025-04-30", None, "month"),
    ("月末", REF, "2025-04-30", None, "month"),
    ("下月初", REF, "2025-05-10", "2025-05-01", "period"),
    ("11月初", REF, "2025-11-10", "2025-11-01", "period"),
    ("9月中下旬", REF, "2025-09-30", "2025-09-11", "period"),
    ("10月上中旬", REF, "2025-10-20", "2025-10-01", "period"),
    ("下月中下旬", REF, "2025-05-31", "2025-05-11", "period"),
    ("半年内", REF, "2025-10-24", "2025-04-25", "period"),
    ("未来半年内", REF, "2025-10-24", "2025-04-25", "period"),
    ("一年半内", REF, "2026-10-24", "2025-04-25", "period"),
    ("两三个月内", REF, "2025-07-24", "2025-04-25", "period"),  # a rough count: its larger end, marked approximate
    # a year written with two digits, followed by a part of it or a month (digests and answers write 26年底)
    ("26年底", REF, "2026-12-31", None, "year"),
    ("预计26年上半年投产", REF, "2026-06-30", "2026-01-01", "half"),
    ("26年6月底前", REF, "2026-06-30", None, "month"),
    ("2025年三季度至四季度", REF, "2025-12-31", "2025-07-01", "quarter"),
    ("第三季度", REF, "2025-09-30", "2025-07-01", "quarter"),
    ("Q4", REF, "2025-12-31", "2025-10-01", "quarter"),
    ("三季度末", REF, "2025-09-30", None, "quarter"),
    ("明年一季度", REF, "2026-03-31", "2026-01-01", "quarter"),
    ("2025H2", REF, "2025-12-31", "2025-07-01", "half"),
    ("2025年半年度", REF, "2025-06-30", "2025-01-01", "half"),
    # relative months and quarters
    ("下个月", REF, "2025-05-31", "2025-05-01", "month"),
    ("下月中旬", "2025-12-10", "2026-01-20", "2026-01-11", "period"),
    ("本季度末", REF, "2025-06-30", None, "quarter"),
    ("下季度", REF, "2025-09-30", "2025-07-01", "quarter"),
    # windows counted from the reference date or a stated anchor (day 1 is the anchor)
    ("未来6个月内", REF, "2025-10-24", "2025-04-25", "period"),
    ("十二个月内", REF, "2026-04-24", "2025-04-25", "period"),
    ("自2025年8月31日起6个月内", REF, "2026-02-27", "2025-08-31", "period"),
    ("自董事会审议通过之日起12个月内", REF, "2026-04-24", "2025-04-25", "period"),
    ("三十日内", REF, "2025-05-24", "2025-04-25", "period"),
    ("两年内", REF, "2027-04-24", "2025-04-25", "period"),
    # day ranges, within one month the second day alone (至26日, - 26日), and a hyphen between two days
    ("2025年7月3日至22日", REF, "2025-07-22", "2025-07-03", "day"),
    ("2025年7月3 - 22日", REF, "2025-07-22", "2025-07-03", "day"),
    ("2025年7月3日-8月1日", REF, "2025-08-01", "2025-07-03", "day"),
    # the document's own day, then 后: counted from the reference date
    ("本公告披露日后3个月内", REF, "2025-07-24", "2025-04-25", "period"),
    ("协议签署日后6个月内", REF, "2025-10-24", "2025-04-25", "period"),
    # trading and working days
    ("自公告披露之日起5个交易日内", REF, "2025-05-07", "2025-04-28", "period"),
    ("10个工作日内", REF, "2025-05-13", "2025-04-27", "period"),
    # English
    ("by the end of June 2025", REF, "2025-06-30", None, "month"),
    ("in Q3 2025", REF, "2025-09-30", "2025-07-01", "quarter"),
    ("within 12 months", REF, "2026-04-24", "2025-04-25", "period"),
    ("by June 30, 2025", REF, "2025-06-30", None, "day"),
    ("in the second half of 2025", REF, "2025-12-31", "2025-07-01", "half"),
]


@pytest.mark.parametrize(("phrase", "ref", "deadline", "start", "precision"), CASES)
def test_conventions(phrase: str, ref: str, deadline: str, start: str | None, precision: str) -> None:
    got = resolve_phrase(phrase, dt.date.fromisoformat(ref))
    assert got is not None, phrase
    assert got.deadline.isoformat() == deadline
    assert (got.start.isoformat() if got.start else None) == start
    assert got.precision.value == precision


@pytest.mark.parametrize("phrase", ["车规芯片通过AEC-Q100认证", "采购英伟达H100芯片", "H20算力卡", "Q3A型号"])
def test_letters_inside_a_model_number_are_no_quarter_or_half(phrase: str) -> None:
    assert resolve_phrase(phrase, dt.date(2026, 4, 1)) is None


@pytest.mark.parametrize("phrase", ["预计将于今年年中投产", "2026年年中完成", "明年年初完成", "2027年初投产", "每月底前报送", "上月末",
                                    "99年底", "25年年报"])
def test_no_convention_or_no_single_day_so_no_deadline(phrase: str) -> None:
    assert resolve_phrase(phrase, dt.date(2026, 4, 20)) is None


@pytest.mark.parametrize("phrase", ["近期", "尽快", "适时", "择机", "后续", "未来", "短期内", "中长期",
                                    "as soon as possible", "in the near future", "明年春节左右"])
def test_fuzzy_words_give_no_deadline(phrase: str) -> None:
    assert resolve_phrase(phrase, dt.date(2025, 4, 25)) is None


def test_window_tied_to_a_future_event_has_no_deadline() -> None:
    assert resolve_phrase("股东会审议通过后12个月内", dt.date(2025, 4, 25)) is None
    assert resolve_phrase("增持完成后36个月内", dt.date(2025, 4, 25)) is None


def test_trading_window_opens_after_the_nth_trading_day() -> None:
    # 2020-11-13 was a Friday: the 3rd trading day after it is 11-18, the window opens 11-19
    got = resolve_phrase("自公告披露之日起3个交易日后的6个月内", dt.date(2020, 11, 13))
    assert got is not None and got.start == dt.date(2020, 11, 19) and got.deadline == dt.date(2021, 5, 18)


def test_month_arithmetic_clamps_to_month_end() -> None:
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert period_end(dt.date(2025, 4, 25), 12, "month") == dt.date(2026, 4, 24)


def test_trading_days_skip_the_may_holiday() -> None:
    day, approximate = add_trading_days(dt.date(2025, 4, 30), 1)
    assert day == dt.date(2025, 5, 6) and not approximate


def test_make_up_working_day_counts() -> None:
    first, last, approximate = add_working_days(dt.date(2025, 4, 25), 1)
    assert first == last == dt.date(2025, 4, 27)  # a Sunday that was a working day
    assert not approximate


def test_past_the_calendar_counts_weekdays_and_says_so() -> None:
    day, approximate = add_trading_days(dt.date(2031, 1, 3), 1)  # a Friday, past the published calendar
    assert day == dt.date(2031, 1, 6) and approximate


def test_phrases_keep_their_span_in_the_original_text() -> None:
    text = "公司计划于2025 年 6 月 30 日前完成调试。"
    phrases = [p for p in find_deadlines(text, dt.date(2025, 4, 25)) if p.resolved]
    assert len(phrases) == 1
    p = phrases[0]
    assert text[p.start:p.end] == p.text and "30 日" in p.text


@pytest.mark.parametrize("text", ["2024年第三次临时股东大会审议通过", "披露2025年半年度报告", "2024年年度股东大会",
                                  "2019年限制性股票激励计划", "根据《2025-2027年发展规划》"])
def test_a_year_in_a_name_is_not_a_time(text: str) -> None:
    assert [p for p in find_deadlines(text, dt.date(2024, 10, 10)) if p.resolved] == []


@pytest.mark.parametrize("phrase", ["自董事会审议通过之日起99999999个工作日内", "自本公告披露之日起99999个月内",
                                    "自即日起5000年内", "自公告之日起99999999个交易日后的3个月内"])
def test_implausible_counts_give_no_deadline_at_once(phrase: str) -> None:
    assert resolve_phrase(phrase, dt.date(2025, 4, 25)) is None


@pytest.mark.parametrize("phrase", ["并在股份回购结果暨股份变动公告日后三年内", "正式协议签署日后6个月内"])
def test_a_later_acts_day_then_hou_is_still_unknown(phrase: str) -> None:
    assert resolve_phrase(phrase, dt.date(2025, 4, 25)) is None


@pytest.mark.parametrize("phrase", ["2025年99月99日前", "今年13月底前", "2025年6月99日前", "1e9个月内", "v2.6月底前"])
def test_an_impossible_date_gives_no_deadline_rather_than_a_shorter_one(phrase: str) -> None:
    """The longer date no pattern could take is not read as its valid prefix (2025年99月 is not 2025)."""
    assert resolve_phrase(phrase, dt.date(2025, 1, 10)) is None
