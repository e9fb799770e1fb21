"""One reader per file format. Each returns plain text or raises ParseError naming what is wrong."""
from __future__ import annotations

import contextlib
import io
import re
import zipfile
from typing import IO

from trackers.documents.limits import DEFAULT_LIMITS, Budget, ParseLimits
from trackers.documents.pdf import pdf_text
from trackers.documents.pdfstreams import decoded_size
from trackers.documents.text import decode
from trackers.errors import ParseError


def read_pdf(data: bytes, source: str, limits: ParseLimits = DEFAULT_LIMITS) -> str:
    if not data.lstrip().startswith(b"%PDF"):
        raise ParseError(source, "not a PDF (no %PDF header)", key="not_pdf")
    cap = limits.max_inflated_bytes
    if decoded_size(data, cap) > cap:  # a decompression bomb: refused before the parser inflates it whole
        raise ParseError(source, f"too large when decompressed (over {cap:,} bytes)",
                         key="too_large_inflated", size=f"> {cap:,}", limit=f"{cap:,}")
    return pdf_text(data, source, limits)


def read_docx(data: bytes, source: str, limits: ParseLimits = DEFAULT_LIMITS) -> str:
    """The main document part's text in document order (a table row a line, its cells joined by tabs), streamed:
    the part is inflated and parsed a piece at a time, its real inflated bytes, paragraphs and characters counted
    as they come and refused past the limits — a zip's declared sizes can lie, and a few hundred kilobytes can
    hold hundreds of millions of empty paragraphs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ParseError(source, "not a readable DOCX (BadZipFile)", key="bad_docx") from exc
    with archive:
        declared = sum(info.file_size for info in archive.infolist())
        if declared > limits.max_inflated_bytes:  # a zip bomb that admits it is refused before it inflates
            raise _inflated_too_large(source, f"{declared:,}", limits)
        try:
            with archive.open(_main_part(archive)) as part:
                return _docx_text(_Capped(part, source, limits), source, limits)
        except ParseError:
            raise
        except Exception as exc:  # zipfile, lxml and KeyError on a damaged package
            raise ParseError(source, f"not a readable DOCX ({type(exc).__name__})", key="bad_docx") from exc


def _inflated_too_large(source: str, size: str, limits: ParseLimits) -> ParseError:
    cap = f"{limits.max_inflated_bytes:,}"
    return ParseError(source, f"too large when decompressed ({size} bytes; the limit is {cap})",
                      key="too_large_inflated", size=size, limit=cap)


def _main_part(archive: zipfile.ZipFile) -> str:
    """The officeDocument part the package's relationships name (word/document.xml in every writer we know)."""
    from lxml import etree

    try:
        rels = etree.fromstring(archive.read("_rels/.rels"))
    except KeyError:
        return "word/document.xml"
    for rel in rels:
        if str(rel.get("Type", "")).endswith("/officeDocument"):
            return str(rel.get("Target", "word/document.xml")).lstrip("/")
    return "word/document.xml"


class _Capped(io.RawIOBase):
    """A zip member read through a counter: past the inflated-size limit, a ParseError (whatever the zip says)."""

    def __init__(self, member: IO[bytes], source: str, limits: ParseLimits) -> None:
        self._member, self._source, self._limits, self.read_bytes = member, source, limits, 0

    def readable(self) -> bool:
        return True

    def readinto(self, into: bytearray) -> int:  # type: ignore[override]
        data = self._member.read(len(into))
        self.read_bytes += len(data)
        if self.read_bytes > self._limits.max_inflated_bytes:
            raise _inflated_too_large(self._source, f"> {self._limits.max_inflated_bytes:,}", self._limits)
        into[:len(data)] = data
        return len(data)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_TAGS = [_W + name for name in ("p", "t", "tab", "br", "cr", "tc", "tr", "tbl")]  # the rest is skipped in C
MAX_DOCX_PARAGRAPHS = 500_000  # an annual report has tens of thousands


def _docx_text(part: io.RawIOBase, source: str, limits: ParseLimits) -> str:
    from lxml import etree

    from trackers.documents.loader import MAX_TEXT_CHARS

    lines: list[str] = []
    cells: list[str] = []  # the current row's cells
    cell: list[str] = []  # the current cell's paragraphs
    paragraph: list[str] = []
    depth = chars = paragraphs = 0  # depth: how many tables we are inside
    budget = Budget(source, limits)
    for event, element in etree.iterparse(part, events=("start", "end"), tag=_DOCX_TAGS, huge_tree=True):
        tag = element.tag
        if event == "start":
            if tag == _W + "tbl":
                depth += 1
            continue
        if tag == _W + "t":
            paragraph.append(element.text or "")
            chars += len(element.text or "")
        elif tag == _W + "tab":
            paragraph.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            paragraph.append("\n")
        elif tag == _W + "p":
            paragraphs += 1
            if paragraphs > MAX_DOCX_PARAGRAPHS or chars > MAX_TEXT_CHARS:
                raise ParseError(source, f"too large to be a filing (over {MAX_DOCX_PARAGRAPHS:,} paragraphs or "
                                         f"{MAX_TEXT_CHARS:,} characters)", key="docx_too_large",
                                 paragraphs=f"{MAX_DOCX_PARAGRAPHS:,}", chars=f"{MAX_TEXT_CHARS:,}")
            (cell if depth else lines).append("".join(paragraph))
            paragraph = []
            if paragraphs % 10_000 == 0:
                budget.check(0)
        elif tag == _W + "tc" and depth == 1:
            cells.append("\n".join(cell).strip())
            cell = []
        elif tag == _W + "tr" and depth == 1:
            lines.append("\t".join(cells))
            cells = []
        elif tag == _W + "tbl":
            depth -= 1
        else:
            continue
        element.clear(keep_tail=False)  # what was read is let go: memory stays flat however long the part is
        while element.getprevious() is not None:
            del element.getparent()[0]
    return "\n".join(lines)


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
