"""Problems are data: every bad cell, missing column or doubtful value becomes one record.

The codes form one closed list (`ProblemCode`), each with its Chinese meaning, so the report, the docs
table in docs/report-contract.md and the code cannot drift apart (a test compares them)."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .chunked import ChunkedTable


class Severity(StrEnum):
    ERROR = "error"  # the value cannot be used: the school (or item) is not evaluable
    WARNING = "warning"  # doubtful or ignored input; the evaluation goes on

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "提示"}[self.value]


# Kept as module names for callers that compare severities of report dicts.
ERROR = Severity.ERROR
WARNING = Severity.WARNING


class ProblemCode(StrEnum):
    """Every reason a problem record can give. The value is the stable `code` of report.json."""

    UNKNOWN_SHEET = "unknown_sheet"
    MISSING_SHEET = "missing_sheet"
    MISSING_HEADER = "missing_header"
    UNKNOWN_COLUMN = "unknown_column"
    DUPLICATE_COLUMN = "duplicate_column"
    MISSING_COLUMN = "missing_column"
    SPECIAL_CASE_MISSING_COLUMN = "special_case_missing_column"
    SPECIAL_CASE_NOT_APPLICABLE = "special_case_not_applicable"
    SPECIAL_CASE_LAPSED = "special_case_lapsed"
    MISSING_VALUE = "missing_value"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    NOT_INTEGER = "not_integer"
    FORMULA_WITHOUT_VALUE = "formula_without_value"
    BAD_VALUE = "bad_value"
    PERCENT_AS_FRACTION = "percent_as_fraction"
    UNKNOWN_TYPE = "unknown_type"
    UNKNOWN_VALUE = "unknown_value"
    UNUSED_VALUE = "unused_value"
    BAD_CODE = "bad_code"
    DUPLICATE_NAME = "duplicate_name"
    DUPLICATE_CODE = "duplicate_code"
    MORE_THAN_TEACHERS = "more_than_teachers"
    NO_CLASSES = "no_classes"
    CLASS_SIZE_INCONSISTENT = "class_size_inconsistent"
    IMPLAUSIBLE_PER_STUDENT = "implausible_per_student"
    UNKNOWN_ITEM = "unknown_item"
    DUPLICATE_ITEM = "duplicate_item"
    # several files make one county
    FILE_UNUSABLE = "file_unusable"
    FILE_WITHOUT_SCHOOLS = "file_without_schools"
    SHEET_UNREADABLE = "sheet_unreadable"
    DUPLICATE_IDENTICAL = "duplicate_identical"
    DUPLICATE_CONFLICT = "duplicate_conflict"
    COUNTY_CONFLICT = "county_conflict"
    COUNTY_FACT_IGNORED = "county_fact_ignored"
    QUALITY_CONFLICT = "quality_conflict"
    NEAR_SHEET_IGNORED = "near_sheet_ignored"
    NEAR_SHEET_USED = "near_sheet_used"
    AMBIGUOUS_SHEET = "ambiguous_sheet"
    UNRESOLVED_HEADER = "unresolved_header"
    HEADING_ROW = "heading_row"
    NUMBERING_ROW = "numbering_row"
    HEADER_ROW = "header_row"
    SUBTOTAL_ROW = "subtotal_row"
    NOTE_ROW = "note_row"
    MERGED_CELLS_FILLED = "merged_cells_filled"
    MERGED_NUMERIC_CELLS = "merged_numeric_cells"

    @property
    def meaning(self) -> str:
        """The code's meaning in Chinese (report.json `code_label`, the docs table)."""
        return MEANINGS[self]


