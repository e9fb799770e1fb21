"""One Jinja2 environment for every user-visible message, Chinese and English.

Telegram messages (`*.html.j2`) are autoescaped for Telegram's HTML parse mode — filing text is
untrusted — and StrictUndefined turns a missing variable into an error, not an empty string.
Plain-text templates (`*.txt.j2`, the command line's) are not escaped.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape
from rich.cells import cell_len

from trackers.promises.terms import money_text

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
LANGUAGES = ("zh", "en")
TELEGRAM_LIMIT = 4096


def _date(value: dt.date | str | None, lang: str = "en") -> str:
    if value is None:
        return "—"
    if isinstance(value, str):  # a day inside a stored explanation (JSON)
        value = dt.date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日" if lang == "zh" else value.isoformat()


_TOKEN_CHAR = re.compile(r"[0-9A-Za-z.,%]")


def _clip(text: str | None, limit: int = 160) -> str:
    """At most `limit` characters, never cutting inside a number or a Latin word (人民币40,125,5… would misstate a
    figure): the cut moves back to where that run began, unless it began too far back."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = limit - 1
    if _TOKEN_CHAR.match(text, cut) and _TOKEN_CHAR.match(text, cut - 1):
        start = cut
        while start > 0 and _TOKEN_CHAR.match(text, start - 1):
            start -= 1
        if start >= limit // 2:
            cut = start
    return text[:cut].rstrip(" ,，、") + "…"


def _amount(value: float, lang: str = "en") -> str:
    """5,000万 / 1.5亿 for a Chinese reader, 50m / 150m for an English one; small figures in full."""
    if lang == "zh":
        return money_text(value)
    for size, unit in ((1e9, "bn"), (1e6, "m")):
        if value >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + unit
    return f"{value:,.0f}"


def _cells(value: object, width: int, right: bool = False) -> str:
    """Pad to `width` terminal cells: a Chinese character takes two, so columns of names still line up."""
    text = str(value if value is not None else "")
    gap = max(0, width - cell_len(text))
    return " " * gap + text if right else text + " " * gap


class Renderer:
    def __init__(self, root: Path = TEMPLATES) -> None:
        self.env = Environment(
            loader=FileSystemLoader(str(root)),
            autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters["day"] = _date
        self.env.filters["clip"] = _clip
        self.env.filters["amount"] = _amount
        self.env.filters["cells"] = _cells

    def words(self, lang: str) -> Any:
        """The reader's vocabulary (`_words.j2`: STATUS, KIND, TIMELINE…) for text drawn outside a template."""
        lang = lang if lang in LANGUAGES else "en"
        return self.env.get_template(f"{lang}/_words.j2").make_module({"lang": lang})

    def render(self, lang: str, template: str, /, **context: Any) -> str:
        lang = lang if lang in LANGUAGES else "en"
        return self.env.get_template(f"{lang}/{template}").render(lang=lang, **context).strip()


def describe(renderer: Renderer, lang: str, exc: Exception, in_chat: bool = False) -> str:
    """An error in the reader's language when it has a template; its English message otherwise
    (technical faults of remote sources, which are for the logs and the admins). `in_chat`: the advice is what
    to do in the chat, not a command-line option."""
    key = getattr(exc, "key", None)
    if key:
        try:
            return renderer.render(lang, f"errors/{key}.txt.j2", in_chat=in_chat, **getattr(exc, "params", {}))
        except TemplateNotFound:
            pass
    return str(exc)


def _safe_cut(line: str, limit: int) -> int:
    """Where to cut a line longer than a message: never inside an HTML entity (&amp;) or a tag (<b>)."""
    cut = limit
    amp, semi = line.rfind("&", 0, cut), line.rfind(";", 0, cut)
    if amp > semi and cut - amp <= 10:
        cut = amp
    lt, gt = line.rfind("<", 0, cut), line.rfind(">", 0, cut)
    if lt > gt:
        cut = lt
    return cut if cut > 0 else limit


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split at line boundaries so each part fits Telegram's limit (a longer line is cut hard)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            cut = _safe_cut(line, limit)
            parts.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts
