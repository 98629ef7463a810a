"""mvo-xl: the MVO-trajectory workbook made smart (grouping, rules, action plan)."""

__version__ = "0.1.0"
