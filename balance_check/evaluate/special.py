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
    return f"已启用特殊情形：{case['title']}（{case.get('certainty', '')}），适用学校 {count} 所"
