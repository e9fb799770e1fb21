"""The extraction pipeline: read (normalise, segment, find deadlines, recognise the form) → the form reader →
the table reader → the sentence reader (classify each dated clause, build its draft) → settle overlaps.

Pure: text and the document's date in, frozen drafts out. No database, network or clock.
"""
from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
from dataclasses import dataclass, replace

from trackers.domain import CommitmentDraft, DeadlinePhrase, Kind, Precision, Segment
from trackers.extract.classify import (
    SUPERSEDED,
    could_promise,
    in_title_line,
    is_governing,
    is_scheduled,
    judge_clause,
    kind_of,
    table_row_is_schedule,
)
from trackers.extract.deadlines import find_deadlines, from_next_day, time_words
from trackers.extract.segment import segment_around, strip_markup
from trackers.extract.subject import keywords_of, subject_of
from trackers.extract.tables import table_drafts
from trackers.forms import Form, form_drafts, recognise
from trackers.promises import headline, type_of
from trackers.promises.identity import same_drafts
from trackers.promises.terms import read_terms
from trackers.text.first_chars import compile_fast
from trackers.text.normalize import compact, normalize


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    min_confidence: float = 0.5
    max_quote_chars: int = 400


DEFAULT_CONFIG = ExtractConfig()
# a comma inside a figure (2,250万元) separates nothing
_CLAUSE_SEP = compile_fast(r"[，；;]|(?<!\d),|,(?!\d{3}(?:\D|$))")
_STRONG_SEP = compile_fast(r"[；;]")
# a run-on announcement lists its terms as items: " 资金总额:… 回购期限:… 回购价格:…"
_ITEM_LABEL = compile_fast(r"(?:(?<=\s)|(?<=^)|(?<=[。；;]))[\u4e00-\u9fff、]{2,12}[:：](?![\d:：])")
# the item or clause is only the window of a promise stated just before it (回购期限:自…起12个月内)
_BARE_WINDOW = compile_fast(
    r"^(?:[●■◆•·\-]|[一二三四五六七八九十\d]+[、.．)]|[(（][一二三四五六七八九十\d]+[)）])?[\u4e00-\u9fff]{0,8}(?:期限|期间)"
    r"(?:为|:|是)?(?:自[^，,。;；]{0,40}?(?:之日起|起|之日))?(?:不超过|不超过董事会[^，,。;；]{0,12}起)?$"
)
# a bond board's decision not to revise or redeem for N months: the window opens the next day
_DECIDED_WINDOWS = frozenset({"cb_no_revision", "cb_no_redemption"})
# 2024年12月6日决定暂不提前赎回,12个月内不行使赎回权: the dated decision opens the window that follows
_DATED_DECISION = compile_fast(
    r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:公司)?(?:董事会)?\s*(?:决定|审议通过|同意|决议)")
_SENTENCE_END = compile_fast(r"[。！？!?]")
_DONE_ALREADY = compile_fast(r"已(?!于未来)")
_REPORTED = compile_fast(r"截至|截止|累计|已(?:经)?(?:回购|增持|减持|完成|实施)")
# an item's number: 4、 4. (四)
_ITEM_NUMBER = compile_fast(r"^(?:[一二三四五六七八九十\d]{1,3}[、.．)]|[(（][一二三四五六七八九十\d]{1,3}[)）])")
_ITEM_BREAK = compile_fast(r"\s-\s|[●■◆；;。\n]")  # where a list item or sentence ends
_TERMS_WORDS = compile_fast(r"\d\s*(?:[万亿]?\s*元|[万亿]?\s*股|%)|闲置募集资金")
_EXPLAINS = compile_fast(r"\s*[(（]?\s*即\s*")


@dataclass(frozen=True, slots=True)
class Reading:
    """A filing read once: every later stage works on these views, never recomputing them."""

    text: str  # verbatim, for quotes
    view: str  # normalised, same length: what the patterns read
    doc_date: dt.date
    sentences: list[Segment]
    phrases: list[DeadlinePhrase]  # every time phrase of the sentences that could promise, resolved or not
    form: Form  # the exchange form the filing is, if any


