"""A same-length normalised view of a text, so matches map back to verbatim quotes.

Every character maps to exactly one character: full-width forms become ASCII, traditional
characters become simplified ones (OpenCC), and the pinyin glosses some mirrors insert (經(jīng)濟) become
spaces, which every pattern already tolerates. Offsets into the view are offsets into the original.
"""
from __future__ import annotations

import re

import opencc


def _simplified_table() -> dict[int, int]:
    """Traditional → simplified, character by character, from OpenCC's t2s dictionaries.

    Each character is converted on its own line so no phrase rule can change the view's length;
    only one-to-one results are kept. 覆 is a simplified character too, but filings write 答覆 for 答复.
    """
    chars = [chr(c) for c in range(0x3400, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    table = {ord(a): ord(b) for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}
    table[ord("覆")] = ord("复")
    return table


_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)")


_TABLE = {k: chr(v) for k, v in {**_simplified_table(), **_FULLWIDTH}.items() if k != v}
# Chinese prose writes its punctuation full width: hundreds per filing, each replaced by str.replace in
# one C loop (a regex substitution would call back into Python for every comma).
_PUNCTUATION = tuple((mark, _TABLE[ord(mark)]) for mark in "，：；？！（）％")
# The rest are rare (traditional characters, full-width letters and digits): one character class finds them.
_MAPPED = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_TABLE)) + "]")


def normalize(text: str) -> str:
    """Return a view of `text` of the same length that the patterns can read."""
    view = text
    for mark, ascii_mark in _PUNCTUATION:
        if mark in view:
            view = view.replace(mark, ascii_mark)
    view = _MAPPED.sub(lambda m: _TABLE[ord(m.group(0))], view)
    if "(" in view:
        view = _PINYIN_GLOSS.sub(lambda m: " " * len(m.group(0)), view)
    assert len(view) == len(text)
    return view


_BETWEEN_WORDS = re.compile(r"(?<=[A-Za-z0-9.+])\s+(?=[A-Za-z0-9])")
_SPACE = re.compile(r"\s+")


def readable(text: str) -> str:
    """`text` for a reader: the spaces a PDF puts inside Chinese go (公司 股价 → 公司股价), the one between two
    Latin words or numbers stays (WPS AI 3.0)."""
    return _SPACE.sub("", _BETWEEN_WORDS.sub("\x00", text)).replace("\x00", " ")


def compact(text: str) -> str:
    """`text` without its white space (the spaces and line breaks PDF text puts inside words: 向下修\n正).

    str.split() drops exactly what the patterns' \\s matches, three times faster than a substitution."""
    return "".join(text.split())
