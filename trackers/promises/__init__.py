"""The kinds of promise A-share filings make, each a unit: how it is recognised, what kind it is, how its
subject reads. The terms reader (terms.py) and amounts (amounts.py) are shared by all of them; the judge
keys its rules by the same names (trackers/check/rules.py).

A type is found from the words of the quote and the words around its date (`near`). The registry is
ordered: the first type whose recogniser matches wins, so restraints (不向下修正…, 不减持) come before
the plans they restrain, and the regulated share plans before the generic words (完成, 发布).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from trackers.domain import Kind
from trackers.promises.terms import Terms, money_text
from trackers.text.first_chars import compile_fast
from trackers.text.normalize import compact, normalize


@dataclass(frozen=True, slots=True)
class PromiseType:
    name: str
    kind: Kind | None  # the kind the type implies; None: the sentence's own cues decide
    says: re.Pattern[str]  # on the compact (no white space), normalised text
    subject: Callable[[Terms, str], str] | None = None  # a headline from the terms, else the clause's words
    kind_rule: Callable[[str], Kind] | None = None  # where the words, not the type, settle the kind

    def kind_of(self, text: str) -> Kind | None:
        return self.kind_rule(text) if self.kind_rule is not None else self.kind


def _range(terms: Terms) -> str:
    lo, hi = terms.amount_floor, terms.amount_ceiling
    if lo is not None and hi is not None:
        return f"{money_text(lo)}–{money_text(hi)}元"
    if lo is not None:
        return f"≥ {money_text(lo)}元"
    if hi is not None:
        return f"≤ {money_text(hi)}元"
    if terms.ratio_floor is not None or terms.ratio_cap is not None:
        return "–".join(f"{r:g}%" for r in (terms.ratio_floor, terms.ratio_cap) if r is not None)
    if terms.share_cap is not None:
        return f"≤ {terms.share_cap:,.0f}股"
    return ""


def _headline(verb: str) -> Callable[[Terms, str], str]:
    def subject(terms: Terms, fallback: str) -> str:
        actor = terms.actor or ""
        size = _range(terms)
        if verb == "减持" and terms.ratio_cap is not None:
            size = f"≤ {terms.ratio_cap:g}%"
        return f"{actor}{verb}股份 {size}".strip()
    return subject


def _no_revision(terms: Terms, fallback: str) -> str:
    return f"不向下修正{terms.instrument or '可转债'}转股价格"


def _no_redemption(terms: Terms, fallback: str) -> str:
    return f"不提前赎回{terms.instrument or '可转债'}"


def _lockup(terms: Terms, fallback: str) -> str:
    """控股股东所持股份锁定：不减持 — who is bound and what they may not do, not the clause's wording."""
    verb = next((v for v in ("减持", "出售", "质押") if v in fallback), "转让")
    return f"{terms.actor or ''}所持股份锁定：不{verb}"


def _idle_funds(terms: Terms, fallback: str) -> str:
    amount = money_text(terms.amount_ceiling) if terms.amount_ceiling else (
        money_text(terms.amount_floor) if terms.amount_floor else "")
    return f"闲置募集资金{amount}补充流动资金，到期归还"


def _profit(terms: Terms, fallback: str) -> str:
    if terms.amount_floor is None or terms.window_end is None:
        return fallback
    return f"{terms.window_end.year}年度净利润 ≥ {money_text(terms.amount_floor)}元"


def _dividend(terms: Terms, fallback: str) -> str:
    if terms.per_share is None:
        return fallback
    return f"派发现金红利 每股{terms.per_share:g}元"


def _rectification_kind(text: str) -> Kind:
    """Handing in a report or attending a talk is an event; finishing the rectification is a target."""
    return Kind.EVENT if re.search(r"提交|报送|谈话|说明", text) else Kind.TARGET


