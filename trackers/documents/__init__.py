"""Bytes → clean text: PDF, DOCX, HTML and text (UTF-8 or GBK), plus IR-record header fields."""
from trackers.documents.limits import ParseLimits
from trackers.documents.loader import Document, load_document, parse_bytes

__all__ = ["Document", "ParseLimits", "load_document", "parse_bytes"]