def read(text: str, doc_date: dt.date) -> Reading:
    """Normalise, segment (Q&A aware) and find the time phrases of the sentences that could hold a promise."""
    view = strip_markup(normalize(text))
    triggers = time_words(view)
    sentences = segment_around(text, view, [start for start, _end in triggers])
    spans = [(s.start, s.end) for s in sentences if s.role != "question" and could_promise(view, s.start, s.end)]
    return Reading(text, view, doc_date, sentences, find_deadlines(text, doc_date, view, spans, triggers),
                   recognise(view))


def extract(text: str, doc_date: dt.date, config: ExtractConfig = DEFAULT_CONFIG) -> list[CommitmentDraft]:
    """Every dated commitment stated in `text`, resolved against `doc_date`. The stages, in order: read the
    text once → the form reader → the table reader → the sentence reader → settle what several of them found."""
    reading = read(text, doc_date)
    forms = form_drafts(text, reading.view, doc_date, reading.phrases, reading.form)
    rows = table_drafts(text, reading.view, doc_date)
    return _settle(reading, _sentence_reader(reading, config), rows, forms)


def _sentence_reader(reading: Reading, config: ExtractConfig) -> list[tuple[int, CommitmentDraft]]:
    """The drafts each sentence's dated clauses make, with the sentence's number."""
    text, view, doc_date = reading.text, reading.view, reading.doc_date
    phrases = [p for p in reading.phrases if is_governing(p)]
    if not phrases:
        return []
    starts = tuple(p.start for p in reading.phrases)
    # windows we could not date (增持完成后36个月内) are commitments of their own: quotes stop before them
    blockers = tuple(p.start for p in reading.phrases if p.resolved is None and not p.is_anchor)
    drafts: list[tuple[int, CommitmentDraft]] = []
    index = 0
    for number, sentence in enumerate(reading.sentences):
        while index < len(phrases) and phrases[index].start < sentence.start:
            index += 1
        inside = []
        j = index
        while j < len(phrases) and phrases[j].start < sentence.end:
            inside.append(phrases[j])
            j += 1
        if not inside or sentence.role == "question":
            continue
        found = _sentence_drafts(text, view, sentence, _explicit_wins(view, inside), doc_date, config, starts, blockers)
        drafts.extend((number, draft) for draft in found)
    return drafts


def _settle(reading: Reading, drafts: list[tuple[int, CommitmentDraft]], rows: list[CommitmentDraft],
            forms: list[CommitmentDraft]) -> list[CommitmentDraft]:
    """One commitment per promise: a headline that retells the body goes (the body's wording is kept), a
    restatement within the filing is one, a postponement's recaps go, and table rows and forms replace what
    the sentence reader made of their lines."""
    view = reading.view
    echo_free = {id(d) for d in _without_echoes([d for _n, d in drafts], view)}
    drafts = [(n, d) for n, d in drafts if id(d) in echo_free]
    once = _without_recaps(_restated_once(drafts, reading.doc_date), view)
    return _with_forms(_with_tables(once, rows), forms, reading.form)


_PLAN_TYPES = frozenset({"buyback", "share_purchase", "share_sale"})


def _with_forms(drafts: list[CommitmentDraft], forms: list[CommitmentDraft], form: Form) -> list[CommitmentDraft]:
    """What the form reader found replaces what the sentence reader made of the same lines; in a progress or
    result notice, the plan the sentences retell is the plan made before (restated), not a new one."""
    # a window item whose figures stand in the sentence before it, not in an item: the sentence reader's draft
    # (which took them in) is the fuller one
    forms = [f for f in forms if f.terms.has_quantity or not any(
        _overlaps(d, f) and d.type == f.type and d.terms.has_quantity for d in drafts)]
    kept = [d for d in drafts if not any(_overlaps(d, f) or _same_plan(d, f) for f in forms)]
    if form.restates:
        kept = [replace(d, restated=True) if d.type in _PLAN_TYPES else d for d in kept]
    if form.role == "cancelled":  # the called-off meeting's days, listed to say what is cancelled
        kept = [d for d in kept if d.type not in _SCHEDULE_TYPES]
    elif form.meeting:
        kept = [_named_meeting(d, form.meeting) if d.type == "meeting" else d for d in kept]
    return sorted(kept + forms, key=lambda d: (d.start, d.deadline or dt.date.max))


