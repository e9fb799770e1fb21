"""Documents of every supported kind give the same text and fields; bad files give clear errors."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, shared_file
from trackers.documents import load_document, parse_bytes
from trackers.documents.text import normalize_text
from trackers.domain import FilingKind
from trackers.errors import ParseError

EXAMPLE = EXAMPLES / "300253-ir-record-2025-04-25.txt"


def make_pdf(lines: list[str], lines_per_page: int = 48) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a CJK font that ships inside reportlab
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 10)
    y = 800
    for number, line in enumerate(lines):
        if number and number % lines_per_page == 0:
            page.showPage()
            page.setFont("STSong-Light", 10)
            y = 800
        page.drawString(40, y, line)
        y -= 16
    page.save()
    return out.getvalue()


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _lines() -> list[str]:
    return [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_example_record_fields() -> None:
    doc = load_document(EXAMPLE)
    assert doc.fields.kind is FilingKind.IR_RECORD
    assert (doc.fields.code, doc.fields.short_name) == ("300253", "卫宁健康")
    assert doc.fields.activity_date == dt.date(2025, 4, 25)
    assert doc.fields.full_name == "卫宁健康科技集团股份有限公司"
    assert doc.fields.number == "2025-001"
    assert doc.fields.category == "其他（投资者交流会）"


def test_real_sample_record_fields() -> None:
    doc = load_document(shared_file("corpus/sample-ir-record-300253.txt"))
    assert (doc.fields.code, doc.fields.short_name) == ("300253", "卫宁健康")
    assert doc.fields.activity_date == dt.date(2025, 4, 25)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_encodings_give_the_same_text(encoding: str) -> None:
    original = parse_bytes(EXAMPLE.read_bytes(), "record.txt")
    copy = parse_bytes(EXAMPLE.read_text(encoding="utf-8").encode(encoding), "record.txt")
    assert copy.text == original.text and copy.content_hash == original.content_hash


def test_pdf_gives_the_same_fields() -> None:
    doc = parse_bytes(make_pdf(_lines()), "record.pdf")
    assert (doc.fields.code, doc.fields.short_name, doc.fields.activity_date) == (
        "300253", "卫宁健康", dt.date(2025, 4, 25))
    assert "WiNGPT3.0" in doc.text


def test_docx_gives_the_same_fields() -> None:
    doc = parse_bytes(make_docx(_lines()), "record.docx")
    assert (doc.fields.code, doc.fields.short_name, doc.fields.activity_date) == (
        "300253", "卫宁健康", dt.date(2025, 4, 25))


def test_html_gives_the_same_fields() -> None:
    body = "".join(f"<p>{line}</p>" for line in _lines())
    html = f'<html><head><meta charset="gbk"><script>var x="证券代码：999999";</script></head><body>{body}</body></html>'
    doc = parse_bytes(html.encode("gbk"), "record.html")
    assert (doc.fields.code, doc.fields.activity_date) == ("300253", dt.date(2025, 4, 25))


def test_an_encrypted_pdf_is_called_encrypted() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=StandardEncryption("secret"))
    page.drawString(100, 100, "2025")
    page.save()
    with pytest.raises(ParseError, match="encrypted") as caught:
        parse_bytes(out.getvalue(), "locked.pdf")
    assert caught.value.key == "encrypted_pdf"


def test_a_stray_byte_in_a_utf8_filing_is_replaced_and_counted() -> None:
    data = "证券代码：300253\n公司计划于2025年6月30日前完成建设。".encode() + b"\xff" + "其余文字完好。".encode()
    doc = parse_bytes(data, "stray.txt")
    assert doc.replaced == 1 and "\ufffd其余文字完好" in doc.text and doc.fields.code == "300253"
    with pytest.raises(ParseError, match="encoding"):  # mostly undecodable is still refused
        parse_bytes(bytes(range(128, 256)) * 40, "noise.txt")


def test_truncated_pdf_is_a_clear_error() -> None:
    data = make_pdf(_lines())
    with pytest.raises(ParseError) as caught:
        parse_bytes(data[: len(data) // 3], "broken.pdf")
    assert "broken.pdf" in str(caught.value)


@pytest.mark.parametrize(("data", "name", "words"), [
    (b"", "empty.txt", "empty"), (b"   \n", "blank.txt", "empty"), (b"PK\x03\x04junk", "bad.docx", "DOCX"),
    (b"hello", "notes.xlsx", "unsupported"), (b"not a pdf at all", "fake.pdf", "PDF"),
])
def test_bad_files_name_what_is_wrong(data: bytes, name: str, words: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_bytes(data, name)
    assert name in str(caught.value) and words in str(caught.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="nothing.txt"):
        load_document(tmp_path / "nothing.txt")


def test_normalising_joins_pdf_wraps_and_fixes_widths() -> None:
    raw = "公司将在２０２５年６月底前完成新生产线的安装调试，并于下半年\n逐步释放产能。\n证券代码：300253"
    text = normalize_text(raw)
    assert "2025年6月底前" in text
    assert "下半年逐步释放产能" in text
    assert "\n证券代码" in text
    assert normalize_text("卫 宁 健 康 2025 年") == "卫宁健康2025年"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_file_errors_are_told_in_the_readers_language(lang: str) -> None:
    from bot.render import Renderer, describe

    with pytest.raises(ParseError) as caught:
        parse_bytes(b"", "empty.txt")
    told = describe(Renderer(), lang, caught.value)
    assert told == ("empty.txt：文件是空的。" if lang == "zh" else "empty.txt: the file is empty.")


def test_a_text_too_large_to_be_a_filing_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    from trackers.documents import loader

    monkeypatch.setattr(loader, "MAX_TEXT_CHARS", 1000)
    monkeypatch.setattr(loader, "MAX_TEXT_BYTES", 4000)
    with pytest.raises(ParseError, match="too large to be a filing"):
        parse_bytes(("公司将于2026年6月30日前完成。" * 400).encode(), "huge.txt")


def test_a_header_short_name_stops_at_the_next_label_and_the_signature_dates_it() -> None:
    text = ("证券代码：300253 证券简称：卫宁健康    公告编号：2025-045\n卫宁健康科技集团股份有限公司关于回购进展的公告\n"
            "截至2025年1月9日，公司累计回购股份100万股。\n卫宁健康科技集团股份有限公司董事会\n2025年1月10日\n")
    doc = parse_bytes(text.encode(), "notice.txt")
    assert doc.fields.short_name == "卫宁健康" and doc.fields.activity_date == dt.date(2025, 1, 10)


def test_codes_of_the_beijing_exchange() -> None:
    from trackers.services.ingest import exchange_of

    assert [exchange_of(c) for c in ("920001", "830799", "430047", "600000", "900901", "300253")] == [
        "BSE", "BSE", "BSE", "SSE", "SSE", "SZSE"]


def test_a_docx_zip_bomb_is_refused_before_it_inflates() -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (210 * 1024 * 1024))  # 210 MB of zeros, a few hundred KB packed
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    with pytest.raises(ParseError, match="too large when decompressed"):
        parse_bytes(buffer.getvalue(), "bomb.docx")


def _docx_package(body: bytes, forged_size: int | None = None) -> bytes:
    """A minimal DOCX whose document.xml holds `body`; `forged_size` rewrites the sizes the zip declares."""
    import struct
    import zipfile

    buffer = io.BytesIO()
    document = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                b'main"><w:body>' + body + b"</w:body></w:document>")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    data = bytearray(buffer.getvalue())
    if forged_size is not None:  # the local header's and the central directory's uncompressed size both lie
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = 0
            while (at := data.find(signature, at)) >= 0:
                name_length = struct.unpack_from("<H", data, at + (26 if signature == b"PK\x03\x04" else 28))[0]
                name_at = at + (30 if signature == b"PK\x03\x04" else 46)
                if data[name_at:name_at + name_length] == b"word/document.xml":
                    struct.pack_into("<I", data, at + offset, forged_size)
                at += 4
    return bytes(data)


def _peak_of(code: str) -> tuple[str, int]:
    """Run `code` in a fresh interpreter: what it printed, and its peak resident memory in bytes."""
    import subprocess
    import sys

    # VmHWM, not ru_maxrss: the latter carries the parent's peak across fork and exec (a big test runner's)
    done = subprocess.run([sys.executable, "-c", code + "\nimport re\nstatus = open('/proc/self/status').read()\n"
                           "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) * 1024)"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    *said, peak = done.stdout.strip().splitlines()
    return "\n".join(said) + done.stderr, int(peak)


def test_a_docx_of_millions_of_empty_paragraphs_is_refused_as_it_streams(tmp_path: Path) -> None:
    data = _docx_package(b"<w:p/>" * 3_000_000)  # 18 MB of XML, a few hundred KB packed
    assert len(data) < 1024 * 1024
    (tmp_path / "p.docx").write_bytes(data)
    said, peak = _peak_of("from trackers.documents.loader import parse_bytes\nfrom trackers.errors import ParseError\n"
                          f"try:\n    parse_bytes(open({str(tmp_path / 'p.docx')!r}, 'rb').read(), 'p.docx')\n"
                          "except ParseError as exc:\n    print(exc.key)")
    assert "docx_too_large" in said and peak < 400 << 20, (said, f"{peak:,} bytes")


def test_a_docx_whose_zip_lies_about_its_size_reads_no_further_than_it_says() -> None:
    from trackers.documents import ParseLimits

    data = _docx_package(b"<w:p><w:r><w:t>" + b"x" * (12 << 20) + b"</w:t></w:r></w:p>", forged_size=1000)
    with pytest.raises(ParseError, match="DOCX") as caught:
        parse_bytes(data, "forged.docx", ParseLimits(max_inflated_bytes=8 << 20))
    assert caught.value.key in ("bad_docx", "too_large_inflated")


def test_docx_tables_are_read_in_place_a_row_a_line() -> None:
    def p(text: str) -> bytes:
        return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()

    def cell(text: str) -> bytes:
        return b"<w:tc>" + p(text) + b"</w:tc>"

    body = (p("证券代码：300253") + b"<w:tbl><w:tr>" + cell("活动时间") + cell("2025年4月25日") + b"</w:tr></w:tbl>"
            + p("公司计划于2025年6月30日前完成建设。"))
    doc = parse_bytes(_docx_package(body), "table.docx")
    assert doc.raw_text.splitlines() == ["证券代码：300253", "活动时间\t2025年4月25日", "公司计划于2025年6月30日前完成建设。"]


def test_a_pdf_decompression_bomb_is_refused_with_bounded_memory() -> None:
    import zlib

    from trackers.documents import ParseLimits

    packer = zlib.compressobj(9)
    stream = b"".join(packer.compress(b"\0" * (1 << 20)) for _ in range(20)) + packer.flush()  # 20 MB inside
    pdf = (b"%PDF-1.4\n1 0 obj << /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
           + stream + b"\nendstream\nendobj\ntrailer << >>\n%%EOF\n")
    assert len(pdf) < 64 * 1024
    with pytest.raises(ParseError, match="too large when decompressed"):
        parse_bytes(pdf, "bomb.pdf", ParseLimits(max_inflated_bytes=8 * 1024 * 1024))


def _bomb_stream(filters: list[str], inflated: int) -> bytes:
    """`inflated` zero bytes encoded through `filters` (applied last to first, as a writer does)."""
    import base64
    import zlib

    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(b"\0" * (1 << 20)) for _ in range(inflated >> 20)) + packer.flush()
    for name in reversed(filters[:-1]):
        if name == "FlateDecode":
            data = zlib.compress(data, 9)
        elif name == "ASCIIHexDecode":
            data = data.hex().encode() + b">"
        elif name == "ASCII85Decode":
            data = base64.a85encode(data) + b"~>"
    return data


@pytest.mark.parametrize("filters", [["ASCIIHexDecode", "FlateDecode"], ["FlateDecode", "FlateDecode"],
                                     ["ASCII85Decode", "FlateDecode"], ["AHx", "Fl", "Fl"]])
def test_a_bomb_behind_a_filter_chain_is_refused_with_bounded_memory(filters: list[str]) -> None:
    import tracemalloc

    from trackers.documents import ParseLimits

    full = [{"AHx": "ASCIIHexDecode", "Fl": "FlateDecode"}.get(f, f) for f in filters]
    stream = _bomb_stream(full, 64 << 20)  # 64 MB of zeros behind the chain
    names = " ".join(f"/{f}" for f in filters)
    pdf = (b"%PDF-1.4\n1 0 obj << /Length " + str(len(stream)).encode() + f" /Filter [{names}] >>\nstream\n".encode()
           + stream + b"\nendstream\nendobj\ntrailer << >>\n%%EOF\n")
    tracemalloc.start()
    try:
        with pytest.raises(ParseError, match="too large when decompressed"):
            parse_bytes(pdf, "chain.pdf", ParseLimits(max_inflated_bytes=16 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(pdf) * 4 + (24 << 20), f"detecting it took {peak:,} bytes"


def test_filter_chains_decode_to_their_size() -> None:
    import base64
    import zlib

    from trackers.documents.pdfstreams import decoded_size

    text = "公司计划于2026年6月30日前完成新产线建设。".encode() * 1000
    run_length = bytes([2]) + b"abc" + bytes([256 - 9]) + b"z" + bytes([128])  # abc, then z ten times, end
    cases = {
        b"/Filter /FlateDecode": zlib.compress(text),
        b"/Filter [/ASCIIHexDecode /FlateDecode]": zlib.compress(text).hex().encode() + b">",
        b"/Filter [/A85 /Fl]": base64.a85encode(zlib.compress(text)) + b"~>",
        b"/Filter /RunLengthDecode": run_length,
    }
    sizes = {}
    for header, stream in cases.items():
        pdf = b"%PDF-1.4\n1 0 obj << " + header + b" >>\nstream\n" + stream + b"\nendstream\nendobj\n"
        sizes[header] = decoded_size(pdf, 1 << 30)
    assert list(sizes.values()) == [len(text), len(text), len(text), 13]


def _pages(n: int) -> bytes:
    return make_pdf([f"第{i}页 公司计划于2026年6月30日前完成新产线建设。" for i in range(n)], lines_per_page=1)


def test_a_pdf_that_reads_too_slowly_is_stopped_between_pages() -> None:
    from trackers.documents import ParseLimits

    with pytest.raises(ParseError, match="reading took over 0 s") as caught:
        parse_bytes(_pages(3), "slow.pdf", ParseLimits(max_seconds=0))
    assert caught.value.key == "parse_too_slow" and caught.value.params["pages"] == "1"


def test_a_pdf_whose_reading_grows_memory_past_the_budget_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from trackers.documents import ParseLimits, limits

    grown = iter(range(0, 10**10, 300 * 1024 * 1024))  # each page read adds 300 MB
    monkeypatch.setattr(limits, "resident_bytes", lambda: next(grown))
    with pytest.raises(ParseError, match="over 512 MB of memory") as caught:
        parse_bytes(_pages(4), "heavy.pdf", ParseLimits(max_memory_bytes=512 * 1024 * 1024))
    assert caught.value.key == "parse_too_big" and caught.value.params["pages"] == "2"


def test_limits_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from trackers.settings import Settings

    monkeypatch.setenv("MAX_PDF_PAGES", "2")
    monkeypatch.setenv("PARSE_SECONDS", "5")
    limits = Settings(_env_file=None).parse_limits()  # type: ignore[call-arg]
    assert (limits.max_pdf_pages, limits.max_seconds) == (2, 5.0)
    with pytest.raises(ParseError, match="3 pages is too many"):
        parse_bytes(_pages(3), "long.pdf", limits)
    assert "第0页" in parse_bytes(_pages(3), "long.pdf").text  # the defaults read it


@pytest.mark.parametrize(("text", "kind"), [
    ("证券代码：300977 证券简称：星野软件 公告编号：2026-031\n关于“星河2.0”发布时间调整的公告\n"
     "公司此前在投资者关系活动记录表中表示，计划于6月30日前发布。", "announcement"),  # cites a record, is none
    ("证券代码：688623 证券简称：岚图光电 公告编号：2026-025\n关于2025年度业绩说明会召开情况的公告\n"
     "问：公司新产品进展如何？\n答：公司网友提问已逐一回复。", "announcement"),  # its Q&A makes it no 互动易 answer
    ("证券代码：688901 证券简称：青岚材料\n青岚材料股份有限公司\n2025年年度报告\n第一节 重要提示", "periodic_report"),
    ("证券代码：300253 证券简称：卫宁健康\n投资者关系活动类别 √特定对象调研\n活动时间：2025年4月25日", "ir_record"),
])
def test_a_filing_is_typed_by_what_it_is_not_by_what_it_cites(text: str, kind: str) -> None:
    from trackers.documents.irrecord import kind_of

    assert kind_of(text).value == kind
