"""The column-at-a-time reading and school checks give exactly what their per-cell (per-school)
definitions give, for any cells: text cleaning, missing cells, codes, names, 办学类型, percents, empty
cells, per-type answers and the school rule's unmet lists."""

import datetime
import math

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from balance_check.evaluate.indicators import _unmet_lists
from balance_check.evaluate.school_items import _fmt as item_fmt
from balance_check.evaluate.school_items import _texts, per_type
from balance_check.evaluate.school_items import applicable as item_applicable
from balance_check.reading.cells import (
    EMPTY,
    FLOAT,
    INT,
    OTHER,
    TEXT,
    cell_kinds,
    is_missing,
    parse_numbers,
    text_cells,
)
from balance_check.reading.checks import TypeCodes, _fmt, _plain, _shown_values, is_school_code, needed
from balance_check.reading.headers import normalise
from balance_check.reading.not_schools import _nonempty
from balance_check.reading.schools import (
    _clean_code,
    _clean_name,
    _filled_rows,
    _percent_text,
    _percent_texts,
    _type_known,
    clean_codes,
    clean_names,
)
from balance_check.standard import load_standard

TOKENS = ["", " ", "—", "——", "无", "空", "N/A", "ｎｕｌｌ", "NaN", "－", "／", " / ", "\u3000无\u3000"]
WORDS = ["初中", "小学", " 城区 ", "公办", "东关 小学", "东关\u3000\u3000小学", "12%", "１２％", "55", " 7 "]
cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(TOKENS + WORDS),
    st.sampled_from(["410102000.0", "123", "0410102000", "41010200001", "12.5", "abc", "00123.0"]),
    st.just(datetime.datetime(2020, 1, 1)),
    st.just(pd.NaT),
    st.just(np.float64("nan")),
    st.just(np.float64(3.5)),
    st.text(max_size=12),
)


def _column(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(cells, max_size=40))
def test_text_cells_give_is_missing_and_the_stripped_text_of_every_cell(values):
    text, missing = text_cells(_column(values))
    assert missing.tolist() == [is_missing(v) for v in values]
    assert text.tolist() == [None if is_missing(v) else str(v).strip() for v in values]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=25))
def test_cell_kinds_name_each_cells_exact_type(rows):
    grid = np.empty((len(rows), 3), dtype=object)
    grid[:] = rows
    exact = {float: FLOAT, int: INT, str: TEXT, type(None): EMPTY}
    want = [[exact.get(type(v), OTHER) for v in r] for r in rows]
    assert cell_kinds(grid).tolist() == want
    assert [cell_kinds(grid[i]).tolist() for i in range(len(rows))] == want


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(cells, min_size=3, max_size=3), max_size=25))
def test_filled_rows_are_the_rows_with_any_cell_that_is_not_missing(rows):
    grid = np.empty((len(rows), 3), dtype=object)
    if rows:
        grid[:] = rows
    want = [i for i, r in enumerate(rows) if any(not is_missing(v) for v in r)]
    assert _filled_rows(grid, cell_kinds(grid)).tolist() == want


@settings(max_examples=150, deadline=None)
@given(st.lists(cells, max_size=40))
def test_names_and_codes_are_cleaned_as_the_per_cell_rules_clean_them(values):
    text = pd.Series(text_cells(_column(values))[0], dtype=object)

    def twice(rule):  # the per-cell definition: rule on the cleaned text, then cleaned again
        once = [rule(v) for v in text.tolist()]
        return [None if is_missing(v) else str(v).strip() for v in once]

    assert clean_names(text).tolist() == twice(_clean_name)
    assert clean_codes(text).tolist() == twice(_clean_code)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["小学", " 初中", "九年一贯制学校", "幼儿园", "完全中学", "特教", "xx"]) | st.none()
    )
)
def test_known_types_are_what_normalising_each_text_finds(values):
    lookup = {"小学": "p", "初中": "j", "九年一贯制学校": "n"}
    got = _type_known(pd.Series(values, dtype=object), lookup)
    assert got.tolist() == [v is not None and normalise(v)[0] in lookup for v in values]


@settings(max_examples=150, deadline=None)
@given(st.lists(cells, max_size=40))
def test_percent_texts_read_each_text_cell_as_the_per_cell_rule_does(values):
    got = _percent_texts(pd.Series(values, dtype=object)).tolist()
    want = [_percent_text(v) if isinstance(v, str) else v for v in values]
    for g, w in zip(got, want):
        assert g is w or g == w or (isinstance(g, float) and math.isnan(g) and math.isnan(w))


