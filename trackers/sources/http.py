"""HTTP with manners, shared by every public source (cninfo, 互动易, e互动).

A browser User-Agent, at most one request per `min_interval` seconds per host, retries with back-off on
timeouts and a gateway's 5xx, a 429 waited out (Retry-After, else 30 s) and the pace halved, a clear error
on 403 or on an HTML page where JSON was expected, and an unreachable host reported at once.

An answer is untrusted: each exchange has a total deadline (a server sending a byte every few seconds never
trips a read timeout), its body is read a piece at a time up to a size cap, redirects are followed only within
the source's own site, and whatever goes wrong — deeply nested JSON included — is that source's SourceError.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from trackers.errors import SourceError, SourceUnreachable

HEADERS = {
    "User-Agent": ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/120.0.0.0 Safari/537.36"),
    "Accept": "application/json, text/javascript, */*; q=0.01",
    "X-Requested-With": "XMLHttpRequest",
}
THROTTLED_PAUSE = 30.0  # seconds to wait after a 429 that names no Retry-After
MAX_REDIRECTS = 5
_SECOND_LEVEL = {"com", "net", "org", "gov", "edu"}  # cninfo.com.cn: the site is the last three labels


def site_of(host: str) -> str:
    """The registrable part of a host: www.cninfo.com.cn and static.cninfo.com.cn are one site."""
    labels = host.lower().rstrip(".").split(":")[0].split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


@dataclass(frozen=True, slots=True)
class Retry:
    """A retry about to happen: which host, which try of how many, the pause first, the most it can all take."""

    host: str
    attempt: int
    attempts: int
    pause: float
    most_seconds: float


class PoliteClient:
    """Synchronous on purpose: polling is slow by design (≈1 request/1.2 s/host) and runs in a worker."""

    def __init__(self, transport: httpx.BaseTransport | None = None, *, min_interval: float = 1.2,
                 retries: int = 3, backoff: float = 2.0, timeout: float = 15.0, deadline: float = 90.0,
                 max_bytes: int = 64 << 20, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic,
                 on_retry: Callable[[Retry], None] | None = None) -> None:
        self._http = httpx.Client(transport=transport, headers=HEADERS, timeout=timeout, follow_redirects=False)
        self._deadline = deadline  # seconds for one exchange, redirects and body included
        self._timeout = timeout
        self._on_retry = on_retry  # told before each retry, so a person waiting knows why and for how long
        self._max_bytes = max_bytes  # an annual report's PDF is tens of MB; an answer's JSON far less
        self._min_interval = min_interval
        self._retries = retries
        self._backoff = backoff
        self._sleep = sleep
        self._monotonic = monotonic
        self._last: dict[str, float] = {}

    def close(self) -> None:
        self._http.close()

    def _pace(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self._last.get(host, -1e9) + self._min_interval - self._monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last[host] = self._monotonic()

    def most_seconds(self) -> float:
        """The longest one request can take with its retries: each attempt's timeout and the pauses between."""
        return (self._retries + 1) * self._timeout + sum(self._backoff * 2 ** a for a in range(self._retries))

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        started = self._monotonic()
        for attempt in range(self._retries + 1):
            self._pace(url)
            try:
                response = self._exchange(method, url, **kwargs)
            except httpx.TimeoutException as exc:
                if attempt == self._retries:  # nothing answered at all: the network or the site is down
                    host = urlsplit(url).netloc
                    spent = self._monotonic() - started
                    raise SourceUnreachable(
                        f"{host} did not answer ({attempt + 1} tries over {spent:.0f} s); the network or the site "
                        "is down — not a sign that the site changed", key="source_silent", host=host,
                        tries=str(attempt + 1), seconds=f"{spent:.0f}") from exc
            except httpx.ConnectError as exc:  # no route, no name, refused: the network is down, not busy
                host = urlsplit(url).netloc
                raise SourceUnreachable(f"{host} cannot be reached ({exc}); check the network or proxy",
                                        key="source_unreachable", host=host, why=str(exc)) from exc
            except httpx.TransportError as exc:
                if attempt == self._retries:
                    raise SourceError(f"{url}: {type(exc).__name__}: {exc}") from exc
            else:
                if response.status_code == 403:
                    raise SourceError(f"{url}: 403 Forbidden (a browser User-Agent and a slower pace may help)")
                if response.status_code == 429 and attempt < self._retries:
                    # asked to slow down: wait what it says (or a long pause), then go on more slowly
                    wait = response.headers.get("retry-after", "")
                    self._sleep(float(wait) if wait.isdigit() else THROTTLED_PAUSE)
                    self._min_interval = max(self._min_interval, 2 * self._min_interval)
                    continue
                if response.status_code >= 500 and attempt < self._retries:
                    pass  # a gateway's 502/504 and the like: retried below with back-off
                elif response.status_code >= 400:
                    raise SourceError(f"{url}: HTTP {response.status_code}", status=response.status_code)
                else:
                    return response
            pause = self._backoff * 2 ** attempt
            if self._on_retry is not None:
                self._on_retry(Retry(urlsplit(url).netloc, attempt + 2, self._retries + 1, pause, self.most_seconds()))
            self._sleep(pause)
        raise SourceError(f"{url}: gave up after {self._retries + 1} attempts")

    def _exchange(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One request with its redirects (on the source's own site only), its body read within the deadline and
        the size cap."""
        started = time.monotonic()
        site = site_of(urlsplit(url).netloc)
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._http.send(self._http.build_request(method, url, **kwargs), stream=True)
            try:
                if response.is_redirect:
                    url = str(response.url.join(response.headers["location"]))
                    if site_of(urlsplit(url).netloc) != site:
                        raise SourceError(f"{response.url}: redirected off the site to {urlsplit(url).netloc}")
                    if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
                        method, kwargs = "GET", {k: v for k, v in kwargs.items() if k not in ("data", "content")}
                    continue
                return self._read(response, started)
            finally:
                response.close()
        raise SourceError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _read(self, response: httpx.Response, started: float) -> httpx.Response:
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self._max_bytes:
                raise SourceError(f"{response.url}: the answer is over {self._max_bytes:,} bytes; refused")
            if time.monotonic() - started > self._deadline:
                raise SourceError(f"{response.url}: the answer took over {self._deadline:g} s; gave up")
        headers = [(k, v) for k, v in response.headers.multi_items()
                   if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")]  # decoded now
        return httpx.Response(response.status_code, headers=headers, content=bytes(body), request=response.request)

    def json(self, method: str, url: str, **kwargs: Any) -> Any:
        response = self.request(method, url, **kwargs)
        body = response.text.lstrip()
        if body.startswith("<") or "html" in response.headers.get("content-type", ""):
            raise SourceError(f"{url}: an HTML page came back where JSON was expected "
                              "(the site may have changed or be blocking us)")
        try:
            return json.loads(body)
        except ValueError as exc:
            raise SourceError(f"{url}: the answer is not JSON ({exc})") from exc
        except RecursionError as exc:  # nested thousands deep: no real answer is
            raise SourceError(f"{url}: the JSON is nested too deeply to be a real answer") from exc

    def json_object(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        """A JSON answer that must be an object: anything else is the site having changed, said as such."""
        value = self.json(method, url, **kwargs)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise SourceError(f"{url}: expected a JSON object, got {type(value).__name__}")
        return value
