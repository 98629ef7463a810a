"""Edit a workbook package (the zip) instead of re-saving it.

Every part the tool does not own is copied byte for byte; output sheets are
replaced whole (rendered by openpyxl into a scratch package, then
transplanted); owned cells of input tables are patched in the sheet XML while
it streams through; the tool's notes are merged into a sheet's own comments.
:func:`edit_file` is the entry point of every command that writes a workbook.
"""

from .editor import PackageEditor, PackageError, damaged_as_package_error, edit_file

__all__ = ["PackageEditor", "PackageError", "damaged_as_package_error", "edit_file"]
