"""Following real filings end to end, over recorded responses: poll, ingest, extract, judge, notify."""
from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import select

from bot.cli import main
from bot.core import Core
from bot.jobs import check_new_filings, poll_followed
from tests.sources.mock_cninfo import cninfo
from trackers.clock import FixedClock
from trackers.db.models import Commitment, Company, Filing, Notification, SourcePoll
from trackers.services.follow import follow, poll, refresh_companies
from trackers.services.subscriptions import ensure_chat, subscribe


@pytest.fixture
def replaying(core: Core) -> Core:
    core.cninfo_transport = httpx.MockTransport(cninfo())
    return core


def test_poll_ingests_extracts_and_a_later_poll_changes_a_status(replaying: Core, clock: FixedClock) -> None:
    core = replaying
    clock.set(dt.datetime(2025, 4, 30, 18, 0))
    with core.cninfo() as client, core.sessions.begin() as s:
        assert refresh_companies(s, client) == 4
        (company,) = follow(s, client, ["300253"])
        subscribe(s, ensure_chat(s, 77, "en"), company)
    with core.cninfo() as client:
        first = poll(core.sessions, client, core.clock.now())
    assert first.errors == [] and first.filings == 1 and first.commitments == 2
    check_new_filings(core)
    with core.sessions() as s:
        record = s.scalar(select(Filing).where(Filing.source_id == "1223000001"))
        assert record is not None and record.kind == "ir_record" and record.published == dt.date(2025, 4, 25)
        assert record.url and record.url.endswith("1223000001.PDF")
        deadlines = sorted(c.deadline for c in s.scalars(select(Commitment)))
        assert deadlines == [dt.date(2025, 5, 10), dt.date(2025, 6, 30)]

    clock.set(dt.datetime(2025, 5, 11, 9, 0))  # the launch was announced on the 10th
    with core.cninfo() as client:
        later = poll(core.sessions, client, core.clock.now())
    assert later.filings >= 3  # the launch, a routine page, the 互动易 answer...
    assert later.fetched_text >= 1 and later.title_only >= 1  # titles first: not every PDF is fetched
    result = check_new_filings(core)
    assert result.changes == 1
    with core.sessions() as s:
        launch = s.scalar(select(Commitment).where(Commitment.quote.contains("WiNGPT3.0")))
        assert launch is not None and launch.status == "fulfilled"
        change = launch.changes[-1]
        assert "WiNGPT3.0" in (change.evidence_quote or "")
        assert change.evidence_filing is not None and change.evidence_filing.source_id == "1223000050"
        notices = s.scalars(select(Notification).where(Notification.event == "status_change")).all()
        assert [n.commitment_id for n in notices] == [launch.id]
        answer = s.scalar(select(Filing).where(Filing.source == "irm"))
        assert answer is not None and answer.kind == "qa_answer"
        qa_promise = s.scalar(select(Commitment).where(Commitment.filing_id == answer.id))
        assert qa_promise is not None and qa_promise.deadline == dt.date(2025, 9, 30)
        assert {p.source for p in s.scalars(select(SourcePoll))} == {"cninfo", "irm"}
        company = s.scalar(select(Company).where(Company.code == "300253"))
        assert company is not None and company.watermark is not None

    with core.cninfo() as client:  # nothing new: nothing stored twice
        again = poll(core.sessions, client, core.clock.now())
    assert again.filings == 0


def test_shanghai_records_come_from_the_announcement_titles(replaying: Core, clock: FixedClock) -> None:
    core = replaying
    clock.set(dt.datetime(2025, 4, 30, 18, 0))
    with core.cninfo() as client:
        with core.sessions.begin() as s:
            follow(s, client, ["600600"])  # an empty cache: the stock list is fetched first
        result = poll(core.sessions, client, core.clock.now())
    assert result.errors == []
    with core.sessions() as s:
        record = s.scalar(select(Filing).where(Filing.source_id == "1223000201"))
        assert record is not None and record.kind == "ir_record"
        plan = s.scalar(select(Commitment).where(Commitment.filing_id == record.id))
        assert plan is not None and plan.deadline == dt.date(2026, 6, 30)


def test_a_broken_source_is_recorded_and_the_rest_go_on(core: Core, clock: FixedClock) -> None:
    core.cninfo_transport = httpx.MockTransport(lambda r: httpx.Response(403, text="no"))
    clock.set(dt.datetime(2025, 4, 30, 18, 0))
    with core.sessions.begin() as s:
        s.add_all([Company(code="300253", org_id="9900022016", followed=True, exchange="SZSE", aliases=[]),
                   Company(code="000001", org_id="gssz0000001", followed=True, exchange="SZSE", aliases=[])])
    with core.cninfo() as client:
        result = poll(core.sessions, client, core.clock.now())
    assert result.companies == 2 and len(result.errors) == 2 and "403" in result.errors[0]
    with core.sessions() as s:
        polls = s.scalars(select(SourcePoll)).all()
        assert len(polls) == 2 and not any(p.ok for p in polls)


async def test_poll_job_runs_hourly_outside_trading_hours(replaying: Core, clock: FixedClock) -> None:
    core = replaying
    clock.set(dt.datetime(2025, 5, 10, 20, 0))  # a Saturday evening
    with core.sessions.begin() as s:
        s.add(Company(code="300253", org_id="9900022016", followed=True, exchange="SZSE", aliases=[]))
    assert await poll_followed(core) is not None
    clock.advance(minutes=10)
    assert await poll_followed(core) is None
    clock.advance(hours=1)
    assert await poll_followed(core) is not None


def test_cli_follow_poll_backfill(replaying: Core, monkeypatch: pytest.MonkeyPatch, tmp_path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    import bot.cli_store as store

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(store, "build_core", lambda settings: replaying)
    replaying.close = lambda: None  # type: ignore[method-assign]
    assert main(["follow", "300253"]) == 0
    assert "9900022016" in capsys.readouterr().out
    assert main(["backfill", "300253", "--since", "2025-04-01"]) == 0
    out = capsys.readouterr().out
    assert "new filing" in out and "new commitment" in out
    assert main(["unfollow", "300253"]) == 0


def test_a_shanghai_company_s_e_interact_answers_become_qa_filings(replaying: Core, clock: FixedClock) -> None:
    core = replaying
    clock.set(dt.datetime(2025, 5, 31, 18, 0))
    with core.cninfo() as client, core.sessions.begin() as s:
        follow(s, client, ["600600"])
    with core.cninfo() as client, core.sseinfo() as sse:
        result = poll(core.sessions, client, core.clock.now(), since=dt.date(2025, 5, 1), sse=sse)
    assert result.errors == []
    with core.sessions() as s:
        answers = s.scalars(select(Filing).where(Filing.source == "sseinfo").order_by(Filing.published)).all()
        assert [(a.source_id, a.kind, a.published) for a in answers] == [
            ("1790350", "qa_answer", dt.date(2025, 5, 13)), ("1790388", "qa_answer", dt.date(2025, 5, 18)),
            ("1790420", "qa_answer", dt.date(2025, 5, 20))]
        production = s.scalar(select(Commitment).where(Commitment.quote.contains("投产")))
        assert production is not None and production.deadline == dt.date(2025, 12, 31)
        polls = {p.source: p.ok for p in s.scalars(select(SourcePoll))}
        assert polls.get("sseinfo") is True
