"""PDF to text: pdfium reads every page's text layer (twenty times faster than a layout analysis); pdfplumber lays
out only the pages that need it — the commitments table of a periodic report, whose cells a plain text reading
interleaves — and is the fallback where pdfium reads nothing usable.

Every reader checks the page count, and time and memory page by page (documents/limits.py).
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from trackers.documents.limits import Budget, ParseLimits
from trackers.documents.text import looks_garbled, quality
from trackers.errors import ParseError

# a periodic report's section of commitments, and where it stops (the next item of 重要事项)
_SECTION = re.compile(r"承诺事项(?:的)?履行情况")
_SECTION_ENDS = re.compile(r"承诺是否(?:按时|及时)履行|如承诺超期未履行完毕|盈利预测|资金占用情况")
_MAX_SECTION_PAGES = 12  # the longest commitments tables seen run to about ten pages
_CELL_BREAK = re.compile(r"\s*\n\s*")


def pdf_text(data: bytes, source: str, limits: ParseLimits) -> str:
    """The PDF's text: pdfium's, with a periodic report's commitments table as table rows (one a line, cells
    parted by tabs); pdfplumber's where pdfium reads nothing usable."""
    budget = Budget(source, limits)
    pages = _pdfium_pages(data, source, limits, budget)
    text = "\n".join(pages) if pages is not None else ""
    if pages is not None and text.strip() and not looks_garbled(text):
        return _with_tables(data, pages, budget)
    plumbed, error = _plumber_text(data, source, limits, budget)
    if error is None and (not text.strip() or quality(plumbed) >= quality(text)):
        text = plumbed
    if not text.strip():
        reason = f"unreadable or truncated PDF ({type(error).__name__})" if error else \
            "the PDF has no text layer (a scanned image?)"
        raise ParseError(source, reason, key="bad_pdf" if error else "scanned_pdf")
    return text


def _too_many(source: str, count: int, limits: ParseLimits) -> ParseError:
    return ParseError(source, f"{count:,} pages is too many for a filing (the limit is {limits.max_pdf_pages:,})",
                      key="too_many_pages", pages=f"{count:,}", limit=f"{limits.max_pdf_pages:,}")


def _pdfium_pages(data: bytes, source: str, limits: ParseLimits, budget: Budget) -> list[str] | None:
    """Each page's text as pdfium reads it (None where pdfium cannot open the file)."""
    try:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(data)
    except Exception as exc:  # pdfium raises PdfiumError and others for damaged files
        if "password" in str(exc).lower():  # encrypted with a password to open: no reader here can read it
            raise ParseError(source, "the PDF is encrypted (it needs a password to open); save an unprotected "
                                     "copy and try again", key="encrypted_pdf") from exc
        return None
    try:
        if len(pdf) > limits.max_pdf_pages:
            raise _too_many(source, len(pdf), limits)
        pages = []
        for number in range(len(pdf)):
            page = pdf[number]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
            budget.check(number + 1)
        return pages
    except ParseError:
        raise
    except Exception:
        return None
    finally:
        pdf.close()


def _plumber_text(data: bytes, source: str, limits: ParseLimits, budget: Budget) -> tuple[str, Exception | None]:
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > limits.max_pdf_pages:
                raise _too_many(source, len(pdf.pages), limits)
            return "\n".join(_plumber_pages(pdf.pages, budget)), None
    except ParseError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files
        return "", exc


def _plumber_pages(pages: list[Any], budget: Budget) -> Iterator[str]:
    """Each page's text, the budget checked after each, and each page's cached layout dropped once read
    (pdfplumber keeps every page's objects otherwise: memory would grow with the page count)."""
    for number, page in enumerate(pages, 1):
        yield page.extract_text() or ""
        page.close()
        budget.check(number)


def section_pages(pages: list[str]) -> list[int]:
    """The pages a periodic report's commitments table stands on: from its heading to the line that closes it."""
    first = next((i for i, text in enumerate(pages) if _SECTION.search(text)), None)
    if first is None:
        return []
    out = [first]
    heading = _SECTION.search(pages[first])
    assert heading is not None
    if _SECTION_ENDS.search(pages[first], heading.end()):
        return out
    for i in range(first + 1, min(len(pages), first + _MAX_SECTION_PAGES)):
        out.append(i)
        if _SECTION_ENDS.search(pages[i]):
            break
    return out


def _with_tables(data: bytes, pages: list[str], budget: Budget) -> str:
    """The text, with the pages of a commitments table read as tables: each row a line, cells parted by tabs, a
    cell's own line breaks (a period wrapped: 2017.08.11-20 / 19.08.11) closed up. Other pages are pdfium's."""
    wanted = section_pages(pages)
    if not wanted:
        return "\n".join(pages)
    rows = _table_rows(data, wanted, budget)
    if not rows:
        return "\n".join(pages)
    heading = _SECTION.search(pages[wanted[0]])
    assert heading is not None
    before = pages[wanted[0]][:heading.end()]
    table = "\n".join("\t".join(row) for row in rows)
    after = pages[wanted[-1]]
    closing = _SECTION_ENDS.search(after)
    tail = after[closing.start():] if closing else ""
    return "\n".join([*pages[:wanted[0]], before, table, tail, *pages[wanted[-1] + 1:]])


def _table_rows(data: bytes, wanted: list[int], budget: Budget) -> list[list[str]]:
    """The rows pdfplumber finds in the tables of `wanted` pages only; a row that runs over a page break (its
    cells empty where the row above holds them) continues the row above."""
    try:
        import pdfplumber

        rows: list[list[str]] = []
        with pdfplumber.open(io.BytesIO(data), pages=[i + 1 for i in wanted]) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                for table in page.extract_tables():
                    for row in table:
                        rows.append([_CELL_BREAK.sub("", cell or "") for cell in row])
                page.close()
                budget.check(number)
        return rows
    except ParseError:
        raise
    except Exception:  # a table pdfplumber cannot lay out: the plain text stands
        return []
