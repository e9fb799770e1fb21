"""Bytes → clean text: PDF, DOCX, HTML and text (UTF-8 or GBK), plus IR-record header fields."""
from trackers.documents.loader import Document, load_document, parse_bytes

__all__ = ["Document", "load_document", "parse_bytes"]
