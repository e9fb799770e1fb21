"""Admin only: /ingest (send a filing as a document) and /stats."""
from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from telegram import Update

from bot.core import Core
from bot.handlers.common import is_admin, reply, the_chat
from bot.jobs import news_since
from bot.render import describe
from trackers.db.models import Chat, Commitment, Company, Filing, Notification
from trackers.documents import parse_bytes
from trackers.documents.loader import SUPPORTED
from trackers.errors import ParseError, UsageError
from trackers.services.ingest import FilingMeta, IngestResult, ingest_document
from trackers.services.tracking import check_filings, sweep
from trackers.text.codes import stock_code

if TYPE_CHECKING:
    from bot.app import Context


async def ingest_hint(update: Update, context: Context) -> None:
    _chat_id, lang = the_chat(context, update)
    if not is_admin(update, context):
        await reply(update, context, lang, "errors/not_admin.html.j2")
        return
    await reply(update, context, lang, "ingest_hint.html.j2", kinds=", ".join(SUPPORTED),
                limit_mb=context.bot_data.settings.max_upload_bytes // (1024 * 1024))


async def receive_document(update: Update, context: Context) -> None:
    """A document from an admin: ingest, extract, judge, and say what was found."""
    _chat_id, lang = the_chat(context, update)
    message = update.effective_message
    assert message is not None and message.document is not None
    if not is_admin(update, context):
        await reply(update, context, lang, "errors/not_admin.html.j2")
        return
    document = message.document
    settings = context.bot_data.settings
    name = document.file_name or "upload"
    if document.file_size and document.file_size > settings.max_upload_bytes:
        await reply(update, context, lang, "errors/too_big.html.j2", name=name,
                    limit_mb=settings.max_upload_bytes // (1024 * 1024))
        return
    if not name.lower().endswith(SUPPORTED) and document.mime_type != "application/pdf":
        await reply(update, context, lang, "errors/not_a_filing.html.j2", name=name, kinds=", ".join(SUPPORTED))
        return
    data = bytes(await (await document.get_file()).download_as_bytearray())
    core = context.bot_data.core
    try:
        # parsing and extraction are CPU work: a worker thread, so the bot keeps answering everyone else
        result, found, changes = await asyncio.to_thread(_store_upload, core, data, name, message.caption)
    except (ParseError, UsageError) as exc:
        await reply(update, context, lang, "errors/bad_filing.html.j2", name=name,
                    detail=describe(core.renderer, lang, exc, in_chat=True), caption_helps=exc.key in _CAPTION_GIVES)
        return
    await reply(update, context, lang, "ingested.html.j2", result=result, found=found, changes=changes)


def _store_upload(core: Core, data: bytes, name: str, caption: str | None) -> tuple[IngestResult, list[Any], int]:
    """Parse, store, judge and apply today's clock: (what was stored, its commitments, status changes)."""
    settings = core.settings
    doc = parse_bytes(data, name, settings.parse_limits())
    with core.sessions.begin() as session:
        result = ingest_document(session, doc, _caption_meta(caption), core.clock.now())
        changes = len(check_filings(session, [result.filing_id], core.clock.now(), news_since=news_since(core))
                      ) if result.created else 0
        if result.created:  # today's clock for the new commitments: a 2025 deadline is not "pending" in 2026
            swept = sweep(session, core.clock.today(), core.clock.now(), settings.due_soon_days, settings.news_days)
            changes += swept.kept + swept.overdue + swept.due_soon
        drafts = session.scalars(select(Commitment).where(Commitment.filing_id == result.filing_id)
                                 .order_by(Commitment.id)).all()
        found = [(c.id, c.kind, c.subject, c.deadline, c.deadline_text) for c in drafts]
    return result, found, changes


_CAPTION_GIVES = frozenset({"no_company_code", "no_date"})  # what a caption can supply (_caption_meta)


def _caption_meta(caption: str | None) -> FilingMeta:
    """A caption may give what the file lacks: "300253 2025-04-25"."""
    code, day = None, None
    for word in (caption or "").split():
        if stock_code(word):
            code = stock_code(word)
        else:
            try:
                day = dt.date.fromisoformat(word)
            except ValueError:
                continue
    return FilingMeta(company_code=code, published=day, source="upload")


async def stats(update: Update, context: Context) -> None:
    _chat_id, lang = the_chat(context, update)
    if not is_admin(update, context):
        await reply(update, context, lang, "errors/not_admin.html.j2")
        return
    with context.bot_data.core.sessions() as session:
        def count(model: object, *where: object) -> int:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]

        figures = {
            "companies": count(Company), "filings": count(Filing), "commitments": count(Commitment),
            "open": count(Commitment, Commitment.status.in_(("pending", "due_soon", "overdue"))),
            "chats": count(Chat, Chat.active.is_(True)),
            "outbox": count(Notification, Notification.state == "pending"),
            "failed": count(Notification, Notification.state == "failed"),
        }
    await reply(update, context, lang, "stats.html.j2", **figures)
