"""Rows that are not schools are found by what they hold: sums, single values, numbering — not by words."""

import python_calamine
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shapes.compare import assert_same_results
from shapes.make_shapes import CLEAN, TEXT_COLUMNS

from balance_check.evaluate import evaluate
from balance_check.reading import read_rows, read_workbook
from balance_check.standard import load_standard

STANDARD = load_standard("national-2017")
BASE = read_workbook(CLEAN, STANDARD)
CLEAN_REPORT = evaluate(BASE, STANDARD)
ROWS = python_calamine.CalamineWorkbook.from_path(str(CLEAN)).get_sheet_by_name("学校").to_python()
HEADER, BODY = ROWS[0], ROWS[1:]
WIDTH = len(HEADER)
TOTAL_WORDS = ("小计", "合计", "总计")
NAMES = {r[1] for r in BODY}

# Names a county might give a sum row: town names, 全县, 城区学校 … — any CJK text without the total words.
label = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=8
).filter(lambda s: not any(w in s for w in TOTAL_WORDS) and s not in NAMES)


def _sum_row(block: list[list], name: str) -> list:
    row = [None] * WIDTH
    for c in range(TEXT_COLUMNS, WIDTH):
        vals = [r[c] for r in block if isinstance(r[c], (int, float))]
        row[c] = sum(vals) if vals else None
    row[1] = name
    return row


def _read(rows):
    data = read_rows(rows, STANDARD, county=BASE.county, quality=BASE.quality)
    return evaluate(data, STANDARD)


@st.composite
def messy_tables(draw):
    cuts = sorted(draw(st.sets(st.integers(1, len(BODY) - 1), max_size=6)))
    blocks = [BODY[a:b] for a, b in zip([0, *cuts], [*cuts, len(BODY)])]
    rows = []
    for block in blocks:
        rows += [list(r) for r in block]
        if draw(st.booleans()):
            rows.append(_sum_row(block, draw(label)))
    if draw(st.booleans()):
        rows.append(_sum_row(BODY, draw(label)))
    for _ in range(draw(st.integers(0, 4))):  # headings and notes, one value anywhere in the row
        text = draw(
            st.text(
                alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=2, max_size=20
            )
        )
        row = [None] * WIDTH
        row[draw(st.integers(0, WIDTH - 1))] = text
        rows.insert(draw(st.integers(0, len(rows))), row)
    return rows


def _heading(text: str, column: int = 0) -> list:
    row = [None] * WIDTH
    row[column] = text
    return row


def _every_kind_of_row() -> list[list]:
    """Four blocks, each under a heading and closed by a subtotal named after its town, then a grand
    total and a note in the last column."""
    size = -(-len(BODY) // 4)
    rows = []
    for n, town in enumerate(["城关镇", "东坝乡", "西河镇", "南山乡"]):
        block = [list(r) for r in BODY[n * size : (n + 1) * size]]
        rows += [_heading(f"{'一二三四'[n]}、{town}学校")] + block + [_sum_row(block, town)]
    return rows + [_sum_row(BODY, "全县"), _heading("注：数据截至本学年初", WIDTH - 1)]


# Each example is a whole county's table read and evaluated: fewer random tables, and the two extremes
# (every kind of row at once; only a grand total) always run.
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(_every_kind_of_row())
@example([list(r) for r in BODY] + [_sum_row(BODY, "全县")])
@given(messy_tables())
def test_sum_heading_and_note_rows_change_nothing(rows):
    report = _read([HEADER] + rows)
    assert_same_results(report, CLEAN_REPORT)
    assert report["passed"] and report["counts"]["skipped"] == len(rows) - len(BODY)
    assert {e["reason_code"] for e in report["skipped"]} <= {"subtotal_row", "heading_row", "note_row"}


def test_a_school_named_heji_cun_stays_a_school():
    rows = [list(r) for r in BODY]
    rows[3][1] = "合计村小学"
    report = _read([HEADER] + rows + [_sum_row(BODY, "合计")])
    assert "合计村小学" in {s["name"] for s in report["schools"]}
    assert [e["text"] for e in report["skipped"]] == ["合计"]
    assert_same_results(report, CLEAN_REPORT, {BODY[3][1]: "合计村小学"})


def test_a_school_missing_type_and_code_stays_a_school():
    rows = [list(r) for r in BODY]
    rows[3][0] = rows[3][2] = None
    report = _read([HEADER] + rows)
    assert report["skipped"] == []
    assert BODY[3][1] in {e["name"] for e in report["not_evaluable"]}


def test_two_schools_with_equal_numbers_are_both_schools():
    twin = list(BODY[0])
    twin[0], twin[1] = "4101029999", "双胞胎小学"
    report = _read([HEADER, list(BODY[0]), twin] + [list(r) for r in BODY[1:]])
    assert report["skipped"] == [] and "双胞胎小学" in {s["name"] for s in report["schools"]}


def test_a_numbering_row_under_the_header_is_skipped():
    numbering = list("甲乙丙丁戊") + list(range(1, WIDTH - TEXT_COLUMNS + 1))
    report = _read([HEADER, numbering] + BODY)
    assert [e["reason_code"] for e in report["skipped"]] == ["numbering_row"]
    assert_same_results(report, CLEAN_REPORT)


def test_a_signature_line_at_the_bottom_is_a_note_but_a_bare_school_is_not():
    signature = [None] * WIDTH
    signature[0], signature[3] = "填表人：张三", "审核人：李四"
    bare = [None] * WIDTH
    bare[0], bare[1], bare[2] = "4101029998", "县职教中心", "职业学校"
    report = _read([HEADER] + [list(r) for r in BODY] + [bare, signature])
    assert [(e["reason_code"], e["text"]) for e in report["skipped"]] == [
        ("note_row", "填表人：张三 审核人：李四")
    ]
    assert "县职教中心" in {e["name"] for e in report["not_evaluable"]}
