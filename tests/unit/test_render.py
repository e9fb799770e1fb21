"""Messages: autoescaped for Telegram's HTML, strict about missing values, split at 4,096."""
from __future__ import annotations

import datetime as dt

import pytest
from jinja2 import UndefinedError

from bot.render import Renderer, split_message
from trackers.services.queries import CommitmentView


def _view(quote: str) -> CommitmentView:
    return CommitmentView(1, "300253", "卫宁<健康>", "event", "发布", quote, dt.date(2025, 5, 10), "5月10日", "day",
                          "pending", "记录表", dt.date(2025, 4, 25), None, None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filing_text_is_escaped(lang: str) -> None:
    text = Renderer().render(lang, "reminder.html.j2", v=_view('将于5月10日发布<b onclick="x">&'), days=3)
    assert "<b onclick" not in text and "&lt;b onclick=&#34;x&#34;&gt;&amp;" in text
    assert "卫宁&lt;健康&gt;" in text


def test_missing_values_are_errors_not_blanks() -> None:
    with pytest.raises(UndefinedError):
        Renderer().render("en", "reminder.html.j2", v=_view("x"))


def test_long_messages_split_at_line_boundaries() -> None:
    lines = [f"第{i}行：" + "很长的内容" * 30 for i in range(100)]
    parts = split_message("\n".join(lines))
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == "\n".join(lines)
    assert all(p.split("\n")[0].startswith("第") for p in parts)


def test_a_single_overlong_line_is_cut_hard() -> None:
    parts = split_message("字" * 9000)
    assert [len(p) for p in parts] == [4096, 4096, 808]


def test_a_restraint_reminder_says_its_window_closes() -> None:
    import datetime as dt

    from bot.render import Renderer
    from trackers.services.queries import CommitmentView

    view = CommitmentView(2, "300253", "卫宁健康", "restraint", "不向下修正卫宁转债转股价格", "q", dt.date(2025, 6, 30),
                          "6月底前", "month", "pending", "记录", dt.date(2025, 4, 25), None, None, "cb_no_revision")
    r = Renderer()
    assert "the window closes in <b>7 days</b>" in r.render("en", "reminder.html.j2", v=view, days=7)
    assert "承诺期还有 <b>7 天</b>结束" in r.render("zh", "reminder.html.j2", v=view, days=7)


@pytest.mark.parametrize(("driver_says", "lang", "words"), [
    ("attempt to write a readonly database", "en", "is read-only"),
    ("database or disk is full", "en", "is full"),
    ("database is locked", "en", "is busy"),
    ("unable to open database file", "zh", "无法打开"),
    ("connection timeout expired", "en", "did not answer in time"),
    ('connection to server at "127.0.0.1", port 5999 failed: Connection refused', "en", "cannot connect"),
])
def test_a_database_fault_is_named_for_what_it_is(driver_says: str, lang: str, words: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A read-only file is not a server that is not running: each fault its own one line, in the reader's
    language."""
    from sqlalchemy.exc import OperationalError

    from bot.cli import _database_failed

    assert _database_failed(OperationalError("SELECT 1", {}, Exception(driver_says)), lang) == 2
    said = capsys.readouterr().err.strip()
    assert words in said and len(said.splitlines()) == 1, said


def test_sentences_that_join_keep_their_break() -> None:
    """'No dated promises in it.From this filing…': a block tag's trimmed newline must not glue two sentences."""
    from types import SimpleNamespace

    from bot.render import Renderer

    result = SimpleNamespace(created=True, company_name=None, company_code="300253", published="2025-04-25",
                             filing_id=3)
    for lang, joined in (("en", "in it.\nFrom this filing"), ("zh", "承诺。\n依据这份文件")):
        text = Renderer().render(lang, "ingested.html.j2", result=result, found=[], changes=2)
        assert joined in text, text
        assert "None" not in text and "300253" in text  # a company known only by its code


def test_a_clipped_text_never_ends_inside_a_number() -> None:
    from bot.render import _clip

    text = "公司本次回购股份的资金总额为人民币40,125,500.00元，占公司总股本的1.5%，回购价格不超过每股12元。"
    for limit in range(20, len(text)):
        clipped = _clip(text, limit)
        assert len(clipped) <= limit and clipped.endswith("…")
        shown = clipped[:-1]
        assert "40,125,500.00" in shown or "40" not in shown, clipped  # the figure whole, or not at all
    assert _clip("WPS AI 3.0", 40) == "WPS AI 3.0"
