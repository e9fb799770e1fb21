"""The form reader: regulated announcements read as the exchange forms they are, before the sentence reader.

Each form family has its module (plans.py: buybacks, share purchases and sales, with their progress and
result notices; reports.py: the commitments table of a periodic report); titles.py tells which form a filing is,
items.py finds its labelled items. What a form states
is one commitment per plan, per holder or per channel, with every term its items give; the sentences around
the form keep the sentence reader.
"""
from __future__ import annotations

import datetime as dt

from trackers.domain import CommitmentDraft, DeadlinePhrase
from trackers.forms.plans import plan_drafts
from trackers.forms.reports import report_drafts
from trackers.forms.titles import NONE, Form, recognise

__all__ = ["NONE", "Form", "form_drafts", "recognise"]


def form_drafts(text: str, view: str, doc_date: dt.date, phrases: list[DeadlinePhrase],
                form: Form) -> list[CommitmentDraft]:
    """The commitments the filing's forms state."""
    drafts = plan_drafts(text, view, doc_date, phrases, form)
    if "承诺事项" in view:  # a periodic report's commitments table
        drafts += report_drafts(text, view, doc_date)
    return drafts
