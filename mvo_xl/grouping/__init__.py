"""The grouping core: bundle similar wishes per theme (pure; no Excel imports)."""

from .core import (DEFAULT_THRESHOLD, Assignment, Group, GroupingResult, WishIn, cutoff_for, group_wishes,
                   shorten)
from .ids import theme_code

__all__ = ["DEFAULT_THRESHOLD", "Assignment", "Group", "GroupingResult", "WishIn", "cutoff_for",
           "group_wishes", "shorten", "theme_code"]
