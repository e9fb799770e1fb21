"""Hostile inputs against normal documents of the same size: seconds and peak memory, each case in a fresh
process (its peak resident memory is its own), and the ratio per MB against the normal document measured in the
same run. Target (issue 26): no hostile input costs more than 3× a normal document of its size per MB, or 1 GB.

    .venv/bin/python bench/hostile_bench.py
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PARAGRAPH = "<p>公司将于2025年6月30日前完成募投项目建设，届时将另行公告。</p>\n"
MB = 1_000_000


def _html(body: str) -> bytes:
    return ("<html><body>" + PARAGRAPH * 50 + body).encode()


def _normal_html() -> bytes:
    return ("<html><body>" + PARAGRAPH * (2 * MB // len(PARAGRAPH.encode())) + "</body></html>").encode()


def _read(data: bytes, name: str) -> None:
    from trackers.documents.loader import parse_bytes
    from trackers.errors import ParseError

    with contextlib.suppress(ParseError):  # a refusal is an answer; what it cost is what is measured
        parse_bytes(data, name)


def _extract(text: str) -> None:
    from trackers.extract.pipeline import extract

    extract(text, dt.date(2025, 1, 10))


def _chain_pdf() -> bytes:
    """2 GB of zeros behind ASCIIHex + Flate + Flate."""
    packer = zlib.compressobj(9)
    inner = b"".join(packer.compress(b"\0" * (1 << 20)) for _ in range(2048)) + packer.flush()
    stream = zlib.compress(inner, 9).hex().encode() + b">"
    return (b"%PDF-1.4\n1 0 obj << /Length " + str(len(stream)).encode()
            + b" /Filter [/AHx /Fl /Fl] >>\nstream\n" + stream + b"\nendstream\nendobj\ntrailer << >>\n%%EOF\n")


def _docx(paragraphs: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         b'wordprocessingml/2006/main"><w:body>' + b"<w:p/>" * paragraphs + b"</w:body></w:document>")
    return out.getvalue()


def _docx_text(chars: int) -> bytes:
    out = io.BytesIO()
    para = "<w:p><w:r><w:t>公司将于2025年6月30日前完成募投项目建设。</w:t></w:r></w:p>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", ('<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         'wordprocessingml/2006/main"><w:body>' + para * (chars // 20)
                         + "</w:body></w:document>").encode())
    return out.getvalue()


def _ingest_twice() -> None:
    """A second 3,000-promise filing of a company with 3,000 on record (the time printed is the second's)."""
    import tempfile

    from bot.core import build_core
    from trackers.db import migrate
    from trackers.documents.loader import parse_bytes
    from trackers.services.ingest import FilingMeta, ingest_document
    from trackers.settings import Settings

    def filing(year: int, day: int) -> bytes:
        body = [f"问：项目{i}进展如何？答：公司项目{i}号预计于{year}年{i % 12 + 1}月{i % 27 + 1}日前完成建设。"
                for i in range(3000)]
        return "\n".join(["证券代码：300253 证券简称：某某科技", "投资者关系活动记录表", f"活动时间：2025年1月{day}日",
                          *body]).encode()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(url)
        core = build_core(Settings(database_url=url))
        now = dt.datetime(2025, 2, 1, tzinfo=dt.UTC)
        for year, day in ((2026, 10), (2027, 20)):
            started = time.perf_counter()
            with core.sessions.begin() as session:
                ingest_document(session, parse_bytes(filing(year, day), f"{year}.txt"), FilingMeta(), now)
            print(json.dumps({"filing_seconds": time.perf_counter() - started}), file=sys.stderr)
        core.close()


def _html_file(data: bytes) -> None:
    _read(data, "page.html")


def _nothing() -> None:
    return None


# name: (make the input — not timed, what the work is given)
CASES: dict[str, tuple[Callable[[], object], Callable[[Any], None]]] = {
    "html normal 2 MB": (_normal_html, _html_file),
    "html unclosed comment": (lambda: _html("<!-- " + "x<p>a</p>" * 220_000), _html_file),
    "html unclosed quote": (lambda: _html('<a href="' + "x<p>a</p> " * 200_000), _html_file),
    "html run of end tags": (lambda: _html("</p></div>" * 200_000), _html_file),
    "html unclosed PIs": (lambda: _html("<?x " * 500_000), _html_file),
    "html unclosed CDATA": (lambda: _html("<![CDATA[" * 220_000), _html_file),
    "dates as lines (10,000)": (lambda: "\n".join(["公司计划于2025年6月30日前完成建设。"] * 10_000), _extract),
    "dates on one line (10,000)": (lambda: "公司计划于2025年6月30日前完成建设，" * 10_000, _extract),
    "pdf 2 GB behind AHx+Fl+Fl": (_chain_pdf, lambda data: _read(data, "bomb.pdf")),
    "docx normal 1M chars": (lambda: _docx_text(1_000_000), lambda data: _read(data, "normal.docx")),
    "docx 3M empty paragraphs": (lambda: _docx(3_000_000), lambda data: _read(data, "paragraphs.docx")),
    "ingest: second 3,000-promise filing": (_nothing, lambda _none: _ingest_twice()),
}


def _peak_mb() -> float:
    """This process's own peak resident memory (VmHWM; ru_maxrss would carry a parent's across fork and exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _one(name: str) -> None:
    make, work = CASES[name]
    given = make()
    started = time.perf_counter()
    work(given)
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    print(json.dumps({"seconds": seconds, "peak_mb": peak}))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        _one(sys.argv[2])
        return
    results: dict[str, dict[str, float]] = {}
    for name in CASES:
        done = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True)
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
        extra = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
        if extra:  # the ingest case: the second filing's own time
            results[name]["first"] = extra[0]["filing_seconds"]
            results[name]["seconds"] = extra[-1]["filing_seconds"]
    html = results["html normal 2 MB"]["seconds"]
    lines = results["dates as lines (10,000)"]["seconds"]
    print(f"{'case':40} {'seconds':>8} {'peak MB':>8}  ratio (same size, same run)")
    for name, r in results.items():
        if name.startswith("html") and name != "html normal 2 MB":
            ratio = f"{r['seconds'] / html:.2f}x the normal 2 MB HTML"
        elif name == "dates on one line (10,000)":
            ratio = f"{r['seconds'] / lines:.2f}x the same dates as lines"
        elif "first" in r:
            ratio = f"{r['seconds'] / r['first']:.2f}x the first filing ({r['first']:.2f} s)"
        else:
            ratio = ""
        print(f"{name:40} {r['seconds']:8.2f} {r['peak_mb']:8.0f}  {ratio}")


if __name__ == "__main__":
    main()
