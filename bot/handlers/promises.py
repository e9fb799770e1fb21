"""/status (paged with buttons), /promise, /upcoming."""
from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode

from bot import exports, timeline
from bot.abuse import signed, verified
from bot.handlers.common import reply, stale_button, the_chat, unknown_company
from bot.views import status_page
from trackers.db.models import Chat, Company
from trackers.errors import NotFound
from trackers.services import queries, scorecard
from trackers.services.subscriptions import subscriptions

if TYPE_CHECKING:
    from bot.app import Context

T = TypeVar("T")

MAX_UPCOMING_DAYS = 366


def _pager(context: Context, chat: int, lang: str, code: str, page: int, pages: int) -> InlineKeyboardMarkup | None:
    if pages <= 1:
        return None
    render, key = context.bot_data.core.renderer.render, context.bot_data.button_key
    row = []
    if page > 1:
        row.append(InlineKeyboardButton(render(lang, "buttons/previous.txt.j2"),
                                        callback_data=signed(key, chat, f"st:{code}:{page - 1}")))
    if page < pages:
        row.append(InlineKeyboardButton(render(lang, "buttons/next.txt.j2"),
                                        callback_data=signed(key, chat, f"st:{code}:{page + 1}")))
    return InlineKeyboardMarkup([row])


