"""A source's answer is untrusted: each failure is that company's, every exchange is bounded in time and size,
and redirects stay on the source's own site."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select

from bot.core import Core
from tests.sources.mock_cninfo import cninfo
from trackers.clock import FixedClock
from trackers.db.models import SourcePoll
from trackers.errors import SourceError
from trackers.services.follow import follow, poll, refresh_companies
from trackers.sources.http import PoliteClient, site_of


def _client(handler: httpx.MockTransport, **kw: float) -> PoliteClient:
    return PoliteClient(handler, min_interval=0, retries=0, sleep=lambda _s: None, **kw)  # type: ignore[arg-type]


def test_deeply_nested_json_is_a_source_error() -> None:
    nested = "[" * 200_000 + "]" * 200_000
    client = _client(httpx.MockTransport(lambda r: httpx.Response(200, text=nested,
                                                                   headers={"content-type": "application/json"})))
    with pytest.raises(SourceError, match="nested too deeply"):
        client.json("GET", "https://www.cninfo.com.cn/x")


def test_a_redirect_loop_and_a_redirect_off_the_site_are_refused() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/loop":
            return httpx.Response(302, headers={"location": "/loop"})
        if request.url.path == "/away":
            return httpx.Response(302, headers={"location": "https://evil.example/steal"})
        return httpx.Response(302, headers={"location": "https://static.cninfo.com.cn/ok"}) \
            if request.url.host == "www.cninfo.com.cn" else httpx.Response(200, text="fine")

    client = _client(httpx.MockTransport(handle))
    with pytest.raises(SourceError, match="more than 5 redirects"):
        client.request("GET", "https://www.cninfo.com.cn/loop")
    with pytest.raises(SourceError, match="off the site to evil.example"):
        client.request("GET", "https://www.cninfo.com.cn/away")
    assert client.request("GET", "https://www.cninfo.com.cn/file").text == "fine"  # another host of the same site
    assert site_of("static.cninfo.com.cn") == site_of("www.cninfo.com.cn") == "cninfo.com.cn"
    assert site_of("sns.sseinfo.com") == "sseinfo.com"


def test_an_endless_answer_stops_at_the_size_cap() -> None:
    def endless() -> Iterator[bytes]:
        while True:
            yield b"0" * 65536

    client = _client(httpx.MockTransport(lambda r: httpx.Response(200, content=endless())), max_bytes=4 << 20)
    with pytest.raises(SourceError, match="over 4,194,304 bytes"):
        client.request("GET", "https://www.cninfo.com.cn/big")


def test_a_byte_at_a_time_answer_stops_at_the_deadline() -> None:
    def trickle() -> Iterator[bytes]:
        for _ in range(100):
            time.sleep(0.1)  # never quiet long enough for a read timeout
            yield b"{"

    client = _client(httpx.MockTransport(lambda r: httpx.Response(200, content=trickle())), deadline=0.5)
    started = time.monotonic()
    with pytest.raises(SourceError, match="took over 0.5 s"):
        client.request("GET", "https://www.cninfo.com.cn/slow")
    assert time.monotonic() - started < 3


def test_one_hostile_answer_does_not_stop_the_poll(core: Core, clock: FixedClock) -> None:
    """One company's answers fail in ways no parser names — JSON nested 100,000 deep for its announcements, a
    TypeError from the depths of the client for its Q&A — each recorded as that company's failure; the next
    company is still polled."""
    handler = cninfo()

    def hostile(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/new/hisAnnouncement/query" and b"300253" in request.content:
            return httpx.Response(200, text="[" * 100_000 + "]" * 100_000, headers={"content-type": "application/json"})
        if request.url.host == "irm.cninfo.com.cn":
            raise TypeError("'NoneType' object is not subscriptable")
        return handler(request)

    core.cninfo_transport = httpx.MockTransport(hostile)
    clock.set(dt.datetime(2025, 4, 30, 18, 0))
    with core.cninfo() as client, core.sessions.begin() as s:
        refresh_companies(s, client)
        codes = [c.code for c in follow(s, client, ["300253", "000001"])]
    with core.cninfo() as client:
        result = poll(core.sessions, client, core.clock.now())
    assert result.companies == len(codes) == 2
    errors = {e.split(":")[0]: e for e in result.errors}
    assert set(errors) == {"300253", "000001 互动易"}, result.errors  # 000001 is polled after 300253 failed
    assert "nested too deeply" in errors["300253"] and "unexpected shape" in errors["000001 互动易"]
    with core.sessions() as s:
        polls = {(p.company_id, p.ok) for p in s.scalars(select(SourcePoll).where(SourcePoll.source == "cninfo"))}
    assert {ok for _company, ok in polls} == {True, False}


def test_a_server_that_never_answers_is_said_as_it_waits_and_blamed_on_the_network() -> None:
    """Accepted and never answered: each retry is told with the most it can take in all, and at the end the
    network is blamed, not a changed site."""
    from tests.silent import silent_server
    from trackers.errors import SourceUnreachable
    from trackers.sources.http import Retry

    told: list[Retry] = []
    client = PoliteClient(min_interval=0, retries=2, backoff=0.1, timeout=0.3, on_retry=told.append)
    started = time.monotonic()
    try:
        with silent_server() as port, pytest.raises(SourceUnreachable) as caught:
            client.request("GET", f"http://127.0.0.1:{port}/silent")
    finally:
        client.close()
    assert caught.value.key == "source_silent" and "not a sign that the site changed" in str(caught.value)
    assert [r.attempt for r in told] == [2, 3] and all(r.attempts == 3 for r in told)
    assert time.monotonic() - started <= told[0].most_seconds + 2  # the stated bound holds