@settings(max_examples=100, deadline=None)
@given(st.lists(cells, max_size=40))
def test_numbers_parsed_with_known_cell_kinds_equal_numbers_parsed_without(values):
    raw = pd.Series(values, dtype=object).to_numpy()
    with_kinds = parse_numbers(raw, cell_kinds(raw))
    for a, b in zip(with_kinds, parse_numbers(raw)):
        np.testing.assert_array_equal(a, b)  # NaN where NaN


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(cells, min_size=4, max_size=4), min_size=1, max_size=20))
def test_nonempty_cells_are_those_neither_na_nor_empty_text(rows):
    grid = pd.DataFrame(rows, dtype=object)
    want = (grid.notna() & (grid != "")).to_numpy()
    assert (_nonempty(grid.to_numpy(dtype=object), None) == want).all()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.floats(allow_nan=True), st.booleans(), st.integers(0, 3), st.text(max_size=3))
    )
)
@example([0.0, -0.0])  # equal as keys, not the same text
def test_problem_values_are_shown_as_each_value_alone_is_shown(values):
    shown, plain = _shown_values(values)
    assert shown == [_fmt(v) for v in values]
    assert [repr(p) for p in plain] == [repr(_plain(v)) for v in values]  # repr: NaN is not NaN's equal


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e5) | st.integers(0, 200) | st.just(math.nan), max_size=30))
def test_item_texts_are_the_numbers_each_formatted(values):
    numbers = pd.Series(values, dtype="float64")
    assert _texts(numbers).tolist() == [item_fmt(v) for v in numbers.tolist()]


TYPES = list(load_standard("national-2017").school_types)


def _needed_by_one_school(standard, field: str, type_key) -> bool:
    """Whether a school of this type must fill `field` (its counts all positive), read from the standard."""
    spec = standard.fields[field]
    if spec.get("optional"):
        return False
    if spec.get("needed_when_positive"):
        return True
    if not isinstance(type_key, str):
        return False
    own = standard.school_types[type_key]
    return standard.applicable(field).get(type_key) is True and field in own.get("needs_only", [field])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(TYPES) | st.none(), max_size=30),
    st.sampled_from(["primary_students", "junior_classes", "name"]),
)
def test_per_type_answers_equal_the_answer_for_each_school(keys, field):
    standard = load_standard("national-2017")
    schools = pd.DataFrame({"type_key": pd.Series(keys, dtype=object)})
    answer = standard.applicable(field)
    each = schools["type_key"].map(answer).eq(True).tolist()  # the per-school definition
    assert TypeCodes(schools["type_key"]).spread(answer).tolist() == each
    assert item_applicable(schools, standard, field).tolist() == each
    frame = schools.assign(**{f: 1.0 for f in standard.fields if standard.fields[f]["kind"] != "text"})
    need = [_needed_by_one_school(standard, field, t) for t in keys]  # every count is 1: all positive
    assert needed(frame, standard, field, TypeCodes(frame["type_key"])).tolist() == need
    assert needed(frame, standard, field).tolist() == need
    group = per_type(schools, lambda t: standard.school_types[t].get("size_group")).tolist()
    assert group == [standard.school_types[t].get("size_group") if isinstance(t, str) else None for t in keys]


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from([1, 4, 7, 63, 70]).flatmap(
        lambda k: st.lists(st.lists(st.booleans(), min_size=k, max_size=k))
    )
)
def test_unmet_lists_name_the_marked_columns_of_each_row(rows):
    width = len(rows[0]) if rows else 4
    cols = [f"i{j}" for j in range(width)]
    frame = pd.DataFrame(rows, columns=cols, dtype=bool) if rows else pd.DataFrame(columns=cols, dtype=bool)
    got = _unmet_lists(frame, frame.columns)
    assert got == [tuple(c for c, m in zip(cols, r) if m) for r in rows]
    assert all(isinstance(u, tuple) for u in got)  # shared between rows, so never a mutable list


CODES = ["4101020001", "410102000１", "٤١٠١٠٢٠٠٠١", "41010200²1", "41010200011", " 4101020001"]


@settings(max_examples=150, deadline=None)
@given(st.lists(cells | st.sampled_from(CODES)))
def test_school_codes_are_what_the_ten_digit_pattern_accepts(values):
    codes = pd.Series(values, dtype=object)
    want = codes.isna() | codes.astype(str).str.fullmatch(r"\d{10}")
    assert is_school_code(codes).tolist() == want.astype(bool).tolist()


def test_a_merge_filled_down_copies_the_rows_it_fills_and_leaves_the_rows_as_read():
    from balance_check.problems import ProblemLog
    from balance_check.reading.merges import body_merges

    rows = [["甲小学", "小学", 1.0], ["乙小学", "", 2.0], ["丙小学", "", 3.0], ["丁中学", "初中", 4.0]]
    body = list(rows)
    as_read = [list(r) for r in rows]
    bad = body_merges(
        body, [((1, 1), (3, 1)), ((1, 2), (2, 2))], 1, {2: "在校生数"}, {1: "办学类型"}, "学校", ProblemLog()
    )
    assert rows == as_read  # the rows calamine returned are not written to
    assert [r[1] for r in body] == ["小学", "小学", "小学", "初中"]
    assert body[0] is rows[0] and body[3] is rows[3]  # rows no merge fills are not copied
    assert bad == {1: [("在校生数", "C2:C3")], 2: [("在校生数", "C2:C3")]}
