"""Sheet.add_rows writes the same sheet XML, byte for byte, as Sheet.add called row by row (with set_row
before a row whose height is given): the bulk path is an optimisation, never a second meaning."""

import zipfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

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
