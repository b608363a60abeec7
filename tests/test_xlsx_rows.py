"""Sheet.add_rows writes the same sheet XML, byte for byte, as Sheet.add called row by row (with set_row
before a row whose height is given): the bulk path is an optimisation, never a second meaning. Each of
its column-at-a-time fast paths is checked on its own against the per-cell rule it replaces."""

import re
import sys
import zipfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from balance_check.report import xlsx_cells
from balance_check.report.xlsx_book import Sheet, open_book

FORMATS = [None, "text", "int", "num", "met", "near_text", "low_text", "total_text", "no-such-format"]
# Texts XlsxWriter treats specially: escapes, control characters, _xHHHH_ sequences, edge whitespace,
# rich-string look-alikes, formulas, long wrapped Chinese text, line breaks.
TRICKY = [
    "=HYPERLINK(\"http://x\")",
    "+1",
    "-x",
    "@y",
    "<r>a</r>",
    "a & b < c > d",
    " 前导空格",
    "末尾空格 ",
    "末尾换行\n",
    "a\x01b",
    "_x0041_",
    "\ufffe",
    "第一行\n第二行",
    "很长的学校名称" * 12,
    "",
    "\u3000",
    "\xa0不换行空格",
    "下一行\x85",
    "ab_x00",
    "41_cd",
    "   ",
    "\x1f",
    "a\x1fb",
    "\u3000前后\u3000",
    "a<b",
    "<",
    "\x1c",
    "\x85",
]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(TRICKY),
    st.text(max_size=40),
)
# A column of one kind (and None) takes a faster path than a mixed one: both are drawn.
KINDS = {
    "mixed": VALUES,
    "text": st.one_of(st.none(), st.sampled_from(TRICKY), st.text(max_size=40)),
    "plain text": st.one_of(st.none(), st.sampled_from(["城关镇小学", "达标", "很长的学校名称" * 12])),
    "float": st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    "int": st.one_of(st.none(), st.integers(min_value=-(10**18), max_value=10**18)),
}
WIDTHS = [6, 22, 14, 9, 60]