_T = compile_fast
REGISTRY: tuple[PromiseType, ...] = (
    PromiseType("cb_no_revision", Kind.RESTRAINT, _T(r"不(?:得|会|再)?(?:提出)?(?:向下)?修正|不下修|亦不修正"), _no_revision),
    PromiseType("cb_no_redemption", Kind.RESTRAINT, _T(r"不(?:行使)?[^，,。]{0,6}提前赎回|不行使[^，,。]{0,10}赎回"),
                _no_redemption),
    PromiseType("idle_funds", Kind.RESTRAINT, _T(r"闲置募集资金[^。]{0,40}(?:补充|补流)[^。]{0,20}流动资金"), _idle_funds),
    PromiseType("lockup", Kind.RESTRAINT,
                _T(r"不(?:得|会|再)?(?:以任何方式)?(?:减持|转让|出售)|锁定期[^。]{0,12}延长|限售期[^。]{0,12}延长|"
                   r"(?:限售期|锁定期)(?:为)?自[^。]{0,30}起\d+个月"), _lockup),
    PromiseType("profit_commitment", Kind.TARGET, _T(r"业绩承诺|承诺净利润|承诺[^。]{0,20}净利润[^。]{0,10}不低于"), _profit),
    PromiseType("buyback", Kind.PLAN, _T(r"回购(?!注销)(?!的股份将)"), _headline("回购")),
    PromiseType("share_purchase", Kind.PLAN, _T(r"增持"), _headline("增持")),
    PromiseType("share_sale", Kind.PLAN, _T(r"减持"), _headline("减持")),
    PromiseType("rectification", None, _T(r"整改|监管谈话|决定书"), kind_rule=_rectification_kind),
    PromiseType("meeting", Kind.EVENT, _T(r"股东大会|股东会|会议(?:召开)?时间|召开的?(?:日期|时间)|现场会议|召开[^。]{0,8}会议|说明会|路演")),
    PromiseType("record_or_payment_date", Kind.EVENT,
                _T(r"登记日|除权|除息|派息|兑付|兑息|付息|红利[^。]{0,30}(?:发放|划入)|发放日|到账日|最后交易日|最后转股日|"
                   r"摘牌|停止交易|停止转股|赎回款|赎回日|回售日|申购日|缴款日|到期(?!日)")),
    PromiseType("effective_date", Kind.EVENT,
                _T(r"起生效|生效日|上市流通|解除限售|起(?:开始)?实施|起执行|在[^。]{0,12}(?:交易所|科创板|创业板)[^。]{0,6}上市|"
                   r"转股价格[^。]{0,20}调整为")),
    PromiseType("dividend", Kind.EVENT, _T(r"权益分派|利润分配|派发现金红利|现金分红|分红派息|派发现金股利"), _dividend),
    PromiseType("disclosure_date", Kind.EVENT,
                _T(r"披露|回复|书面说明|报告[^。]{0,6}(?:提交|报送)|(?:提交|报送)[^。]{0,20}报告|问询函|关注函")),
    PromiseType("project_ready", Kind.TARGET,
                _T(r"可使用状态|可使用日期|投入使用|竣工|完工|建成(?!投产)|交付使用|验收|募投项目")),
    PromiseType("production", Kind.TARGET, _T(r"投产|量产|并网|试生产|试产|达产|产能|产量|生产|产线|通线|开工生产")),
    PromiseType("launch", Kind.EVENT, _T(r"发布|上线|推出|亮相|开售|上市(?!公司)|(?:推向|投放|投入)市场")),
)
OTHER = PromiseType("other", None, _T(r"(?!)"))
NAMES: tuple[str, ...] = tuple(t.name for t in REGISTRY) + (OTHER.name,)
_BY_NAME = {t.name: t for t in (*REGISTRY, OTHER)}


def type_named(name: str | None) -> PromiseType:
    return _BY_NAME.get(name or "", OTHER)


_ASIDE = re.compile(r"\([^()]{0,80}\)|（[^（）]{0,80}）")
# the duty every filing repeats (并及时履行信息披露义务) says nothing of what was promised
_DUTY = re.compile(r"(?:并|同时)?(?:根据[^，,。；;]{0,12})?(?:及时|严格|依法)?履行(?:相关|后续)?的?信息披露义务")


def type_of(text: str) -> PromiseType:
    """The first registered type whose words `text` (compact, normalised) holds outside its asides:
    (其中大宗交易的受让方…不得转让) inside a sale plan does not make the plan a lock-up."""
    text = _ASIDE.sub("", text)
    if "义务" in text:
        text = _DUTY.sub("", text)
    return next((t for t in REGISTRY if t.says.search(text)), OTHER)


def promise_type(quote: str) -> PromiseType:
    """The type of a quote as a filing writes it (white space, full-width forms, traditional characters)."""
    return type_of(compact(normalize(quote)))


def headline(promise: PromiseType, terms: Terms, fallback: str) -> str:
    """A subject a person can read (回购股份 5,000万–1亿元), or the clause's own words."""
    if promise.subject is None:
        return fallback
    return promise.subject(terms, fallback)[:60]
