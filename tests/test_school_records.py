"""SchoolParts makes its records a chunk at a time from its columns; each record equals the record of
that row made one value at a time (the per-row definition: undefined numbers are None, counts are
ints, missing verdicts and texts are None), whatever the chunk size and the mix of missing values."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_check import chunked
from balance_check.evaluate.school_table import BASE_COLUMNS, INDICATOR_COLUMNS, SchoolParts

NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-(10**6), max_value=10**6)
)
TEXTS = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.lists(st.sampled_from(['"', "\\", ",", '","', "a"]), max_size=4).map("".join),
)
VERDICTS = st.one_of(st.none(), st.booleans())


def _value(col, j):
    """The per-row definition of one JSON value of a column."""
    v = col.data[j]
    if col.kind == "num":
        return float(v) if math.isfinite(v) else None
    if col.kind == "int":
        return int(v)
    return v


def _record(table: SchoolParts, j: int) -> dict:
    record = {k: _value(table._base[k], j) for k in BASE_COLUMNS}
    record["indicators"] = {
        k: {c: _value(cols[c], j) for c in INDICATOR_COLUMNS} for k, cols in table._indicators.items()
    }
    record["met_count"] = _value(table._met_count, j)
    record["passed"] = _value(table._passed, j)
    record["unmet"] = list(table._unmet[j])
    return record


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    texts = st.lists(TEXTS, min_size=n, max_size=n)
    parts = pd.DataFrame(
        {
            "code": draw(texts),
            "name": draw(texts),
            "type_label": draw(texts),
            "level": draw(texts),
            "file": draw(texts),
            "row": draw(st.lists(st.integers(2, 10**6), min_size=n, max_size=n)),
            "students": draw(st.lists(st.integers(0, 10**5), min_size=n, max_size=n)),
            "share": pd.Series(draw(st.lists(NUMBERS, min_size=n, max_size=n)), dtype="float64"),
            "ownership": draw(texts),
            "area": draw(texts),
        }
    )
    results = {}
    for k in draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3)):
        numbers = st.lists(NUMBERS, min_size=n, max_size=n)
        frame = {c: pd.Series(draw(numbers), dtype="float64") for c in INDICATOR_COLUMNS}
        frame["met"] = pd.Series(draw(st.lists(VERDICTS, min_size=n, max_size=n)), dtype="boolean")
        frame["near_miss"] = pd.Series(draw(st.lists(VERDICTS, min_size=n, max_size=n)), dtype="boolean")
        frame["band"] = pd.Series(draw(texts), dtype=object)
        results[k] = pd.DataFrame(frame)
    rule = pd.DataFrame(
        {
            "met_count": draw(st.lists(st.integers(0, 7), min_size=n, max_size=n)),
            "passed": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
            "unmet": draw(
                st.lists(st.lists(st.sampled_from(["a", "b", "c"]), max_size=3), min_size=n, max_size=n)
            ),
        }
    )
    return SchoolParts(parts, results, rule)


@settings(max_examples=60, deadline=None)
@given(table=tables(), chunk=st.integers(min_value=1, max_value=5))
def test_records_made_a_chunk_at_a_time_equal_the_per_row_definition(table, chunk):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(chunked, "CHUNK", chunk)
        records = table.to_list()
    expected = [_record(table, j) for j in range(len(table))]
    assert records == expected
    for r in records:  # same key order as the schema lists them (report.json reads the same)
        assert tuple(r) == (*BASE_COLUMNS, "indicators", "met_count", "passed", "unmet")
        assert all(tuple(e) == INDICATOR_COLUMNS for e in r["indicators"].values())


@settings(max_examples=60, deadline=None)
@given(table=tables(), chunk=st.integers(min_value=1, max_value=5))
def test_json_text_assembled_from_the_columns_is_what_orjson_writes_for_the_records(table, chunk):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(chunked, "CHUNK", chunk)
        texts = list(table.encoded_chunks())
    assert len(texts) == -(-len(table) // chunk)
    assert b"[" + b",".join(texts) + b"]" == chunked.dumps(table.to_list())


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_records_at_positions_equal_the_records_there(data):
    table = data.draw(tables())
    positions = data.draw(st.lists(st.integers(0, max(len(table) - 1, 0)), max_size=8)) if len(table) else []
    assert table.records_at(positions) == [_record(table, j) for j in positions]


@settings(max_examples=30, deadline=None)
@given(table=tables())
def test_columns_equal_the_fields_of_the_records(table):
    records = table.to_list()
    for name in ("name", "level", "row", "passed", "met_count", "unmet"):
        assert table.column(name) == [r[name] for r in records]
    for k in ("a", "b", "c"):
        for field in INDICATOR_COLUMNS:
            expected = [r["indicators"][k][field] if k in r["indicators"] else None for r in records]
            assert table.indicator_column(k, field) == expected
        assert table.has_indicator(k) == [k in r["indicators"] for r in records]


def test_an_empty_table_has_no_records():
    empty = SchoolParts(
        pd.DataFrame({c: [] for c in ("code", "name", "type_label", "level", "file", "ownership")}).assign(
            area=[],
            row=np.array([], dtype=int), students=np.array([], dtype=int), share=np.array([], dtype=float)
        ),
        {},
        pd.DataFrame({"met_count": np.array([], dtype=int), "passed": np.array([], dtype=bool), "unmet": []}),
    )
    assert empty.to_list() == [] and len(empty) == 0


def test_a_whole_number_column_past_int64_keeps_its_values_not_wrapped_integers():
    """A garbage count beyond 2**63 is written as the number it is (NaN and infinities as null), in the
    records and in report.json's text alike."""
    from balance_check.evaluate.school_table import _Column

    column = _Column(pd.Series([3.0, 1e19, np.nan, -4.0, np.inf]), "int")
    values = column.values(slice(None))
    assert values == [3, 1e19, None, -4, None]
    assert [type(v) for v in values[:2]] == [int, float]
    assert b",".join(column.texts(slice(None)).split()) == chunked.dumps(values)[1:-1]
    assert column.values(slice(0, 1)) == [3] and type(column.values(slice(0, 1))[0]) is int
