"""The vectorised number reading gives exactly what the per-cell definition gives, for any cells."""

import math
import re

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_check.boundary import round15
from balance_check.reading.cells import MISSING_TOKENS, _fold, parse_numbers


def _one(v):
    """The per-cell definition: (value to 15 digits or None, missing, bad)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None, True, False
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        return None, False, True
    if isinstance(v, str):
        s = _fold(v)
        if s in MISSING_TOKENS:
            return None, True, False
        try:
            v = float(re.sub(r"[,，\s]", "", s))
        except ValueError:
            return None, False, True
        if math.isnan(v):
            return None, False, True
    f = float(v)
    if math.isinf(f):
        return None, False, True
    return (f if f == round(f) else float(f"{f:.15g}")), False, False  # whole numbers are kept


cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(0, 1e6).map(lambda x: x / 3),
    st.sampled_from(["", " ", "—", "无", "N/A", "ｎｕｌｌ", "812", "1,234.5", " 7 ", "１２", "abc", "1e3"]),
    st.text(max_size=6),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(cells, max_size=40))
def test_parse_numbers_matches_the_per_cell_definition(values):
    got, missing, bad = parse_numbers(pd.Series(values, dtype=object).to_numpy())
    for v, g, m, b in zip(values, got, missing, bad):
        want, want_missing, want_bad = _one(v)
        assert (m, b) == (want_missing, want_bad), v
        assert (math.isnan(g) and want is None) or g == want, v


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True) | st.floats(-1e6, 1e6).map(lambda x: x / 7)))
def test_round15_equals_the_15_digit_text_of_every_fractional_value(values):
    got = round15(np.array(values, dtype="float64"))
    for v, g in zip(values, got):
        want = float(f"{v:.15g}") if math.isfinite(v) and v != round(v) else v
        assert (np.isnan(g) and np.isnan(want)) or g == want, v


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 500), st.integers(0, 40), st.sampled_from(["f", "fv", "v", "fs"]))),
    st.integers(1, 64),
)
def test_formula_scan_in_chunks_finds_what_a_scan_of_the_whole_sheet_finds(cells, chunk_size):
    import io

    from balance_check.reading.formulas import _UNCACHED, _col_index, _scan

    def ref(col):
        return "".join(chr(65 + d) for d in ([col // 26 - 1] if col >= 26 else []) + [col % 26])

    body = {
        "f": "<f>SUM(A1:A2)</f>",
        "fv": "<f>A1+1</f><v>3</v>",
        "v": "<v>7</v>",
        "fs": '<f t="shared" si="0"/>',
    }
    xml = "<sheetData>" + "".join(f'<c r="{ref(c)}{r}" s="1">{body[k]}</c>' for r, c, k in cells)
    data = (xml + "</sheetData>").encode()
    whole = [(int(m.group(2)), _col_index(m.group(1))) for m in _UNCACHED.finditer(data)]
    assert list(_scan(io.BytesIO(data), chunk_size)) == whole
    assert len(whole) == sum(k in ("f", "fs") for _, _, k in cells)