def _named_meeting(d: CommitmentDraft, meeting: str) -> CommitmentDraft:
    """会议召开时间：X in a notice that calls a meeting: the meeting its title names is what is held on X."""
    return replace(d, subject=f"召开{meeting}"[:60], terms=replace(d.terms, event=meeting))


def _overlaps(a: CommitmentDraft, b: CommitmentDraft) -> bool:
    return a.start < b.end and b.start < a.end


def _same_plan(d: CommitmentDraft, f: CommitmentDraft) -> bool:
    """A sentence that retells the form's plan (the same type and window) is the form's plan."""
    return d.type == f.type and d.type in _PLAN_TYPES and d.deadline == f.deadline


def as_commitment(quote: str, said_on: dt.date, deadline: dt.date | None = None) -> CommitmentDraft | None:
    """A promise known only by its quote (a gold line, a stored commitment of an older build), built the way
    extraction builds one from a filing — its type, terms, keywords and subject: the draft extraction makes of the
    quote alone that ends on `deadline` (else the one that covers most of it), or None when it makes none."""
    drafts = extract(quote, said_on)
    if not drafts:
        return None
    dated = [d for d in drafts if deadline is not None and d.deadline == deadline]
    return max(dated or drafts, key=lambda d: d.end - d.start)


_HEAD_OF_TEXT, _HEAD_LINES = 400, 3  # a reposted answer's headline and lead: its first few lines
_SCHEDULE_TYPES = frozenset({"record_or_payment_date", "meeting"})  # a schedule's days may share a date
_MOVABLE = frozenset({"disclosure_date", "meeting", "record_or_payment_date", "launch", "other"})


def _without_echoes(drafts: list[CommitmentDraft], view: str) -> list[CommitmentDraft]:
    """A repost's headline or lead (长鸿高科:将募投项目…延期至…, 董秘回答一期项目即将在本月下旬试产) retells the
    answer below it: when the body states a promise of the same type and deadline, the headline's goes."""
    kept = []
    for i, d in enumerate(drafts):
        line_end = _in_headline(view, d)
        # the same type, or one of the two too short to name one (年底将完成…设备安装调试 over the body's 建设…;
        # 部分募投项目延期至2027年7月 over the body's 现延期至2027年7月)
        if line_end and any(o.deadline == d.deadline and (d.type == o.type or "other" in (d.type, o.type))
                            and o.start > line_end and (d.type not in _PLAN_TYPES or same_drafts(d, o))
                            for o in drafts[i + 1:]):
            continue
        kept.append(d)
    return kept


def _in_headline(view: str, d: CommitmentDraft) -> int:
    """The end of the headline or lead line that holds the draft (0 when it is in the body): a short line
    among the first of the text, and not a schedule's labelled day."""
    if d.start >= _HEAD_OF_TEXT or d.type in _SCHEDULE_TYPES:
        return 0
    line_start = view.rfind("\n", 0, d.start) + 1
    if sum(1 for line in view[:line_start].split("\n") if line.strip()) >= _HEAD_LINES:
        return 0  # below the headline and the lead: the body, where distinct promises may share a date
    line_end = view.find("\n", d.end)
    line_end = line_end if line_end >= 0 else len(view)
    return line_end if len(view[line_start:line_end].strip()) <= 100 else 0


# a document that postpones something (决定将…延期至, 延期回复, 延期披露, 推迟至)
# (each alternative opens with its own character, so the engine skips to the three that can start one)
_POSTPONES = compile_fast("|".join(f"{verb}(?:至|到|回复|披露|召开|举行)" for verb in ("延期", "推迟", "延后"))
                          + r"|决定[^。]{0,30}(?:延期|推迟)")
# what such a document recounts of the schedule it replaces: the old promise, the regulator's first demand
# (原股东大会的基本情况, 原会议召开的日期: the section of a postponed meeting's notice that restates it)
_RECAP = compile_fast(SUPERSEDED.pattern + r"|此前|曾(?:经)?(?:表示|披露|预计)|前期(?:表示|披露)|要求")


# 再次延期回复…将尽快完成: a second postponement supersedes every date the text told before it
_AGAIN = compile_fast(r"再次(?:申请)?(?:延期|推迟|延后)|再度(?:延期|推迟)")


