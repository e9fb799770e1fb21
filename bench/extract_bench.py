"""Extraction speed: documents per second over ~10 KB IR records, on one core.

Baseline, measured in the same run over the same sentences: dateparser's `search_dates`, the
general-purpose library one would reach for first. Prints both figures and the ratio.

    .venv/bin/python bench/extract_bench.py [--docs 1000] [--baseline-docs 10] [--repeat 3] [--sweep]

Each side is timed `--repeat` times and the fastest run counts (as timeit does): on a shared machine the
slower runs measure the neighbours, not the code.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.corpus import ir_records  # noqa: E402
from trackers.extract.pipeline import extract  # noqa: E402


def ours(docs: list[tuple[str, str]]) -> tuple[float, int]:
    found = 0
    started = time.perf_counter()
    for text, day in docs:
        found += len(extract(text, dt.date.fromisoformat(day)))
    return time.perf_counter() - started, found


def baseline(docs: list[tuple[str, str]]) -> float:
    from dateparser.search import search_dates

    started = time.perf_counter()
    for text, day in docs:
        base = dt.datetime.fromisoformat(day)
        for sentence in re.split(r"[。！？\n]", text):
            if sentence.strip():
                search_dates(sentence, languages=["zh"], settings={"RELATIVE_BASE": base})
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--baseline-docs", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side; the fastest counts")
    ap.add_argument("--sweep", action="store_true", help="also time one 1, 4 and 16 MB document")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    docs = ir_records(args.docs)
    size = sum(len(t.encode("utf-8")) for t, _d in docs) / len(docs)
    extract(docs[0][0], dt.date(2025, 1, 1))  # warm the regex caches and the calendars
    seconds, found = min(ours(docs) for _ in range(args.repeat))
    ours_rate = len(docs) / seconds
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        base_seconds = min(baseline(docs[: args.baseline_docs]) for _ in range(args.repeat))
    base_rate = args.baseline_docs / base_seconds
    print(f"documents: {len(docs)} IR records, mean {size / 1024:.1f} KB, {found} commitments found")
    print(f"promisewatch extract: {ours_rate:,.0f} documents/s ({seconds * 1000 / len(docs):.2f} ms each, "
          f"fastest of {args.repeat})")
    print(f"baseline dateparser.search_dates over the same sentences: {base_rate:,.2f} documents/s "
          f"({args.baseline_docs} documents)")
    print(f"ratio: {ours_rate / base_rate:,.0f}x  (targets: >= 500 documents/s and >= 100x)")
    if args.sweep:
        size_sweep(docs)


def size_sweep(docs: list[tuple[str, str]], sizes: tuple[int, ...] = (1, 4, 16)) -> None:
    """One long document made of many records: time per MB must stay flat (extraction is linear)."""
    per_mb = []
    for mb in sizes:
        parts, total, i = [], 0, 0
        while total < mb * 1024 * 1024:
            parts.append(docs[i % len(docs)][0])
            total += len(parts[-1].encode("utf-8")) + 1
            i += 1
        text = "\n".join(parts)
        started = time.perf_counter()
        found = len(extract(text, dt.date(2025, 1, 1)))
        per_mb.append((time.perf_counter() - started) / mb)
        print(f"size sweep: {mb:>2} MB in {per_mb[-1] * mb:.2f} s ({per_mb[-1]:.2f} s/MB), {found} commitments")
    print(f"size sweep: time per MB at {sizes[-1]} MB / at {sizes[0]} MB = {per_mb[-1] / per_mb[0]:.2f}x "
          "(target: <= 1.5x, linear)")


if __name__ == "__main__":
    main()
