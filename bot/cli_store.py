"""Commands that read and write the store: ingest, companies, filings, check, status, history."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Added as the store commands land."""
