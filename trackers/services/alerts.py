"""Alerts for the administrators, through the same outbox as everything else."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Integer, String, cast, literal, select
from sqlalchemy.orm import Session

from trackers.db.models import Chat, Notification, UTCDateTime
from trackers.services.sql import insert_ignoring_duplicates
from trackers.services.subscriptions import ensure_chat


def queue_admin_alert(session: Session, admins: list[int], key: str, template: str, values: dict[str, Any],
                      now: dt.datetime) -> int:
    """One alert per admin chat, once per `key` (a second call with the same key adds nothing)."""
    if not admins:
        return 0
    for telegram_id in admins:
        ensure_chat(session, telegram_id)
    payload = {"template": template, "values": values}
    dedup = literal(f"alert:{key}:") + cast(Chat.id, String)
    source = select(Chat.id, literal("alert"), literal(payload, JSON), dedup, literal("pending"),
                    literal(0, Integer), literal(now, UTCDateTime()), literal(now, UTCDateTime())).where(
        Chat.telegram_id.in_(admins))
    return insert_ignoring_duplicates(session, Notification, ["chat_id", "event", "payload", "dedup_key", "state",
                                                              "attempts", "next_attempt_at", "created_at"], source)
