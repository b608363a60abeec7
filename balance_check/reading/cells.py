"""Cell values as county spreadsheets hold them: numbers as text, "—" for nothing, percents three ways."""

import re
import unicodedata

import numpy as np
import pandas as pd

from ..boundary import round15

NUMERIC_KINDS = ("count", "number", "percent")
MISSING_TOKENS = {"", "—", "——", "-", "--", "－", "/", "／", "无", "空", "none", "nan", "null", "n/a", "#n/a"}
# Text longer than this once stripped is never a missing token (NFKC neither drops characters nor
# composes into the tokens' characters): school names and codes skip the Unicode folding.
_LONGEST_TOKEN = 2 * max(len(t) for t in MISSING_TOKENS)
_YES = {"是", "有", "√", "✓", "y", "yes", "true", "1", "达到", "已完成", "符合"}
_NO = {"否", "无", "×", "✗", "x", "n", "no", "false", "0", "未达到", "不符合"}
_PRESENT = {"存在", "有", "是", "y", "yes", "true", "√"}
_ABSENT = {"不存在", "无", "否", "n", "no", "false", "×", "没有"}


def _fold(v) -> str:
    return unicodedata.normalize("NFKC", str(v)).strip().lower()


def is_missing(v) -> bool:
    if v is None or v is pd.NaT:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    if not isinstance(v, str):
        return False
    s = v.strip()
    return not s or (len(s) <= _LONGEST_TOKEN and _fold(s) in MISSING_TOKENS)


# A cell's kind, one byte per cell (a 200,000-row sheet's kinds take 6 MB, not a second object grid).
# Only these exact types take the fast paths; OTHER (bool, dates, NaT, numpy scalars, subclasses) is
# decided cell by cell with the per-cell rule.
OTHER, FLOAT, INT, TEXT, EMPTY = 0, 1, 2, 3, 4
_KIND_OF = dict(zip((float, int, str, type(None)), (FLOAT, INT, TEXT, EMPTY)))


def cell_kinds(cells: np.ndarray) -> np.ndarray:
    """The kind of every cell of a 1-D or 2-D object array (int8), a column at a time: the types come
    from one C-level pass (map(type)) and are compared as arrays."""
    if cells.ndim == 2:
        out = np.empty(cells.shape, dtype=np.int8, order="F")
        for c in range(cells.shape[1]):
            out[:, c] = cell_kinds(cells[:, c])
        return out
    types = np.fromiter(map(type, cells), dtype=object, count=len(cells))
    out = np.zeros(len(cells), dtype=np.int8)
    common = np.zeros(len(cells), dtype=bool)
    for t in (float, str):  # nearly every cell of a sheet: the rest is compared only where they are not
        at = types == t
        out[at] = _KIND_OF[t]
        common |= at
    if not common.all():
        rest = types[~common]
        out[~common] = np.where(rest == int, INT, np.where(rest == type(None), EMPTY, OTHER))  # noqa: E721
    return out


def _folded_missing(texts: list[str]) -> np.ndarray:
    """is_missing of stripped text: empty, or a short text whose fold is a token — folded once per
    distinct short value (a column of 30,000 cells holds a handful of short texts such as 初中 or 公办;
    longer text is never a token)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    out = lengths == 0
    short = np.flatnonzero((lengths > 0) & (lengths <= _LONGEST_TOKEN))
    if short.size:
        values = [texts[i] for i in short.tolist()]
        tokens = {s for s in set(values) if _fold(s) in MISSING_TOKENS}
        if tokens:
            out[short] = np.fromiter((s in tokens for s in values), dtype=bool, count=short.size)
    return out


def text_cells(raw, kinds: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised: (text, missing) of a column of cells, each as the per-cell definition gives it —
    missing = is_missing(v), text = None where missing, else str(v).strip() — as object and bool arrays.

    Plain str, float, int and None cells take the fast path; any other type (dates, numpy scalars,
    subclasses) is decided cell by cell. `kinds`: the cells' kinds (cell_kinds), when known already."""
    obj = np.asarray(raw, dtype=object).ravel()
    n = len(obj)
    kinds = cell_kinds(obj) if kinds is None else kinds
    out = np.full(n, None, dtype=object)
    missing = kinds == EMPTY
    is_text = kinds == TEXT
    at = np.flatnonzero(is_text)
    if at.size:
        stripped = list(map(str.strip, obj[at].tolist()))
        gone = _folded_missing(stripped)
        missing[at] = gone
        out[at[~gone]] = objects(stripped)[~gone]
    is_float = kinds == FLOAT
    if is_float.any():
        missing[is_float] = np.isnan(obj[is_float].astype("float64"))
    for i in np.flatnonzero(kinds == OTHER).tolist():
        missing[i] = is_missing(obj[i])
    shown = np.flatnonzero(~missing & ~is_text)
    out[shown] = objects([str(v).strip() for v in obj[shown].tolist()])
    return out, missing


