"""A company's promises as a picture a phone shows well: one row per commitment, from the day it was said to
its deadline, coloured by status, the day of the deciding evidence marked, and today's line.

matplotlib with the Agg backend (no display). Chinese labels need a CJK font: one is looked up through
fontconfig (Noto Sans CJK, Source Han, WenQuanYi); where none is installed the rows are labelled with ids and
dates only, and `promisewatch doctor` names the package to install.
"""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from trackers.services.queries import ExportRow

COLOURS = {"pending": "#9e9e9e", "due_soon": "#f9a825", "overdue": "#e65100", "fulfilled": "#2e7d32",
           "kept": "#2e7d32", "fulfilled_late": "#9ccc65", "broken": "#c62828", "revised": "#6a1b9a"}
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Droid Sans Fallback")
FONT_PACKAGE = "fonts-noto-cjk (or fonts-wqy-microhei)"


@dataclass(frozen=True, slots=True)
class Picture:
    png: bytes
    rows: int
    font: str | None  # the CJK font used, or None when the labels fell back to ids and dates


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The file of an installed CJK font, found through fontconfig, else None."""
    if shutil.which("fc-match") is None:
        return None
    for family in CJK_FAMILIES:
        found = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", f"{family}:lang=zh"], capture_output=True,
                               text=True, timeout=10, check=False).stdout
        name, _tab, path = found.partition("\t")
        if path and any(f.lower() in name.lower() for f in CJK_FAMILIES):
            return path
    return None


def render(rows: list[ExportRow], title: str, today: dt.date) -> Picture:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties

    font_file = cjk_font()
    font = FontProperties(fname=font_file) if font_file else None
    height = max(2.4, 0.42 * len(rows) + 1.6)
    fig, ax = plt.subplots(figsize=(10.8, height), dpi=100)  # 1080 px wide: a phone's screen
    try:
        for y, row in enumerate(reversed(rows)):
            start = row.source_date
            end = max(row.deadline or today, start)  # an undated window runs on until its event dates it
            colour = COLOURS.get(row.status, "#9e9e9e")
            ax.barh(y, mdates.date2num(end) - mdates.date2num(start) + 1, left=mdates.date2num(start),
                    height=0.55, color=colour, alpha=0.85)
            if row.status_date and row.status not in ("pending", "due_soon"):
                ax.plot(mdates.date2num(row.status_date), y, marker="D", color="black", markersize=5)
        labels = [_label(r, font is not None) for r in reversed(rows)]
        ax.set_yticks(range(len(rows)), labels, fontproperties=font, fontsize=9)
        ax.axvline(mdates.date2num(today), color="#1565c0", linestyle="--", linewidth=1)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # no month written twice
        ax.set_title(title if font is not None else title.encode("ascii", "ignore").decode().strip() or "timeline",
                     fontproperties=font, fontsize=12)
        ax.grid(axis="x", alpha=0.3)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
    finally:
        plt.close(fig)
    return Picture(out.getvalue(), len(rows), font_file)


def _label(row: ExportRow, cjk: bool) -> str:
    if cjk:
        subject = row.subject if len(row.subject) <= 22 else row.subject[:21] + "…"
        return f"#{row.id} {subject}"
    return f"#{row.id} {row.deadline.isoformat() if row.deadline else '-'}"
