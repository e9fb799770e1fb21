"""Whole conversations through the real client and a fake Telegram; assert what users receive."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest
from sqlalchemy import select

from bot.dispatch import Dispatcher, Limits
from bot.telegram_send import telegram_send
from tests.bot.conftest import ADMIN, TOKEN, Running
from tests.conftest import EXAMPLES
from trackers.db.models import Chat, Commitment, Notification
from trackers.documents import load_document
from trackers.services.ingest import FilingMeta, ingest_document, upsert_company

RECORD = EXAMPLES / "300253-ir-record-2025-04-25.txt"


def _ingest(run: Running) -> None:
    with run.core.sessions.begin() as s:
        ingest_document(s, load_document(RECORD), FilingMeta(), run.core.clock.now())


async def _ask(run: Running, chat: int, text: str, count: int, **kw: object) -> str:
    run.fake.send_text(chat, text, **kw)  # type: ignore[arg-type]
    sent = await asyncio.to_thread(run.fake.wait_for, count, chat)
    return sent[-1].text


async def test_start_subscribe_status_promise(running: Running) -> None:
    run = running
    _ingest(run)
    welcome = await _ask(run, 1, "/start", 1)
    assert "PromiseWatch" in welcome and "订阅" in welcome
    english = await _ask(run, 2, "/start", 1, language="en-GB")
    assert "keeps score" in english

    reply = await _ask(run, 1, "/subscribe 卫宁", 2)  # a near miss of 卫宁健康
    assert "已订阅" in reply and "300253" in reply
    again = await _ask(run, 1, "/subscribe 300253", 3)
    assert "您已订阅" in again

    status = await _ask(run, 1, "/status 300253", 4)
    assert "卫宁健康" in status and "WiNGPT3.0" in status and "2025年6月30日" in status
    with run.core.sessions() as s:
        launch = s.scalar(select(Commitment.id).where(Commitment.kind == "event"))
    story = await _ask(run, 1, f"/promise {launch}", 5)
    assert f"#{launch}" in story and "今年5月10日" in story and "进行中" in story
    listing = await _ask(run, 1, "/list", 6)
    assert "卫宁健康（300253）" in listing
    gone = await _ask(run, 1, "/unsubscribe 300253", 7)
    assert "已取消订阅" in gone


async def test_deep_link_subscribes(running: Running) -> None:
    _ingest(running)
    reply = await _ask(running, 5, "/start 300253", 1, language="en")
    assert "You now follow" in reply and "300253" in reply


async def test_ambiguous_name_offers_buttons(running: Running) -> None:
    run = running
    with run.core.sessions.begin() as s:
        upsert_company(s, "300001", "卫宁健康")
        upsert_company(s, "300002", "卫宁科技")
    reply = await asyncio.to_thread(lambda: (run.fake.send_text(3, "/subscribe 卫宁"), run.fake.wait_for(1, 3))[1])
    assert "多家公司" in reply[-1].text
    buttons = reply[-1].buttons
    assert [label for label, _data in buttons] == ["300001 卫宁健康", "300002 卫宁科技"]
    run.fake.press(3, reply[-1].message_id or 0, buttons[1][1])
    chosen = await asyncio.to_thread(run.fake.wait_for, 2, 3)
    assert "卫宁科技" in chosen[-1].text and "已订阅" in chosen[-1].text


async def test_unknown_company_suggests(running: Running) -> None:
    with running.core.sessions.begin() as s:
        upsert_company(s, "300253", "卫宁健康")
    reply = await _ask(running, 4, "/subscribe 卫宁键康", 1, language="en")
    assert "I know no company" in reply and "/subscribe 300253" in reply


async def test_status_pages_with_buttons(running: Running) -> None:
    run = running
    lines = [f"问：第{i}个项目什么时候完成？\n答：公司计划于2026年{i % 12 + 1}月底前完成第{i}期项目建设。" for i in range(1, 21)]
    text = "证券代码：300253 证券简称：卫宁健康\n投资者关系活动记录表\n时间 2025年4月25日\n" + "\n".join(lines)
    from trackers.documents import parse_bytes

    with run.core.sessions.begin() as s:
        result = ingest_document(s, parse_bytes(text.encode(), "many.txt"), FilingMeta(), run.core.clock.now())
    assert result.commitments_added == 20
    first = (await asyncio.to_thread(lambda: (run.fake.send_text(8, "/status 300253", language="en"),
                                              run.fake.wait_for(1, 8))[1]))[-1]
    assert "page 1/3" in first.text
    (label, data), = first.buttons
    assert label == "Next ›"
    run.fake.press(8, first.message_id or 0, data, language="en")
    edited = await asyncio.to_thread(run.fake.wait_for, 2, 8)
    assert edited[-1].method == "editMessageText" and "page 2/3" in edited[-1].text
    assert [b[0] for b in edited[-1].buttons] == ["‹ Previous", "Next ›"]


async def test_admin_ingests_a_document(running: Running) -> None:
    run = running
    run.fake.send_document(ADMIN, "record.txt", RECORD.read_bytes(), language="en")
    reply = (await asyncio.to_thread(run.fake.wait_for, 1, ADMIN))[-1].text
    assert "Stored" in reply and "300253" in reply and "WiNGPT3.0" in reply
    run.fake.send_document(ADMIN, "record.txt", RECORD.read_bytes(), language="en")
    again = (await asyncio.to_thread(run.fake.wait_for, 2, ADMIN))[-1].text
    assert "already had" in again


@pytest.mark.parametrize(("sender", "name", "data", "expected"), [
    (77, "record.txt", b"x" * 20, "Only administrators"),
    (ADMIN, "sheet.xlsx", b"PK..", "not a filing"),
    (ADMIN, "empty.txt", b"   ", "could not ingest"),
])
async def test_documents_that_are_refused(running: Running, sender: int, name: str, data: bytes,
                                          expected: str) -> None:
    running.fake.send_document(sender, name, data, language="en")
    reply = (await asyncio.to_thread(running.fake.wait_for, 1, sender))[-1].text
    assert expected in reply and "Traceback" not in reply


async def test_bad_input_gets_short_replies(running: Running) -> None:
    run = running
    assert "Which promise" in await _ask(run, 9, "/promise abc", 1, language="en")
    assert "no promise #999" in await _ask(run, 9, "/promise 999", 2, language="en")
    assert "from 1 to 366" in await _ask(run, 9, "/upcoming -3", 3, language="en")
    assert "whole numbers" in await _ask(run, 9, "/remind soon", 4, language="en")
    assert "7 days before, 1 day before and on the day" in await _ask(run, 9, "/remind 0 7 1", 5, language="en")
    assert "do not know that command" in await _ask(run, 9, "/frobnicate", 6, language="en")
    assert "Only administrators" in await _ask(run, 9, "/ingest", 7, language="en")
    assert "private chats" in await _ask(run, -100, "/status 300253", 1, language="en", chat_type="group")


async def test_commands_registered_in_both_languages(running: Running) -> None:
    commands = running.fake.commands
    assert {c["command"] for c in commands["zh"]} >= {"subscribe", "status", "promise"}
    assert any("订阅" in c["description"] for c in commands["zh"])
    assert any("follow" in c["description"] for c in commands["en"])


async def test_blocked_user_becomes_inactive(running: Running) -> None:
    run = running
    _ingest(run)
    await _ask(run, 11, "/subscribe 300253", 1)
    with run.core.sessions.begin() as s:
        chat = s.scalar(select(Chat).where(Chat.telegram_id == 11))
        assert chat is not None
        for i in range(3):
            s.add(Notification(chat_id=chat.id, event="alert", payload={"text": f"note {i}"}, dedup_key=f"a{i}",
                               state="pending", next_attempt_at=run.core.clock.now()))
    run.fake.block(11)
    dispatcher = Dispatcher(run.core, telegram_send(run.app.bot), limits=Limits(per_chat_interval=0))
    report = await dispatcher.drain()
    assert report.blocked == 1 and report.sent == 0
    with run.core.sessions() as s:
        chat = s.scalar(select(Chat).where(Chat.telegram_id == 11))
        assert chat is not None and not chat.active
        assert {n.state for n in s.scalars(select(Notification))} == {"cancelled"}


async def test_token_never_reaches_the_logs(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    run = running
    _ingest(run)
    await _ask(run, 12, "/start", 1)
    await _ask(run, 12, "/status 300253", 2)
    run.fake.fail_next(400, chat_id=12)
    await _ask(run, 12, "/help", 3)  # the first reply fails with 400; the error handler's apology arrives
    logging.getLogger("demo").error("a log line with the token %s inside", TOKEN)
    assert caplog.records, "the run logged nothing at DEBUG"
    assert all(TOKEN not in (r.getMessage() + (r.exc_text or "")) for r in caplog.records)
    assert TOKEN not in caplog.text
    assert any("update" in r.getMessage() and "failed" in r.getMessage() for r in caplog.records)


def test_no_token_is_a_clear_error() -> None:
    from bot.app import build_application
    from bot.handlers.common import NoToken
    from trackers.settings import Settings

    with pytest.raises(NoToken, match="TELEGRAM_BOT_TOKEN"):
        build_application(Settings(_env_file=None, telegram_bot_token=None))  # type: ignore[call-arg]


_ = dt


async def test_odd_promise_numbers_get_the_normal_replies(running: Running) -> None:
    run = running
    _ingest(run)
    for n, arg in enumerate(["99999999999999999999", "2147483648", "1" * 5000], start=1):
        answer = await _ask(run, 21, f"/promise {arg}", n, language="en")
        assert "There is no promise" in answer and len(answer) < 80, answer
    assert "Which promise?" in await _ask(run, 21, "/promise ²", 4, language="en")


async def test_codes_unknown_and_several(running: Running) -> None:
    run = running
    _ingest(run)
    with run.core.sessions.begin() as s:
        upsert_company(s, "600000", "浦发银行")
    answer = await _ask(run, 22, "/status 920001", 1, language="en")
    assert "nothing on 920001 yet: /subscribe 920001" in answer and "six-digit" not in answer
    assert "promisewatch" not in answer  # a chat is told what to do in the chat, never a shell command
    admin = await _ask(run, ADMIN, "/status ９２０００１", 1, language="en")  # full-width digits are the code
    assert "send me one of its filings" in admin and "promisewatch" not in admin
    name = await _ask(run, 22, "/status 不存在的公司" + "长" * 200, 2, language="en")
    assert "six-digit code" in name and len(name) < 200
    await _ask(run, 22, "/subscribe 300253 600000", 4, language="en")
    replies = [m.text for m in run.fake.messages(22)[-2:]]
    assert any("300253" in r for r in replies) and any("600000" in r for r in replies)


async def test_the_chats_language_wins_over_the_clients(running: Running) -> None:
    run = running
    await _ask(run, 23, "/start", 1, language="zh-hans")
    await _ask(run, 23, "/lang en", 2, language="zh-hans")
    answer = await _ask(run, 23, "/nosuchcommand", 3, language="zh-hans")
    assert "/help" in answer and not any("\u4e00" <= ch <= "\u9fff" for ch in answer), answer


async def test_reminders_are_set_in_any_form_and_plain_text_gets_a_hint(running: Running) -> None:
    run = running
    assert "14 days before, 3 days before and 1 day before" in await _ask(run, 24, "/remind 14,3,1", 1, language="en")
    assert "on the day" in await _ask(run, 24, "/remind 7 0", 2, language="en")
    assert "Reminders are off" in await _ask(run, 24, "/remind off", 3, language="en")
    with run.core.sessions() as s:
        assert s.scalar(select(Chat.reminder_offsets).where(Chat.telegram_id == 24)) == []
    assert "/status 300253" in await _ask(run, 24, "300253", 4, language="en")


async def test_forged_and_stale_buttons_get_a_short_notice(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    run = running
    _ingest(run)
    await _ask(run, 25, "/start", 1, language="en")
    for data in ("st:300253:abc", "st:300253:99999999999", "sub:", "sub:add:30025x", "zz:1", "st::"):
        run.fake.press(25, 1, data, language="en")
    answers = await asyncio.to_thread(_answers, run, 6)
    assert all("out of date" in a for a in answers), answers
    assert not [r for r in caplog.records if "failed" in r.getMessage() and r.levelname == "ERROR"]


def _answers(run: Running, count: int) -> list[str]:
    import time as _time

    deadline = _time.monotonic() + 10
    while _time.monotonic() < deadline:
        found = [s.text for s in run.fake.sent if s.method == "answerCallbackQuery"]
        if len(found) >= count:
            return found
        _time.sleep(0.05)
    return [s.text for s in run.fake.sent if s.method == "answerCallbackQuery"]


def test_a_long_line_is_never_cut_inside_an_entity() -> None:
    from bot.render import split_message

    line = "x" * 4093 + "&amp;" + "y" * 100  # the limit (4,096) falls inside the entity
    parts = split_message(line)
    assert parts[0].endswith("x") and parts[1].startswith("&amp;")


async def test_score_for_one_company_and_for_the_followed_ones(running: Running) -> None:
    run = running
    _ingest(run)
    assert "No promise decided yet" in await _ask(run, 26, "/score 300253", 1, language="en")
    await _ask(run, 26, "/subscribe 300253", 2, language="en")
    ranking = await _ask(run, 26, "/score", 3, language="en")
    assert "Too few decided promises to rank" in ranking and "卫宁健康 (0 of 0)" in ranking
    chinese = await _ask(run, 27, "/score 卫宁", 1, language="zh-hans")
    assert "说到做到" in chinese and "尚无有结论的承诺" in chinese


async def test_calendar_and_export_arrive_as_files(running: Running) -> None:
    run = running
    _ingest(run)
    await _ask(run, 28, "/subscribe 300253", 1, language="en")
    caption = await _ask(run, 28, "/calendar", 2, language="en")
    sent = run.fake.messages(28)[-1]
    assert sent.method == "sendDocument" and "2 dated promises" in caption and "all-day event" in caption
    assert sent.params["document"].count(b"BEGIN:VEVENT") == 2  # the count the caption announces is the file's
    assert b"WiNGPT3.0" in sent.params["document"]
    await _ask(run, 28, "/export 卫宁", 3, language="en")
    sent = run.fake.messages(28)[-1]
    assert sent.method == "sendDocument" and "WiNGPT3.0" in sent.params["document"].decode("utf-8-sig")
    assert "Which company?" in await _ask(run, 28, "/export", 4, language="en")


async def test_a_filtered_subscription_is_set_and_listed(running: Running) -> None:
    run = running
    _ingest(run)
    answer = await _ask(run, 29, "/subscribe 300253 回购", 1, language="en")
    assert "only of its promises about “回购”" in answer
    assert "only promises about “回购”" in await _ask(run, 29, "/list", 2, language="en")
    await _ask(run, 29, "/subscribe 300253", 3, language="en")
    assert "only promises" not in await _ask(run, 29, "/list", 4, language="en")


async def test_timeline_arrives_as_a_photo(running: Running) -> None:
    run = running
    _ingest(run)
    caption = await _ask(run, 30, "/timeline 300253", 1, language="en")
    sent = run.fake.messages(30)[-1]
    assert sent.method == "sendPhoto" and "2 promises" in caption
    assert sent.params["photo"][:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("typed", ["603288.SH", "SH603288", "sh603288", "６０３２８８", "603288.ss"])
async def test_a_code_as_people_type_it(running: Running, typed: str) -> None:
    with running.core.sessions.begin() as s:
        upsert_company(s, "603288", "海天味业")
    answer = await _ask(running, 26, f"/subscribe {typed}", 1, language="en")
    assert "You now follow" in answer and "603288" in answer


async def test_a_real_code_not_stored_yet_can_be_subscribed_with_a_filter(running: Running) -> None:
    """No stock list on record: a well-formed code is accepted, its filings to be fetched once polled; a name
    followed by a word keeps the word as the filter."""
    run = running
    answer = await _ask(run, 27, "/subscribe 688111 回购", 1, language="en")
    assert "You now follow" in answer and "688111" in answer and "“回购”" in answer
    with run.core.sessions() as s:
        from trackers.db.models import Company, Subscription

        company = s.scalar(select(Company).where(Company.code == "688111"))
        assert company is not None and company.followed
        assert s.scalar(select(Subscription.keyword).where(Subscription.company_id == company.id)) == "回购"
    with run.core.sessions.begin() as s:
        upsert_company(s, "300253", "卫宁健康")
    named = await _ask(run, 27, "/subscribe 卫宁健康 回购", 2, language="en")
    assert "卫宁健康" in named and "“回购”" in named


async def test_a_document_lacking_its_code_is_answered_with_chat_advice(running: Running) -> None:
    run = running
    run.fake.send_document(ADMIN, "note.txt", "公司计划于2025年6月30日前完成新产线建设。".encode(), language="en")
    reply = (await asyncio.to_thread(run.fake.wait_for, 1, ADMIN))[-1].text
    assert "caption" in reply and "--company" not in reply and "--date" not in reply


async def test_a_question_in_words_is_answered_with_the_companies_it_names(running: Running) -> None:
    with running.core.sessions.begin() as s:
        upsert_company(s, "300253", "卫宁健康")
        upsert_company(s, "600000", "浦发银行")
    answer = await _ask(running, 28, "卫宁健康的回购什么时候完成？还有600000呢", 1, language="zh-hans")
    assert "卫宁健康（300253）" in answer and "浦发银行（600000）" in answer
    assert "/status 300253" in answer and "/subscribe 600000" in answer
    assert "回购什么时候完成" not in answer  # the sentence is not echoed back as a command


async def test_unsubscribing_a_filter_keeps_the_company(running: Running) -> None:
    run = running
    with run.core.sessions.begin() as s:
        upsert_company(s, "300253", "卫宁健康")
    await _ask(run, 29, "/subscribe 300253 回购", 1, language="en")
    kept = await _ask(run, 29, "/unsubscribe 300253 回购", 2, language="en")
    assert "You still follow" in kept and "all its promises" in kept
    again = await _ask(run, 29, "/unsubscribe 300253 回购", 3, language="en")
    assert "nothing changed" in again
    listing = await _ask(run, 29, "/list", 4, language="en")
    assert "300253" in listing and "回购" not in listing
    gone = await _ask(run, 29, "/unsubscribe 300253", 5, language="en")
    assert "no longer follow" in gone
