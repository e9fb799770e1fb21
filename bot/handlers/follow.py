"""/subscribe, /unsubscribe, /list, and the buttons that settle an ambiguous name."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.abuse import signed, verified
from bot.handlers.common import is_admin, reply, stale_button, the_chat, unknown_company
from trackers.db.models import Chat, Company
from trackers.services import queries
from trackers.services.subscriptions import company_to_follow, drop_filter, subscription_filters
from trackers.services.subscriptions import subscribe as add_subscription
from trackers.services.subscriptions import unsubscribe as drop_subscription
from trackers.text.codes import stock_code

if TYPE_CHECKING:
    from bot.app import Context


def _choices(update: Update, context: Context, candidates: list[queries.CompanyRef],
             action: str) -> InlineKeyboardMarkup:
    """One button per candidate, marked for this chat (a forged or another chat's button does nothing)."""
    assert update.effective_chat is not None
    key, chat = context.bot_data.button_key, update.effective_chat.id
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"{c.code} {c.name}",
                                                       callback_data=signed(key, chat, f"sub:{action}:{c.code}"))]
                                 for c in candidates])


async def _on_company(update: Update, context: Context, lang: str, query: str, action: str,
                      change: Callable[[Session, Chat, Company], bool]) -> tuple[bool, Company, int, int] | None:
    """Find the company the user means and apply `change`; on an ambiguous or unknown name, say so
    (with buttons or suggestions) and return None. To subscribe, a real code not stored yet is enough."""
    chat_id, _lang = the_chat(context, update)
    find = company_to_follow if action == "add" else queries.find_company
    try:
        with context.bot_data.core.sessions.begin() as session:
            company = find(session, query)
            chat = session.get(Chat, chat_id)
            assert chat is not None
            changed = change(session, chat, company)
            views = queries.company_commitments(session, company)
            open_count = sum(v.status in ("pending", "due_soon", "overdue") for v in views)
            return changed, company, open_count, len(views)
    except queries.Ambiguous as exc:
        await reply(update, context, lang, "choose_company.html.j2",
                    markup=_choices(update, context, exc.candidates, action), query=query)
    except queries.UnknownCompany as exc:
        await unknown_company(update, context, lang, query, exc.suggestions, unlisted=action == "add")
    return None


async def subscribe_to(update: Update, context: Context, lang: str, query: str, keyword: str | None = None) -> None:
    settings = context.bot_data.settings
    admin = is_admin(update, context)  # an admin follows beyond the budget and the per-chat cap
    done = await _on_company(update, context, lang, query, "add", lambda s, chat, company: add_subscription(
        s, chat, company, keyword, follow_budget=None if admin else settings.follow_budget,
        chat_limit=None if admin else settings.max_subscriptions_per_chat))
    if done is not None:
        added, company, open_count, total = done
        await reply(update, context, lang, "subscribed.html.j2", added=added, code=company.code,
                    name=company.short_name or company.name or company.code, open_count=open_count, total=total,
                    keyword=keyword, polled=company.followed)


async def subscribe(update: Update, context: Context) -> None:
    _chat_id, lang = the_chat(context, update)
    if not context.args:
        await reply(update, context, lang, "usage/subscribe.html.j2")
        return
    limit = context.bot_data.settings.max_codes_per_message
    if len(context.args) > limit and not is_admin(update, context):
        await reply(update, context, lang, "errors/too_many_codes.html.j2", given=len(context.args), limit=limit)
        return
    codes = [c for c in (stock_code(a) for a in context.args) if c]  # 300253, ３００２５３, 603288.SH, SH603288
    if len(codes) > 1 and len(codes) == len(context.args):  # /subscribe 002415 600000: each in turn
        for code in codes:
            await subscribe_to(update, context, lang, code)
        return
    if len(context.args) > 1:  # /subscribe 300253 回购, /subscribe 金山办公 回购: only the promises that name it
        await subscribe_to(update, context, lang, stock_code(context.args[0]) or context.args[0],
                           " ".join(context.args[1:]))
        return
    await subscribe_to(update, context, lang, context.args[0])


async def unsubscribe(update: Update, context: Context) -> None:
    _chat_id, lang = the_chat(context, update)
    if not context.args:
        await reply(update, context, lang, "usage/unsubscribe.html.j2")
        return
    if len(context.args) > 1:  # /unsubscribe 300253 回购: the filter goes, the company stays
        keyword = " ".join(context.args[1:])
        done = await _on_company(update, context, lang, stock_code(context.args[0]) or context.args[0], "del",
                                 lambda s, chat, company: drop_filter(s, chat, company, keyword))
        if done is not None:
            dropped, company, _open, _total = done
            await reply(update, context, lang, "filter_dropped.html.j2", dropped=dropped, keyword=keyword,
                        code=company.code, name=company.short_name or company.name or company.code)
        return
    done = await _on_company(update, context, lang, context.args[0], "del", drop_subscription)
    if done is not None:
        removed, company, _open, _total = done
        await reply(update, context, lang, "unsubscribed.html.j2", removed=removed, code=company.code,
                    name=company.short_name or company.name or company.code)


async def list_subscriptions(update: Update, context: Context) -> None:
    chat_id, lang = the_chat(context, update)
    with context.bot_data.core.sessions() as session:
        chat = session.get(Chat, chat_id)
        assert chat is not None
        companies = [(c.code, c.short_name or c.name or c.code, keyword)
                     for c, keyword in subscription_filters(session, chat)]
    await reply(update, context, lang, "list.html.j2", companies=companies)


async def choose(update: Update, context: Context) -> None:
    """A button under 'which one did you mean?': sub:add:300253 or sub:del:300253, marked for this chat."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_chat is not None
    data = verified(context.bot_data.button_key, update.effective_chat.id, query.data)
    parts = (data or "").split(":")
    if len(parts) != 3 or parts[1] not in ("add", "del") or not (parts[2].isascii() and parts[2].isdigit()
                                                                 and len(parts[2]) == 6):
        await stale_button(update, context)
        return
    await query.answer()
    _prefix, action, code = parts
    _chat_id, lang = the_chat(context, update)
    if action == "add":
        await subscribe_to(update, context, lang, code)
    else:
        context.args = [code]
        await unsubscribe(update, context)
