"""Random garbage in any number cell never crashes the reader and is reported at its row and column."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from school_rows import NATIONAL, rows_for

from balance_check.evaluate import evaluate
from balance_check.reading import read_rows
from balance_check.reading.cells import is_missing
from balance_check.samples import school

BASE = [school("甲小学"), school("乙小学", primary_students=600), school("丙中学", "junior")]
HEADER = rows_for(BASE)[0]
FIELDS = [
    f for f in NATIONAL.data["school_fields"] if not f.get("optional") or f["key"] == "certified_teachers"
]
NUMBER_COLUMNS = [i for i, f in enumerate(FIELDS) if f["kind"] in ("count", "number")]
GARBAGE = st.one_of(
    st.text(max_size=12),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates().map(lambda d: dt.datetime(d.year, d.month, d.day)),
    st.sampled_from(["—", "/", "无", "", " ", "约800人", "12人", "1,234", "95%", "NaN", "inf", "-0", "１２"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(BASE) - 1), st.sampled_from(NUMBER_COLUMNS), GARBAGE)
def test_garbage_in_a_number_cell_is_reported_where_it_is(row_index, col, value):
    rows = [list(r) for r in rows_for(BASE)]
    rows[row_index + 1][col] = value
    data = read_rows(rows, NATIONAL)
    report = evaluate(data, NATIONAL)  # must not raise
    sheet_row = row_index + 2
    here = [p for p in report["problems"] if p["row"] == sheet_row and p["column"] == HEADER[col]]
    others = [p for p in report["problems"] if p["severity"] == "error" and p["row"] != sheet_row]
    assert not others  # nothing is blamed on another row
    parsed = data.schools.at[row_index, FIELDS[col]["key"]]
    if parsed != parsed and not is_missing(value):
        # the value could not be used: it must be reported at its own cell
        assert any(p["severity"] == "error" for p in here), value


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(BASE) - 1), st.integers(0, len(FIELDS) - 1), GARBAGE)
def test_garbage_in_any_column_never_crashes_nor_blames_another_row(row_index, col, value):
    rows = [list(r) for r in rows_for(BASE)]
    rows[row_index + 1][col] = value
    report = evaluate(read_rows(rows, NATIONAL), NATIONAL)
    sheet_row = row_index + 2
    assert all(p["row"] in (sheet_row, 1, None) for p in report["problems"])  # 1: the header row
    listed = (
        {s["row"] for s in report["schools"]}
        | {e["row"] for e in report["excluded"]}
        | {e["row"] for e in report["not_evaluable"]}
    )
    assert listed == {2, 3, 4}