def _without_recaps(drafts: list[CommitmentDraft], view: str) -> list[CommitmentDraft]:
    """In a postponement notice, the recounted old schedule (此前…表示预计6月底前完成, 要求…于7月4日前报送)
    is superseded by the new date the notice sets; only that new date is a commitment. A second postponement
    supersedes the dates told before its sentence, whether or not it sets a new one."""
    again = list(_AGAIN.finditer(view))
    if again:
        told = max((m.end() for m in _SENTENCE_END.finditer(view, 0, again[-1].start())), default=0)
        drafts = [d for d in drafts if d.end > told or d.type not in _MOVABLE]
    dated = [d.deadline for d in drafts if d.deadline is not None]
    if len(dated) < 2 or not _POSTPONES.search(view):
        return drafts
    latest = max(dated)
    kept = []
    for d in drafts:
        opened = max((m.end() for m in _SENTENCE_END.finditer(view, max(0, d.start - 200), d.start)), default=0)
        if d.deadline is not None and d.deadline < latest and _RECAP.search(view, max(opened, d.start - 200), d.end):
            continue
        kept.append(d)
    return kept


def _with_tables(drafts: list[CommitmentDraft], rows: list[CommitmentDraft]) -> list[CommitmentDraft]:
    """Table rows and listed items replace what the sentence reader made of the same lines."""
    if not rows:
        return drafts
    taken = [(r.start, r.end) for r in rows]
    kept = [d for d in drafts if not any(d.start < end and start < d.end for start, end in taken)]
    return sorted(kept + rows, key=lambda d: (d.start, d.deadline))


_TWIN_REACH = 64


def _latest_elsewhere(groups: list[tuple[int, list[int]]], number: int) -> list[int]:
    """The latest _TWIN_REACH drafts of `groups` (drafts by sentence, in order) outside sentence `number`."""
    found: list[int] = []
    for sentence, indices in reversed(groups):
        if sentence != number:
            found.extend(indices[-(_TWIN_REACH - len(found)):])
            if len(found) >= _TWIN_REACH:
                break
    return found


def _restated_once(drafts: list[tuple[int, CommitmentDraft]], doc_date: dt.date) -> list[CommitmentDraft]:
    """A document that restates a commitment (a summary bullet, then the body) yields it once.

    Two drafts in different sentences are the same commitment when they share kind and window,
    or kind, the window's wording and an action word; the surer one stays.
    """
    kept: list[tuple[int, CommitmentDraft]] = []
    # a twin shares the kind and the day or the window's words: only those are compared (a long filing
    # makes thousands of drafts; comparing each with every other would be quadratic), in another sentence, and
    # among the latest _TWIN_REACH of them (one line of thousands of identical dates must stay linear)
    by_key: dict[tuple[object, ...], list[tuple[int, list[int]]]] = {}
    for number, draft in drafts:
        keys = _twin_keys(draft)
        near = sorted({i for key in keys for i in _latest_elsewhere(by_key.get(key, []), number)})
        twin = next((i for i in near if _same_commitment(kept[i][1], draft, doc_date)), None)
        if twin is None:
            kept.append((number, draft))
            for key in keys:
                groups = by_key.setdefault(key, [])
                if groups and groups[-1][0] == number:
                    groups[-1][1].append(len(kept) - 1)
                else:
                    groups.append((number, [len(kept) - 1]))
        elif _same_meeting(kept[twin][1], draft):
            if len(draft.quote) < len(kept[twin][1].quote):  # 召开时间:X says it; the notice's body retells it
                kept[twin] = (number, draft)
        elif draft.confidence > kept[twin][1].confidence:
            kept[twin] = (number, draft)
    return [draft for _n, draft in kept]


def _twin_keys(d: CommitmentDraft) -> tuple[tuple[object, ...], ...]:
    return ((d.kind, d.deadline), (d.kind, compact(d.deadline_text)))


