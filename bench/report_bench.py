"""Reading PDFs: a periodic report's commitments, and announcements' text, against the pdfplumber path.

1. A 250-page annual report whose commitments table stands on pages 200–202: seconds from the PDF's bytes to its
   commitments (pdfium reads the text, pdfplumber lays out the table's pages only), against reading every page
   with pdfplumber as the build before did, in the same run. Target: ≤ 3 s on one core.
2. Pages per second from PDF to commitments over generated announcements (each a few pages), against the
   pdfplumber text of the same files in the same run. Target: ≥ 10×.

    .venv/bin/python bench/report_bench.py [--pages 250] [--announcements 40] [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.pdfs import SZSE_HEADER, SZSE_ROWS, report_pdf  # noqa: E402
from trackers.documents import parse_bytes  # noqa: E402
from trackers.extract.pipeline import extract  # noqa: E402

DAY = dt.date(2026, 4, 20)


def _ours(data: bytes) -> int:
    doc = parse_bytes(data, "report.pdf")
    return len(extract(doc.text, DAY))


def _plumber(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join((page.extract_text() or "") for page in pdf.pages)
    return len(extract(text, DAY))


def _fastest(repeat: int, run: object, *args: object) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = run(*args)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best, found


def _announcement(n: int) -> bytes:
    """A few pages of a buyback announcement: its plan's items, then pages of other matter."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    lines = [f"证券代码：68{n:04d} 证券简称：样本{n} 公告编号：2026-0{n % 90 + 10}",
             "关于以集中竞价交易方式回购公司股份方案的公告", "重要内容提示：",
             f"● 回购股份金额：不低于人民币{1000 + n}万元（含），不超过人民币{2000 + n}万元（含）。",
             "● 回购股份价格：不超过人民币25元/股。",
             "● 回购股份期限：自公司董事会审议通过本次回购方案之日起12个月内。"]
    story: list[object] = [Paragraph(line, style) for line in lines]
    for page in range(3):
        story += [PageBreak(), *(Paragraph(f"第{page + 2}页，回购方案的审议及实施程序、不确定性风险。" * 3, style)
                                 for _ in range(20))]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=250)
    ap.add_argument("--announcements", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    report = report_pdf(SZSE_HEADER, SZSE_ROWS, pages_before=args.pages - 52, pages_after=48, filler_lines=40)
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(report))
    ours, found = _fastest(args.repeat, _ours, report)
    theirs, their_found = _fastest(1, _plumber, report)
    print(f"annual report: {pages} pages, commitments table on 3 of them")
    print(f"promisewatch (pdfium text, pdfplumber on the table's pages): {ours:.2f} s, {found} commitments"
          f"  (target <= 3 s)")
    print(f"baseline pdfplumber on every page, same run: {theirs:.2f} s, {their_found} commitments")
    print(f"ratio: {theirs / ours:.1f}x")

    files = [_announcement(n) for n in range(args.announcements)]
    total = sum(len(pypdfium2.PdfDocument(f)) for f in files)
    ours_all, _n = _fastest(args.repeat, lambda: sum(_ours(f) for f in files))
    theirs_all, _m = _fastest(1, lambda: sum(_plumber(f) for f in files))
    print(f"\nannouncements: {len(files)} PDFs, {total} pages")
    print(f"promisewatch: {total / ours_all:,.0f} pages/s   baseline pdfplumber: {total / theirs_all:,.0f} pages/s")
    print(f"ratio: {theirs_all / ours_all:.1f}x  (target >= 10x)")


if __name__ == "__main__":
    main()
