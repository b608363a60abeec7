"""The planner's array forms equal the frame forms they replace, value for value (bit for bit), on
generated inputs: the numerators after the additions (plan/apply.py), texts made once per distinct row
(plan/words.py), truth-value columns as arrays (plan/arrays.py)."""

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from balance_check.plan.apply import numerators_after, raws, with_additions
from balance_check.plan.arrays import flags
from balance_check.plan.county import _n
from balance_check.plan.words import format_rows
from balance_check.standard import load_standard

STANDARD = load_standard()
LEVELS = STANDARD.evaluated_levels
FIELDS = sorted({f for ind in STANDARD.indicators for f in ind["numerator"].values()})
CASES = [c for c in STANDARD.data["special_cases"] if c.get("add_to_indicator")]
CASE_FIELDS = {"area": ["乡村", "城区"], "dense_central_urban": ["是", "否"]}
CASE_NUMBERS = ["primary_students", "junior_students", "shared_pe_art_teachers", "extra_sports_space"]
values = st.sampled_from([0.0, -0.0, 1.0, 2.5, 37.0, 1e-9, 123456.78, float("nan")])


def same_bits(a, b) -> bool:
    """Equal as doubles, zero's sign included; NaN equals NaN."""
    a, b = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    both_nan = np.isnan(a) & np.isnan(b)
    return bool((both_nan | ((a == b) & (np.signbit(a) == np.signbit(b)))).all())


@st.composite
def parts_and_additions(draw):
    n = draw(st.integers(1, 10))
    schools = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    frame = {
        "level": draw(st.lists(st.sampled_from(LEVELS), min_size=n, max_size=n)),
        "share": draw(st.lists(st.sampled_from([1.0, 0.5, 0.3, 1 / 3]), min_size=n, max_size=n)),
        "school_index": schools,
    }
    for f in FIELDS + CASE_NUMBERS:
        frame[f] = draw(st.lists(values, min_size=n, max_size=n))
    for f, choices in CASE_FIELDS.items():
        frame[f] = draw(st.lists(st.sampled_from(choices), min_size=n, max_size=n))
    parts = pd.DataFrame(frame, index=pd.RangeIndex(n) + draw(st.sampled_from([0, 100])))
    listed = draw(st.lists(st.integers(0, 7), unique=True, max_size=8))  # 6, 7: no part of theirs
    columns = draw(st.lists(st.sampled_from(FIELDS + ["not_an_input_column"]), unique=True))
    additions = pd.DataFrame(
        {c: draw(st.lists(values, min_size=len(listed), max_size=len(listed))) for c in columns},
        index=pd.Index(listed, dtype="int64"),
        columns=pd.Index(columns, dtype=object),
    )
    cases = draw(st.sampled_from([[], CASES]))
    return parts, additions, cases


@settings(max_examples=150, deadline=None)
@given(parts_and_additions())
@example(  # no school listed, no column: the parts as they are
    (
        pd.DataFrame({"level": LEVELS[:1], "share": [1.0], "school_index": [0]} | {f: [1.0] for f in FIELDS}),
        pd.DataFrame(index=pd.Index([], dtype="int64")),
        [],
    )
)
def test_numerators_after_the_additions_equal_the_evaluators_on_the_frame_with_them(case):
    parts, additions, cases = case
    want = raws(with_additions(parts, additions), STANDARD, cases)
    got = numerators_after(parts, additions, STANDARD, cases)
    assert want.keys() == got.keys()
    for key, series in want.items():
        assert same_bits(got[key], series.to_numpy(dtype="float64")), key


numbers = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, 12.0, 96.0, 0.5, float("nan"), float("inf"), -float("inf")]),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 3).flatmap(lambda k: st.lists(st.tuples(*[numbers] * k), max_size=30)))
@example([])
@example([(0.0,), (-0.0,), (float("nan"),), (0.0,)])  # zeros of both signs and NaN keep their own texts
@example([(2.0, 96.0), (2.0, 90.0), (2.0, 96.0), (3.0, 96.0)])
def test_texts_made_once_per_distinct_row_are_the_texts_of_every_row(rows):
    k = len(rows[0]) if rows else 1
    columns = [np.array([r[j] for r in rows], dtype="float64") for j in range(k)]
    calls = []

    def make(*values):
        calls.append(values)
        return "|".join(_n(v) if np.isfinite(v) else repr(v) for v in values)

    got = format_rows(make, *columns)
    assert got.dtype == object and got.tolist() == [make(*r) for r in zip(*(c.tolist() for c in columns))]
    distinct = {tuple(c.view(np.int64)[i] for c in columns) for i in range(len(rows))}
    assert len(calls) - len(rows) == len(distinct)  # one call per distinct row (and one per row above)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([True, False, None]), max_size=12),
    st.sampled_from([bool, object, "boolean"]),
)
def test_a_truth_value_column_reads_as_the_evaluators_filled_column(values, dtype):
    if dtype is bool:
        values = [bool(v) for v in values]
    column = pd.Series(values, dtype=dtype)
    got = flags(column)
    assert got.dtype == bool
    assert got.tolist() == column.fillna(False).to_numpy(dtype=bool).tolist() == [bool(v) for v in values]
