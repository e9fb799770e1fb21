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
from typing import Any

from trackers.services.queries import ExportRow

# Okabe and Ito's palette, which stays apart in every common colour blindness; each status also has its own
# hatching and its word beside the bar, so no one has to tell red from green
COLOURS = {"pending": "#bbbbbb", "due_soon": "#f0e442", "overdue": "#e69f00", "fulfilled": "#009e73",
           "kept": "#009e73", "fulfilled_late": "#56b4e9", "broken": "#d55e00", "revised": "#cc79a7"}
HATCHES = {"overdue": "//", "broken": "xx", "revised": "..", "fulfilled_late": "\\\\", "kept": "--"}
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Droid Sans Fallback")
FONT_PACKAGE = "fonts-noto-cjk (or fonts-wqy-microhei)"


@dataclass(frozen=True, slots=True)
class Words:
    """What the picture says, in the reader's language (from templates/_words.j2)."""

    status: dict[str, str]
    bar: str  # what a bar spans
    evidence: str  # what ◆ marks
    today: str
    late_said: str  # a promise first stated after its own deadline (a report's row)

    @classmethod
    def of(cls, vocabulary: Any) -> Words:
        timeline = vocabulary.TIMELINE
        return cls(dict(vocabulary.STATUS), timeline["bar"], timeline["evidence"], timeline["today"],
                   timeline["late_said"])


ENGLISH = Words({s: s.replace("_", " ") for s in COLOURS}, "said → deadline", "deciding filing", "today",
                "said after its deadline")


@dataclass(frozen=True, slots=True)
class Picture:
    png: bytes
    rows: int
    font: str | None  # the CJK font used, or None when the labels fell back to ids and dates
    legend: tuple[str, ...] = ()  # the legend's entries, in order
    span: tuple[dt.date, dt.date] | None = None  # the dates the x axis shows


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


ROW_INCHES = 0.42
MIN_ROWS = 3  # one or two promises are drawn as rows of a three-row chart, not as one huge bar
FRAME_INCHES = 2.2  # title, axis and legend
LEGEND_ROW_INCHES = 0.24


def render(rows: list[ExportRow], title: str, today: dt.date, words: Words = ENGLISH) -> Picture:
    """The picture: a bar per promise from the day it was said to its deadline in its status's colour and
    hatching, its status word at the bar's end, ◆ on the day of the deciding filing, a dashed line today, and a
    legend of what is drawn. A promise first stated after its deadline (a periodic report's row) is a tick on
    its deadline, not a bar running backwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    font_file = cjk_font()
    font = FontProperties(fname=font_file) if font_file else None
    said = words if font is not None else ENGLISH  # without a CJK font, Chinese words would be empty boxes
    shown = max(len(rows), MIN_ROWS)
    fig, ax = plt.subplots(figsize=(10.8, ROW_INCHES * shown + FRAME_INCHES), dpi=100)  # 1080 px: a phone
    days: list[dt.date] = [today]
    try:
        for y, row in enumerate(reversed(rows)):
            start, end = row.source_date, row.deadline or today  # an undated window runs on until it is dated
            colour, hatch = COLOURS.get(row.status, "#bbbbbb"), HATCHES.get(row.status)
            if end < start:
                ax.plot(mdates.date2num(end), y, marker="|", markersize=16, markeredgewidth=3, color=colour)
            else:
                ax.barh(y, mdates.date2num(end) - mdates.date2num(start) + 1, left=mdates.date2num(start),
                        height=0.55, color=colour, hatch=hatch, edgecolor="#333333", linewidth=0.4)
            if row.status_date and row.status not in ("pending", "due_soon"):
                ax.plot(mdates.date2num(row.status_date), y, marker="D", color="black", markersize=5)
                days.append(row.status_date)
            ax.text(mdates.date2num(end) + 1, y, " " + said.status.get(row.status, row.status), va="center",
                    fontsize=8, fontproperties=font)  # at the bar's end, or beside the tick
            days += [start, end]
        labels = [_label(r, font is not None) for r in reversed(rows)]
        ax.set_yticks(range(len(rows)), labels, fontproperties=font, fontsize=9)
        room = (shown - len(rows)) / 2  # one or two rows sit in the middle of the three-row frame
        ax.set_ylim(-0.75 - room, len(rows) - 0.25 + room)
        ax.axvline(mdates.date2num(today), color="#0072b2", linestyle="--", linewidth=1)
        first, last = min(days), max(days)
        pad = max(3, (last - first).days // 12)  # room for the markers and the status words at the edges
        span = (first - dt.timedelta(days=pad), last + dt.timedelta(days=pad * 2))
        ax.set_xlim(mdates.date2num(span[0]), mdates.date2num(span[1]))
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))  # numbers: no month names in English
        ax.set_title(title if font is not None else title.encode("ascii", "ignore").decode().strip() or "timeline",
                     fontproperties=font, fontsize=12)
        ax.grid(axis="x", alpha=0.3)
        ax.set_xlabel(said.bar, fontproperties=font, fontsize=8)  # what a bar spans
        present = [s for s in COLOURS if any(r.status == s for r in rows)]
        handles = [Patch(facecolor=COLOURS[s], hatch=HATCHES.get(s), edgecolor="#333333",
                         label=said.status.get(s, s)) for s in present]
        if any(r.deadline and r.deadline < r.source_date for r in rows):
            handles.append(Line2D([], [], marker="|", markersize=12, markeredgewidth=3, color="#555555",
                                  linestyle="", label=said.late_said))
        handles += [Line2D([], [], marker="D", color="black", linestyle="", label=said.evidence),
                    Line2D([], [], color="#0072b2", linestyle="--", label=said.today)]
        # at the foot of the picture, in a band kept free for it however tall the chart (1080 px wide stays)
        columns = min(len(handles), 5)
        legend_rows = -(-len(handles) // columns)
        legend = fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.005), ncol=columns,
                            fontsize=8, frameon=False, prop=font)
        if font is not None:
            for text in legend.get_texts():
                text.set_fontsize(8)
        band = (0.15 + LEGEND_ROW_INCHES * legend_rows) / fig.get_figheight()
        fig.tight_layout(rect=(0, band, 1, 1))
        out = io.BytesIO()
        fig.savefig(out, format="png")
    finally:
        plt.close(fig)
    return Picture(out.getvalue(), len(rows), font_file, tuple(h.get_label() for h in handles), span)


def _label(row: ExportRow, cjk: bool) -> str:
    if cjk:
        subject = row.subject if len(row.subject) <= 22 else row.subject[:21] + "…"
        return f"#{row.id} {subject}"
    return f"#{row.id} {row.deadline.isoformat() if row.deadline else '-'}"