def objects(values: list) -> np.ndarray:
    """A list as a 1-D object array (never numpy's fixed-width text)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def parse_numbers(obj: np.ndarray, kinds: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """Vectorised, for a 1-D object array of cells: (float64 values rounded to 15 digits, missing, bad).

    Numbers pass as they are; numeric text ("812", "1,234.5") is accepted; missing tokens mean no
    value; anything else (other text, booleans, dates) is bad. Only text cells take the slow path.
    `kinds`: the cells' kinds (cell_kinds), when the caller has them already. Arrays, not Series: the
    reader calls it for every numeric column, and a county's columns are short."""
    # The kind of every cell from one C-level pass (map(type)), compared as arrays: no Python call per
    # cell. Numbers are converted as one array; only typed-in text takes the per-cell path below.
    kinds = cell_kinds(obj) if kinds is None else kinds
    is_float = kinds == FLOAT
    is_num = is_float | (kinds == INT)
    is_text = kinds == TEXT
    values = np.full(len(obj), np.nan)
    values[is_num] = obj[is_num].astype("float64")
    missing = (kinds == EMPTY) | (is_float & np.isnan(values))
    other = kinds == OTHER  # dates, booleans, NaT…: pd.isna decides, as for any cell
    if other.any():
        missing[other] = pd.isna(obj[other])
    empty = np.zeros(len(obj), dtype=bool)
    empty[is_text] = obj[is_text] == ""  # calamine's empty cells: no value, nothing to fold
    missing |= empty
    text_at = np.flatnonzero(is_text & ~empty)
    if text_at.size:
        texts = obj[text_at].tolist()
        folded = {t: _fold(t) for t in set(texts)}  # once per distinct text ("—" on many rows)
        text = pd.Series([folded[t] for t in texts], dtype=object)
        blank = text.isin(MISSING_TOKENS).to_numpy()
        missing[text_at[blank]] = True
        parsed = pd.to_numeric(text[~blank].str.replace(r"[,，\s]", "", regex=True), errors="coerce")
        values[text_at[~blank]] = parsed.to_numpy(dtype="float64", na_value=np.nan)
    values[np.isinf(values)] = np.nan  # not a quantity a school can have
    bad = ~missing & np.isnan(values)
    return round15(values), missing, bad


def parse_percent(v, number_format: str = "") -> tuple[float | None, str | None]:
    """A percent as a fraction. Returns (value, warning). 0.95 formatted as %, 95 and "95%" mean 95%."""
    if is_missing(v):
        return None, None
    if isinstance(v, str):
        s = _fold(v).replace(",", "")
        if s.endswith("%"):
            return _to_float(s[:-1], 100)
        v = _to_float(s, 1)[0]
        if v is None:
            raise ValueError("不是百分数")
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("不是百分数")
    if "%" in (number_format or ""):
        return float(f"{float(v):.15g}"), None
    if v <= 1:
        return float(v), f"数值 {v} 按比例理解为 {v * 100:g}%"
    return float(f"{v / 100:.15g}"), None


def _to_float(s: str, divisor: float):
    try:
        return float(f"{float(s) / divisor:.15g}"), None
    except ValueError:
        raise ValueError("不是数字") from None


def parse_number(v) -> float | None:
    if is_missing(v):
        return None
    if isinstance(v, bool):
        raise ValueError("不是数字")
    if isinstance(v, (int, float)):
        return float(f"{v:.15g}")
    s = re.sub(r"[,，\s]", "", _fold(v))
    try:
        return float(f"{float(s):.15g}")
    except ValueError:
        raise ValueError("不是数字") from None


def parse_flag(v, kind: str) -> bool | None:
    """yes_no: True means 是; presence: True means 存在."""
    if is_missing(v) and not (isinstance(v, str) and _fold(v) == "无"):
        return None
    if isinstance(v, bool):
        return v
    s = _fold(v)
    yes, no = (_YES, _NO) if kind == "yes_no" else (_PRESENT, _ABSENT)
    if s in yes:
        return True
    if s in no:
        return False
    raise ValueError("应填 是/否" if kind == "yes_no" else "应填 存在/不存在")
