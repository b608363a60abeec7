"""Read the whole workbook with calamine: the 学校 sheet, and 县域 and 质量监测 with their cells' number
formats (reading/number_formats.py: a 95% cell holds 0.95)."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import python_calamine

from ..errors import InputUnusable, NoSchoolRows
from ..problems import ProblemCode, ProblemLog, Severity
from ..standard import Standard
from . import preload
from .aliases import ALIASES
from .container import check_container
from .county import read_county_sheet
from .formulas import uncached_formula_cells
from .headers import normalise
from .number_formats import cell_formats
from .quality import read_quality_sheet
from .schools import read_school_rows
from .sheet_rows import CalamineSheet
from .sheets import choose_sheet

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
    """The sheet read for `role` (see sheets.choose_sheet), without its warnings."""
    return choose_sheet(names, role, ProblemLog())


def read_workbook(path, standard: Standard) -> InputData:
    path = Path(path)
    check_container(path)
    early = preload.take(path)  # the 学校 sheet, when the command line started loading it already
    try:
        wb = early.workbook if early else python_calamine.CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except Exception as e:  # calamine raises its own error types for broken files
        raise InputUnusable(
            f"无法读取工作簿 {path.name}，文件可能已损坏。请在 Excel/WPS 中打开并另存为 .xlsx 后重试"
            f"（技术信息：{e}）"
        ) from None
    log = ProblemLog()
    school_sheet = choose_sheet(names, "schools", log)
    if school_sheet is None:
        raise NoSchoolRows(
            f"工作簿中没有“学校”工作表（现有：{'、'.join(names) or '无'}）。"
            "请把每校一行的数据放在名为“学校”的工作表中"
        )
    # The formula scan reads the sheet's XML on its own; calamine releases the GIL while it loads the
    # sheet, so the scan runs beside the load instead of after it.
    with ThreadPoolExecutor(1) as pool:
        preloaded = early and early.chosen == school_sheet and early.sheet is not None
        if preloaded and early.formulas is not None:
            scan = early.formulas  # started with the load (preload.py)
        else:
            scan = pool.submit(uncached_formula_cells, path, school_sheet)
        try:
            if preloaded:
                sheet = early.sheet
            else:
                sheet = wb.get_sheet_by_name(school_sheet)
            del early
            rows = sheet.to_python(skip_empty_area=False)
            merges = list(sheet.merged_cell_ranges or [])
            del sheet  # calamine's own copy of the cells: the Python rows hold them now
        except Exception as e:
            raise InputUnusable(f"无法读取“{school_sheet}”工作表：{e}") from None
        formulas = scan.result()
    schools, errors, present, skipped = read_school_rows(
        rows, school_sheet, standard, log, formulas, merges, consume=True
    )
    county_sheet = choose_sheet(names, "county", log, {school_sheet})
    quality_sheet = choose_sheet(names, "quality", log, {school_sheet, county_sheet})
    county, quality = {}, None
    if county_sheet or quality_sheet:
        county, quality = _read_small_sheets(path, wb, county_sheet, quality_sheet, standard, log)
    _report_absent_sheets(county_sheet, quality_sheet, standard, log)
    ignored = {normalise(a)[0] for a in _ALIASES["ignored"]}
    noted = {
        p.sheet for p in log.items if p.code in (ProblemCode.NEAR_SHEET_IGNORED, ProblemCode.NEAR_SHEET_USED)
    }
    for n in names:
        if n not in (school_sheet, county_sheet, quality_sheet) and n not in noted:
            if normalise(n)[0] not in ignored:
                log.add(
                    sheet=n,
                    row=None,
                    column=None,
                    severity=Severity.WARNING,
                    code=ProblemCode.UNKNOWN_SHEET,
                    message=f"工作表“{n}”不属于输入格式，已忽略",
                )
    name = path.name  # once: a province's sheet gives 100,000 problem records
    schools.insert(0, "file", name)
    for p in log.items:
        p.file = name
    for s in skipped:
        s["file"] = name
    return InputData(
        path,
        schools,
        errors,
        present,
        county,
        quality,
        log,
        {"schools": school_sheet, "county": county_sheet, "quality": quality_sheet},
        skipped=skipped,
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
    schools, errors, present, skipped = read_school_rows(rows, sheet, standard, log)
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
        skipped,
    )


def _report_absent_sheets(county_sheet, quality_sheet, standard: Standard, log: ProblemLog) -> None:
    """One missing_sheet warning per optional sheet the standard's items need and the workbook lacks."""
    kinds = {c["kind"] for item in standard.items for c in item["conditions"]}
    absent = []
    if county_sheet is None and standard.items and standard.data["county_facts"]:
        absent.append(
            (
                "县域",
                "工作簿中没有“县域”工作表，按全县情况核验的各项目均记为未填报。"
                "请用 balance-check template 生成的模板补充该工作表",
            )
        )
    if quality_sheet is None and "quality_monitoring" in kinds:
        absent.append(
            ("质量监测", "工作簿中没有“质量监测”工作表，国家义务教育质量监测一项记为未填报。请补充该工作表")
        )
    for sheet, message in absent:
        log.add(
            sheet=sheet,
            row=None,
            column=None,
            severity=Severity.WARNING,
            code=ProblemCode.MISSING_SHEET,
            message=message,
        )


def _read_small_sheets(path, calamine_wb, county_sheet, quality_sheet, standard, log):
    readers = ((county_sheet, read_county_sheet), (quality_sheet, read_quality_sheet))
    county, quality = (_read_small(path, calamine_wb, name, read, standard, log) for name, read in readers)
    return county or {}, quality


def _read_small(path, calamine_wb, name, reader, standard, log):
    if not name:
        return None
    try:
        rows = calamine_wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own error types for a sheet it cannot read
        raise InputUnusable(
            f"无法读取“{name}”工作表：请在 Excel 或 WPS 中打开后另存为 .xlsx 再核验"
        ) from None
    return reader(CalamineSheet(name, rows, cell_formats(path, name)), standard, log)
