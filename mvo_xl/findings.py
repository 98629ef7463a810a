"""A finding: one rule violation, pointing at one cell of one file."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .catalogue import RULES_BY_CODE, SEVERITIES, message


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    sheet: str
    row: int | None  # Excel row number
    column: str  # the header
    cell: str  # A1 address, "" when the finding is about a whole sheet or file
    message: str  # Dutch
    file: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def sort_key(self) -> tuple:
        return (self.file, SEVERITIES.index(self.severity), self.sheet, self.row or 0, self.cell, self.code, self.message)


def make_finding(code: str, variant: str = "default", *, sheet: str = "", row: int | None = None,
                 column: str = "", cell: str = "", file: str = "", **params: object) -> Finding:
    """Build a finding from the catalogue, so severity and wording never drift."""
    return Finding(
        code=code,
        severity=RULES_BY_CODE[code].severity,
        sheet=sheet,
        row=row,
        column=column,
        cell=cell,
        message=message(code, variant, **{"sheet": sheet, "column": column, "cell": cell, "row": row, **params}),
        file=file,
    )
