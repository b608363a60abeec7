"""A sheet read by calamine, shaped like the openpyxl sheet the 县域 and 质量监测 readers take.

Used when openpyxl cannot open a workbook (Strict Open XML) or a sheet. Number formats are not seen,
so a 95% cell holding 0.95 is read as a fraction, with the warning a plain 0.95 gets."""

from dataclasses import dataclass


@dataclass
class Cell:
    value: object
    row: int  # 1-based
    number_format: str = "General"


class CalamineSheet:
    def __init__(self, title: str, rows: list[list]):
        self.title = title
        self._rows = [[Cell(None if v == "" else v, r + 1) for v in row] for r, row in enumerate(rows)]

    def iter_rows(self):
        return iter(self._rows)