def _same_commitment(a: CommitmentDraft, b: CommitmentDraft, doc_date: dt.date) -> bool:
    """Restated, or two promises that merely share a date (年底前完成A, 年底前完成B)?"""
    if a.kind != b.kind or "record_or_payment_date" in (a.type, b.type):
        return False  # a schedule's days are each their own, even two on one day
    if _is_row(a.quote) != _is_row(b.quote):
        return False  # an item table's row is its own; the prose (上述整改事项将于X前全部完成) sums them up
    if _same_meeting(a, b):
        return True
    if a.type in _PLAN_TYPES and not same_drafts(a, b):
        return False  # two holders' plans, or two plans of other figures, in one notice
    if not _alike(a.subject, b.subject, a.keywords, b.keywords):
        return False
    if (a.deadline, a.deadline_start) == (b.deadline, b.deadline_start):
        return True
    told = (None, doc_date)  # a window counted from the document's own day may retell a dated one
    if a.deadline and b.deadline and a.deadline_start not in told and b.deadline_start not in told:
        return False  # one wording counted from two boards' days told in the text: two tranches of 补流
    return compact(a.deadline_text) == compact(b.deadline_text)


def _is_row(quote: str) -> bool:
    """A row of an item table (序号 | 事项 | 措施 | 时间): three cells or more. A two-cell row is a key and its
    value (回购方案实施期限 | X~Y), which the prose around it may well restate."""
    return quote.count("|") + quote.count("│") >= 2


def _same_meeting(a: CommitmentDraft, b: CommitmentDraft) -> bool:
    """A notice's summary and its body name one meeting on one day (record dates on one day differ)."""
    return a.type == b.type == "meeting" and a.precision is b.precision is Precision.DAY and a.deadline == b.deadline


def _alike(a: str, b: str, a_words: tuple[str, ...], b_words: tuple[str, ...]) -> bool:
    if not a_words and not b_words:
        # neither names its action: alike only if they read alike (年底前完成A…, 年底前完成B… do not)
        return min(len(a), len(b)) < 6 or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8
    if not a_words or not b_words:
        return True  # a bare restatement (实施期限为…) of a named commitment
    if not set(a_words) & set(b_words):
        return False
    a_numbers, b_numbers = re.findall(r"\d+", a), re.findall(r"\d+", b)
    return not (a_numbers and b_numbers and a_numbers != b_numbers)  # 第1期 and 第13期 are two projects


def _explicit_wins(view: str, phrases: list[DeadlinePhrase]) -> list[DeadlinePhrase]:
    """未来3个月内(即2025年7月21日至2025年10月20日): keep the stated range, drop the computed one."""
    kept: list[DeadlinePhrase] = []
    for i, phrase in enumerate(phrases):
        following = phrases[i + 1] if i + 1 < len(phrases) else None
        if following and following.is_range and _EXPLAINS.fullmatch(view[phrase.end:following.start]):
            continue
        kept.append(phrase)
    return kept


def _clauses(view: str, sentence: Segment, phrases: list[DeadlinePhrase]) -> list[tuple[int, int, DeadlinePhrase]]:
    """Cut a sentence between consecutive dated phrases, at the last clause mark between them."""
    bounds = [sentence.start]
    for left, right in zip(phrases, phrases[1:], strict=False):
        gap = view[left.end:right.start]
        # the words of a clause come before its date: cut at the last ；, else at the last ，
        cuts = [m.end() for m in _STRONG_SEP.finditer(gap)] or [m.end() for m in _CLAUSE_SEP.finditer(gap)]
        bounds.append(left.end + cuts[-1] if cuts else -1)
    bounds.append(sentence.end)
    out: list[tuple[int, int, DeadlinePhrase]] = []
    start = bounds[0]
    group: list[DeadlinePhrase] = []
    for i, phrase in enumerate(phrases):
        group.append(phrase)
        cut = bounds[i + 1]
        if cut == -1:
            continue  # no mark between this phrase and the next: they share one clause
        out.append((start, cut, _best(group)))
        start, group = cut, []
    return out


def _best(group: list[DeadlinePhrase]) -> DeadlinePhrase:
    windows = [p for p in group if p.is_range]
    return windows[-1] if windows else group[-1]


