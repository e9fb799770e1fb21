"""Pure judging: (commitment, later filing) → verdict with evidence. No I/O, no clock."""
from trackers.check.judge import judge

__all__ = ["judge"]
