"""One reader per file format. Each returns plain text or raises ParseError naming what is wrong."""
from __future__ import annotations

import contextlib
import io
import re
import zipfile
import zlib

from trackers.documents.limits import DEFAULT_LIMITS, Budget, ParseLimits
from trackers.documents.pdf import pdf_text
from trackers.documents.text import decode
from trackers.errors import ParseError


def read_pdf(data: bytes, source: str, limits: ParseLimits = DEFAULT_LIMITS) -> str:
    if not data.lstrip().startswith(b"%PDF"):
        raise ParseError(source, "not a PDF (no %PDF header)", key="not_pdf")
    cap = limits.max_inflated_bytes
    if _inflated_size(data, cap) > cap:  # a decompression bomb: refused before the parser inflates it whole
        raise ParseError(source, f"too large when decompressed (over {cap:,} bytes)",
                         key="too_large_inflated", size=f"> {cap:,}", limit=f"{cap:,}")
    return pdf_text(data, source, limits)


_STREAM = re.compile(rb"stream\r?\n")


def _inflated_size(data: bytes, cap: int) -> int:
    """How large the PDF's streams become once inflated, counted in chunks and given up past `cap`, so a bomb
    costs a bounded amount of memory to detect. Streams that are not Flate count as their stored size."""
    total, at = 0, 0
    while total <= cap:
        m = _STREAM.search(data, at)
        if m is None:
            break
        end = data.find(b"endstream", m.end())
        end = len(data) if end < 0 else end
        raw = data[m.end():end]
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(raw, _CHUNK)
            while chunk and total <= cap:
                total += len(chunk)
                chunk = inflater.decompress(inflater.unconsumed_tail, _CHUNK) if inflater.unconsumed_tail else b""
        except zlib.error:
            total += len(raw)  # not Flate (or damaged): its stored size
        at = end + 9
    return total


_CHUNK = 1 << 20


def read_docx(data: bytes, source: str, limits: ParseLimits = DEFAULT_LIMITS) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ParseError(source, "not a readable DOCX (BadZipFile)", key="bad_docx") from exc
    if inflated > limits.max_inflated_bytes:  # a zip bomb is refused before it inflates
        raise ParseError(source, f"too large when decompressed ({inflated:,} bytes; the limit is "
                                 f"{limits.max_inflated_bytes:,})", key="too_large_inflated", size=f"{inflated:,}",
                         limit=f"{limits.max_inflated_bytes:,}")
    try:
        import docx
        from docx.document import Document as DocxDocument

        document: DocxDocument = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError on bad files
        raise ParseError(source, f"not a readable DOCX ({type(exc).__name__})", key="bad_docx") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text.strip() for cell in row.cells))
    return "\n".join(parts)


class _HTMLText:
    """An lxml parser target: text in document order, a line break at block elements, a tab between cells.
    libxml2's HTML parser reads in one pass whatever the markup (an unclosed comment, quote or CDATA costs what
    closed ones do), where a scanner that rescans for the closing mark is quadratic."""

    _BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section"})
    _SKIPPED = frozenset({"script", "style"})

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._skip = 0

    def start(self, tag: str, attrib: object) -> None:
        if tag in self._SKIPPED:
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def end(self, tag: str) -> None:
        if tag in self._SKIPPED and self._skip:
            self._skip -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    def close(self) -> str:
        return "".join(self.parts)


_HTML_CHUNK = 1 << 20  # characters fed at a time; the time budget is checked between chunks


def read_html(data: bytes, source: str, limits: ParseLimits = DEFAULT_LIMITS) -> str:
    from lxml import etree

    raw = decode(data, source)
    declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:2048])
    if declared:
        with contextlib.suppress(LookupError, UnicodeDecodeError):  # a wrong declaration: keep the detected text
            raw = data.decode(declared.group(1).decode("ascii"))
    parser = etree.HTMLParser(target=_HTMLText(), recover=True, no_network=True, huge_tree=True,
                              remove_comments=True, remove_pis=True)
    budget = Budget(source, limits)
    for at in range(0, len(raw), _HTML_CHUNK):
        parser.feed(raw[at:at + _HTML_CHUNK])
        budget.check(0)
    text: str = parser.close()
    return re.sub(r"[ \t]*\n[ \t\n]*", "\n", text)


def read_text(data: bytes, source: str) -> str:
    return decode(data, source)
