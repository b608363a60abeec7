"""A sheet read by calamine, in the shape the 县域 and 质量监测 readers take: rows of cells with a value,
a 1-based row number and a number format (reading/number_formats.py; General when not known)."""

from dataclasses import dataclass

from .number_formats import GENERAL


@dataclass
class Cell:
    value: object
    row: int  # 1-based
    number_format: str = GENERAL


class CalamineSheet:
    def __init__(self, title: str, rows: list[list], formats: dict[tuple[int, int], str] | None = None):
        self.title = title
        formats = formats or {}
        self._rows = [
            [Cell(None if v == "" else v, r + 1, formats.get((r + 1, c), GENERAL)) for c, v in enumerate(row)]
            for r, row in enumerate(rows)
        ]

    def iter_rows(self):
        return iter(self._rows)
