"""Chats and what they follow."""
from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from trackers.db.models import Chat, Company, Subscription
from trackers.errors import UsageError
from trackers.services import queries
from trackers.services.ingest import exchange_of, upsert_company
from trackers.text.codes import stock_code


def ensure_chat(session: Session, telegram_id: int, language: str | None = None,
                offsets: list[int] | None = None) -> Chat:
    """The chat's row, made on first contact; a chat that comes back is active again."""
    chat = session.scalar(select(Chat).where(Chat.telegram_id == telegram_id))
    if chat is None:
        chat = Chat(telegram_id=telegram_id, language=language or "zh", reminder_offsets=offsets or [7, 1, 0],
                    active=True)
        session.add(chat)
        session.flush()
    elif not chat.active:
        chat.active = True
    return chat


STOCK_LIST_KNOWN = 100  # companies with an orgId: the stock list was fetched (it names every A share)


def company_to_follow(session: Session, query: str) -> Company:
    """The company `query` names; a well-formed code not stored yet is taken as the company it will be once its
    filings are polled — unless the stock list is on record and names no such share."""
    try:
        return queries.find_company(session, query)
    except queries.UnknownCompany:
        code = stock_code(query)
        listed = (session.scalar(select(func.count()).select_from(Company).where(Company.org_id.is_not(None)))
                  or 0) >= STOCK_LIST_KNOWN
        if code is None or exchange_of(code) is None or listed:
            raise
        return upsert_company(session, code)


def subscribe(session: Session, chat: Chat, company: Company, keyword: str | None = None, *,
              follow_budget: int | None = None, chat_limit: int | None = None) -> bool:
    """Follow `company` from `chat`, only its promises that name `keyword` (回购, or a type: buyback) when given;
    False if it already did (the filter is then replaced). Subscribing follows the company's feed — within
    `follow_budget` companies followed in all, an admin's setting, so no subscriber can make the poller fetch the
    market (past it the subscription stands and the company waits, unpolled, for an admin). `chat_limit` caps how
    many companies one chat follows."""
    if not company.followed and (follow_budget is None or _followed_count(session) < follow_budget):
        company.followed = True
    keyword = (keyword or "").strip()[:60] or None
    row = session.scalar(select(Subscription).where(Subscription.chat_id == chat.id,
                                                    Subscription.company_id == company.id))
    if row is not None:
        row.keyword = keyword
        return False
    if chat_limit is not None and (session.scalar(select(func.count()).select_from(Subscription)
                                                  .where(Subscription.chat_id == chat.id)) or 0) >= chat_limit:
        raise UsageError(f"a chat follows at most {chat_limit} companies; /unsubscribe one first",
                         key="too_many_subscriptions", limit=str(chat_limit))
    session.add(Subscription(chat_id=chat.id, company_id=company.id, keyword=keyword))
    session.flush()
    return True


def _followed_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Company).where(Company.followed.is_(True))) or 0


def drop_filter(session: Session, chat: Chat, company: Company, keyword: str) -> bool:
    """/unsubscribe 300253 回购: the chat keeps the company and hears of all its promises again; False when it
    had no such filter (nothing changes)."""
    row = session.scalar(select(Subscription).where(Subscription.chat_id == chat.id,
                                                    Subscription.company_id == company.id))
    if row is None or (row.keyword or "") != keyword.strip():
        return False
    row.keyword = None
    return True


def subscription_filters(session: Session, chat: Chat) -> list[tuple[Company, str | None]]:
    """The chat's companies with the filter of each (None: every promise)."""
    return [(c, k) for c, k in session.execute(
        select(Company, Subscription.keyword).join(Subscription, Subscription.company_id == Company.id)
        .where(Subscription.chat_id == chat.id).order_by(Company.code)).all()]


def unsubscribe(session: Session, chat: Chat, company: Company) -> bool:
    result = session.execute(delete(Subscription).where(Subscription.chat_id == chat.id,
                                                        Subscription.company_id == company.id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def subscriptions(session: Session, chat: Chat) -> list[Company]:
    return list(session.scalars(select(Company).join(Subscription, Subscription.company_id == Company.id)
                                .where(Subscription.chat_id == chat.id).order_by(Company.code)))


def set_offsets(session: Session, chat: Chat, offsets: list[int]) -> list[int]:
    clean = sorted({o for o in offsets}, reverse=True)
    if not clean or any(o < 0 or o > 365 for o in clean) or len(clean) > 6:
        raise UsageError("reminder offsets are 1 to 6 whole numbers of days between 0 and 365", key="bad_offsets")
    chat.reminder_offsets = clean
    return clean