MEANINGS: dict[ProblemCode, str] = {
    ProblemCode.UNKNOWN_SHEET: "工作表不属于输入格式",
    ProblemCode.MISSING_SHEET: "缺少可选工作表",
    ProblemCode.MISSING_HEADER: "找不到表头",
    ProblemCode.UNKNOWN_COLUMN: "列不属于输入格式",
    ProblemCode.DUPLICATE_COLUMN: "列重复",
    ProblemCode.MISSING_COLUMN: "缺少列",
    ProblemCode.SPECIAL_CASE_MISSING_COLUMN: "特殊情形所需的列缺失",
    ProblemCode.SPECIAL_CASE_NOT_APPLICABLE: "特殊情形不适用于该校（如一贯制学校）",
    ProblemCode.SPECIAL_CASE_LAPSED: "特殊情形的过渡期可能已过",
    ProblemCode.MISSING_VALUE: "未填写",
    ProblemCode.NOT_A_NUMBER: "不是数字",
    ProblemCode.NEGATIVE: "负数",
    ProblemCode.NOT_INTEGER: "不是整数",
    ProblemCode.FORMULA_WITHOUT_VALUE: "公式没有计算结果",
    ProblemCode.BAD_VALUE: "值无法识别",
    ProblemCode.PERCENT_AS_FRACTION: "小于 1 的数按比例理解为百分数",
    ProblemCode.UNKNOWN_TYPE: "办学类型无法识别",
    ProblemCode.UNKNOWN_VALUE: "不是规定的取值",
    ProblemCode.UNUSED_VALUE: "填写的值不使用",
    ProblemCode.BAD_CODE: "学校标识码格式不对",
    ProblemCode.DUPLICATE_NAME: "学校名称重复",
    ProblemCode.DUPLICATE_CODE: "学校标识码重复",
    ProblemCode.MORE_THAN_TEACHERS: "多于专任教师数",
    ProblemCode.NO_CLASSES: "有在校生但班级数为0",
    ProblemCode.CLASS_SIZE_INCONSISTENT: "班额与班级数、在校生数不符",
    ProblemCode.IMPLAUSIBLE_PER_STUDENT: "折合每生数值异常",
    ProblemCode.UNKNOWN_ITEM: "县域项目不在标准中",
    ProblemCode.DUPLICATE_ITEM: "县域项目重复",
    ProblemCode.FILE_UNUSABLE: "文件无法使用",
    ProblemCode.FILE_WITHOUT_SCHOOLS: "文件中没有学校数据行",
    ProblemCode.SHEET_UNREADABLE: "工作表无法读取",
    ProblemCode.DUPLICATE_IDENTICAL: "学校重复且数据相同，只评估一次",
    ProblemCode.DUPLICATE_CONFLICT: "学校重复且数据不同，均不评估",
    ProblemCode.COUNTY_CONFLICT: "各文件的县域项目填写不一致",
    ProblemCode.COUNTY_FACT_IGNORED: "县域项目按指定文件，本文件的值未用",
    ProblemCode.QUALITY_CONFLICT: "各文件的质量监测表不一致",
    ProblemCode.NEAR_SHEET_IGNORED: "名称相近的工作表未读取",
    ProblemCode.NEAR_SHEET_USED: "读取了名称相近的工作表",
    ProblemCode.AMBIGUOUS_SHEET: "多张名称相近的工作表，无法确定读取哪一张",
    ProblemCode.UNRESOLVED_HEADER: "表头行无法与表头对应",
    ProblemCode.HEADING_ROW: "标题、分组或说明行，不是学校",
    ProblemCode.NUMBERING_ROW: "栏目编号行，不是学校",
    ProblemCode.HEADER_ROW: "重复的表头行，不是学校",
    ProblemCode.SUBTOTAL_ROW: "小计或合计行，不是学校",
    ProblemCode.NOTE_ROW: "表格末尾的说明行，不是学校",
    ProblemCode.MERGED_CELLS_FILLED: "纵向合并的文字单元格按每行填写读取",
    ProblemCode.MERGED_NUMERIC_CELLS: "数字单元格跨多校合并",
}


@dataclass(slots=True)  # a national sheet can carry 100,000+ problems: no __dict__ each
class Problem:
    sheet: str
    row: int | None  # 1-based row in the input sheet; None for a sheet-level problem
    column: str | None  # the header as the user wrote it (or the canonical one when missing)
    severity: Severity
    code: ProblemCode
    message: str  # Chinese, says what is wrong and what to do
    school: str | None = None
    value: Any = None
    field: str | None = field(default=None, compare=False)  # internal: the field key, not reported
    file: str | None = None  # the workbook the row came from (several files make one county)

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "severity": str(self.severity),
            "code": str(self.code),
            "code_label": self.code.meaning,
            "message": self.message,
            "school": self.school,
            "value": _plain_value(self.value),
        }


def _plain_value(value):
    """A cell value as the report holds it: text, number, true/false or null (NaN is undefined: null)."""
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return str(value)
    if isinstance(value, float) and value != value:
        return None
    return value


class ProblemTable(ChunkedTable):
    """report["problems"] for a province: the problem records (a national sheet has 100,000+) made into
    the report's dicts a chunk at a time, as report.json streams them; column() reads one field of every
    problem without making the dicts. A county's report lists the same dicts (`to_list()`)."""

    _FIELDS = {
        "severity": lambda p: str(p.severity),
        "code": lambda p: str(p.code),
        "code_label": lambda p: p.code.meaning,
        "value": lambda p: _plain_value(p.value),
    }

    def __init__(self, problems: list[Problem]):
        self._items = list(problems)  # the problems found so far: later additions are not the report's
        self._n = len(self._items)

    def _records(self, start: int, stop: int) -> list[dict]:
        return [p.to_dict() for p in self._items[start:stop]]

    def column(self, name: str) -> list:
        get = self._FIELDS.get(name)
        if get is None:
            return [getattr(p, name) for p in self._items]
        return [get(p) for p in self._items]


class ProblemLog:
    """Collects problems in the order they are found."""

    def __init__(self):
        self.items: list[Problem] = []

    def add(
        self,
        *,
        sheet: str,
        row: int | None,
        column: str | None,
        severity: Severity,
        code: ProblemCode,
        message: str,
        school: str | None = None,
        value: Any = None,
        field: str | None = None,
        file: str | None = None,
    ) -> Problem:
        """Keyword-only, and only the closed enums: a typo in a code fails here, not in a reader's report."""
        p = Problem(
            sheet, row, column, Severity(severity), ProblemCode(code), message, school, value, field, file
        )
        self.items.append(p)
        return p

    def extend(self, problems):
        self.items.extend(problems)

    def errors(self):
        return [p for p in self.items if p.severity == ERROR]

    def to_list(self) -> list[dict]:
        return [p.to_dict() for p in self.items]
