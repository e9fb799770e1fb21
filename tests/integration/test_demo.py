"""The newcomer's path: the demo tells the story end to end."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.demo import Transcript, run_demo


def test_demo_story(tmp_path: Path) -> None:
    out = run_demo(tmp_path / "demo.db", "en", Transcript())
    intro = out.lines[0]
    assert "by 2025-05-10" in intro and "by 2025-06-30" in intro
    received = [(when.date(), text) for when, text in out.messages]
    reminders = [(d, t) for d, t in received if t.startswith("⏰")]
    launch = [d for d, t in reminders if "WiNGPT3.0" in t]
    price = [d for d, t in reminders if "转股价格" in t]
    assert launch == [dt.date(2025, 5, 3), dt.date(2025, 5, 9), dt.date(2025, 5, 10)]
    assert price == [dt.date(2025, 6, 23), dt.date(2025, 6, 29), dt.date(2025, 6, 30)]
    fulfilled = [(d, t) for d, t in received if "<b>fulfilled</b>" in t]
    assert len(fulfilled) == 1 and fulfilled[0][0] == dt.date(2025, 5, 10)
    assert "正式发布" in fulfilled[0][1] and "Evidence" in fulfilled[0][1]
    kept = [(d, t) for d, t in received if "<b>kept</b>" in t]
    assert len(kept) == 1 and kept[0][0] == dt.date(2025, 7, 1) and "转股价格" in kept[0][1]
    assert not any("broken" in t for _d, t in received)  # the dividend adjustment is not a revision
    status = out.lines[-1]
    assert "/status 300253" in status and "Fulfilled" in status and "Kept" in status


def test_demo_in_chinese(tmp_path: Path) -> None:
    out = run_demo(tmp_path / "demo.db", "zh", Transcript())
    assert any("已兑现" in t for _w, t in out.messages)
    assert "已遵守" in out.lines[-1]


def test_the_chinese_demo_reads_in_chinese(tmp_path: Path) -> None:
    out = run_demo(tmp_path / "demo.db", "zh", Transcript())
    told = "\n".join(out.lines)
    for english in ("demo chat", "[restraint]", "[event]", "restraint", "pending"):
        assert english not in told, english
    assert "→ 演示聊天" in told and "[不作为承诺]" in told


def test_the_readmes_demo_block_is_what_make_demo_prints(tmp_path: Path) -> None:
    """The transcript a newcomer reads before running anything is the one they will see."""
    import os
    import re
    import subprocess
    import sys

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```text\n(PromiseWatch demo.*?)```", readme, re.S)
    assert block is not None, "the README's demo block is missing"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PROMISEWATCH_LANG")}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "demo"],  # var/demo.db under the working folder
                          cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == block.group(1).strip()
