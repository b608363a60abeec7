"""report.json's tables are written from their columns' texts (chunked.assemble) without making their
records: the bytes are those orjson writes for the records, for any values — texts with quotes,
backslashes, commas and control characters, null among texts, numbers that are equal but read
differently (1, 1.0, True), -0.0, NaN and infinities."""

import datetime
import math

import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_check import chunked
from balance_check.chunked import JSON_OPTIONS, assemble, numbers, strings, values_texts
from balance_check.problems import Problem, ProblemCode, ProblemTable, Severity

PIECES = ['"', "\\", ",", "\x00", "\n", "a", "学", '","', "é"]
AWKWARD = st.lists(st.sampled_from(PIECES), max_size=5).map("".join)
SOME_TEXT = st.one_of(st.text(max_size=4), AWKWARD)
TEXTS = st.one_of(st.none(), SOME_TEXT)
FLOATS = st.floats(allow_nan=True, allow_infinity=True)
SCALARS = st.one_of(TEXTS, FLOATS, st.integers(-(10**12), 10**12), st.booleans())
VALUES = st.one_of(SCALARS, st.lists(TEXTS, max_size=3))


def _dumps(value) -> bytes:
    return orjson.dumps(value, option=JSON_OPTIONS)


def _texts(t) -> list:
    return t.split()


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, max_size=12))
def test_a_text_columns_texts_are_each_values_json(values):
    t = strings(values)
    got = [b'"' + x + b'"' for x in _texts(t)] if t.quoted else _texts(t)
    assert got == [_dumps(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(VALUES, max_size=12))
def test_any_columns_texts_are_each_values_json(values):
    assert _texts(values_texts(values)) == [_dumps(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), FLOATS, st.booleans(), st.integers(-(10**15), 10**15)), max_size=12))
def test_a_number_lists_texts_are_each_values_json(values):
    assert _texts(numbers(values)) == [_dumps(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(FLOATS, max_size=12), st.sampled_from(["float64", "int64"]))
def test_a_number_arrays_texts_are_those_of_its_python_values(values, dtype):
    array = np.array(values, dtype="float64")
    if dtype == "int64":
        array = np.nan_to_num(array, posinf=0, neginf=0).clip(-(2**53), 2**53).astype(np.int64)
    expected = [None if isinstance(v, float) and not math.isfinite(v) else v for v in array.tolist()]
    assert _texts(numbers(array[::-1][::-1])) == [_dumps(v) for v in expected]


@st.composite
def layouts(draw):
    """Records of a few fields (and a nested object) and their layout for assemble."""
    n = draw(st.integers(0, 9))
    kinds = draw(st.lists(st.sampled_from(["text", "number", "any", "array"]), min_size=1, max_size=5))
    columns = []
    for kind in kinds:
        if kind == "text":
            columns.append(draw(st.lists(TEXTS, min_size=n, max_size=n)))
        elif kind == "number":
            scalars = st.one_of(st.none(), FLOATS, st.booleans())
            columns.append(draw(st.lists(scalars, min_size=n, max_size=n)))
        elif kind == "array":
            columns.append(np.array(draw(st.lists(FLOATS, min_size=n, max_size=n)), dtype="float64"))
        else:
            columns.append(draw(st.lists(VALUES, min_size=n, max_size=n)))
    keys = [f"k{j}" for j in range(len(kinds))]
    nested = draw(st.integers(0, len(kinds)))  # fields from here on sit in a nested object
    records = []
    for i in range(n):
        values = [c[i] for c in columns]
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
        values = [None if isinstance(v, float) and not math.isfinite(v) else v for v in values]
        r = dict(zip(keys[:nested], values[:nested]))
        r["inner"] = dict(zip(keys[nested:], values[nested:]))
        records.append(r)
    layout = []
    for j, (kind, col) in enumerate(zip(kinds, columns)):
        if j == nested:
            layout.append((b"," if j else b"{") + b'"inner":{')
            sep = b""
        else:
            sep = b"," if j else b"{"
        layout.append(sep + _dumps(keys[j]) + b":")
        if kind == "text":
            layout.append(strings(col))
        elif kind in ("number", "array"):
            layout.append(numbers(col))
        else:
            layout.append(values_texts(col))
    if nested == len(kinds):
        layout.append(b',"inner":{')
    layout.append(b"}}")
    return n, layout, records


@settings(max_examples=300, deadline=None)
@given(layouts())
def test_assembled_records_read_as_orjson_writes_the_records(case):
    n, layout, records = case
    assert b"[" + assemble(n, layout) + b"]" == _dumps(records)


@st.composite
def problem_lists(draw):
    n = draw(st.integers(0, 9))
    cell = st.one_of(
        SCALARS,
        st.sampled_from([np.float64(2.5), np.float64("nan"), datetime.date(2026, 9, 1), -0.0, 1, 1.0, True]),
    )
    return [
        Problem(
            draw(SOME_TEXT),
            draw(st.one_of(st.none(), st.integers(1, 10**6))),
            draw(TEXTS),
            draw(st.sampled_from(list(Severity))),
            draw(st.sampled_from(list(ProblemCode))),
            draw(SOME_TEXT),
            draw(TEXTS),
            draw(cell),
            None,
            draw(TEXTS),
        )
        for _ in range(n)
    ]


@settings(max_examples=200, deadline=None)
@given(problem_lists(), st.integers(1, 4))
def test_the_problem_tables_chunk_texts_are_what_orjson_writes_for_its_records(problems, chunk):
    table = ProblemTable(problems)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(chunked, "CHUNK", chunk)
        texts = list(table.encoded_chunks())
    assert b"[" + b",".join(texts) + b"]" == _dumps([p.to_dict() for p in problems])
