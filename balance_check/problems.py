"""Problems are data: every bad cell, missing column or doubtful value becomes one record."""

from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass
class Problem:
    sheet: str
    row: int | None  # 1-based row in the input sheet; None for a sheet-level problem
    column: str | None  # the header as the user wrote it (or the canonical one when missing)
    severity: str  # "error" | "warning"
    code: str  # stable reason code, e.g. "not_a_number"
    message: str  # Chinese, says what is wrong and what to do
    school: str | None = None
    value: Any = None
    field: str | None = field(default=None, compare=False)  # internal: the field key, not reported
    file: str | None = None  # the workbook the row came from (several files make one county)

    def to_dict(self) -> dict:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        elif isinstance(value, float) and value != value:
            value = None
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "school": self.school,
            "value": value,
        }


class ProblemLog:
    """Collects problems in the order they are found."""

    def __init__(self):
        self.items: list[Problem] = []

    def add(self, *args, **kwargs) -> Problem:
        p = Problem(*args, **kwargs)
        self.items.append(p)
        return p

    def extend(self, problems):
        self.items.extend(problems)

    def errors(self):
        return [p for p in self.items if p.severity == ERROR]

    def to_list(self) -> list[dict]:
        return [p.to_dict() for p in self.items]