def _sentence_drafts(text: str, view: str, sentence: Segment, phrases: list[DeadlinePhrase],
                     doc_date: dt.date, config: ExtractConfig, starts: tuple[int, ...],
                     blockers: tuple[int, ...]) -> list[CommitmentDraft]:
    drafts = []
    in_table = "│" in sentence.text or "|" in sentence.text
    schedule = in_table and table_row_is_schedule(view, sentence.start)
    for start, end, phrase in _clauses(view, sentence, phrases):
        if in_title_line(view, phrase.start, phrase.end):
            continue
        end = _before_other_window(view, phrase, end, blockers)
        near = _near(view, phrase, start, end, starts)
        scheduled = is_scheduled(view, phrase.start, phrase.end)
        around = _around_clause(sentence, start, end)
        ok, confidence = judge_clause(near, view[start:end], view[around.start:around.end], phrase,
                                      doc_date, schedule, scheduled)
        if not ok or confidence < config.min_confidence:
            continue
        start, end = _item_of(view, start, end, phrase)
        if scheduled:  # 股权登记日:X is one line of a schedule; the next line is another item
            line_end = view.find("\n", phrase.end, end)
            end = line_end if line_end > 0 else end
        start = _whole_promise(view, around, start, phrase)
        start, end = _trim(text, start, end)
        if end - start > config.max_quote_chars:
            start, end = _around(text, view, start, end, phrase, config.max_quote_chars)
        promise = type_of(_typed_words(view, start, end, phrase))
        if promise.name in _QUANTIFIED and not _TERMS_WORDS.search(view, start, end):
            end = _terms_after(text, view, end, promise.name, config.max_quote_chars - (end - start))
        if promise.name == "dividend" and not _CASH_PER_SHARE.search(view, start, end):
            start = _cash_before(text, view, start)
        clause_view = view[start:end]
        flat = compact(clause_view)
        resolved = from_next_day(phrase, doc_date) if promise.name in _DECIDED_WINDOWS else phrase.resolved
        assert resolved is not None
        kind = promise.kind_of(flat) or kind_of(near)
        if schedule and promise.kind is None:
            kind = Kind.TARGET  # a row of a project schedule: the project's completion date
        terms = read_terms(clause_view, resolved.deadline, resolved.start)
        words = subject_of(clause_view, phrase.start - start, phrase.end - start, kind is Kind.RESTRAINT,
                           view[around.start:start])
        drafts.append(CommitmentDraft(
            quote=text[start:end], start=start, end=end, kind=kind,
            subject=headline(promise, terms, words),
            keywords=keywords_of(clause_view), deadline=resolved.deadline, deadline_text=phrase.text,
            precision=resolved.precision, deadline_start=resolved.start, reference_date=doc_date,
            confidence=confidence if not resolved.approximate else round(confidence * 0.8, 2),
            type=promise.name, terms=terms,
        ))
    return drafts


# how far a clause's sentence is read on either side of it: a real sentence is shorter, and a "sentence" of a
# whole unpunctuated line (10,000 dates joined by commas) must not cost each of its clauses the whole line
_SENTENCE_REACH = 600


def _around_clause(sentence: Segment, start: int, end: int) -> Segment:
    """The part of the sentence a clause's reading looks at: the whole sentence, up to _SENTENCE_REACH around."""
    lo, hi = max(sentence.start, start - _SENTENCE_REACH), min(sentence.end, end + _SENTENCE_REACH)
    if (lo, hi) == (sentence.start, sentence.end):
        return sentence
    return Segment(lo, hi, sentence.text[lo - sentence.start:hi - sentence.start], sentence.role)


# the plans whose promise is a quantity: a window without its amount says little
_QUANTIFIED = {"buyback": "回购", "share_purchase": "增持", "share_sale": "减持"}
_NEXT_REACH = 160
_NEXT_STOP = compile_fast(r"[。！？!?●■◆]")


def _typed_words(view: str, start: int, end: int, phrase: DeadlinePhrase) -> str:
    """The quote's words that say what was promised: the clauses before the date's own one that report acts
    already done (本次收购已获股东大会审议通过，…，预计于9月底前完成交割) tell of something else."""
    if "已" not in view[start:phrase.start]:
        return compact(view[start:end])
    bounds = [start, *(m.end() for m in _CLAUSE_SEP.finditer(view, start, phrase.start))]
    kept = [view[lo:hi] for lo, hi in zip(bounds, bounds[1:], strict=False) if not _DONE_ALREADY.search(view, lo, hi)]
    return compact("".join(kept) + view[bounds[-1]:end])


