"""Pure judging: (commitment, later filing) → verdict with evidence, and progress. No I/O, no clock."""
from trackers.check.judge import judge
from trackers.check.progress import read_progress
from trackers.check.sentences import PreparedFiling, prepare

__all__ = ["PreparedFiling", "judge", "prepare", "read_progress"]
