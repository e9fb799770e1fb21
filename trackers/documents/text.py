"""Decoding and normalising filing text. The original is kept beside the normalised copy."""
from __future__ import annotations

import re

from trackers.errors import ParseError

_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_FULLWIDTH_ALNUM[0x3000] = 0x20
_CJK = r"\u4e00-\u9fff\u3400-\u4dbf"
_SPACE_BETWEEN = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}\d])|(?<=\d) +(?=[{_CJK}])")  # tabs separate cells: kept
_SENTENCE_END = tuple("。！？；：:;!?」』”)）】")
_STARTS_BLOCK = re.compile(
    r"\s*(?:[●■◆▲•·\-–—□√]|[(（]?[0-9一二三四五六七八九十]{1,3}[)）、.．]|[QA问答]\s*[:：]|第[一二三四五六七八九十]+[章节条]|[│|]|"
    r"证券代码|证券简称|公告编号|编号|时间|地点|日期|特此公告)"
)


_FIELD_LINE = re.compile(r"[:：]\s*[^\s:：，。,]{1,20}\s*$")
_HEADING = re.compile(r".{2,40}(?:公司|记录表|公告|通知|报告书|报告|决议)")


_STRAY_BYTES = 16  # undecodable sequences a UTF-8 file may hold (at least; one per 1,000 characters) and still be one


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK), then UTF-8 with a few stray bytes
    replaced by U+FFFD (the Document counts them), then detection."""
    if not data.strip():
        raise ParseError(source, "the file is empty", key="file_empty")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    mostly = data.decode("utf-8-sig", "replace")  # a stray bad byte in a UTF-8 filing: keep the rest, marked �
    if mostly.count("\ufffd") <= max(_STRAY_BYTES, len(mostly) // 1000):
        return mostly
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ParseError(source, "cannot tell the text encoding (not UTF-8, GBK or GB18030)", key="unknown_encoding")
    return str(best)


def normalize_text(text: str) -> str:
    """Full-width digits and letters to ASCII, PDF line wraps joined, spaces between CJK dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.translate(_FULLWIDTH_ALNUM)
    text = _join_wrapped_lines(text)
    text = _SPACE_BETWEEN.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _join_wrapped_lines(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if out and _is_wrap(out[-1], line):
            out[-1] = out[-1].rstrip() + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


def _is_wrap(previous: str, line: str) -> bool:
    """A PDF puts line breaks wherever a column ends; a sentence goes on if nothing closed it."""
    prev = previous.rstrip()
    if len(prev) < 20 or not line.strip() or prev.endswith(_SENTENCE_END):
        return False
    if "│" in prev or "|" in prev or "\t" in prev or _STARTS_BLOCK.match(line):
        return False
    if _FIELD_LINE.search(prev) or _HEADING.fullmatch(line.strip()):
        return False  # 证券简称：卫宁健康 / 卫宁健康科技集团股份有限公司: header lines, not wraps
    return bool(re.match(rf"\s*[{_CJK}\w“《(（,，、]", line))


def looks_garbled(text: str) -> bool:
    """pdfminer's (cid:123) runs, private-use glyphs, or almost no Chinese in a Chinese filing."""
    if not text.strip():
        return True
    visible = [ch for ch in text if not ch.isspace()]
    cid = text.count("(cid:")
    private = sum(1 for ch in visible if 0xE000 <= ord(ch) <= 0xF8FF)
    cjk = sum(1 for ch in visible if "\u4e00" <= ch <= "\u9fff")
    return cid * 6 > len(visible) * 0.05 or private > len(visible) * 0.02 or cjk < len(visible) * 0.05


def quality(text: str) -> float:
    """Higher is better: share of readable CJK, penalised for cid runs and private-use glyphs."""
    visible = [ch for ch in text if not ch.isspace()] or [" "]
    cjk = sum(1 for ch in visible if "\u4e00" <= ch <= "\u9fff")
    private = sum(1 for ch in visible if 0xE000 <= ord(ch) <= 0xF8FF)
    return (cjk - private * 5 - text.count("(cid:") * 10) / len(visible)
