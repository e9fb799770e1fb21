"""/subscribe, /unsubscribe, /list, and the buttons that settle an ambiguous name."""
from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.handlers.common import reply, the_chat
from trackers.db.models import Chat
from trackers.services import queries
from trackers.services.subscriptions import subscribe as add_subscription
from trackers.services.subscriptions import subscriptions
from trackers.services.subscriptions import unsubscribe as drop_subscription

if TYPE_CHECKING:
    from bot.app import Context


def _choices(candidates: list[queries.CompanyRef], action: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"{c.code} {c.name}",
                                                       callback_data=f"sub:{action}:{c.code}")]
                                 for c in candidates])


async def subscribe_to(update: Update, context: Context, lang: str, query: str) -> None:
    chat_id, _lang = the_chat(context, update)
    core = context.bot_data.core
    try:
        with core.sessions.begin() as session:
            company = queries.find_company(session, query)
            chat = session.get(Chat, chat_id)
            assert chat is not None
            added = add_subscription(session, chat, company)
            views = queries.company_commitments(session, company)
            code, name = company.code, company.short_name or company.name or company.code
    except queries.Ambiguous as exc:
        await reply(update, context, lang, "choose_company.html.j2", markup=_choices(exc.candidates, "add"),
                    query=query)
        return
    except queries.UnknownCompany as exc:
        await reply(update, context, lang, "unknown_company.html.j2", query=query, suggestions=exc.suggestions)
        return
    open_views = [v for v in views if v.status in ("pending", "due_soon", "overdue")]
    await reply(update, context, lang, "subscribed.html.j2", added=added, code=code, name=name,
                open_count=len(open_views), total=len(views))


async def subscribe(update: Update, context: Context) -> None:
    _chat_id, lang = the_chat(context, update)
    if not context.args:
        await reply(update, context, lang, "usage/subscribe.html.j2")
        return
    await subscribe_to(update, context, lang, " ".join(context.args))


async def unsubscribe(update: Update, context: Context) -> None:
    chat_id, lang = the_chat(context, update)
    if not context.args:
        await reply(update, context, lang, "usage/unsubscribe.html.j2")
        return
    query = " ".join(context.args)
    try:
        with context.bot_data.core.sessions.begin() as session:
            company = queries.find_company(session, query)
            chat = session.get(Chat, chat_id)
            assert chat is not None
            removed = drop_subscription(session, chat, company)
            code, name = company.code, company.short_name or company.name or company.code
    except queries.Ambiguous as exc:
        await reply(update, context, lang, "choose_company.html.j2", markup=_choices(exc.candidates, "del"),
                    query=query)
        return
    except queries.UnknownCompany as exc:
        await reply(update, context, lang, "unknown_company.html.j2", query=query, suggestions=exc.suggestions)
        return
    await reply(update, context, lang, "unsubscribed.html.j2", removed=removed, code=code, name=name)


async def list_subscriptions(update: Update, context: Context) -> None:
    chat_id, lang = the_chat(context, update)
    with context.bot_data.core.sessions() as session:
        chat = session.get(Chat, chat_id)
        assert chat is not None
        companies = [(c.code, c.short_name or c.name or c.code) for c in subscriptions(session, chat)]
    await reply(update, context, lang, "list.html.j2", companies=companies)


async def choose(update: Update, context: Context) -> None:
    """A button under 'which one did you mean?': sub:add:300253 or sub:del:300253."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    _prefix, action, code = query.data.split(":", 2)
    _chat_id, lang = the_chat(context, update)
    if action == "add":
        await subscribe_to(update, context, lang, code)
    else:
        context.args = [code]
        await unsubscribe(update, context)
