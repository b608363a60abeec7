"""The 学校 sheet: one row per school, typed column by column, every doubtful cell a problem record."""

from itertools import repeat

import numpy as np
import pandas as pd

from .. import settings
from ..errors import InputUnusable, NoSchoolRows
from ..problems import ProblemCode, ProblemLog, Severity
from ..standard import Standard
from .cells import NUMERIC_KINDS, cell_kinds, is_missing, objects, parse_numbers, text_cells
from .checks import check_rows
from .duplicates import DUPLICATE, find_duplicates, report_conflicts, skip_record, warn_skipped
from .header_row import locate_header
from .headers import HeaderMatcher, normalise
from .merges import body_merges, cell_name, fill_header_merges
from .not_schools import find_not_schools
from .types import classify_types, type_lookup


def read_school_rows(
    rows: list[list],
    sheet: str,
    standard: Standard,
    log: ProblemLog,
    formula_cells: list[tuple[int, int]] = (),
    merges: list = (),
    consume: bool = False,
):
    """Returns (schools, errors, present, skipped): typed frame of the school rows, per-cell error mask,
    fields found in the header, and the rows that are not schools ({row, reason_code, reason, text}).

    `merges`: the sheet's merged ranges as ((row, col), (row, col)), 0-based (see merges.py).
    `consume`: `rows` belongs to the reader and is emptied once its cells are in the grid (a national
    sheet's 200,000 row lists need not outlive it)."""
    matcher = HeaderMatcher(standard.data["school_fields"])
    head = fill_header_merges(rows, merges, settings.HEADER_SCAN_ROWS - 1) if merges else rows
    layout = locate_header(head, matcher)
    if layout is None or "name" not in layout.columns:
        raise InputUnusable(f"“{sheet}”工作表中找不到表头（至少需要“学校名称”和“办学类型”两列）")
    if "type" not in layout.columns:
        raise InputUnusable(f"“{sheet}”工作表缺少“办学类型”列，无法判断各校学段")
    _report_header(layout, sheet, standard, log)

    first = layout.row + 1
    body = list(rows[first:])  # the row lists themselves: body_merges copies the few it fills
    numeric_cols, fill_cols = _merge_roles(layout, standard)
    merged_numbers = body_merges(body, merges, first, numeric_cols, fill_cols, sheet, log)
    cells = _cell_grid(body)
    del body, head
    if consume:
        rows.clear()
    kinds = cell_kinds(cells)  # every cell's kind, once: each column's parsing compares these arrays
    keep = _filled_rows(cells, kinds)
    if not keep.size:
        raise NoSchoolRows(f"“{sheet}”工作表在表头之下没有数据行")
    if len(keep) > settings.MAX_SCHOOL_ROWS:
        raise InputUnusable(
            f"“{sheet}”工作表有 {len(keep)} 行数据，超过上限 {settings.MAX_SCHOOL_ROWS} 行"
            "（可用环境变量 BALANCE_CHECK_MAX_ROWS 调整）"
        )
    # the one object copy of the sheet: kept rows only (a view when every row is kept)
    if len(keep) < len(cells):
        cells, kinds = cells[keep], kinds[keep]
    grid = pd.DataFrame(cells, dtype=object, copy=False)
    del cells
    df = pd.DataFrame({"row": np.array(keep) + first + 1}, index=range(len(keep)))
    errors = pd.DataFrame(False, index=df.index, columns=[*standard.fields, DUPLICATE])
    cell_log = ProblemLog()  # cell problems wait until we know which rows are schools
    headers = {}
    for key, spec in standard.fields.items():
        col, text, unit = layout.columns.get(key, (None, spec["header"], ""))
        headers[key] = text
        raw = grid[col] if col is not None else pd.Series([None] * len(df), index=df.index, dtype=object)
        types = kinds[:, col] if col is not None else None
        if spec["kind"] in NUMERIC_KINDS:
            df[key] = _numbers(raw, types, df["row"], key, spec, text, unit, sheet, errors, cell_log)
        else:
            df[key] = _text(raw, types)
    df["name"] = clean_names(df["name"])
    df["code"] = clean_codes(df["code"])

    numeric_keys = [k for k in standard.fields if standard.fields[k]["kind"] in NUMERIC_KINDS]
    in_sheet = [k for k in numeric_keys if k in layout.columns]
    numbers = df[in_sheet].set_axis([layout.columns[k][0] for k in in_sheet], axis=1)
    lookup = type_lookup(standard)
    type_known = _type_known(df["type"], lookup)
    hits = _header_hits(grid, numbers, layout, matcher)
    rules = find_not_schools(grid, numbers, hits, type_known, df["type"].isna(), kinds)
    skip = rules["reason_code"].notna()
    _report_unresolved(rules, grid, numbers, df, sheet, log)

    value_keys = [k for k in standard.fields if k in layout.columns]
    dups = find_duplicates(_comparable(df, errors, grid, layout, value_keys).loc[~skip], value_keys)
    del grid, kinds, raw, numbers  # the cells as read are not needed past here: let them go
    skip_dup = dups.identical.reindex(df.index, fill_value=False)
    skipped = _skipped(rules, df, skip, dups, skip_dup, sheet, log)
    school = ~(skip | skip_dup)
    gone = set(df.loc[~school, "row"])
    _name_schools(cell_log.items, df)
    log.extend(p for p in cell_log.items if p.row not in gone)
    df, errors = df.loc[school].reset_index(drop=True), errors.loc[school].reset_index(drop=True)
    report_conflicts(
        df,
        errors,
        dups.conflict.reindex(school.index[school]).to_numpy(),
        dups.sources.reindex(school.index[school]).to_numpy(),
        headers,
        sheet,
        log,
    )
    _merged_numbers(df, errors, merged_numbers, first, headers, sheet, log)
    _uncached_formulas(df, layout, formula_cells, sheet, errors, log)
    classify_types(df, standard, sheet, errors, log, headers["type"])
    check_rows(df, standard, sheet, errors, log, set(layout.columns), headers, layout.row + 1)
    return df, errors, set(layout.columns), skipped


