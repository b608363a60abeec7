"""Rows of the 学校 sheet that are not schools, recognised by what they hold, never by their wording.

A row below the header is not a school when
- it holds a single distinct non-empty value (a title, a heading such as 一、城关镇 merged across the
  table, a note), or no number and two values of which one is a Chinese ordinal (一 | 城关镇 in the
  序号 and 学校名称 columns; schools are numbered 1 2 3) — ``heading_row``;
- its non-empty cells are a numbering sequence: 甲 乙 丙 … and/or 1 2 3 … in order — ``numbering_row``;
- it repeats the header (two or more cells name the columns they stand in) — ``header_row``;
- it comes before the first row holding a number, and two or more numeric columns hold text that is
  no number (a sub-header the reader could not join to the header) — ``unresolved_header``, an error;
- it comes after the last row holding a number or a known 办学类型, holds neither, and has a cell
  written as "label：text" (填表人：张三, 审核人：, 数据来源：…) — ``note_row``. (A school at the bottom
  with an unknown 办学类型 and no numbers has no such cell and stays a school);
- its numbers equal the column sums of a run of school rows right above it (a town's block since the
  previous 小计, or all schools above a 合计), or right below it (a total written first) —
  ``subtotal_row``, whatever it is called; rows that are not schools inside the run are passed over.
  "Equal" means: in at least two columns and in at least two thirds of the non-zero numeric cells of
  the row; a run of one school counts only when the row leaves 办学类型 empty and every non-zero number
  equals (a town with one school and its 小计; two schools with equal numbers stay schools).

A missing 办学类型 or code is not such a rule: a school that lacks them stays a school (not evaluable).
Such rows are listed in report.json "skipped" with one warning each; they enter no verdict or CV."""

import re
import unicodedata

import numpy as np
import pandas as pd

from .cells import FLOAT, INT, OTHER, TEXT, cell_kinds, is_missing

_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ORDINAL = re.compile(r"^(第?[一二三四五六七八九十]+|\([一二三四五六七八九十]+\))[、.]?$")  # after NFKC
REASONS = {
    "heading_row": "标题、分组或说明行（整行只有一个内容）",
    "numbering_row": "栏目编号行（甲、乙、丙…或 1、2、3…）",
    "header_row": "重复的表头行",
    "unresolved_header": "无法与表头对应的表头行",
    "note_row": "表格末尾的说明或签字行（如“填表人：”）",
    "subtotal_row": "小计或合计行（各数等于上方学校之和）",
    "subtotal_below": "合计行（各数等于下方学校之和）",
}


