"""Placeholder replaced below."""
from __future__ import annotations

from trackers.domain import JudgeInput, Judgement, LaterFiling, Verdict


def judge(commitment: JudgeInput, filing: LaterFiling) -> Judgement:
    return Judgement(Verdict.NO_EVIDENCE, "", 0.0)
