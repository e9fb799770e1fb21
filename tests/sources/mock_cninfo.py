"""Serve tests/fixtures/cninfo through httpx.MockTransport as cninfo and 互动易 would."""
from __future__ import annotations

import datetime as dt
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


def _org_ids() -> dict[str, str]:
    """code → orgId as the live site knows them: the stock list and every topSearch answer."""
    known = {r["code"]: r["orgId"] for r in payload("szse_stock.json")["stockList"]}
    for path in FIXTURES.glob("topsearch_*.json"):
        known.update({r["code"]: r["orgId"] for r in json.loads(path.read_text(encoding="utf-8"))})
    return known


def _text(name: str, content_type: str = "text/html;charset=UTF-8") -> httpx.Response:
    return httpx.Response(200, content=(FIXTURES / name).read_bytes(), headers={"content-type": content_type})


def _paged_file(stem: str, page: str) -> httpx.Response:
    """Past its last page the live site answers page 1 again."""
    for name in (f"{stem}_p{page}.json", f"{stem}_p1.json"):
        if (FIXTURES / name).exists():
            return _json(name)
    return _json("empty.json")


def _sse(path: str, form: dict[str, str], query: dict[str, str]) -> httpx.Response:
    if path == "/ajax/getCompany.do":  # plain text: the uid, or nothing for an unknown code
        name = f"sse_getcompany_{form.get('data')}.txt"
        return _text(name, "text/plain") if (FIXTURES / name).exists() else httpx.Response(200, text="")
    if path == "/company.do":
        name = f"sse_company_{query.get('stockcode')}.html"
        return _text(name) if (FIXTURES / name).exists() else httpx.Response(404, text="not found")
    if path == "/ajax/userfeeds.do":
        assert query.get("type") == "11" and query.get("typeCode") == "company", "answered Q&A of a company"
        name = f"sse_feed_{query.get('uid')}_p{query.get('page')}.html"
        return _text(name) if (FIXTURES / name).exists() else httpx.Response(200, text="<div></div>")
    return httpx.Response(404, text=f"no fixture for sns.sseinfo.com{path}")


def cninfo(log: list[str] | None = None, pdf_overrides: dict[str, str] | None = None) -> Handler:
    """A handler answering the endpoints the clients use, as the live sites do; `log` collects what was asked.

    Like the live site, hisAnnouncement answers nothing for an orgId it does not know (an invented
    gssz0 + code) and repeats page 1 past the last page."""
    org_ids = _org_ids()

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
            assert "," in form["stock"], "stock needs code,orgId"
            code, org_id = form["stock"].split(",", 1)
            if org_ids.get(code) != org_id:
                return _json("empty.json")
            # newest first, as live: a range over several months answers from its latest month with rows
            lo, hi = (dt.date.fromisoformat(d) for d in form["seDate"].split("~"))
            months = sorted({f"{d.year}-{d.month:02d}" for d in (lo + dt.timedelta(n) for n in range((hi - lo).days + 1))},
                            reverse=True)
            stem = next((f"{form['tabName']}_{code}_{m}" for m in months
                         if (FIXTURES / f"{form['tabName']}_{code}_{m}_p1.json").exists()), "none")
            response = _paged_file(stem, form["pageNum"])
            if form["tabName"] == "relation" and form.get("category"):  # sub-categories filter the tab's rows
                body = json.loads(response.content)
                keep = "category_glzd_szdy" in form["category"].split(";")
                body["announcements"] = [r for r in body.get("announcements") or []
                                         if keep or "管理制度" not in r["announcementTitle"]]
                return httpx.Response(200, json=body)
            return response
        if path == "/new/fulltextSearch/full":
            if query.get("type") or int(query["pageNum"]) * int(query["pageSize"]) > 20_000:
                return _json("empty.json")  # any `type`, or an offset past 20,000: nothing
            return _paged_file("search", query["pageNum"])
        if host == "sns.sseinfo.com":
            return _sse(path, form, query)
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