def _page(update: Update, context: Context, lang: str, query: str,
          page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    assert update.effective_chat is not None
    core = context.bot_data.core
    with core.sessions() as session:
        company = queries.find_company(session, query)
        shown = status_page(core.renderer, lang, session, company, page)
        return shown.text, _pager(context, update.effective_chat.id, lang, company.code, shown.page, shown.pages)


async def status(update: Update, context: Context) -> None:
    _chat_id, lang = the_chat(context, update)
    if not context.args:
        await reply(update, context, lang, "usage/status.html.j2")
        return
    query = " ".join(context.args)
    try:
        text, markup = _page(update, context, lang, query, 1)
    except queries.Ambiguous as exc:
        await reply(update, context, lang, "choose_status.html.j2", query=query, candidates=exc.candidates)
        return
    except queries.UnknownCompany as exc:
        await unknown_company(update, context, lang, query, exc.suggestions)
        return
    await reply(update, context, lang, "raw.html.j2", markup=markup, text=text)


async def page(update: Update, context: Context) -> None:
    """A paging button under /status: st:300253:2 edits the message in place."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _chat_id, lang = the_chat(context, update)
    assert update.effective_chat is not None
    parts = (verified(context.bot_data.button_key, update.effective_chat.id, query.data) or "").split(":")
    if len(parts) != 3 or not (parts[1].isascii() and parts[1].isdigit() and parts[2].isascii()
                               and parts[2].isdigit() and 0 < len(parts[2]) <= 4):
        await stale_button(update, context)  # forged or from an old version: a short notice, no error
        return
    await query.answer()
    code, number = parts[1], int(parts[2])
    try:
        text, markup = _page(update, context, lang, code, number)
    except queries.UnknownCompany:
        return
    await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup,
                                  link_preview_options=LinkPreviewOptions(is_disabled=True))


MAX_ID = 2**31 - 1  # ids are 32-bit integers in PostgreSQL


async def promise(update: Update, context: Context) -> None:
    _chat_id, lang = the_chat(context, update)
    raw = (context.args or [""])[0].lstrip("#")
    if not (raw.isascii() and raw.isdigit()):  # ² and ١ are digits to Python, not to a database
        await reply(update, context, lang, "usage/promise.html.j2")
        return
    number = int(raw[:20])
    try:
        if not 0 < number <= MAX_ID:
            raise NotFound(f"no commitment #{raw}")
        with context.bot_data.core.sessions() as session:
            view, changes = queries.commitment(session, number)
    except NotFound:
        await reply(update, context, lang, "errors/no_promise.html.j2", number=raw)
        return
    await reply(update, context, lang, "promise.html.j2", v=view, changes=changes)


async def upcoming(update: Update, context: Context) -> None:
    _chat_id, lang = the_chat(context, update)
    raw = (context.args or ["30"])[0]
    if not raw.isdigit() or not 0 < int(raw) <= MAX_UPCOMING_DAYS:
        await reply(update, context, lang, "usage/upcoming.html.j2", most=MAX_UPCOMING_DAYS)
        return
    assert update.effective_chat is not None
    core = context.bot_data.core
    today = core.clock.today()
    with core.sessions() as session:
        views = queries.upcoming(session, update.effective_chat.id, today, int(raw))
    await reply(update, context, lang, "upcoming.html.j2", views=views, days=int(raw), today=today)


async def score(update: Update, context: Context) -> None:
    """/score 300253: one company's record; /score alone: the companies the chat follows, ranked."""
    _chat_id, lang = the_chat(context, update)
    core = context.bot_data.core
    today = core.clock.today()
    query = " ".join(context.args or [])
    if not query:
        assert update.effective_chat is not None
        with core.sessions() as session:
            ranked, few = scorecard.ranking(session, update.effective_chat.id, today, MIN_DECIDED)
        await reply(update, context, lang, "ranking.html.j2", ranked=ranked, few=few, least=MIN_DECIDED)
        return
    card = await _about_company(update, context, lang, query,
                                lambda session, company: scorecard.scorecard(session, company, today))
    if card is not None:
        await reply(update, context, lang, "score.html.j2", s=card)


MIN_DECIDED = 3  # fewer decided promises than this and a company is not ranked: one kept promise is no record


async def calendar(update: Update, context: Context) -> None:
    """/calendar [CODE]: the open deadlines of the followed companies (or one) as a file a phone imports."""
    await _send_file(update, context, "ics")


async def export(update: Update, context: Context) -> None:
    """/export CODE: one company's commitments as a CSV file."""
    await _send_file(update, context, "csv")


async def _send_file(update: Update, context: Context, kind: str) -> None:
    chat_id, lang = the_chat(context, update)
    core = context.bot_data.core
    query = " ".join(context.args or [])
    assert update.effective_message is not None
    if query:
        found = await _about_company(update, context, lang, query,
                                     lambda session, company: ([company.code], queries.export_rows(session, [company])))
        if found is None:
            return
        codes, rows = found
    elif kind == "ics":
        with core.sessions() as session:
            chat = session.get(Chat, chat_id)
            assert chat is not None
            followed = subscriptions(session, chat)
            codes, rows = [c.code for c in followed], queries.export_rows(session, followed)
    else:
        await reply(update, context, lang, "usage/export.html.j2")
        return
    name = "-".join(codes[:5]) or "promisewatch"
    data = exports.to_ics(rows, core.clock.now()) if kind == "ics" else exports.to_csv(rows).encode("utf-8")
    count = len(exports.calendar_rows(rows)) if kind == "ics" else len(rows)  # what the file holds, no more
    caption = core.renderer.render(lang, "file_sent.html.j2", kind=kind, count=count, companies=len(codes))
    await update.effective_message.reply_document(io.BytesIO(data), filename=f"{name}.{kind}", caption=caption,
                                                  parse_mode=ParseMode.HTML)


async def timeline_picture(update: Update, context: Context) -> None:
    """/timeline 300253: the company's promises as a picture (sendPhoto)."""
    _chat_id, lang = the_chat(context, update)
    core = context.bot_data.core
    query = " ".join(context.args or [])
    assert update.effective_message is not None
    if not query:
        await reply(update, context, lang, "usage/timeline.html.j2")
        return
    found = await _about_company(update, context, lang, query, lambda session, company: (
        queries.export_rows(session, [company]), company.short_name or company.name or company.code, company.code))
    if found is None:
        return
    rows, name, code = found
    title = core.renderer.render(lang, "timeline_title.txt.j2", code=code, name=name)
    picture = await asyncio.to_thread(timeline.render, rows, title, core.clock.today(),  # CPU work off the loop
                                      timeline.Words.of(core.renderer.words(lang)))
    caption = core.renderer.render(lang, "timeline_caption.html.j2", rows=picture.rows, code=code)
    await update.effective_message.reply_photo(io.BytesIO(picture.png), caption=caption, parse_mode=ParseMode.HTML,
                                               filename=f"{code}-timeline.png")


async def _about_company(update: Update, context: Context, lang: str, query: str,
                         read: Callable[[Session, Company], T]) -> T | None:
    """Find the company the user names and read what the reply needs, in one session; on an ambiguous or
    unknown name, say so (the choices, or the near misses) and return None."""
    try:
        with context.bot_data.core.sessions() as session:
            return read(session, queries.find_company(session, query))
    except queries.Ambiguous as exc:
        await reply(update, context, lang, "choose_status.html.j2", query=query, candidates=exc.candidates)
    except queries.UnknownCompany as exc:
        await unknown_company(update, context, lang, query, exc.suggestions)
    return None
