"""Progress toward a quantitative promise, read from a progress notice (回购进展, 增持进展, 减持进展, 时间过半).

Pure: the commitment's terms and a prepared filing in, a reading or None out. The figure is the largest
one the filing states as a fact (累计回购…股, 支付的总金额为…元), never a restated promise (不低于…); its
day is the 截至 day the sentence gives, else the filing's own date.
"""
from __future__ import annotations

from collections.abc import Callable

from trackers.check.rules import mentions
from trackers.check.sentences import PreparedFiling, Sentence, as_of_day, quote_of, without_promise
from trackers.domain import JudgeInput, ProgressReading
from trackers.promises import amounts

# the types whose promise is a quantity worth following between notices
TRACKED = frozenset({"buyback", "share_purchase", "share_sale"})
Measure = Callable[[Sentence], tuple[float, str] | None]


def money_in(s: Sentence) -> tuple[float, str] | None:
    """Money spent, told in words or by a flattened table row (its spaces part the columns)."""
    return amounts.money_spent(s.flat, s.text)


def shares_in(s: Sentence) -> tuple[float, str] | None:
    return amounts.shares_done(s.flat)


def percent_in(s: Sentence) -> tuple[float, str] | None:
    return amounts.percent_done(s.flat)


def target_of(c: JudgeInput) -> tuple[str, float, str, Measure] | None:
    """(measure, target, bound, reader) for the commitment's quantity, or None where it states none."""
    t = c.terms
    options: tuple[tuple[str, float | None, str, Measure], ...] = (
        ("money", t.amount_floor, "floor", money_in),
        ("shares", t.share_floor, "floor", shares_in),
        ("percent", t.ratio_floor, "floor", percent_in),
        ("shares", t.share_cap, "cap", shares_in),
        ("percent", t.ratio_cap, "cap", percent_in),
        ("money", t.amount_ceiling, "cap", money_in),
    )
    return next(((m, v, b, r) for m, v, b, r in options if v), None)


def read_progress(c: JudgeInput, prepared: PreparedFiling) -> ProgressReading | None:
    """The filing's figure for the commitment's quantity, if the filing speaks of its type and states one."""
    if c.type not in TRACKED:
        return None
    target = target_of(c)
    if target is None or not mentions(c, prepared.flat):
        return None
    sentences = without_promise(prepared, c.quote, *c.restatements)
    measure, value, bound, reader = target
    best: tuple[float, Sentence] | None = None
    for s in sentences:
        found = reader(s)
        if found is not None and (best is None or found[0] > best[0]):
            best = (found[0], s)
    if best is None:
        return None
    done, sentence = best
    filed = prepared.filing.date
    return ProgressReading(measure, done, value, bound, as_of_day(sentence.flat, filed) or filed, quote_of(sentence))
