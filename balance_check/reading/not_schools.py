"""Rows of the 学校 sheet that are not schools, recognised by what they hold, never by their wording.

A row below the header is not a school when
- it holds a single distinct non-empty value (a title, a heading such as 一、城关镇 merged across the
  table, a note) — ``heading_row``;
- its non-empty cells are a numbering sequence: 甲 乙 丙 … and/or 1 2 3 … in order — ``numbering_row``;
- it repeats the header (two or more cells name the columns they stand in) — ``header_row``;
- it comes before the first row holding a number, and two or more numeric columns hold text that is
  no number (a sub-header the reader could not join to the header) — ``unresolved_header``, an error;
- it comes after the last row holding a number or a known 办学类型 and holds neither (a 填报说明 or
  signature line at the bottom) — ``note_row``;
- its numbers equal the column sums of the school rows since the previous skipped row, or of all school
  rows above it, or (a total written first) of the school rows below it up to the next skipped row or
  to the end — ``subtotal_row``, whatever it is called. "Equal" means: in at least two columns and in at
  least two thirds of the non-zero numeric cells of the row; a block of one school counts only when the
  row leaves 办学类型 empty and every non-zero number equals (a town with one school and its 小计; two
  schools with equal numbers stay schools).

A missing 办学类型 or code is not such a rule: a school that lacks them stays a school (not evaluable).
Such rows are listed in report.json "skipped" with one warning each; they enter no verdict or CV."""

import unicodedata

import numpy as np
import pandas as pd

_STEMS = "甲乙丙丁戊己庚辛壬癸"
REASONS = {
    "heading_row": "标题、分组或说明行（整行只有一个内容）",
    "numbering_row": "栏目编号行（甲、乙、丙…或 1、2、3…）",
    "header_row": "重复的表头行",
    "unresolved_header": "无法与表头对应的表头行",
    "note_row": "表格末尾的文字说明行（没有数字和办学类型）",
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
    canon: pd.DataFrame,
    numbers: pd.DataFrame,
    header_hits: pd.Series,
    type_known: pd.Series,
    type_empty: pd.Series,
    raw: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """canon: the body rows as canonical text (all columns); numbers: the numeric field columns as floats
    (NaN when empty or not a number); header_hits: per row, cells that name their own column's field;
    type_known / type_empty: per row, whether 办学类型 is a known type / is empty. Returns, indexed
    like canon, the columns reason_code (None for a school row), reason and text."""
    n = len(canon)
    out = pd.DataFrame({"reason_code": [None] * n, "reason": None, "text": None}, index=canon.index)
    values = [[v for v in row if v is not None] for row in canon.itertuples(index=False, name=None)]
    distinct = canon.nunique(axis=1, dropna=True).to_numpy()
    X = numbers.to_numpy(dtype="float64")
    filled = ~np.isnan(X)
    has_num = filled.any(axis=1)
    text_in_numeric = (numbers.isna() & canon[numbers.columns].notna()).sum(axis=1).to_numpy()
    code = np.array([None] * n, dtype=object)

    code[distinct == 1] = "heading_row"
    short = (distinct >= 3) & np.array([all(len(v) <= 3 for v in vals) for vals in values])
    for i in np.flatnonzero(short & (code == None)):  # noqa: E711 - element-wise
        if _is_numbering(values[i]):
            code[i] = "numbering_row"
    code[(header_hits.to_numpy() >= 2) & (code == None)] = "header_row"  # noqa: E711
    first_data = int(np.argmax(has_num)) if has_num.any() else n
    before = np.arange(n) < first_data
    code[before & (text_in_numeric >= 2) & ~has_num & (code == None)] = "unresolved_header"  # noqa: E711
    content = has_num | type_known.to_numpy()
    last = int(np.flatnonzero(content)[-1]) if content.any() else -1
    code[(np.arange(n) > last) & ~content & (code == None)] = "note_row"  # noqa: E711
    _subtotals(X, filled, has_num, type_empty.to_numpy(), code)

    rows = np.flatnonzero(code != None)  # noqa: E711
    out.iloc[rows, 0] = code[rows]
    out.iloc[rows, 1] = [REASONS[c] for c in code[rows]]
    raw_rows = raw if raw is not None else canon
    out.iloc[rows, 2] = [row_text(list(raw_rows.iloc[i])) for i in rows]
    out.loc[out["reason_code"] == "subtotal_below", "reason_code"] = "subtotal_row"
    return out


def _subtotals(X, filled, has_num, type_empty, code) -> None:
    """Mark rows whose numbers are the sums of a block of school rows (see the module docstring).

    Finding a subtotal changes the blocks (and the sums a grand total is compared with), so the test is
    repeated until nothing new is found; each round is whole-column arithmetic."""
    n = len(code)
    if n < 2:
        return
    Z = np.where(filled, X, 0.0)
    idx = np.arange(n)
    for _ in range(6):
        skipped = code != None  # noqa: E711
        school = has_num & ~skipped
        Q = np.vstack([np.zeros((1, X.shape[1])), np.cumsum(Z * school[:, None], axis=0)])  # Q[i]: rows < i
        C = np.concatenate([[0], np.cumsum(school)])
        prev = np.maximum.accumulate(np.where(skipped, idx, -1))  # last skipped row at or before i
        prev_before = np.concatenate([[-1], prev[:-1]])
        nxt = np.minimum.accumulate(np.where(skipped, idx, n)[::-1])[::-1]
        next_after = np.concatenate([nxt[1:], [n]])
        ranges = (
            (prev_before + 1, idx, "subtotal_row"),  # the block above, since the last skipped row
            (np.zeros(n, dtype=int), idx, "subtotal_row"),  # everything above
            (idx + 1, next_after, "subtotal_below"),  # the block below, up to the next skipped row
            (idx + 1, np.full(n, n), "subtotal_below"),  # everything below
        )
        found = np.zeros(n, dtype=bool)
        candidate = school.copy()
        for lo, hi, label in ranges:
            sums = Q[hi] - Q[lo]
            count = C[hi] - C[lo]
            close = np.isclose(X, sums, rtol=1e-9, atol=1e-6) & filled
            nonzero = filled & ((X != 0) | (sums != 0))
            n_eq = (close & nonzero).sum(axis=1)
            n_nz = nonzero.sum(axis=1)
            hit = (
                candidate
                & (n_eq >= 2)
                & (3 * n_eq >= 2 * n_nz)
                & ((count >= 2) | ((count == 1) & type_empty & (n_eq == n_nz)))
            )
            code[hit & ~found] = label
            found |= hit
            candidate &= ~hit
        if not found.any():
            return
