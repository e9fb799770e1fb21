"""Periodic reports (issue 24): their commitments tables read from real PDFs of ours, in both exchanges' layouts,
each dated row a commitment with the company's own word beside it, standing undertakings kept apart."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bench.pdfs import SSE_HEADER, SSE_ROWS, SZSE_HEADER, SZSE_ROWS, report_pdf
from bot.core import Core
from bot.jobs import check_new_filings
from bot.render import Renderer
from trackers.db.models import Commitment, CommitmentSource
from trackers.documents import parse_bytes
from trackers.documents.pdf import section_pages
from trackers.extract.pipeline import extract
from trackers.services import queries
from trackers.services.ingest import FilingMeta, ingest_document

D = dt.date
REPORT_DAY = D(2026, 4, 20)


def _rows(data: bytes) -> list[tuple[str, dt.date | None, str | None, str | None, bool]]:
    doc = parse_bytes(data, "report.pdf")
    return [(d.type, d.deadline, d.terms.actor, d.reported_status, d.standing) for d in extract(doc.text, REPORT_DAY)]


def test_an_szse_report_gives_its_dated_rows_and_keeps_long_term_ones_apart() -> None:
    assert _rows(report_pdf(SZSE_HEADER, SZSE_ROWS)) == [
        ("lockup", D(2024, 6, 7), "控股股东青岚集团有限公司", "正常履行中", False),
        ("profit_commitment", D(2025, 12, 31), "交易对方甲乙投资合伙企业(有限合伙)", "正在履行中", False),
        ("other", None, "控股股东青岚集团有限公司、实际控制人王某", "正常履行中", True),  # 长期: standing
        ("lockup", D(2024, 3, 8), "公司控股股东", "已履行完毕", False),
    ]


def test_an_sse_report_counts_a_listing_lock_up_from_the_listing_day_it_states() -> None:
    assert _rows(report_pdf(SSE_HEADER, SSE_ROWS)) == [
        ("lockup", D(2024, 6, 7), "控股股东远澜控股集团有限公司", "是", False),  # 36 months from 2021-06-08
        ("other", None, "实际控制人李某", "是", True),
    ]


def test_a_listing_lock_up_without_a_listing_day_has_no_deadline() -> None:
    assert _rows(report_pdf(SSE_HEADER, SSE_ROWS, listed=None)) == [("other", None, "实际控制人李某", "是", True)]


def test_a_section_that_does_not_apply_holds_no_commitment() -> None:
    assert _rows(report_pdf(SZSE_HEADER, SZSE_ROWS, not_applicable=True)) == []


def test_only_the_sections_pages_are_laid_out_in_a_long_report() -> None:
    """A 200-page report whose commitments stand on pages 120–121: those pages are found by their text, and only
    they go to the layout reader."""
    import pypdfium2

    data = report_pdf(SZSE_HEADER, SZSE_ROWS, pages_before=118, pages_after=80)
    pdf = pypdfium2.PdfDocument(data)
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    assert len(pages) >= 200
    wanted = section_pages(pages)
    assert wanted and wanted[0] == 119 and len(wanted) <= 3
    assert len(_rows(data)) == 4


def _ingest(core: Core, data: bytes, name: str, day: dt.date) -> None:
    with core.sessions.begin() as s:
        ingest_document(s, parse_bytes(data, name), FilingMeta(company_code="688901", published=day), core.clock.now())
    check_new_filings(core)


LISTING = """证券代码：688901 证券简称：青岚材料
青岚材料股份有限公司首次公开发行股票科创板上市公告书
公司股票于2021年6月8日在上海证券交易所科创板上市。
控股股东青岚集团有限公司承诺：自公司股票上市之日起36个月内，不转让或者委托他人管理其直接或间接持有的公司首次公开发行股票前已发行的股份。
"""


def test_the_same_lock_up_in_its_listing_notice_and_in_the_report_is_one_commitment(core: Core) -> None:
    core.clock.set(dt.datetime(2026, 4, 21, 9, 0))  # type: ignore[attr-defined]
    _ingest(core, LISTING.encode(), "listing.txt", D(2021, 6, 4))
    _ingest(core, report_pdf(SZSE_HEADER, SZSE_ROWS), "report.pdf", REPORT_DAY)
    with core.sessions() as s:
        lockups = s.scalars(select(Commitment).where(Commitment.type == "lockup",
                                                     Commitment.deadline == D(2024, 6, 7))).all()
        assert len(lockups) == 1
        sources = s.scalars(select(CommitmentSource.restated).where(CommitmentSource.commitment_id == lockups[0].id))
        assert sorted(sources) == [False, True]  # made in the listing notice, restated by the report
        assert lockups[0].reported_status == "正常履行中" and lockups[0].reported_on == REPORT_DAY


@pytest.mark.parametrize(("lang", "words"), [("zh", "公司自报（2026年4月20日报告）：正常履行中；⚠️ 承诺期限已于2024年6月7日届满"),
                                             ("en", "⚠️ but its period ended on 2024-06-07")])
def test_a_stale_self_report_is_shown_beside_the_record(core: Core, lang: str, words: str) -> None:
    core.clock.set(dt.datetime(2026, 4, 21, 9, 0))  # type: ignore[attr-defined]
    _ingest(core, report_pdf(SZSE_HEADER, SZSE_ROWS), "report.pdf", REPORT_DAY)
    renderer = Renderer()
    with core.sessions() as s:
        company = queries.find_company(s, "688901")
        views = {v.quote[:10]: v for v in queries.company_commitments(s, company)}
        stale = views["自公司股票上市之日起"]
        assert stale.contradiction and stale.contradiction["code"] == "still_open_after_deadline"
        view, changes = queries.commitment(s, stale.id)
        assert words in renderer.render(lang, "promise.html.j2", v=view, changes=changes)
        done = views["自公告之日起二十四个"]
        assert done.reported_status == "已履行完毕" and done.contradiction is None
        standing = [v for v in views.values() if v.status == "standing"]
        assert len(standing) == 1 and standing[0].deadline is None


def test_the_scorecard_names_what_the_companys_own_report_gets_wrong(core: Core) -> None:
    from trackers.services.scorecard import scorecard

    core.clock.set(dt.datetime(2026, 4, 21, 9, 0))  # type: ignore[attr-defined]
    _ingest(core, report_pdf(SZSE_HEADER, SZSE_ROWS), "report.pdf", REPORT_DAY)
    with core.sessions() as s:
        card = scorecard(s, queries.find_company(s, "688901"), core.clock.today())
    assert [v.quote[:8] for v in card.contradicted] == ["自公司股票上市之"]
    assert card.made == 3  # the standing undertaking is listed, never counted as a dated promise
    text = Renderer().render("zh", "score.html.j2", s=card)
    assert "定期报告的自述与记录不符" in text and "承诺期限已于2024年6月7日届满" in text
