"""How a planned measure and the problem it answers read in the ledger and the documents."""

import re

import numpy as np

from ..standard import Standard
from .actions import HIRE, TRAIN
from .rounding import round2

_SUFFIX = re.compile(r"(面积|数|值)$")


def field_label(standard: Standard, key: str) -> str:
    return standard.fields[key]["header"] if key in standard.fields else key


def thing(standard: Standard, key: str) -> str:
    """教学及辅助用房面积 → 教学及辅助用房; 网络多媒体教室数 → 网络多媒体教室."""
    return _SUFFIX.sub("", field_label(standard, key))


def measure_text(standard: Standard, act, level_label: str | None) -> str:
    what = thing(standard, act.field)
    if act.kind == HIRE:
        if "体育艺术" in what:
            return f"招聘{what}（体育、音乐、美术，具备规定学历并持证）"
        return f"招聘{level_label or ''}专任教师（具备规定学历并持教师资格证）"
    if act.kind == TRAIN:
        return f"从现有专任教师中培养{what}"
    return f"{act.kind}{what}"


def num(v) -> str:
    """12,345 or 12,345.6 or 1.25: thousands separated, at most two decimals, no trailing zeros."""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


# num() texts of the values seen so far, by bit pattern (-0.0 and 0.0 read differently): a national ledger
# quotes half a million values to the cent, most of them repeats
_SEEN: dict[int, str] = {}
_SEEN_MAX = 1 << 16  # forgotten past this many (about 10 MB)


def num_column(values, decimals: bool = False) -> np.ndarray:
    """num() of each value (of round(value, 2) with `decimals`) as an object array, each distinct value
    formatted once."""
    arr = np.ascontiguousarray(values, dtype="float64")
    if decimals:  # round2 is round(v + 0.0, 2): a zero keeps its own sign, as round(v, 2) leaves it
        arr = np.where(arr == 0, arr, round2(arr))
    bits, inverse = np.unique(arr.view(np.int64), return_inverse=True)
    if len(_SEEN) > _SEEN_MAX:
        _SEEN.clear()
    texts = []
    for b, v in zip(bits.tolist(), bits.view(np.float64).tolist()):
        t = _SEEN.get(b)
        if t is None:
            t = _SEEN[b] = num(v)
        texts.append(t)
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out[inverse.reshape(-1)]


def format_rows(make, *columns) -> np.ndarray:
    """make(*row) for each row of the float columns, as an object array, called once per distinct row
    (rows told apart by their bit patterns, so -0.0 and NaN read as themselves): a province's texts
    repeat a few room counts, areas and class sizes tens of thousands of times."""
    n = len(columns[0]) if columns else 0
    key = np.zeros(n, dtype=np.int64)
    for col in columns:  # each column's codes, combined and compacted column by column (no 2-D unique)
        bits = np.ascontiguousarray(col, dtype="float64").view(np.int64)
        uniq, codes = np.unique(bits, return_inverse=True)
        _, key = np.unique(key * len(uniq) + codes.reshape(-1), return_inverse=True)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    rows = zip(*(np.asarray(c, dtype="float64")[first].tolist() for c in columns))
    texts = np.empty(len(first), dtype=object)
    texts[:] = [make(*row) for row in rows]
    return texts[inverse.reshape(-1)]
