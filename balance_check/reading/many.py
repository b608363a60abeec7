"""Many workbooks make one county: one file per school (as schools send them back), or any mix.

Each file is read by the same reader as a single county workbook; the school rows are put together,
copies of a school across files are resolved by reading/duplicates.py, and the county facts are merged:
blank facts never conflict, differing non-blank values are an error unless one file is named as the
county's (`county_file`), whose 县域 and 质量监测 sheets are then used. A file that cannot be used, and a
file with no school rows, are reported as problems; nothing is dropped silently."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import python_calamine

from ..errors import InputUnusable, NoSchoolRows
from ..problems import ERROR, WARNING, Problem, ProblemCode, ProblemLog
from ..standard import Standard
from .container import OTHER_SPREADSHEETS, check_container, left_by_software
from .duplicates import find_duplicates, report_conflicts, skip_identical
from .workbook import InputData, _read_small_sheets, find_sheet, read_workbook

COUNTY_SHEET, QUALITY_SHEET = "县域", "质量监测"


@dataclass
class _Read:
    name: str
    data: InputData | None  # None when the file has no school rows (or cannot be used)
    county: dict
    quality: list | None
    log: ProblemLog


def display_names(paths: list[Path], root: Path | None = None) -> list[str]:
    """What each file is called in the report: its path under `root`, else its name (the full path
    where two files share a name)."""
    if root is not None:
        return [p.relative_to(root).as_posix() for p in paths]
    names = [p.name for p in paths]
    return [str(p) if names.count(p.name) > 1 else p.name for p in paths]


def workbooks_in(folder: Path) -> list[Path]:
    """The Excel workbooks in a folder and its subfolders, and the spreadsheets saved in another format
    (reported as unusable, with what to do), in name order; Office lock files and what macOS leaves
    beside files are left out."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in (".xlsx", ".xlsm", ".xls", *OTHER_SPREADSHEETS)
        and not p.name.startswith("~$")
        and not left_by_software(p.relative_to(folder).as_posix())
    )


def read_files(
    files: list[tuple[str, Path]],
    standard: Standard,
    county_file: str | None = None,
    on_file: Callable[[dict], None] | None = None,
) -> InputData:
    """Read (name, path) pairs into one InputData; raises InputUnusable only when no file has a school.

    `on_file` is called with each file's status ({file, status, rows, message}) once it is read."""
    county_file = _county_name(files, county_file)
    reads, statuses = [], []
    log = ProblemLog()
    for name, path in files:
        r = _read_one(name, Path(path), standard)
        reads.append(r)
        log.extend(r.log.items)
        statuses.append(_status(r))
        if on_file is not None:
            on_file(statuses[-1])
    with_schools = [r for r in reads if r.data is not None]
    if not with_schools:
        raise InputUnusable(
            "所选文件中没有可读的学校数据行",
            [f"{s['file']}：{s['message']}" for s in statuses],
        )
    schools = pd.concat([r.data.schools for r in with_schools], ignore_index=True)
    errors = pd.concat([r.data.errors for r in with_schools], ignore_index=True).fillna(False).astype(bool)
    sheet = with_schools[0].data.sheet_names["schools"]
    # the same rule as within one workbook; groups inside one file were settled by its reader
    value_keys = [k for k in standard.fields if k in schools.columns]
    dups = find_duplicates(schools, value_keys).across_files(schools)
    skipped = skip_identical(schools, dups, sheet, log)
    headers = {k: spec["header"] for k, spec in standard.fields.items()}
    report_conflicts(schools, errors, dups.conflict.to_numpy(), dups.sources.to_numpy(), headers, sheet, log)
    skip = dups.identical
    county, quality = _merge_county(reads, county_file, log, standard)
    present = set().union(*(r.data.columns_present for r in with_schools))
    by_file = {r.name: r.data.sheet_names["schools"] for r in with_schools}
    return InputData(
        Path(files[0][1]),
        schools.loc[~skip].reset_index(drop=True),
        errors.loc[~skip].reset_index(drop=True),
        present,
        county,
        quality,
        log,
        {"schools": sheet, "county": COUNTY_SHEET, "quality": QUALITY_SHEET, "schools_by_file": by_file},
        skipped=skipped,
        files=statuses,
    )


def _county_name(files: list[tuple[str, Path]], county_file: str | None) -> str | None:
    """The file named as the county's, given by its name in the report, its path, or its file name."""
    if county_file is None or county_file in {n for n, _ in files}:
        return county_file
    given = Path(county_file)
    same = [n for n, p in files if given.exists() and Path(p).resolve() == given.resolve()]
    same = same or [n for n, p in files if Path(p).name == given.name]
    if len(same) != 1:
        raise InputUnusable(f"指定的县域文件“{county_file}”不在所选文件中（或有多个同名文件，请写出路径）")
    return same[0]


def _read_one(name: str, path: Path, standard: Standard) -> _Read:
    log = ProblemLog()
    try:
        data = read_workbook(path, standard)
    except NoSchoolRows as e:
        county, quality = _county_only(path, standard, log)
        _name_file(log, name)
        first = Problem("", None, None, WARNING, ProblemCode.FILE_WITHOUT_SCHOOLS, _no_rows(e), file=name)
        log.items.insert(0, first)
        return _Read(name, None, county, quality, log)
    except InputUnusable as e:
        details = "；".join(str(p) for p in e.problems)
        message = e.message + (f"（{details}）" if details else "")
        _file_problem(log, name, f"文件无法使用：{message}")
        return _Read(name, None, {}, None, log)
    except Exception as e:  # a reader library failing on a malformed file must not stop the others
        _file_problem(log, name, f"文件无法读取：{type(e).__name__}")
        return _Read(name, None, {}, None, log)
    data.schools["file"] = name
    log.extend(data.problems.items)
    _name_file(log, name)
    return _Read(name, data, data.county, data.quality, log)


