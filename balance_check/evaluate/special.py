"""Special cases of a standard: off unless switched on, each applying to schools that meet its `when`."""

import numpy as np
import pandas as pd

from ..problems import ProblemCode, ProblemLog, Severity
from ..standard import Standard

_AGG = {
    "sum": lambda df: df.sum(axis=1, min_count=1),
    "max": lambda df: df.max(axis=1),
    "min": lambda df: df.min(axis=1),
}


def enabled(standard: Standard, present: set, log: ProblemLog, sheet: str) -> list[dict]:
    """The switched-on cases whose columns are in the workbook. A case switched on without its
    columns is an error problem (so the county cannot pass on a rule that silently did nothing)."""
    out = []
    for case in standard.data.get("special_cases", []):
        if not case["enabled"]:
            continue
        lacking = [standard.fields[f]["header"] for f in case["needs_fields"] if f not in present]
        if lacking:
            log.add(
                sheet=sheet,
                row=None,
                column="、".join(lacking),
                severity=Severity.ERROR,
                code=ProblemCode.SPECIAL_CASE_MISSING_COLUMN,
                message=f"已启用特殊情形“{case['title']}”，但学校数据缺少列：{'、'.join(lacking)}；该情形未能应用",
            )
            continue
        out.append(case)
    return out


def applies(df: pd.DataFrame, case: dict) -> pd.Series:
    """Rows that meet every `when` condition and, if given, any `when_any` condition."""
    mask = pd.Series(True, index=df.index)
    for cond in case.get("when", []):
        mask &= _test(df, cond)
    if case.get("when_any"):
        mask &= np.logical_or.reduce([_test(df, c) for c in case["when_any"]])
    return mask


def _test(df: pd.DataFrame, cond: dict) -> pd.Series:
    cols = df[cond["fields"]]
    if "in" in cond:
        return cols.iloc[:, 0].isin(cond["in"])
    value = _AGG[cond.get("agg", "sum")](cols.astype("float64"))
    if "at_most" in cond:
        return value <= cond["at_most"]
    if "below" in cond:
        return value < cond["below"]
    if "above" in cond:
        return value > cond["above"]
    lo, hi = cond["between"]
    return (value >= lo) & (value <= hi)


def note(case: dict, count: int) -> str:
    basis = "；".join(x for x in (case.get("basis"), case.get("certainty")) if x)
    return f"已启用特殊情形：{case['title']}（{basis}），适用学校 {count} 所"


def school_level(schools: pd.DataFrame, standard: Standard) -> pd.Series:
    """The one evaluated 学段 of a school's type, or None for 一贯制 schools (two or more) and
    unknown types: a rule given per level names no value for a school that spans levels."""
    evaluated = set(standard.evaluated_levels)
    single = {
        t: lv[0]
        for t, spec in standard.school_types.items()
        if len(lv := [x for x in spec["levels"] if x in evaluated]) == 1
    }
    return schools["type_key"].map(single)


def spans_levels(schools: pd.DataFrame, standard: Standard) -> pd.Series:
    evaluated = set(standard.evaluated_levels)
    multi = [t for t, s in standard.school_types.items() if len(evaluated & set(s["levels"])) > 1]
    return schools["type_key"].isin(multi)


def report_not_applicable(schools: pd.DataFrame, cases: list[dict], standard: Standard, log, sheet) -> None:
    """One warning per 一贯制 school that meets a case given per level (the text names 小学 and 初中
    values only): the case is not applied to it and the item's own standard stays."""
    for case in cases:
        if "areas_by_level" not in case.get("set_room_min_area", {}):
            continue
        hit = applies(schools, case) & spans_levels(schools, standard)
        # the file beside the row when several files make the county (each may hold its school in row 2)
        files = schools.loc[hit, "file"] if "file" in schools else [None] * int(hit.sum())
        for row, name, label, file in zip(
            schools.loc[hit, "row"], schools.loc[hit, "name"], schools.loc[hit, "type_label"], files
        ):
            log.add(
                sheet=sheet,
                file=file,
                row=int(row),
                column=None,
                severity=Severity.WARNING,
                code=ProblemCode.SPECIAL_CASE_NOT_APPLICABLE,
                message=f"{name or f'第{int(row)}行'}为{label}：特殊情形“{case['title']}”"
                "只规定小学、初中的数值，不适用于一贯制学校，仍按标准原值判定",
                school=name,
            )


def lapse_notes(cases: list[dict], year, log, sheet) -> list[str]:
    """A switched-on transitional case checked for its last year: a warning when the 评估年度 is later,
    a note when there is no 评估年度 to check against."""
    notes = []
    for case in cases:
        last = case.get("valid_through_year")
        if last is None:
            continue
        if year is None:
            notes.append(
                f"特殊情形“{case['title']}”为过渡性规定（适用至 {last} 年度评估）；"
                "未填报评估年度，无法核对该情形是否已失效"
            )
        elif int(year) > last:
            log.add(
                sheet=sheet or "县域",
                row=None,
                column="评估年度",
                severity=Severity.WARNING,
                code=ProblemCode.SPECIAL_CASE_LAPSED,
                message=f"特殊情形“{case['title']}”为{case.get('basis', '过渡性规定')}，"
                f"适用至 {last} 年度评估；评估年度 {int(year)} 年已超过，"
                "该情形可能已失效，请核实本省现行规定",
                value=int(year),
            )
    return notes
