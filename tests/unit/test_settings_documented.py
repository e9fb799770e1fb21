"""Every setting is explained in .env.example, and nothing there is a key the settings do not know."""
from __future__ import annotations

import re

from tests.conftest import ROOT
from trackers.settings import Settings


def test_env_example_lists_exactly_the_settings() -> None:
    written = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    known = {name.upper() for name in Settings.model_fields} | {"PROMISEWATCH_LANG"}  # read by the CLI itself
    assert known - written == set(), "settings missing from .env.example"
    assert written - known == set(), ".env.example names keys no setting reads"