def _name_schools(problems: list, df: pd.DataFrame) -> None:
    """A cell's problem names the school of its row, as the row's other problems do: the person fixing
    the sheet looks for the school, and the column alone does not say which one."""
    if not problems:
        return
    name_of = {r: n for r, n in zip(df["row"].tolist(), df["name"].tolist()) if isinstance(n, str)}
    for p in problems:
        if p.school is None:
            p.school = name_of.get(p.row)


def _merge_roles(layout, standard: Standard) -> tuple[dict[int, str], dict[int, str]]:
    """Columns whose vertical merges are errors (numbers) and those filled down (text and choices)."""
    numeric, fill = {}, {c: text for c, text in layout.unmatched}
    for key, (col, text, _) in layout.columns.items():
        if standard.fields[key]["kind"] in NUMERIC_KINDS:
            numeric[col] = text
        elif key not in ("name", "code"):  # a name or code merged over rows names no school twice
            fill[col] = text
    return numeric, fill


def _header_hits(grid: pd.DataFrame, numbers: pd.DataFrame, layout, matcher) -> pd.Series:
    """Per row without numbers, the cells that name the field of their own column (a repeated header)."""
    hits = pd.Series(0, index=grid.index)
    rows = numbers.isna().all(axis=1)
    if not rows.any():
        return hits
    for key, (col, _, _) in layout.columns.items():
        cells = grid.loc[rows, col]
        cells = cells[cells.map(lambda v: isinstance(v, str) and v.strip() != "")]
        hits[cells.index] += cells.map(lambda v: matcher.match(v)[0] == key).astype(int)
    return hits


