"""Documents of every supported kind give the same text and fields; bad files give clear errors."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, shared_file
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
