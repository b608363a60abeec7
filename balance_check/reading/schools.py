"""The 学校 sheet: one row per school, typed column by column, every doubtful cell a problem record."""

import numpy as np
import pandas as pd

from .. import settings
from ..errors import InputUnusable, NoSchoolRows
from ..problems import ProblemCode, ProblemLog, Severity
from ..standard import Standard
from .cells import NUMERIC_KINDS, is_missing, parse_numbers
from .checks import check_rows
from .header_row import locate_header
from .headers import HeaderMatcher, normalise
from .types import classify_types


def read_school_rows(
    rows: list[list],
    sheet: str,
    standard: Standard,
    log: ProblemLog,
    formula_cells: list[tuple[int, int]] = (),
):
    """Returns (schools, errors, present): typed frame, per-cell error mask, fields found in the header."""
    layout = locate_header(rows, HeaderMatcher(standard.data["school_fields"]))
    if layout is None or "name" not in layout.columns:
        raise InputUnusable(f"“{sheet}”工作表中找不到表头（至少需要“学校名称”和“办学类型”两列）")
    if "type" not in layout.columns:
        raise InputUnusable(f"“{sheet}”工作表缺少“办学类型”列，无法判断各校学段")
    _report_header(layout, sheet, standard, log)

    body = rows[layout.row + 1 :]
    width = max((len(r) for r in body), default=0)
    keep = [i for i, r in enumerate(body) if any(not is_missing(v) for v in r)]
    if not keep:
        raise NoSchoolRows(f"“{sheet}”工作表在表头之下没有数据行")
    if len(keep) > settings.MAX_SCHOOL_ROWS:
        raise InputUnusable(
            f"“{sheet}”工作表有 {len(keep)} 行数据，超过上限 {settings.MAX_SCHOOL_ROWS} 行"
            "（可用环境变量 BALANCE_CHECK_MAX_ROWS 调整）"
        )
    grid = pd.DataFrame([list(body[i]) + [None] * (width - len(body[i])) for i in keep], dtype=object)
    df = pd.DataFrame({"row": np.array(keep) + layout.row + 2}, index=range(len(keep)))
    errors = pd.DataFrame(False, index=df.index, columns=list(standard.fields))
    headers = {}
    for key, spec in standard.fields.items():
        col, text, unit = layout.columns.get(key, (None, spec["header"], ""))
        headers[key] = text
        raw = grid[col] if col is not None else pd.Series([None] * len(df), index=df.index)
        if spec["kind"] in NUMERIC_KINDS:
            df[key] = _numbers(raw, df["row"], key, spec, text, unit, sheet, errors, log)
        else:
            df[key] = _text(raw)
    df["name"] = _text(df["name"].map(_clean_name))
    df["code"] = _text(df["code"].map(_clean_code))
    _uncached_formulas(df, layout, formula_cells, sheet, errors, log)
    classify_types(df, standard, sheet, errors, log, headers["type"])
    check_rows(df, standard, sheet, errors, log, set(layout.columns), headers, layout.row + 1)
    return df, errors, set(layout.columns)


def _uncached_formulas(df, layout, cells, sheet, errors, log) -> None:
    by_col = {col: (key, text) for key, (col, text, _) in layout.columns.items()}
    index_of = dict(zip(df["row"], df.index))
    for row, col in cells:
        if row in index_of and col in by_col:
            key, text = by_col[col]
            i = index_of[row]
            log.add(
                sheet=sheet,
                row=row,
                column=text,
                severity=Severity.ERROR,
                code=ProblemCode.FORMULA_WITHOUT_VALUE,
                message=f"“{text}”是公式但文件中没有计算结果：请在 Excel 或 WPS 中打开、保存后再核验",
                school=df.at[i, "name"],
                field=key,
            )
            errors.at[i, key] = True


def _numbers(raw, rownums, key, spec, header, unit, sheet, errors, log) -> pd.Series:
    if spec["kind"] == "percent":  # 55, 0.55 and "55%" all mean 55%
        raw = raw.map(lambda v: _percent_text(v) if isinstance(v, str) else v)
    values, _missing, bad = parse_numbers(raw)
    if spec["kind"] == "percent":
        values = values.where(~(values > 1), values / 100)
    scale = spec.get("unit_scales", {}).get(normalise(unit)[0]) if unit else None
    if scale:
        values = values * scale
    negative = values < 0
    fraction = (spec["kind"] == "count") & values.notna() & (values != np.floor(values))
    for mask, code, msg in (
        (bad, ProblemCode.NOT_A_NUMBER, "应为数字，实际填写为“{v}”"),
        (negative, ProblemCode.NEGATIVE, "不能为负数（填写为 {v}）"),
        (fraction, ProblemCode.NOT_INTEGER, "应为整数（填写为 {v}）"),
    ):
        for i in np.flatnonzero(mask.to_numpy()):
            v = raw.iloc[i]
            log.add(
                sheet=sheet,
                row=int(rownums.iloc[i]),
                column=header,
                severity=Severity.ERROR,
                code=code,
                message=f"“{header}”{msg.format(v=_shown(v))}",
                value=v if isinstance(v, (int, float, str)) else str(v),
                field=key,
            )
        errors.loc[mask.to_numpy(), key] = True
    return values.where(~(negative | fraction))


def _shown(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _text(values: pd.Series) -> pd.Series:
    """Text cells as str, and None (never NaN or NaT) where there is no value."""
    return pd.Series(
        [None if is_missing(v) else str(v).strip() for v in values.tolist()], index=values.index, dtype=object
    )


def _percent_text(v: str):
    t = v.strip()
    if t.endswith(("%", "％")):
        try:
            return float(t[:-1]) / 100
        except ValueError:
            return v
    return v


def _clean_name(v):
    if is_missing(v):
        return None
    s = " ".join(str(v).split())
    return s or None


def _clean_code(v):
    """学校标识码 is 10-digit text; Excel stores it as a number and drops the leading zeros."""
    if is_missing(v):
        return None
    s = str(v).strip()
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    return s.zfill(10) if s.isdigit() and len(s) < 10 else s


def _report_header(layout, sheet, standard: Standard, log: ProblemLog) -> None:
    hdr_row = layout.row + 1
    for c, text in layout.unmatched:
        log.add(
            sheet=sheet,
            row=hdr_row,
            column=text,
            severity=Severity.WARNING,
            code=ProblemCode.UNKNOWN_COLUMN,
            message=f"列“{text}”不属于输入格式，已忽略",
        )
    for c, text, key in layout.duplicates:
        log.add(
            sheet=sheet,
            row=hdr_row,
            column=text,
            severity=Severity.WARNING,
            code=ProblemCode.DUPLICATE_COLUMN,
            message=f"列“{text}”与前面的“{layout.columns[key][1]}”重复，只使用前一列",
        )
