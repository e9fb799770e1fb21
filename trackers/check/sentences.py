"""A later filing read once: its title and sentences, normalised for matching, kept verbatim for quoting.

Shared by the judge and the per-type rules; an investor's question is never a sentence of evidence.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from trackers.domain import LaterFiling
from trackers.extract.dates import past_day
from trackers.extract.segment import line_ends_sentence, page_break_wrap
from trackers.text.normalize import compact, normalize

NEGATED_BEFORE = re.compile(r"(?:未|尚未|没有|暂未|不|无|并未|未能)[^，,。；;]{0,4}$")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # as in the filing, for quoting
    flat: str  # normalised, white space removed, for matching


@dataclass(frozen=True, slots=True)
class PreparedFiling:
    """A filing split and normalised once, then judged against many commitments."""

    filing: LaterFiling
    sentences: tuple[Sentence, ...]
    flat: str


def prepare(filing: LaterFiling) -> PreparedFiling:
    out: list[Sentence] = []
    if filing.title.strip() and not is_question(flat_text(filing.title)):
        out.append(Sentence(filing.title.strip(), flat_text(filing.title)))
    for part in _parts(filing.text):
        flat = flat_text(part)
        if len(flat) >= 4 and not is_question(flat) and not tells_nothing(flat):
            out.append(Sentence(part.strip(), flat))
    return PreparedFiling(filing, tuple(out), "".join(s.flat for s in out))


# What a filing says that is never evidence of anything done: a hypothesis and what would follow from it
# (如果在此期限内回购资金使用金额达到上限，则回购方案实施完毕), a count worked out from the plan's own figures (按照
# 回购金额下限…进行测算，回购数量约为…), and a form's boxes to tick (投资者关系活动类别 □特定对象调研 □新闻发布会).
_HYPOTHESIS = re.compile(r"^(?:[一二三四五六七八九十\d]{1,2}[、.)]|[(（][一二三四五六七八九十\d]{1,2}[)）])?"
                         r"(?:如果|如若|若|倘若|假如|假设|如[^，,。]{0,30}(?:的|时))[^。]{0,80}(?:则|将|的话)")
_CALCULATION = re.compile(r"测算|模拟计算|预计回购(?:股份)?数量约|"
                          r"按(?:照)?[^，,。；;]{0,24}(?:上限|下限)[^，,。；;]{0,30}计算")
_BOXES = re.compile(r"[□☐■☑√].{0,12}[□☐■☑√]")


def tells_nothing(flat: str) -> bool:
    """Is the sentence (flat) one that can report no act: a hypothesis, a calculation, a form's checkboxes?"""
    return bool(_HYPOTHESIS.match(flat) or _CALCULATION.search(flat) or _BOXES.search(flat))


_SPLIT = re.compile(r"(?<=[。！？!?；;])|\n\s*\n|\s+-\s+|\n(?=问|答|Q|A)|\n")


def _parts(text: str) -> Iterator[str]:
    """Sentences, lines that close one (a header, a title), paragraphs and bullets. A PDF line wrap or page
    break inside a sentence (…股东大会延期\n\n至12月15日召开) joins its halves, as extraction reads it."""
    view = normalize(text)
    start = 0
    for m in _SPLIT.finditer(text):
        if m.group(0) == "\n" and not line_ends_sentence(view, m.start()):
            continue  # a PDF line wrap inside a sentence
        if m.group(0).count("\n") >= 2:
            line = view[view.rfind("\n", 0, m.start()) + 1: m.start()].strip()
            if line and page_break_wrap(view, m.start(), line):
                continue
        yield text[start:m.start()]
        start = m.end()
    yield text[start:]


def is_question(flat: str) -> bool:
    """An investor's question is never evidence: 请问…什么时候上线？ reports nothing."""
    return flat.endswith(("?", "？")) or flat.startswith(("问:", "问：", "Q:", "Q：")) or "请问" in flat


def without_promise(prepared: PreparedFiling, *quotes: str) -> list[Sentence]:
    """The filing's sentences, less the promise itself wherever the filing states it (in any of its wordings:
    the promise's own, and each restatement's)."""
    out = list(prepared.sentences)
    for quote in dict.fromkeys(quotes):
        out = _without(out, prepared.flat, quote)
    return out


def _without(sentences: list[Sentence], whole: str, quote: str) -> list[Sentence]:
    drop = flat_text(quote)
    if len(drop) <= 10 or drop not in whole and not any(s.flat in drop for s in sentences):
        return sentences
    out = []
    for s in sentences:
        if drop in s.flat or (len(s.flat) > 10 and s.flat in drop):
            rest = s.flat.replace(drop, "")
            if len(rest) >= 6 and rest != s.flat:
                out.append(Sentence(s.text, rest))
            continue
        out.append(s)
    return out


def flat_text(text: str) -> str:
    return compact(normalize(text))


def hit(pattern: re.Pattern[str], sentence: Sentence) -> re.Match[str] | None:
    for m in pattern.finditer(sentence.flat):
        if not NEGATED_BEFORE.search(sentence.flat[: m.start()]):
            return m
    return None


# a plan told before the act in its clause (预计2024年上半年建成投产, 将于…发布): the act is still to come
_FUTURE_IN_CLAUSE = re.compile(r"(?:预计|计划|将|拟|力争|争取|有望|准备|即将)[^，,。；;]*$")


def reported(pattern: re.Pattern[str], sentence: Sentence) -> re.Match[str] | None:
    """A match of `pattern` that the sentence reports as done: neither negated nor still planned."""
    for m in pattern.finditer(sentence.flat):
        before = sentence.flat[: m.start()]
        if not NEGATED_BEFORE.search(before) and not _FUTURE_IN_CLAUSE.search(before):
            return m
    return None


def quote_of(sentence: Sentence) -> str:
    text = re.sub(r"\s+", " ", sentence.text)
    return text if len(text) <= 240 else text[:237] + "…"


WRITTEN_DAY = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
_AS_OF = re.compile(r"截[至止]" + WRITTEN_DAY.pattern)


def day_written(m: re.Match[str], ref: dt.date) -> dt.date | None:
    """A day a later filing writes (with or without its year), read as past: never after `ref`."""
    return past_day(int(m.group("y")) if m.group("y") else None, int(m.group("m")), int(m.group("d")), ref)


def as_of_day(flat: str, filed: dt.date) -> dt.date | None:
    """The 截至 day a sentence gives its figures for (截至2026年3月30日…已实施完毕); never after the filing."""
    m = _AS_OF.search(flat)
    return day_written(m, filed) if m is not None else None
