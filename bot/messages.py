"""Turn an outbox row into the text a subscriber reads (the same templates everywhere)."""
from __future__ import annotations

import datetime as dt
import html
import re

from sqlalchemy.orm import Session

from bot.render import Renderer
from trackers.db.models import Chat, Notification, StatusChange
from trackers.services import queries
from trackers.services.tracking import NOT_YET_DUE


def notification_text(session: Session, renderer: Renderer, row: Notification, chat: Chat,
                      today: dt.date) -> str | None:
    """The message for `row`, or None when it no longer makes sense to send it."""
    if row.event == "alert":
        payload = row.payload or {}
        if "template" in payload:
            return renderer.render(chat.language, str(payload["template"]), **dict(payload.get("values") or {}))
        return renderer.render(chat.language, "alert.html.j2", text=str(payload.get("text", "")))
    if row.commitment_id is None:
        return None
    view, _changes = queries.commitment(session, row.commitment_id)
    if row.event == "reminder":
        if view.status not in NOT_YET_DUE or view.deadline is None or view.deadline < today:
            return None  # met, broken or past meanwhile: the reminder is stale
        return renderer.render(chat.language, "reminder.html.j2", v=view, days=(view.deadline - today).days)
    if row.event == "self_report":
        return renderer.render(chat.language, "self_report.html.j2", v=view) if view.contradiction else None
    change = session.get(StatusChange, row.status_change_id) if row.status_change_id else None
    if change is None:
        return None
    evidence = change.evidence_filing
    filings = {evidence.id: evidence} if evidence is not None else {}
    return renderer.render(chat.language, "status_change.html.j2", v=view, c=queries.change_view(change, filings))


def as_plain_text(message: str) -> str:
    """Telegram HTML rendered for a terminal: links keep their address, tags go."""
    message = re.sub(r'<a href="([^"]+)">(.*?)</a>', r"\2 <\1>", message)
    return html.unescape(re.sub(r"</?(?:b|i|u|s|code|pre)>", "", message))