def _comparable(df, errors, grid, layout, keys) -> pd.DataFrame:
    """The typed values, with the text as written where a cell could not be typed (so two copies that
    differ only in a bad cell are not taken for identical)."""
    out = df.copy()
    for k in keys:
        bad = errors[k].to_numpy()
        if bad.any():
            out[k] = out[k].astype(object)
            out.loc[bad, k] = grid.loc[bad, layout.columns[k][0]].astype(str).to_numpy()
    return out


def _report_unresolved(rules, grid, numbers, df, sheet, log) -> None:
    """A sub-header row the header could not absorb is an error naming its cells, never a school."""
    for i in rules.index[rules["reason_code"] == "unresolved_header"]:
        cols = [c for c in numbers.columns if not is_missing(grid.at[i, c]) and pd.isna(numbers.at[i, c])]
        row = int(df.at[i, "row"])
        cells = "、".join(f"{cell_name(row - 1, c)}“{str(grid.at[i, c]).strip()}”" for c in cols[:8])
        log.add(
            sheet=sheet,
            row=row,
            column=None,
            severity=Severity.ERROR,
            code=ProblemCode.UNRESOLVED_HEADER,
            message=f"第 {row} 行（{cells}）像是表头的一部分，但无法与上方表头合成列名，已跳过；"
            "请把表头整理为一行（如“小学在校生数”）或按模板填写",
            value=rules.at[i, "text"],
        )


def _skipped(rules, df, skip, dups, skip_dup, sheet, log) -> list[dict]:
    """Rows that are not schools and identical later copies, in sheet order, each with a warning
    (they enter no verdict)."""
    out = []
    for i in df.index[skip | skip_dup]:
        if skip[i]:
            said = rules.loc[i, ["reason_code", "reason", "text"]].to_dict()
            record = {"row": int(df.at[i, "row"]), **said}
        else:
            record = skip_record(df, i, int(dups.first[i]))
        out.append(record)
        if record["reason_code"] != "unresolved_header":
            warn_skipped(df, i, record, sheet, log)
    return out


def _merged_numbers(df, errors, merged, first, headers, sheet, log) -> None:
    """A number merged over several rows belongs to no single school: an error on each row it covers."""
    if not merged:
        return
    field_of = {text: key for key, text in headers.items()}
    index_of = dict(zip(df["row"], df.index))
    for r, cells in merged.items():
        i = index_of.get(r + 1)
        if i is None:
            continue
        for header, name in cells:
            log.add(
                sheet=sheet,
                row=r + 1,
                column=header,
                severity=Severity.ERROR,
                code=ProblemCode.MERGED_NUMERIC_CELLS,
                message=f"“{header}”的合并单元格 {name} 跨多所学校，无法分到各校；请拆分单元格并逐校填写",
                school=df.at[i, "name"],
                field=field_of.get(header),
            )
            errors.at[i, field_of[header]] = True


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


def _numbers(raw, kinds, rownums, key, spec, header, unit, sheet, errors, log) -> pd.Series:
    if spec["kind"] == "percent":  # 55, 0.55 and "55%" all mean 55%
        raw, kinds = _percent_texts(raw), None
    # on arrays (a Series only at the end): a county reads 34 such columns of a few hundred cells each
    values, _missing, bad = parse_numbers(raw.to_numpy(dtype=object), kinds)
    if spec["kind"] == "percent":
        values = np.where(values > 1, values / 100, values)
    scale = spec.get("unit_scales", {}).get(normalise(unit)[0]) if unit else None
    if scale:
        with np.errstate(over="ignore"):  # an absurd amount in 万元 becomes inf, as pandas' product did
            values = values * scale
    negative = values < 0
    fraction = (spec["kind"] == "count") & ~np.isnan(values) & (values != np.floor(values))
    wrong = np.zeros(len(raw), dtype=bool)
    for mask, code, msg in (
        (bad, ProblemCode.NOT_A_NUMBER, "应为数字，实际填写为“{v}”"),
        (negative, ProblemCode.NEGATIVE, "不能为负数（填写为 {v}）"),
        (fraction, ProblemCode.NOT_INTEGER, "应为整数（填写为 {v}）"),
    ):
        wrong |= mask
        for i in np.flatnonzero(mask):
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
    if wrong.any():
        errors[key] = errors[key].to_numpy() | wrong
    return pd.Series(np.where(negative | fraction, np.nan, values), index=raw.index)


