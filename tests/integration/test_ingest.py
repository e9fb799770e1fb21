"""Ingest over a real database: fields, idempotency, bad files, folders."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.core import Core
from tests.conftest import EXAMPLES, shared_file
from tests.unit.test_documents import _lines, make_pdf
from trackers.db.models import Commitment, Company, Filing, StatusChange
from trackers.documents import load_document, parse_bytes
from trackers.errors import UsageError
from trackers.services.ingest import FilingMeta, ingest_document, upsert_company

EXAMPLE = EXAMPLES / "300253-ir-record-2025-04-25.txt"


def _counts(core: Core) -> tuple[int, int, int]:
    with core.sessions() as s:
        return (s.scalar(select(func.count()).select_from(Filing)) or 0,
                s.scalar(select(func.count()).select_from(Commitment)) or 0,
                s.scalar(select(func.count()).select_from(StatusChange)) or 0)


def test_example_record_is_stored_with_company_and_date(core: Core) -> None:
    with core.sessions.begin() as s:
        result = ingest_document(s, load_document(EXAMPLE), FilingMeta(), core.clock.now())
    assert result.created and result.commitments_added == 2
    with core.sessions() as s:
        company = s.scalar(select(Company))
        filing = s.scalar(select(Filing))
        assert company is not None and filing is not None
        assert (company.code, company.short_name, company.exchange) == ("300253", "卫宁健康", "SZSE")
        assert (filing.published, filing.kind) == (dt.date(2025, 4, 25), "ir_record")
        for c in s.scalars(select(Commitment)):
            assert filing.text[c.span_start:c.span_end] == c.quote
            assert c.status == "pending"


def test_reingest_adds_nothing(core: Core) -> None:
    for _ in range(3):
        with core.sessions.begin() as s:
            ingest_document(s, load_document(EXAMPLE), FilingMeta(), core.clock.now())
    assert _counts(core) == (1, 2, 2)


def test_gbk_copy_is_the_same_filing(core: Core, tmp_path: Path) -> None:
    copy = tmp_path / "gbk.txt"
    copy.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gbk"))
    for path in (EXAMPLE, copy):
        with core.sessions.begin() as s:
            ingest_document(s, load_document(path), FilingMeta(), core.clock.now())
    assert _counts(core)[0] == 1


def test_real_sample_record(core: Core) -> None:
    doc = load_document(shared_file("corpus/sample-ir-record-300253.txt"))
    with core.sessions.begin() as s:
        result = ingest_document(s, doc, FilingMeta(), core.clock.now())
    assert (result.company_code, result.company_name, result.published) == ("300253", "卫宁健康", dt.date(2025, 4, 25))
    with core.sessions() as s:
        deadlines = {c.deadline for c in s.scalars(select(Commitment))}
    assert {dt.date(2025, 5, 10), dt.date(2025, 6, 30)} <= deadlines


def test_document_without_code_needs_one(core: Core, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("公司计划于2025年6月底前完成新产线调试。", encoding="utf-8")
    with core.sessions.begin() as s, pytest.raises(UsageError, match="--company"):
        ingest_document(s, load_document(path), FilingMeta(published=dt.date(2025, 4, 1)), core.clock.now())
    with core.sessions.begin() as s:
        result = ingest_document(s, load_document(path), FilingMeta(company_code="600000",
                                                                    published=dt.date(2025, 4, 1)), core.clock.now())
    assert result.commitments_added == 1


@pytest.fixture
def cli_env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    return database_url


def test_cli_folder_with_one_bad_file(cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "record.txt")
    (folder / "record.pdf").write_bytes(make_pdf(_lines())[:900])  # truncated
    (folder / "empty.txt").write_bytes(b"")
    code = main(["ingest", str(folder)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "record.pdf" in err and "empty.txt" in err
    assert "stored" in out and "300253" in out
    assert main(["ingest", str(folder / "record.txt")]) == 0
    assert "known" in capsys.readouterr().out
    from bot.core import build_core
    from trackers.settings import Settings

    with build_core(Settings(database_url=cli_env, _env_file=None)) as core:  # type: ignore[call-arg]
        assert _counts(core)[0] == 1, "the bad files left no rows"


def test_cli_listings(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(EXAMPLE)]) == 0
    capsys.readouterr()
    assert main(["companies", "--format", "json"]) == 0
    assert '"code": "300253"' in capsys.readouterr().out
    assert main(["filings", "300253"]) == 0
    assert "2025-04-25" in capsys.readouterr().out
    assert main(["status", "卫宁"]) == 0
    out = capsys.readouterr().out
    assert "WiNGPT3.0" in out and "2025-06-30" in out
    assert main(["--lang", "zh", "status", "300253"]) == 0
    out = capsys.readouterr().out  # ingest applied today's clock: nothing from 2025 is still "pending"
    # a restraint of a company nobody follows: its window closed with no record covering it, so unconfirmed
    assert "已逾期" in out and "无法确认是否遵守" in out and "进行中" not in out
    assert main(["status", "不存在的公司"]) == 2
    assert "No company matches “不存在的公司”" in capsys.readouterr().err
    assert main(["--lang", "zh", "status", "不存在的公司"]) == 2
    assert "错误：没有与“不存在的公司”匹配的公司" in capsys.readouterr().err


def test_cli_ingest_reports_its_changes_and_sweeps(cli_env: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    later = tmp_path / "launch.txt"
    later.write_text("证券代码：300253 证券简称：卫宁健康\n公告日期：2025-05-10\n关于发布医疗大模型的公告\n"
                     "2025年5月10日，公司在厦门举办发布会，正式发布医疗大模型WiNGPT3.0。\n", encoding="utf-8")
    assert main(["ingest", str(later)]) == 0  # the report first: nothing to judge yet
    capsys.readouterr()
    assert main(["ingest", str(EXAMPLE)]) == 0  # then the promise: judged against the report already stored
    out = capsys.readouterr().out
    assert "1 status change from it" in out, out
    assert "sweep" in out and "0 kept, 1 overdue" in out  # the restraint: a file, not a followed feed


def test_check_refuses_a_future_day_unless_simulated(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--no-check", str(EXAMPLE)]) == 0
    capsys.readouterr()
    assert main(["check", "--today", "2099-01-01"]) == 2
    assert "only moves forward" in capsys.readouterr().err
    assert main(["check", "--today", "2099-01-01", "--simulate"]) == 0
    out = capsys.readouterr().out
    assert "nothing was saved" in out and "2 overdue" in out  # the launch, and the restraint unconfirmed
    assert main(["status", "300253"]) == 0
    assert "overdue" not in capsys.readouterr().out  # the simulation left no trace


@pytest.mark.parametrize(("key", "value", "says"), [
    ("REMINDER_OFFSETS", "7,x", "REMINDER_OFFSETS: expected whole numbers"),
    ("TIMEZONE", "Mars/Base", "TIMEZONE: no time zone 'Mars/Base'"),
    ("DATABASE_URL", "mysql://somewhere/db", "DATABASE_URL: use sqlite:///"),
])
def test_configuration_errors_are_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str], key: str, value: str, says: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setenv(key, value)
    assert main(["companies"]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_an_unreachable_database_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert main(["companies"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("database: cannot connect") and "DATABASE_URL" in err and len(err.splitlines()) == 1


def test_lang_after_the_subcommand_and_in_every_output(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(EXAMPLE), "--lang", "zh"]) == 0
    assert "已入库" in capsys.readouterr().out
    assert main(["history", "1", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "精度：日" in out and "day)" not in out
    assert main(["doctor", "--lang", "zh"]) in (0, 1)
    out = capsys.readouterr().out
    assert "可以连接" in out and "reachable" not in out


def test_a_clean_name_repairs_a_glued_one_and_a_wrong_code_is_refused(cli_env: str, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from bot.core import build_core
    from trackers.settings import Settings

    with build_core(Settings(database_url=cli_env, _env_file=None)) as core, \
            core.sessions.begin() as s:  # type: ignore[call-arg]
        upsert_company(s, "300253", "卫宁健康公告编号")  # what an older build stored
    assert main(["ingest", str(EXAMPLE)]) == 0
    assert main(["companies", "--format", "json"]) == 0
    assert '"卫宁健康"' in capsys.readouterr().out
    assert main(["ingest", str(EXAMPLE), "--company", "600000"]) == 1
    assert "contradicts the document's own 证券代码 300253" in capsys.readouterr().err


def test_small_cli_manners(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and "promisewatch" in capsys.readouterr().out
    assert main(["db", "downgrade"]) == 2
    assert "drops every table" in capsys.readouterr().err
    assert main(["db", "upgrade", "bogus"]) == 2
    assert "No migration bogus" in capsys.readouterr().err
    assert main(["unfollow", "123456"]) == 1
    assert "not known here: 123456" in capsys.readouterr().out


def test_nul_bytes_and_gbk_file_names_do_not_stop_a_folder(core: Core) -> None:
    """A NUL byte (PostgreSQL refuses it) and a GBK name read as surrogates (a Windows zip) are stored cleanly."""
    text = "证券代码：300253 证券简称：卫宁健康\n公告日期：2025-05-10\n关于发布\x00医疗大模型的公告\n公司将于2025年6月30日前完成。\n"
    gbk_name = "卫宁公告.txt".encode("gbk").decode("utf-8", "surrogateescape")
    with core.sessions.begin() as s:
        result = ingest_document(s, parse_bytes(text.encode(), gbk_name), FilingMeta(), core.clock.now())
    with core.sessions() as s:
        filing = s.get(Filing, result.filing_id)
        assert filing is not None and "\x00" not in filing.raw_text + filing.text


def test_two_ingests_at_once_both_find_the_company(database_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from bot.core import build_core
    from trackers.settings import Settings

    docs = [parse_bytes(f"证券代码：600123 证券简称：甲乙科技\n公告日期：2025-05-{10 + i}\n关于第{i}次公告\n"
                        f"公司将于2025年6月{10 + i}日前完成。\n".encode(), f"{i}.txt") for i in range(4)]

    def one(doc: object) -> str:
        with build_core(Settings(database_url=database_url, _env_file=None)) as c, \
                c.sessions.begin() as s:  # type: ignore[call-arg]
            return ingest_document(s, doc, FilingMeta(), c.clock.now()).company_code  # type: ignore[arg-type]

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(one, docs)) == ["600123"] * 4


def test_database_faults_name_the_url_without_its_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgres://bob:s3cret@127.0.0.1:1/none")  # the postgres:// spelling works
    assert main(["companies"]) == 2
    err = capsys.readouterr().err
    assert "bob:***@127.0.0.1:1/none" in err and "s3cret" not in err and len(err.splitlines()) == 1


def test_masked_urls() -> None:
    from trackers.settings import masked_url

    assert masked_url("postgresql://u:p@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert masked_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert masked_url("sqlite:///var/x.db") == "sqlite:///var/x.db"


def test_a_busy_sqlite_file_is_one_line_and_loses_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Another process holds the write lock past SQLITE_BUSY_SECONDS: one line naming the file, exit 2, and
    what was stored before is still there."""
    import sqlite3

    from trackers.db import migrate

    path = tmp_path / "busy.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SQLITE_BUSY_SECONDS", "0.3")
    assert main(["ingest", str(EXAMPLE)]) == 0
    capsys.readouterr()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another writer, mid-transaction
    try:
        second = tmp_path / "again.txt"
        second.write_text(EXAMPLE.read_text(encoding="utf-8").replace("2025年4月25日", "2025年4月28日"),
                          encoding="utf-8")
        assert main(["ingest", str(second)]) == 2
        err = capsys.readouterr().err
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert err.startswith(f"database: {url} is busy") and "SQLITE_BUSY_SECONDS" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert main(["filings", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1  # the first filing is intact
