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


def parse_numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Vectorised: returns (values rounded to 15 digits, missing mask, bad-text mask).

    Numbers pass as they are; numeric text ("812", "1,234.5") is accepted; missing tokens mean no
    value; anything else (other text, booleans, dates) is bad. Only text cells take the slow path."""
    obj = raw.to_numpy(dtype=object)
    # The type of every cell in one C-level pass (map(type)), compared as arrays: no Python call per
    # cell. Numbers are converted as one array; only typed-in text takes the per-cell path below.
    kinds = np.fromiter(map(type, obj), dtype=object, count=len(obj))
    is_num = (kinds == float) | (kinds == int)  # noqa: E721 - element-wise array comparisons
    is_text = kinds == str  # noqa: E721
    values = np.full(len(obj), np.nan)
    values[is_num] = obj[is_num].astype("float64")
    missing = pd.isna(obj) | (is_num & np.isnan(values))
    empty = is_text & (obj == "")  # calamine's empty cells: no value, nothing to fold
    missing |= empty
    text_at = np.flatnonzero(is_text & ~empty)
    if text_at.size:
        text = pd.Series(obj[text_at]).map(_fold)
        blank = text.isin(MISSING_TOKENS).to_numpy()
        missing[text_at[blank]] = True
        parsed = pd.to_numeric(text[~blank].str.replace(r"[,，\s]", "", regex=True), errors="coerce")
        values[text_at[~blank]] = parsed.to_numpy(dtype="float64", na_value=np.nan)
    values[np.isinf(values)] = np.nan  # not a quantity a school can have
    bad = ~missing & np.isnan(values)
    index = raw.index
    return (
        round15(pd.Series(values, index=index)),
        pd.Series(missing, index=index),
        pd.Series(bad, index=index),
    )


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