@st.composite
def row_lists(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    kinds = [draw(st.sampled_from(list(KINDS))) for _ in WIDTHS]
    columns = [draw(st.lists(KINDS[k], min_size=n, max_size=n)) for k in kinds]
    return [[col[i] for col in columns] for i in range(n)]


def _sheet_xml(path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def _book(path, write):
    wb, fmt = open_book(path)
    sh = Sheet(wb, fmt, "表", [(f"列{c}", w) for c, w in enumerate(WIDTHS)], county="某县", repeat_cols=2)
    write(sh)
    wb.close()
    return _sheet_xml(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# a row given a height and no cells: XlsxWriter writes no <row> for it in constant-memory mode
@example(rows=[[None] * 5] * 5, formats=[], heights=[1.0], column_format=None)
# rows without cells between rows with cells, in columns of one kind (the interleaved fast path)
@example(
    rows=[["甲", 1, 1.5, None, "乙"], [None] * 5, ["丙", 2, -0.0, None, "丁"], [None] * 5],
    formats=[[None, "int", "met", "low_text", None]],
    heights=[None, 30.0],
    column_format=None,
)
# texts the joined checks must not take for plain: "<", edge whitespace, \x1f, \u3000, empty
@example(
    rows=[["a<b", "", "   ", "\x1f", "\u3000x"], ["ok", "b", "x", "y", "z"]],
    formats=[],
    heights=[],
    column_format="text",
)
@given(
    rows=row_lists(),
    formats=st.lists(st.lists(st.sampled_from(FORMATS), min_size=len(WIDTHS), max_size=len(WIDTHS))),
    heights=st.lists(st.one_of(st.none(), st.floats(min_value=1, max_value=200)), max_size=12),
    column_format=st.sampled_from(FORMATS),
)
def test_add_rows_writes_the_same_sheet_xml_as_add_row_by_row(
    tmp_path, rows, formats, heights, column_format
):
    n = len(rows)
    per_row = [(formats[i] if i < len(formats) else [None] * len(WIDTHS)) for i in range(n)]
    per_row = [[column_format] + f[1:] for f in per_row]  # column 0 has one format for every row
    height = [heights[i] if i < len(heights) else None for i in range(n)]

    def one_by_one(sh):
        sh.add(["前面一行", 1])
        for values, fmts, h in zip(rows, per_row, height):
            if h is not None:
                sh.ws.set_row(sh.row, h)
            sh.add(values, fmts)
        sh.add([None, "后面一行"])

    def at_once(sh):
        sh.add(["前面一行", 1])
        columns = [[r[c] for r in rows] for c in range(len(WIDTHS))]
        fmts = [column_format] + [[f[c] for f in per_row] for c in range(1, len(WIDTHS))]
        sh.add_rows(columns, fmts, height)
        sh.add([None, "后面一行"])

    assert _book(tmp_path / "a.xlsx", at_once) == _book(tmp_path / "b.xlsx", one_by_one)


def test_add_rows_of_nothing_leaves_the_sheet_as_it_was(tmp_path):
    def nothing(sh):
        sh.add(["一行"])
        sh.add_rows([[] for _ in WIDTHS])

    def plain(sh):
        sh.add(["一行"])

    assert _book(tmp_path / "a.xlsx", nothing) == _book(tmp_path / "b.xlsx", plain)


def test_record_columns_read_a_table_of_records_once_and_equal_one_column_at_a_time():
    from balance_check.report.school_columns import record_column, record_columns

    class Counted(list):
        reads = 0

        def __iter__(self):
            Counted.reads += 1
            return super().__iter__()

    rows = Counted({"a": i, "b": str(i), "c": None} for i in range(5))
    got = record_columns(rows, ("a", "b", "c"))
    assert Counted.reads == 1
    assert got == {k: record_column(list(rows), k) for k in ("a", "b", "c")}


# --- the fast paths one by one, each against the per-cell rule it replaces ---------------------------

DEFAULTS = (11, 12, 13)  # text, int, num format indices
XFS = st.one_of(st.none(), st.integers(min_value=0, max_value=30))


@st.composite
def columns_with_formats(draw):
    kind = draw(st.sampled_from(list(KINDS) + ["none", "zeros"]))
    values = {"none": st.none(), "zeros": st.sampled_from([0.0, -0.0, None])}.get(kind, KINDS.get(kind))
    column = draw(st.lists(values, max_size=12))
    per_row = draw(st.booleans())
    xfs = draw(st.lists(XFS, min_size=len(column), max_size=len(column))) if per_row else draw(XFS)
    return column, xfs


def _joined(slots, m):
    return ["".join(s if isinstance(s, str) else s[i] for s in slots) for i in range(m)]


@settings(max_examples=300, deadline=None)
@example(column_xfs=(["", "a<b", "   ", "\x1f", "\u3000", None], None))
@example(column_xfs=([0.0, -0.0, 0.0, 0.0, 0.0], 5))
@example(column_xfs=([None, None], [None, 3]))
@example(column_xfs=([1.5, None, float("nan")], None))
@example(column_xfs=([10**17, 3, 3, 3], None))
@given(column_xfs=columns_with_formats())
def test_column_slots_join_to_the_cells_written_one_by_one(column_xfs):
    column, xfs = column_xfs
    rows = [str(r) for r in range(2, 2 + len(column))]
    per_cell = xfs if isinstance(xfs, list) else [xfs] * len(column)
    try:
        expected = xlsx_cells.cells_one_by_one("C", rows, column, per_cell, DEFAULTS)
    except TypeError:  # NaN: XlsxWriter refuses it, and so does the fast path
        return
    slots, empty = xlsx_cells.column_slots("C", rows, column, xfs, DEFAULTS)
    assert _joined(slots, len(column)) == expected
    assert (empty.tolist() if empty is not None else [False] * len(column)) == [c == "" for c in expected]


def _plain_one_by_one(texts):
    return all(xlsx_cells._SPECIAL.search(t) is None and len(t) <= xlsx_cells._STRMAX // 2 for t in texts)


@settings(max_examples=300, deadline=None)
@example(texts=[])
@example(texts=[""])
@example(texts=["", ""])
@example(texts=["   "])
@example(texts=["a", "\x1f"])
@example(texts=["\u3000a"])
@example(texts=["a\u3000"])
@example(texts=["a\x85", "b"])
@example(texts=["a", "\xa0b"])
@example(texts=["a<b"])
@example(texts=["<"])
@example(texts=["ab_x00", "41_cd"])
@example(texts=["a" * (xlsx_cells._STRMAX // 2 + 1)])
@example(texts=["a\n", "b"])
@given(texts=st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=12)), max_size=8))
def test_texts_checked_together_are_plain_exactly_when_each_one_is(texts):
    assert xlsx_cells._plain_texts(texts) == _plain_one_by_one(texts)


def test_regular_expression_whitespace_is_str_isspace_for_every_character():
    """The joined check finds a text's edge whitespace with \\s; XlsxWriter decides with \\s too, the
    per-text rule it replaced with str.isspace: all three agree on every code point."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(r"\s", every) == [c for c in every if c.isspace()]
    for c in "\x1c\x1d\x1e\x1f\x85\xa0\u3000":
        assert c.isspace() and re.fullmatch(r"\s", c)


@settings(max_examples=200, deadline=None)
@example(numbers=[0.0, -0.0, 0.0, 0.0])
@example(numbers=[-0.0, -0.0, -0.0, 1.0])
@example(numbers=[1, 1, 1, 2])
@example(numbers=[2**53 + 1, 2**53 + 1, 10**17, 10**17])
@example(numbers=[2**53, -(2**53), 2**53 - 1, 0])
@example(numbers=[2**53, 2**53 + 1])
@example(numbers=[-(2**53) - 1, 5])
@given(
    numbers=st.one_of(
        st.lists(st.sampled_from([0.0, -0.0, 1.5, 1e16, 1e-5, 2 / 3]), max_size=20),
        st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=20),
        st.lists(st.integers(min_value=-(10**18), max_value=10**18), max_size=20),
        st.lists(st.integers(min_value=-3, max_value=3), max_size=20),
    )
)
def test_numbers_formatted_once_per_distinct_value_read_as_each_is_written(numbers):
    assert xlsx_cells._number_texts(numbers) == [f"{v:.16G}" for v in numbers]


def test_rows_copied_into_the_sheet_as_bytes_equal_xlsxwriters_text_copy(tmp_path):
    """_Worksheet copies the constant-memory row file into the sheet as bytes; XlsxWriter's own
    worksheet decodes and encodes it again. Line breaks, carriage returns (escaped), CJK and characters
    beyond the BMP come out the same, over more than one copy buffer."""
    import xlsxwriter.worksheet

    rows = [["第一行\n第二行", "a\r\nb", "\U0001f600", 1.5, "末尾换行\n"]] * 3
    rows += [["很长的学校名称" * 9] * 5] * 3000

    def write(path, plain):
        wb, fmt = open_book(path)
        if plain:
            wb.worksheet_class = xlsxwriter.worksheet.Worksheet
        sh = Sheet(wb, fmt, "表", [(f"列{c}", w) for c, w in enumerate(WIDTHS)], county="某县")
        sh.add_rows([[r[c] for r in rows] for c in range(len(WIDTHS))])
        sh.add(["后面一行\r", 2])
        assert isinstance(sh.ws, xlsxwriter.worksheet.Worksheet)
        assert (type(sh.ws) is xlsxwriter.worksheet.Worksheet) == plain
        wb.close()
        return _sheet_xml(path)

    ours = write(tmp_path / "a.xlsx", plain=False)
    assert len(ours) > 2 * 65536 and b"_x000D_" in ours
    assert ours == write(tmp_path / "b.xlsx", plain=True)
