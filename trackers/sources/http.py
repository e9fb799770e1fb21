"""HTTP with manners, shared by every public source (cninfo, 互动易, e互动).

A browser User-Agent, at most one request per `min_interval` seconds per host, retries with back-off on
timeouts and a gateway's 5xx, a 429 waited out (Retry-After, else 30 s) and the pace halved, a clear error
on 403 or on an HTML page where JSON was expected, and an unreachable host reported at once.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
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


class PoliteClient:
    """Synchronous on purpose: polling is slow by design (≈1 request/1.2 s/host) and runs in a worker."""

    def __init__(self, transport: httpx.BaseTransport | None = None, *, min_interval: float = 1.2,
                 retries: int = 3, backoff: float = 2.0, timeout: float = 15.0,
                 sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._http = httpx.Client(transport=transport, headers=HEADERS, timeout=timeout, follow_redirects=True)
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

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        for attempt in range(self._retries + 1):
            self._pace(url)
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx.TimeoutException as exc:
                if attempt == self._retries:
                    raise SourceError(f"{url}: timed out {attempt + 1} times") from exc
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
            self._sleep(self._backoff * 2 ** attempt)
        raise SourceError(f"{url}: gave up after {self._retries + 1} attempts")

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

    def json_object(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        """A JSON answer that must be an object: anything else is the site having changed, said as such."""
        value = self.json(method, url, **kwargs)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise SourceError(f"{url}: expected a JSON object, got {type(value).__name__}")
        return value
