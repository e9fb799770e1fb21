"""Shaping query results for messages: grouping and paging, shared by the bot and the demo."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from sqlalchemy.orm import Session

from bot.render import Renderer
from trackers.db.models import Company
from trackers.services import queries

PER_PAGE = 8


@dataclass(frozen=True, slots=True)
class StatusPage:
    text: str
    page: int
    pages: int


def status_page(renderer: Renderer, lang: str, session: Session, company: Company, page: int = 1,
                per_page: int = PER_PAGE) -> StatusPage:
    """One page of a company's promises, grouped by status, overdue and due soon first."""
    total = queries.count_commitments(session, company)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    chunk = queries.company_commitments(session, company, (page - 1) * per_page, per_page)
    groups = [(status, list(items)) for status, items in groupby(chunk, key=lambda v: v.status)]
    text = renderer.render(lang, "status.html.j2", company=company, groups=groups, total=total,
                           page=page, pages=pages)
    return StatusPage(text, page, pages)