def _terms_after(text: str, view: str, end: int, type_name: str, room: int) -> int:
    """回购实施期限为…止。（二）回购金额 本次回购资金总额不低于…: a window stated before its amount takes in the
    next sentence when that one states the same plan's terms (and reports no progress); else `end` stays."""
    reach = view[end:end + min(_NEXT_REACH, max(room, 0))]
    opened = len(reach) - len(reach.lstrip(" \t\n●■◆•·-"))
    close = _NEXT_STOP.search(reach, opened)  # the next item ends at its sentence mark, or where a bullet opens another
    if close is None:
        return end
    stop = close.end() if close.group() not in "●■◆" else close.start()
    following = reach[:stop]
    if (_QUANTIFIED[type_name] not in compact(following) or not _TERMS_WORDS.search(following)
            or _REPORTED.search(following) or "\n\n" in following.strip()):
        return end
    return _trim(text, end, end + stop)[1]


# 每10股派发现金红利3.00元: what a dividend pays, which the sentence dating it often leaves to the one before
_CASH_PER_SHARE = compile_fast(r"每\s*(?:10|十)?\s*股[^，,。；;]{0,12}?\d[\d.,]*\s*元")


def _cash_before(text: str, view: str, start: int) -> int:
    """公司2025年度利润分配方案为：每10股派发现金红利3.00元。公司将于6月30日前完成本次权益分派: the dated sentence
    takes in the one before it when that one says what is paid."""
    ends = [m.end() for m in _SENTENCE_END.finditer(view, max(0, start - _NEXT_REACH), start)]
    if not ends or view[ends[-1]:start].strip():
        return start
    opened = ends[-2] if len(ends) > 1 else max(0, start - _NEXT_REACH)
    line = view.rfind("\n", 0, ends[-1]) + 1
    opened = max(opened, line)
    if not _CASH_PER_SHARE.search(view, opened, ends[-1]):
        return start
    return _trim(text, opened, start)[0]


def _item_of(view: str, start: int, end: int, phrase: DeadlinePhrase) -> tuple[int, int]:
    """Within a run-on list of labelled items, the item that holds the date."""
    for m in _ITEM_LABEL.finditer(view, start, end):
        if m.start() <= phrase.start:
            start = max(start, m.start())
        elif m.start() >= phrase.end:
            return start, m.start()
    return start, end


def _whole_promise(view: str, sentence: Segment, start: int, phrase: DeadlinePhrase) -> int:
    """Where a clause is only a window (回购期限:自董事会审议通过之日起12个月内), the promise's terms stand
    in the clause or item just before it, or in the sentence before: the quote starts there."""
    lead = compact(view[start:phrase.start])
    if not lead and start > sentence.start:
        seps = [m.end() for m in _CLAUSE_SEP.finditer(view, sentence.start, start - 1)]
        previous = seps[-1] if seps else sentence.start
        while previous < start and view[previous] in " -●":
            previous += 1
        return previous if _DATED_DECISION.match(view, previous, start) else start
    if not _BARE_WINDOW.match(lead):
        return start
    lo = max(0, start - 260)
    if not view[sentence.start:start].strip(" \t\n●■◆•·-"):  # the sentence before, back to its own end mark
        ends = [m.end() for m in _SENTENCE_END.finditer(view, lo, start)]
        if ends and not view[ends[-1]:start].strip():
            ends.pop()  # the mark that closes the sentence before: look past it to where that one starts
        lo = ends[-1] if ends else lo
    else:
        lo = max(lo, sentence.start)
    # walk back over the clauses and items that state terms (资金总额…, 不超过…), stopping at the first that does not
    bounds = {lo, *(m.start() for m in _ITEM_LABEL.finditer(view, lo, start)),
              *(m.end() for m in _CLAUSE_SEP.finditer(view, lo, start)),
              *(m.end() for m in _ITEM_BREAK.finditer(view, lo, start))}
    # …and over items of the same labelled list (回购股份金额/资金来源/用途/价格/期限: one promise, item by item)
    own = _ITEM_LABEL.search(view, start, phrase.start)
    label = compact(own.group(0)).lstrip("●■◆•·-").rstrip(":：") if own else ""
    stem = label[:-2]  # 回购股份期限 → 回购股份, 增持期限 → 增持: the list's subject, less the item's field
    earliest, hi = start, start
    for mark in sorted((b for b in bounds if b < start), reverse=True):
        if not view[mark:hi].strip():
            hi = mark
            continue  # the line break after an item's end mark: no words between the two
        if _REPORTED.search(view, _item_start(view, lo, mark), hi):
            break  # 截至…累计回购120万股,支付总金额2,400万元: progress reported, not the promise's terms
        if _TERMS_WORDS.search(view, mark, hi):
            earliest = mark
        elif not (len(stem) >= 2 and _opens_with(view, mark, stem)):
            break
        hi = mark
    return earliest


