"""Every document the README, the templates and the code point a user to is in the repository."""
from __future__ import annotations

import re

from tests.conftest import ROOT

_DOC_PATH = re.compile(r"(?<![\w./])((?:\.\./)?docs/[\w./-]+\.(?:md|png))")


def test_every_docs_path_named_to_a_user_exists() -> None:
    sources = [ROOT / "README.md", *(ROOT / "templates").rglob("*.j2"), *(ROOT / "trackers").rglob("*.py"),
               *(ROOT / "bot").rglob("*.py")]
    named = {(path.relative_to(ROOT), m.group(1)) for path in sources
             for m in _DOC_PATH.finditer(path.read_text(encoding="utf-8"))}
    assert named, "no docs/ paths found: the pattern is wrong"
    missing = [(str(where), target) for where, target in named
               if target.startswith("../") or not (ROOT / target).exists()]
    assert not missing, f"pointing outside the repository or at nothing: {missing}"