def _canon(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        return f"{float(v):.15g}"
    s = " ".join(unicodedata.normalize("NFKC", str(v)).split())
    return s or None


def canonical(grid: pd.DataFrame) -> pd.DataFrame:
    """Cells as comparable text: None where empty, numbers in one spelling, text folded and trimmed."""
    out = grid.map(_canon).astype(object)
    return out.where(out.notna(), None)


def _is_numbering(values: list[str]) -> bool:
    """甲 乙 丙 … then 1 2 3 …, each run in order from its start; at least three cells."""
    if len(values) < 3:
        return False
    i = 0
    while i < len(values) and values[i] == (_STEMS[i] if i < len(_STEMS) else None):
        i += 1
    rest = values[i:]
    if not rest:
        return True
    try:
        nums = [float(v) for v in rest]
    except ValueError:
        return False
    return nums == [float(n) for n in range(int(nums[0]), int(nums[0]) + len(nums))] and nums[0] in (0, 1)


def row_text(raw: list, limit: int = 60) -> str:
    """What a person sees in the row: its text cells as written (its numbers when it has no text)."""
    pairs = [
        (" ".join(str(v).split()), v) for v in raw if v is not None and not (isinstance(v, float) and v != v)
    ]
    pairs = [(c, v) for c, v in pairs if c]
    words = [c for c, v in pairs if isinstance(v, str)] or [c for c, _ in pairs]
    text = " ".join(dict.fromkeys(words))
    return text if len(text) <= limit else text[:limit] + "…"


def find_not_schools(
    grid: pd.DataFrame,
    numbers: pd.DataFrame,
    header_hits: pd.Series,
    type_known: pd.Series,
    type_empty: pd.Series,
    kinds: np.ndarray | None = None,
) -> pd.DataFrame:
    """grid: the body rows as read (all columns); numbers: the numeric field columns as floats (NaN when
    empty or not a number), named by their grid column; header_hits: per row, cells that name their own
    column's field; type_known / type_empty: per row, whether 办学类型 is a known type / is empty;
    kinds: the grid's cell types (cells.cell_kinds), when the caller has them.
    Returns, indexed like grid, the columns reason_code (None for a school row), reason and text."""
    n = len(grid)
    out = pd.DataFrame({"reason_code": [None] * n, "reason": None, "text": None}, index=grid.index)
    X = numbers.to_numpy(dtype="float64")
    filled = ~np.isnan(X)
    has_num = filled.any(axis=1)
    # Cells neither NA nor "", counted only where it can matter (<= 3): a number read from a cell means
    # the cell is not empty, so a row with more than three numbers has more than three such cells.
    few = np.flatnonzero(filled.sum(axis=1) <= 3)
    nonempty = np.full(n, 4)
    if few.size:
        cells = grid.to_numpy(dtype=object)[few]
        nonempty[few] = _nonempty(cells, None if kinds is None else kinds[few]).sum(axis=1)
    # Only rows that could be headings, numberings, headers or notes are looked at cell by cell: few
    # cells, no numbers, or nothing but small whole numbers (1 2 3 …). A school row is none of these.
    small = (~filled | ((X == np.round(X)) & (X >= 0) & (X <= 500))).all(axis=1)
    look = np.flatnonzero((nonempty <= 3) | ~has_num | small)
    canon = canonical(grid.iloc[look])
    values = [[v for v in row if v is not None] for row in canon.itertuples(index=False, name=None)]
    labelled = np.zeros(n, dtype=bool)  # a cell written as "label：text" (NFKC folds ： to :)
    labelled[look] = [any(":" in v for v in vals) for vals in values]
    code = np.array([None] * n, dtype=object)
    for j, i in enumerate(look):
        vals = values[j]
        if len(set(vals)) == 1 or (
            len(set(vals)) == 2 and not has_num[i] and any(_ORDINAL.match(v) for v in vals)
        ):
            code[i] = "heading_row"
        elif all(len(v) <= 3 for v in vals) and _is_numbering(vals):
            code[i] = "numbering_row"
    code[(header_hits.to_numpy() >= 2) & (code == None)] = "header_row"  # noqa: E711 - element-wise
    text = canon[numbers.columns].map(lambda v: v is not None and not is_missing(v)).sum(axis=1)
    text_in_numeric = np.zeros(n, dtype=int)
    text_in_numeric[look] = text.to_numpy()
    first_data = int(np.argmax(has_num)) if has_num.any() else n
    before = np.arange(n) < first_data
    code[before & (text_in_numeric >= 2) & ~has_num & (code == None)] = "unresolved_header"  # noqa: E711
    content = has_num | type_known.to_numpy()
    last = int(np.flatnonzero(content)[-1]) if content.any() else -1
    note = (np.arange(n) > last) & ~content & labelled
    code[note & (code == None)] = "note_row"  # noqa: E711
    _subtotals(X, filled, has_num, type_empty.to_numpy(), code)

    rows = np.flatnonzero(code != None)  # noqa: E711
    out.iloc[rows, 0] = code[rows]
    out.iloc[rows, 1] = [REASONS[c] for c in code[rows]]
    out.iloc[rows, 2] = [row_text(list(grid.iloc[i])) for i in rows]
    out.loc[out["reason_code"] == "subtotal_below", "reason_code"] = "subtotal_row"
    return out


def _nonempty(cells: np.ndarray, kinds: np.ndarray | None) -> np.ndarray:
    """Per cell: neither NA nor "" (notna(v) and v != ""), compared as arrays by the cells' kinds; a cell
    of another kind is decided by that expression itself."""
    kinds = cell_kinds(cells) if kinds is None else kinds
    out = kinds == INT
    text, floats = kinds == TEXT, kinds == FLOAT
    out[text] = cells[text] != ""
    out[floats] = ~np.isnan(cells[floats].astype("float64"))
    for r, c in np.argwhere(kinds == OTHER).tolist():
        v = cells[r, c]
        out[r, c] = bool(pd.notna(v)) and bool(v != "")
    return out


def _subtotals(X, filled, has_num, type_empty, code) -> None:
    """Mark rows whose numbers are the sums of a run of school rows right above or right below them.

    For each row, its largest number picks the column in which the run is searched (running sums of
    non-negative numbers only grow, so a binary search finds where the run would start); the whole row
    is then compared with the run's sums. Finding a subtotal takes it out of the school rows, which may
    reveal a grand total over the subtotals' blocks, so the search is repeated until nothing new turns up."""
    n, k = X.shape
    if n < 2 or k == 0:
        return
    Z = np.where(filled, X, 0.0)
    key = np.argmax(np.abs(Z), axis=1)
    for _ in range(6):
        school = has_num & (code == None)  # noqa: E711 - element-wise
        Q = np.vstack([np.zeros((1, k)), np.cumsum(Z * school[:, None], axis=0)])  # Q[i]: rows < i
        C = np.concatenate([[0], np.cumsum(school)])
        found = np.zeros(n, dtype=bool)
        for below in (False, True):
            start = np.full(n, -1)
            for c in np.unique(key[school]):
                rows = np.flatnonzero(school & (key == c))
                col = np.maximum.accumulate(Q[:, c])  # the search needs non-decreasing sums
                if below:
                    target = Q[rows + 1, c] + Z[rows, c]
                else:
                    target = Q[rows, c] - Z[rows, c]
                tol = 1e-9 * np.abs(target) + 1e-6
                j = np.searchsorted(col, target - tol, side="left")
                ok = (j <= n) & np.isclose(col[np.minimum(j, n)], target, rtol=1e-9, atol=1e-6)
                ok &= (j >= rows + 2) if below else (j <= rows)
                start[rows[ok]] = j[ok]
            has_run = start >= 0
            rows = np.flatnonzero(has_run & ~found)
            if not len(rows):
                continue
            a, b = (rows + 1, start[rows]) if below else (start[rows], rows)
            sums = Q[b] - Q[a]
            count = C[b] - C[a]
            close = np.isclose(X[rows], sums, rtol=1e-9, atol=1e-6) & filled[rows]
            nonzero = filled[rows] & ((X[rows] != 0) | (sums != 0))
            n_eq = (close & nonzero).sum(axis=1)
            n_nz = nonzero.sum(axis=1)
            one = (count == 1) & type_empty[rows] & (n_eq == n_nz)
            hit = (n_eq >= 2) & (3 * n_eq >= 2 * n_nz) & ((count >= 2) | one)
            code[rows[hit]] = "subtotal_below" if below else "subtotal_row"
            found[rows[hit]] = True
        if not found.any():
            return