def _opens_with(view: str, at: int, stem: str) -> bool:
    """Does the item at `at` (past its bullet or number) open with the list's subject (回购…)?"""
    return _ITEM_NUMBER.sub("", compact(view[at:at + 18]).lstrip("●■◆•·-")).startswith(stem)


def _item_start(view: str, lo: int, at: int) -> int:
    """Where the list item or sentence holding `at` begins (not before `lo`)."""
    breaks = [m.end() for m in _ITEM_BREAK.finditer(view, lo, at)]
    return breaks[-1] if breaks else lo


def _before_other_window(view: str, phrase: DeadlinePhrase, end: int, blockers: tuple[int, ...]) -> int:
    i = bisect.bisect_left(blockers, phrase.end)
    other = blockers[i] if i < len(blockers) and blockers[i] < end else None
    if other is None:
        return end
    marks = [m.start() for m in _CLAUSE_SEP.finditer(view, phrase.end, other)]
    return marks[-1] if marks else end


def _near(view: str, phrase: DeadlinePhrase, start: int, end: int, starts: tuple[int, ...]) -> str:
    """The words a date phrase governs: from two clause marks before it up to the third mark after
    it, or up to the clause of the next time expression, which governs its own words."""
    before = [m.end() for m in _CLAUSE_SEP.finditer(view, start, phrase.start)]
    lo = before[-2] if len(before) > 1 else start  # the subject often sits one clause before the date
    i = bisect.bisect_left(starts, phrase.end)
    following = starts[i] if i < len(starts) else end
    marks = list(_CLAUSE_SEP.finditer(view, phrase.end, end))
    hi = marks[2].start() if len(marks) > 2 else end
    if following < hi:
        hi = max((m.start() for m in marks if m.start() < following), default=min(hi, following))
    return view[lo:hi]


# Q:, 答:, 公司回答表示:, 示例股份回复称: (a digest names the company before its answer)
# (a name needs 称 or 表示 after it: 公司将及时回复，并于… is a promise, not a marker)
_MARKER = compile_fast(r"(?:[QA]|答|问|董秘|董事会秘书|(?:董秘|董事会秘书|公司)?(?:回答|回复|答复)(?:称|表示)?|"
                     r"[\u4e00-\u9fffA-Z]{2,8}?(?:回答|回复|答复)(?:称|表示))\s*[:：，,]\s*")


_GREETING = compile_fast(r"(?:尊敬的投资者|投资者)?[,，]?\s*(?:您好|你好)\s*[,，!！。:：]\s*")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Quotes start and end on words: no white space, clause marks or a Q/A marker at the edges."""
    while start < end and (text[start].isspace() or text[start] in ",，;；、:：│|-●"):
        start += 1
    marker = _MARKER.match(text, start, end)
    if marker:
        start = marker.end()
    greeting = _GREETING.match(text, start, end)  # 您好，… opens the answer, not the promise
    if greeting:
        start = greeting.end()
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",，;；、│|"):
        end -= 1
    return start, end


def _around(text: str, view: str, start: int, end: int, phrase: DeadlinePhrase, limit: int) -> tuple[int, int]:
    """A long clause (a table, a run-on digest) cut to the window around its date phrase."""
    lo = max(start, phrase.start - limit // 2)
    hi = min(end, lo + limit)
    return _trim(text, lo, hi)