def _shown(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _cell_grid(body: list[list]) -> np.ndarray:
    """The body rows as one 2-D object array, short rows padded with None (pointers to the cells as read:
    no cell is converted or copied)."""
    widths = set(map(len, body))
    width = max(widths, default=0)
    if len(widths) > 1:
        body = [r if len(r) == width else [*r, *[None] * (width - len(r))] for r in body]
    out = np.empty((len(body), width), dtype=object)
    if body and width:
        try:
            out[:] = body
        except ValueError:  # a cell holding a sequence (rows given by a program): placed one by one
            for i, row in enumerate(body):
                for j, v in enumerate(row):
                    out[i, j] = v
    return out


def _filled_rows(cells: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """Positions of the rows holding any value (is_missing false for some cell), column by column: a
    column decides the rows it fills, and only the rows still empty are looked at in the next one."""
    empty = np.arange(len(cells))
    for c in range(cells.shape[1]):
        if not empty.size:
            break
        empty = empty[text_cells(cells[empty, c], kinds[empty, c])[1]]
    return np.setdiff1d(np.arange(len(cells)), empty, assume_unique=True)


def _text(values: pd.Series, kinds: np.ndarray | None = None) -> pd.Series:
    """Text cells as str, and None (never NaN or NaT) where there is no value."""
    return pd.Series(text_cells(values.to_numpy(dtype=object), kinds)[0], index=values.index, dtype=object)


def _type_known(types: pd.Series, lookup: dict) -> pd.Series:
    """Whether each 办学类型 text names a type of the standard, normalised once per distinct text."""
    codes, uniques = pd.factorize(types, use_na_sentinel=True)
    known = np.array([normalise(v)[0] in lookup for v in uniques] + [False], dtype=bool)
    return pd.Series(known[codes], index=types.index)


def clean_names(texts: pd.Series) -> pd.Series:
    """_clean_name of each cleaned text (str or None): runs of spaces inside a name become one space."""
    obj = texts.to_numpy(dtype=object)
    at = np.flatnonzero(obj != None)  # noqa: E711 - element-wise
    out = np.full(len(obj), None, dtype=object)
    out[at] = objects([" ".join(v.split()) for v in obj[at].tolist()])
    return pd.Series(out, index=texts.index, dtype=object)


def clean_codes(texts: pd.Series) -> pd.Series:
    """_clean_code of each cleaned text (str or None); a code of ten or more digits is kept as it is, only
    the others (numbers read as 410102000.0, short codes) take the per-cell rule."""
    obj = texts.to_numpy(dtype=object).copy()
    at = np.flatnonzero(obj != None)  # noqa: E711 - element-wise
    values = obj[at].tolist()
    digits = np.fromiter(map(str.isdigit, values), dtype=bool, count=len(values))
    long = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) >= 10
    slow = at[~(digits & long)]
    obj[slow] = objects([_clean_code(v) for v in obj[slow].tolist()])
    return pd.Series(obj, index=texts.index, dtype=object)


def _percent_texts(raw: pd.Series) -> pd.Series:
    """_percent_text of every text cell (once per distinct text); other cells as they are."""
    obj = raw.to_numpy(dtype=object)
    at = np.flatnonzero(np.fromiter(map(isinstance, obj, repeat(str)), dtype=bool, count=len(obj)))
    if not at.size:
        return raw
    texts = obj[at].tolist()
    read = {t: _percent_text(t) for t in set(texts)}
    obj = obj.copy()
    obj[at] = objects([read[t] for t in texts])
    return pd.Series(obj, index=raw.index, dtype=object)


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
