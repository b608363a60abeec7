"""Read the whole workbook: the 学校 sheet (calamine, fast), 县域 and 质量监测 (openpyxl, formats)."""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import python_calamine

from ..errors import InputUnusable, NoSchoolRows
from ..problems import ProblemCode, ProblemLog, Severity
from ..standard import Standard
from .aliases import ALIASES
from .container import check_container
from .county import read_county_sheet
from .formulas import uncached_formula_cells
from .headers import normalise
from .quality import read_quality_sheet
from .schools import read_school_rows

_ALIASES = ALIASES["sheets"]


@dataclass
class InputData:
    path: Path
    schools: pd.DataFrame  # one row per input row, typed; see schools.read_school_rows
    errors: pd.DataFrame  # bool, same index, one column per field: the cell has an error
    columns_present: set
    county: dict  # fact key -> {"value", "evidence", "row"}
    quality: list | None  # None when there is no 质量监测 sheet
    problems: ProblemLog = field(default_factory=ProblemLog)
    sheet_names: dict = field(default_factory=dict)
    # rows read but not evaluated as schools: {file, row, name, reason_code, reason, text}
    skipped: list = field(default_factory=list)
    # the workbooks read: {file, status ("read" | "no_schools" | "unusable"), rows, message}
    files: list = field(default_factory=list)


def find_sheet(names: list[str], role: str) -> str | None:
    wanted = {normalise(a)[0] for a in _ALIASES[role]}
    for n in names:
        if normalise(n)[0] in wanted:
            return n
    for n in names:  # "学校数据（2026年）" and similar
        if any(normalise(n)[0].startswith(w) for w in wanted):
            return n
    return None


def read_workbook(path, standard: Standard) -> InputData:
    path = Path(path)
    check_container(path)
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except Exception as e:  # calamine raises its own error types for broken files
        raise InputUnusable(f"无法读取工作簿：{e}") from None
    log = ProblemLog()
    school_sheet = find_sheet(names, "schools")
    if school_sheet is None:
        raise NoSchoolRows(
            f"工作簿中没有“学校”工作表（现有：{'、'.join(names) or '无'}）。"
            "请把每校一行的数据放在名为“学校”的工作表中"
        )
    try:
        rows = wb.get_sheet_by_name(school_sheet).to_python(skip_empty_area=False)
    except Exception as e:
        raise InputUnusable(f"无法读取“{school_sheet}”工作表：{e}") from None
    formulas = uncached_formula_cells(path, school_sheet)
    schools, errors, present = read_school_rows(rows, school_sheet, standard, log, formulas)
    county_sheet, quality_sheet = find_sheet(names, "county"), find_sheet(names, "quality")
    county, quality = {}, None
    if county_sheet or quality_sheet:
        county, quality = _read_small_sheets(path, county_sheet, quality_sheet, standard, log)
    ignored = {normalise(a)[0] for a in _ALIASES["ignored"]}
    for n in names:
        if n not in (school_sheet, county_sheet, quality_sheet) and normalise(n)[0] not in ignored:
            log.add(
                sheet=n,
                row=None,
                column=None,
                severity=Severity.WARNING,
                code=ProblemCode.UNKNOWN_SHEET,
                message=f"工作表“{n}”不属于输入格式，已忽略",
            )
    schools.insert(0, "file", path.name)
    for p in log.items:
        p.file = path.name
    return InputData(
        path,
        schools,
        errors,
        present,
        county,
        quality,
        log,
        {"schools": school_sheet, "county": county_sheet, "quality": quality_sheet},
        files=[{"file": path.name, "status": "read", "rows": len(schools), "message": None}],
    )


def read_rows(
    rows: list[list],
    standard: Standard,
    county: dict | None = None,
    quality: list | None = None,
    sheet: str = "学校",
) -> InputData:
    """The same reading as read_workbook, from a 学校 sheet given as rows (header row first) and
    already-typed county facts ({key: {"value", "evidence", "row"}}). For programs and tests."""
    log = ProblemLog()
    schools, errors, present = read_school_rows(rows, sheet, standard, log)
    schools.insert(0, "file", None)
    return InputData(
        Path(sheet),
        schools,
        errors,
        present,
        county or {},
        quality,
        log,
        {"schools": sheet, "county": None, "quality": None},
    )


def _read_small_sheets(path, county_sheet, quality_sheet, standard, log):
    import openpyxl  # formats matter here (a 95% cell holds 0.95)

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:
        raise InputUnusable(f"无法读取工作簿：{e}") from None
    try:
        county = read_county_sheet(wb[county_sheet], standard, log) if county_sheet else {}
        quality = read_quality_sheet(wb[quality_sheet], standard, log) if quality_sheet else None
    finally:
        wb.close()
    return county, quality
