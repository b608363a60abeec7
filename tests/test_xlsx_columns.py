"""The gap workbook's column-at-a-time measures equal their per-text and per-row rules: wrapped-text
lines, ledger row heights, the 未达标指标及缺口 texts, the largest variance shares, and the columns taken
from a table of records."""

import heapq
import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from balance_check.chunked import ChunkedTable
from balance_check.report import xlsx_ledger, xlsx_lines
from balance_check.report.school_columns import RecordColumns, record_columns, take
from balance_check.report.words import shortfall_text
from balance_check.report.xlsx_report import _gaps, _top_contributors

# Texts a width is measured on: CJK (two units), full-width signs, ASCII, characters GBK lacks (one unit:
# "?"), lone surrogates, characters beyond the BMP, line breaks, empty texts.
TEXTS = st.one_of(
    st.sampled_from(
        ["", "\n", "城关镇第一小学", "㎡—", "a\nb", "很长" * 40, "\ud800", "\U0001f600", "€", "\x85"]
    ),
    st.text(max_size=30),
)


@settings(max_examples=300, deadline=None)
@example(texts=[])
@example(texts=["", "", ""])
@example(texts=["a\nb", "城关"])
@given(texts=st.lists(TEXTS, max_size=20))
def test_text_widths_of_a_column_equal_each_text_measured_alone(texts):
    assert xlsx_lines.text_widths(texts).tolist() == [xlsx_lines.text_width(t) for t in texts]


def test_texts_are_measured_in_blocks_like_one_text_at_a_time(monkeypatch):
    monkeypatch.setattr(xlsx_lines, "BLOCK", 3)
    texts = ["城关", "", "ab", "a\nb", "第二", "x" * 7, "—", "很长的学校名称\n" * 3, None, 5]
    got = xlsx_lines.column_lines(texts, 6)
    assert got.tolist() == [xlsx_lines.lines_needed(t, 6) if isinstance(t, str) else 1 for t in texts]
    texts = texts[:-2]
    assert xlsx_lines.text_widths(texts).tolist() == [xlsx_lines.text_width(t) for t in texts]


@settings(max_examples=300, deadline=None)
@example(values=["短", "很长的学校名称" * 4, None, 3, "\n\n"], width=22)
@example(values=[1.5, None], width=6)
@example(values=["一二三四五六七八九十"], width=0.5)
@given(
    values=st.lists(st.one_of(TEXTS, st.none(), st.integers(), st.floats(allow_nan=False)), max_size=15),
    width=st.one_of(st.integers(min_value=0, max_value=80), st.floats(min_value=0.5, max_value=80)),
)
def test_column_lines_equal_lines_needed_text_by_text(values, width):
    expected = [xlsx_lines.lines_needed(v, width) if isinstance(v, str) else 1 for v in values]
    assert xlsx_lines.column_lines(values, width).tolist() == expected


def _ledger_height_of_a_row(texts):
    """The per-row rule the ledger's heights were made by."""
    lines = 1
    for text, (_, width) in zip(texts, xlsx_ledger.COLUMNS[1:4]):
        lines = max(lines, -(-len(text or "") * 2 // int(width)))
    return 14.0 * lines + 2


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(TEXTS, st.one_of(TEXTS, st.none()), TEXTS), max_size=15))
def test_ledger_row_heights_equal_the_per_row_rule(rows):
    columns = tuple(list(c) for c in zip(*rows)) if rows else ([], [], [])
    got = xlsx_ledger._heights(columns)
    assert got == [_ledger_height_of_a_row(r) for r in rows]
    assert all(type(h) is float for h in got)


INDICATORS = [
    {"id": "t", "name": "教师", "unit": "人", "shortfall": "whole"},
    {"id": "a", "name": "面积", "unit": "㎡"},
    {"id": "r", "name": "教室", "unit": "", "shortfall": "whole"},
]
SHORTFALLS = st.one_of(st.none(), st.sampled_from([0.0, -0.0, 1.0, 2, 120.5, -3.0]), st.floats(-1e6, 1e6))


@st.composite
def school_records(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    out = []
    for _ in range(n):
        present = draw(st.lists(st.sampled_from(INDICATORS), unique_by=lambda i: i["id"]))
        out.append(
            {
                "name": draw(st.sampled_from(["甲校", "乙校", "丙校"])),
                "indicators": {
                    i["id"]: {"shortfall": draw(SHORTFALLS), "cv_share": draw(st.one_of(st.none(), SHARES))}
                    for i in present
                },
                "unmet": draw(st.lists(st.sampled_from(["a", "t", "r", "x"]), unique=True)),
            }
        )
    return out


SHARES = st.sampled_from([0.0, -0.0, 0.1, 0.25, 0.5, 0.25])


def _gaps_row_by_row(inds, records):
    """The per-row rule the gap texts were made by."""
    return [
        "；".join(
            f"{i['name']}{shortfall_text(i, {'shortfall': _entry(s, i).get('shortfall')})}"
            for i in inds
            if i["id"] in s["unmet"]
        )
        if s["unmet"]
        else ""
        for s in records
    ]


def _entry(record, ind):
    return record["indicators"].get(ind["id"]) or {}


@settings(max_examples=100, deadline=None)
@given(records=school_records(), data=st.data())
def test_gap_texts_made_an_indicator_at_a_time_equal_the_per_row_rule(records, data):
    positions = st.integers(0, max(len(records) - 1, 0))
    rows = data.draw(st.lists(positions, max_size=len(records))) if records else []
    t = RecordColumns(records)
    assert _gaps(INDICATORS, t, rows) == _gaps_row_by_row(INDICATORS, [records[r] for r in rows])


def _top_by_heap(t, rows, key, n=3):
    """The rule the ranking was made by: heapq.nsmallest, ties in table order."""
    rows = [r for r, p in zip(rows, take(t.has_indicator(key), rows)) if p]
    shares = take(t.indicator_column(key, "cv_share"), rows)
    ranked = heapq.nsmallest(n, range(len(rows)), key=lambda j: -(shares[j] or 0))
    names = t.column("name")
    return "；".join(f"{names[rows[j]]}（{shares[j]:.0%}）" for j in ranked if shares[j])


@settings(max_examples=100, deadline=None)
@given(records=school_records(), key=st.sampled_from(["t", "a", "r"]), n=st.integers(1, 4))
def test_largest_variance_shares_equal_a_stable_heap_selection(records, key, n):
    t = RecordColumns(records)
    rows = list(range(len(records)))
    assert _top_contributors(t, rows, key, n) == _top_by_heap(t, rows, key, n)


@given(values=st.lists(st.integers(), max_size=10), data=st.data())
def test_take_gathers_the_values_at_the_rows(values, data):
    rows = data.draw(st.lists(st.integers(0, len(values) - 1), max_size=12)) if values else []
    assert take(values, rows) == [values[i] for i in rows]


class _Records(ChunkedTable):
    made = 0

    def __init__(self, n):
        self._n = n

    def _records(self, start, stop):
        _Records.made += stop - start
        return [{"a": i, "b": str(i), "c": None, "d": math.pi * i} for i in range(start, stop)]


def test_record_columns_take_a_chunked_table_a_chunk_at_a_time_and_make_each_record_once():
    table = _Records(10_000)  # three chunks
    got = record_columns(table, ("a", "b", "c", "d"))
    assert _Records.made == 10_000
    records = list(table)
    assert got == {k: [r[k] for r in records] for k in ("a", "b", "c", "d")}
    assert record_columns(table, ("b",)) == {"b": [r["b"] for r in records]}
