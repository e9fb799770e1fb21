"""Turn a file (or uploaded bytes) into a Document: original text, normalised text, fields, hash."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from trackers.documents import formats
from trackers.documents.irrecord import HeaderFields, header_fields
from trackers.documents.limits import DEFAULT_LIMITS, ParseLimits
from trackers.documents.text import normalize_text
from trackers.errors import ParseError

Reader = Callable[[bytes, str], str]
# compressed formats unpack within limits (inflated size, pages, time and memory), HTML parses within its time;
# plain text is read whole
LIMITED: dict[str, Callable[[bytes, str, ParseLimits], str]] = {
    ".pdf": formats.read_pdf,
    ".docx": formats.read_docx,
    ".html": formats.read_html,
    ".htm": formats.read_html,
}
PLAIN: dict[str, Reader] = {
    ".txt": formats.read_text,
    ".md": formats.read_text,
    ".text": formats.read_text,
}
READERS = {**LIMITED, **PLAIN}
COMPRESSED = (".pdf", ".docx")
SUPPORTED = tuple(READERS)


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # the file name or upload name it came from
    raw_text: str  # as read, before normalising
    text: str  # normalised; commitments quote this text verbatim
    fields: HeaderFields
    content_hash: str
    replaced: int = 0  # characters that could not be decoded (stray bytes), shown as U+FFFD

    @property
    def title(self) -> str:
        return self.fields.title or Path(self.source).stem


def parse_bytes(data: bytes, name: str, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """Read bytes whose format the name's suffix gives (or the content: a PDF says %PDF), within `limits`."""
    name = readable_name(name)
    suffix = Path(name).suffix.lower()
    if data[:5] == b"%PDF-":
        suffix = ".pdf"
    elif suffix not in READERS:
        raise ParseError(name, f"unsupported file type {suffix or '(none)'}; use one of {', '.join(SUPPORTED)}",
                         key="unsupported_type", suffix=suffix or "(none)", supported=", ".join(SUPPORTED))
    if not data.strip():
        raise ParseError(name, "the file is empty", key="file_empty")
    if suffix not in COMPRESSED and len(data) > MAX_TEXT_BYTES:  # text and markup: no larger than a filing's text
        raise _too_large(name, len(data))
    raw = LIMITED[suffix](data, name, limits) if suffix in LIMITED else PLAIN[suffix](data, name)
    raw = raw.replace("\x00", "")  # a NUL is no text, and PostgreSQL refuses to store one
    if len(raw) > MAX_TEXT_CHARS:
        raise _too_large(name, len(raw))
    text = normalize_text(raw)
    if len(text) < 10:
        raise ParseError(name, "no readable text in the file", key="no_text")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(name, raw, text, header_fields(text), digest, raw.count("\ufffd"))


# the longest filings (annual reports) run to a few million characters; far beyond that is not a filing
MAX_TEXT_CHARS = 20_000_000
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS


def _too_large(name: str, size: int) -> ParseError:
    return ParseError(name, f"{size:,} characters of text is too large to be a filing (the limit is "
                            f"{MAX_TEXT_CHARS:,})", key="too_large", size=f"{size:,}", limit=f"{MAX_TEXT_CHARS:,}")


def readable_name(name: str) -> str:
    """A file name fit to store and show: names from Windows zips are often GBK bytes, which a UTF-8 system
    hands over as lone surrogates; decode those bytes as GB18030, else replace what cannot be read."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def load_document(path: Path, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), exc.strerror or str(exc), key="unreadable_file",
                         reason_text=exc.strerror or str(exc)) from exc
    return parse_bytes(data, str(path), limits)
