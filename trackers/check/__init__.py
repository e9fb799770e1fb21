"""Pure judging: (commitment, later filing) → verdict with evidence. No I/O, no clock."""
from trackers.check.judge import PreparedFiling, judge, prepare

__all__ = ["PreparedFiling", "judge", "prepare"]
