"""The method's steps as functions of the model: each returns plain data and the edits to write.

Both adapters (files via openpyxl, the live workbook via xlwings) call these,
so the CLI and the buttons run the very same code.
"""