def _file_problem(log: ProblemLog, name: str, message: str) -> None:
    log.add(
        sheet="",
        row=None,
        column=None,
        severity=ERROR,
        code=ProblemCode.FILE_UNUSABLE,
        message=message,
        file=name,
    )


_USES_COUNTY_SHEETS = "只使用其中的县域、质量监测表（如有）"


def _no_rows(e: InputUnusable) -> str:
    return f"文件中没有学校数据行（{e.message}），只使用其中的县域、质量监测表（如有）"


def _name_file(log: ProblemLog, name: str) -> None:
    for p in log.items:
        p.file = name


def _county_only(path: Path, standard: Standard, log: ProblemLog):
    """The 县域 and 质量监测 sheets of a file without school rows (a county-only file)."""
    try:
        check_container(path)
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except Exception:
        return {}, None
    county_sheet, quality_sheet = find_sheet(names, "county"), find_sheet(names, "quality")
    if not (county_sheet or quality_sheet):
        return {}, None
    try:
        return _read_small_sheets(path, book, county_sheet, quality_sheet, standard, log)
    except InputUnusable as e:
        log.add(
            sheet=county_sheet or quality_sheet,
            row=None,
            column=None,
            severity=ERROR,
            code=ProblemCode.SHEET_UNREADABLE,
            message=e.message,
        )
        return {}, None


def _status(r: _Read) -> dict:
    if r.data is not None:
        return {"file": r.name, "status": "read", "rows": len(r.data.schools), "message": None}
    first = r.log.items[0] if r.log.items else None
    unusable = first is not None and first.code == ProblemCode.FILE_UNUSABLE
    message = first.message.split("：", 1)[-1] if first is not None and unusable else _USES_COUNTY_SHEETS
    return {"file": r.name, "status": "unusable" if unusable else "no_schools", "rows": 0, "message": message}


def _merge_county(reads: list[_Read], county_file: str | None, log: ProblemLog, standard: Standard):
    """The county's facts and quality results from the files that carry them."""

    def _label(key: str) -> str:
        return standard.facts[key]["label"]

    if county_file is not None:
        chosen = next(r for r in reads if r.name == county_file)
        for r in reads:
            if r is chosen:
                continue
            for key, entry in r.county.items():
                mine = chosen.county.get(key, {}).get("value")
                if entry["value"] is not None and entry["value"] != mine:
                    log.add(
                        sheet=COUNTY_SHEET,
                        row=entry["row"],
                        column="值",
                        severity=WARNING,
                        code=ProblemCode.COUNTY_FACT_IGNORED,
                        message=f"“{_label(key)}”填写为“{entry['value']}”，与指定县域文件 {county_file} 的"
                        f"“{_shown(mine)}”不同，按指定文件",
                        file=r.name,
                    )
        return {k: {**v, "file": county_file} for k, v in chosen.county.items()}, chosen.quality
    county: dict = {}
    keys = dict.fromkeys(k for r in reads for k in r.county)
    for key in keys:
        filled = [(r.name, r.county[key]) for r in reads if r.county.get(key, {}).get("value") is not None]
        blank = [(r.name, r.county[key]) for r in reads if key in r.county]
        if not filled:
            name, entry = blank[0]
            county[key] = {**entry, "file": name}
            continue
        values = {repr(e["value"]) for _, e in filled}
        name, entry = filled[0]
        if len(values) == 1:
            evidence = next((e["evidence"] for _, e in filled if e.get("evidence")), None)
            county[key] = {**entry, "evidence": evidence, "file": name}
            continue
        said = "；".join(f"{n} 第 {e['row']} 行填“{e['value']}”" for n, e in filled)
        for n, e in filled:
            log.add(
                sheet=COUNTY_SHEET,
                row=e["row"],
                column="值",
                severity=ERROR,
                code=ProblemCode.COUNTY_CONFLICT,
                message=f"“{_label(key)}”在各文件中填写不一致（{said}）：请改为一致，或指定以哪个文件的县域表为准",
                file=n,
            )
        county[key] = {"value": None, "evidence": None, "row": entry["row"], "file": name}
    return county, _merge_quality(reads, log)


def _merge_quality(reads: list[_Read], log: ProblemLog):
    sheets = [(r.name, r.quality) for r in reads if r.quality]
    if not sheets:
        return [] if any(r.quality is not None for r in reads) else None
    shown = [[(q["subject"], q["level"], q["diff"]) for q in rows] for _, rows in sheets]
    if all(s == shown[0] for s in shown[1:]):
        return sheets[0][1]
    names = "、".join(n for n, _ in sheets)
    for n, _ in sheets:
        log.add(
            sheet=QUALITY_SHEET,
            row=None,
            column=None,
            severity=ERROR,
            code=ProblemCode.QUALITY_CONFLICT,
            message=f"多个文件的质量监测表内容不同（{names}）：请只保留一份，或指定以哪个文件为准",
            file=n,
        )
    return None


def _shown(v) -> str:
    return "空" if v is None else str(v)
