"""Serve tests/fixtures/cninfo through httpx.MockTransport as cninfo and 互动易 would."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

import httpx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cninfo"
Handler = Callable[[httpx.Request], httpx.Response]


def _json(name: str) -> httpx.Response:
    return httpx.Response(200, content=(FIXTURES / name).read_bytes(),
                          headers={"content-type": "application/json;charset=UTF-8"})


def cninfo(log: list[str] | None = None, pdf_overrides: dict[str, str] | None = None) -> Handler:
    """A handler answering the endpoints the client uses; `log` collects what was asked."""

    def handle(request: httpx.Request) -> httpx.Response:
        path, host = request.url.path, request.url.host
        form = {k: v[-1] for k, v in parse_qs(request.content.decode()).items()} if request.content else {}
        query = {k: v for k, v in request.url.params.items()}
        if log is not None:
            log.append(f"{host}{path} {form.get('tabName', '')} {form.get('seDate', '')} {form.get('pageNum', '')}")
        assert "Mozilla" in request.headers.get("user-agent", ""), "a browser User-Agent is required"
        if path == "/new/data/szse_stock.json":
            return _json("szse_stock.json")
        if path == "/new/information/topSearch/query":
            name = f"topsearch_{form.get('keyWord')}.json"
            return _json(name) if (FIXTURES / name).exists() else httpx.Response(200, json=[])
        if path == "/new/hisAnnouncement/query":
            code = form["stock"].split(",")[0]
            assert "," in form["stock"], "stock needs code,orgId"
            month = form["seDate"].split("~")[0][:7]
            name = f"{form['tabName']}_{code}_{month}_p{form['pageNum']}.json"
            return _json(name) if (FIXTURES / name).exists() else _json("empty.json")
        if host == "static.cninfo.com.cn":
            file_id = path.rsplit("/", 1)[-1].split(".")[0]
            name = (pdf_overrides or {}).get(file_id, f"{file_id}.PDF")
            pdf = FIXTURES / "pdf" / name
            if not pdf.exists():
                return httpx.Response(404, text="not found")
            return httpx.Response(200, content=pdf.read_bytes(), headers={"content-type": "application/pdf"})
        if host == "irm.cninfo.com.cn" and path == "/newircs/company/question":
            name = f"irm_{query['stockcode']}_p{query['pageNum']}.json"
            return _json(name) if (FIXTURES / name).exists() else httpx.Response(200, json={"rows": []})
        return httpx.Response(404, text=f"no fixture for {host}{path}")

    return handle


def payload(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))
