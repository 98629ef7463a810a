"""The Excel side: the ribbon buttons (``buttons``) and the live-workbook adapter (``adapter``).

The VBA in ``macros/MVO.bas`` runs ``import mvo_xl.excel; mvo_xl.excel.<name>()``;
the names resolve lazily to :mod:`mvo_xl.excel.buttons`, so importing this
package stays cheap and does not need Excel.
"""

from __future__ import annotations

BUTTONS = ("group_wishes", "validate", "make_plan", "make_plan_docx", "fill_ids")

__all__ = list(BUTTONS)


def __getattr__(name: str):
    if name in BUTTONS:
        from . import buttons

        return getattr(buttons, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
