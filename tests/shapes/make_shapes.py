"""The reference county (tests/fixtures/county_b.xlsx) rewritten the way county staff shape workbooks.

Each shape holds the same data as the clean workbook, so the checker must give identical verdicts,
values and CVs — or, for a shape that is really wrong, name the problem code listed with it.
`build_shapes(out_dir)` writes the files and returns the cases; `python make_shapes.py DIR` writes them
for a person to open in Excel or WPS."""

import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

CLEAN = Path(__file__).resolve().parent.parent / "fixtures" / "county_b.xlsx"
TEXT_COLUMNS = 5  # 学校标识码, 学校名称, 办学类型, 城乡分类, 办学性质; numbers from the sixth column on
TOWNS = ["城关镇", "东坝乡", "西河镇", "南山乡"]


@dataclass
class Shape:
    name: str
    path: Path
    same: bool = True  # identical results to the clean workbook
    codes: list = field(default_factory=list)  # (severity, code) that must be reported
    unusable: str | None = None  # problem code of an exit-2 refusal
    not_evaluable: list = field(default_factory=list)
    renamed: dict = field(default_factory=dict)  # clean name -> name in this shape


@dataclass
class Sheet:
    title: str
    rows: list
    merges: list = field(default_factory=list)  # "A1:C1"


def clean_sheets() -> dict[str, list[list]]:
    wb = openpyxl.load_workbook(CLEAN)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def _save(path: Path, sheets: list[Sheet]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for s in sheets:
        ws = wb.create_sheet(s.title)
        for r in s.rows:
            ws.append(list(r))
        for m in s.merges:
            ws.merge_cells(m)
    wb.save(path)
    return path


def _span(row: int, first: int, last: int) -> str:
    """1-based row, 0-based first and last column -> "A3:F3"."""
    return f"{get_column_letter(first + 1)}{row}:{get_column_letter(last + 1)}{row}"


def _sums(rows: list[list], label: str, label_col: int) -> list:
    """A subtotal row: the column sums of rows (numbers from TEXT_COLUMNS on), a label in label_col."""
    width = len(rows[0])
    out = [None] * width
    for c in range(TEXT_COLUMNS, width):
        vals = [r[c] for r in rows if isinstance(r[c], (int, float))]
        out[c] = round(sum(vals), 6) if vals else None
    out[label_col] = label
    return out


def _blocks(body: list[list]) -> list[list[list]]:
    size = -(-len(body) // len(TOWNS))
    return [body[i : i + size] for i in range(0, len(body), size)]


def _others(sheets: dict) -> list[Sheet]:
    return [Sheet(t, rows) for t, rows in sheets.items() if t != "学校"]


def build_shapes(out: Path) -> list[Shape]:
    out.mkdir(parents=True, exist_ok=True)
    sheets = clean_sheets()
    header, body = sheets["学校"][0], sheets["学校"][1:]
    width = len(header)
    shapes: list[Shape] = []

    def add(name, book, **kw):
        path = out / f"{name}.xlsx"
        _save(path, book)
        shapes.append(Shape(name, path, **kw))
        return path

    old = [header] + [r[:5] + [v * 2 if isinstance(v, (int, float)) else v for v in r[5:]] for r in body[2:]]
    add(
        "old_copy_first_tab",
        [Sheet("学校（旧）", old), Sheet("学校", [header] + body)] + _others(sheets),
        codes=[("warning", "near_sheet_ignored")],
    )
    add(
        "excel_copy_name_only",
        [Sheet("学校 (2)", [header] + body)] + _others(sheets),
        codes=[("warning", "near_sheet_used")],
    )
    add(
        "two_copies_no_exact_name",
        [Sheet("学校（旧）", old), Sheet("学校 (2)", [header] + body)] + _others(sheets),
        same=False,
        unusable="ambiguous_sheet",
    )
    wrong_county = [
        r[:1] + ["否" if isinstance(r[1], str) and r[1] == "是" else r[1]] + r[2:] for r in sheets["县域"]
    ]
    add(
        "county_sheet_copy",
        [Sheet("学校", [header] + body), Sheet("县域 - 副本", wrong_county), Sheet("县域", sheets["县域"])]
        + [Sheet("质量监测", sheets["质量监测"])],
        codes=[("warning", "near_sheet_ignored")],
    )

    # title, a unit row of headers, 序号, blank separators, notes and signatures at the bottom
    title = ["示范县义务教育学校办学条件统计表（2026年）"] + [None] * width
    unit_header = ["序号"] + [
        h.replace("在校生数", "在校生数（人）").replace("班级数", "班级数（个）") for h in header
    ]
    rows = [title, ["填报单位：示范县教育局", None, None, None, None, "单位：人、个、㎡、元"], unit_header]
    for i, r in enumerate(body, start=1):
        rows.append([i] + r)
        if i % 10 == 0:
            rows.append([None] * (width + 1))
    rows += [
        [None] * (width + 1),
        ["填报说明：1. 在校生数按 2026 年秋季学期统计；2. 面积单位为平方米。"] + [None] * width,
        [None, "填表人：张三", None, "审核人：李四", None, "联系电话：0371-1234567"],
    ]
    add(
        "title_notes_serial_blanks",
        [Sheet("学校", rows, [_span(1, 0, width), _span(len(rows) - 1, 0, width)])] + _others(sheets),
        codes=[("warning", "heading_row"), ("warning", "note_row")],
    )

    # towns: a heading merged across the table, a 小计 after each block, 合  计 at the bottom
    rows, merges = [["序号"] + header], []
    for town, block in zip(TOWNS, _blocks(body)):
        rows.append([f"{'一二三四'[len(merges)]}、{town}（{len(block)}所）"] + [None] * width)
        merges.append(_span(len(rows), 0, width))
        rows += [[j] + r for j, r in enumerate(block, start=1)]
        rows.append([None] + _sums(block, f"{town}小计", 1))
    rows.append([None] + _sums(body, "合  计", 1))
    add(
        "town_headings_subtotals_total",
        [Sheet("学校", rows, merges)] + _others(sheets),
        codes=[("warning", "heading_row"), ("warning", "subtotal_row")],
    )

    # the town in the 学校名称 column under a Chinese ordinal in the 序号 column, its sums in its own row
    rows = [["序号"] + header]
    for k, (town, block) in enumerate(zip(TOWNS, _blocks(body))):
        rows.append(["一二三四"[k], None, town] + [None] * (width - 2))
        rows += [[j] + r for j, r in enumerate(block, start=1)]
    add(
        "towns_under_ordinals_in_serial_column",
        [Sheet("学校", rows)] + _others(sheets),
        codes=[("warning", "heading_row")],
    )

    # block sums named only by the town, a grand total named 全县, no heading rows
    rows = [header]
    for town, block in zip(TOWNS, _blocks(body)):
        rows += block + [_sums(block, town, 1)]
    rows.append(_sums(body, "全县", 1))
    add(
        "subtotals_named_by_town",
        [Sheet("学校", rows)] + _others(sheets),
        codes=[("warning", "subtotal_row")],
    )

    add(
        "total_row_first",
        [Sheet("学校", [header, _sums(body, "总计", 1)] + body)] + _others(sheets),
        codes=[("warning", "subtotal_row")],
    )

    numbering = list("甲乙丙丁戊") + list(range(1, width - TEXT_COLUMNS + 1))
    add(
        "numbering_row_under_header",
        [Sheet("学校", [header, numbering] + body)] + _others(sheets),
        codes=[("warning", "numbering_row")],
    )

    units = [None] * TEXT_COLUMNS + [
        "（元）" if "设备值" in h else "（㎡）" if "面积" in h else "（间）" if "教室数" in h else "（人）"
        for h in header[TEXT_COLUMNS:]
    ]
    add("units_row_under_header", [Sheet("学校", [header, units] + body)] + _others(sheets))

    add("measure_over_level_header", [_measure_first(header, body)] + _others(sheets))
    add(
        "level_over_measure_with_numbering",
        [_level_first(header, body)] + _others(sheets),
        codes=[("warning", "numbering_row")],
    )

    # schools sorted by type, 办学类型 merged over each run
    order = sorted(body, key=lambda r: r[2])
    merges = []
    start = 0
    for i in range(1, len(order) + 1):
        if i == len(order) or order[i][2] != order[start][2]:
            if i - start > 1:
                merges.append(f"C{start + 2}:C{i + 1}")
            start = i
    add(
        "type_merged_vertically",
        [Sheet("学校", [header] + order, merges)] + _others(sheets),
        codes=[("warning", "merged_cells_filled")],
    )

    sports = header.index("体育运动场馆面积（㎡）")
    col = get_column_letter(sports + 1)
    add(
        "area_merged_over_two_schools",
        [Sheet("学校", [header] + body, [f"{col}3:{col}4"])] + _others(sheets),
        same=False,
        codes=[("error", "merged_numeric_cells")],
        not_evaluable=[body[1][1], body[2][1]],
    )

    strict = out / "strict_open_xml.xlsx"
    _to_strict(CLEAN, strict)
    shapes.append(Shape("strict_open_xml", strict))

    add(
        "identical_row_pasted_twice",
        [Sheet("学校", [header] + body[:10] + [body[4]] + body[10:])] + _others(sheets),
        codes=[("warning", "duplicate_identical")],
    )
    changed = body[4][:]
    changed[5] = changed[5] + 10
    add(
        "conflicting_copies_of_a_school",
        [Sheet("学校", [header] + body + [changed])] + _others(sheets),
        same=False,
        codes=[("error", "duplicate_conflict")],
        not_evaluable=[body[4][1]],
    )

    renamed = [r[:] for r in body]
    renamed[1][1] = "合计村小学"
    add(
        "school_named_heji_cun",
        [Sheet("学校", [header] + renamed)] + _others(sheets),
        renamed={body[1][1]: "合计村小学"},
    )

    rows = [header]
    for i in range(0, len(body), 15):  # the header printed again at the top of every page
        rows += ([header] if i else []) + body[i : i + 15]
    add(
        "header_repeated_per_page", [Sheet("学校", rows)] + _others(sheets), codes=[("warning", "header_row")]
    )

    sub = [None] * width
    enrol = [i for i, h in enumerate(header) if h.endswith("在校生数")]
    for i, text in zip(enrol, ["其中：寄宿生", "其中：女生", "其中：随迁子女"]):
        sub[i] = text
    add(
        "unresolvable_sub_header",
        [Sheet("学校", [header, sub] + body)] + _others(sheets),
        same=False,
        codes=[("error", "unresolved_header")],
    )
    return shapes


def _measure_first(header: list, body: list) -> Sheet:
    """在校生数（人） over 小学 / 初中 / 高中; whole-school columns merged down over both rows."""
    top, low, merges = [], [], []
    c = 0
    while c < len(header):
        h = header[c]
        level = next((lv for lv in ("小学", "初中", "高中") if h.startswith(lv)), None)
        if level is None:
            top.append(h)
            low.append(None)
            merges.append(f"{get_column_letter(c + 1)}1:{get_column_letter(c + 1)}2")
            c += 1
            continue
        measure = h[len(level) :]
        run = [c]
        while (
            run[-1] + 1 < len(header) and header[run[-1] + 1].endswith(measure) and header[run[-1] + 1] != h
        ):
            run.append(run[-1] + 1)
        unit = "（人）" if "数" in measure and "面积" not in measure else ""
        for j, k in enumerate(run):
            top.append(measure + unit if j == 0 else None)
            low.append(header[k][: -len(measure)])
        if len(run) > 1:
            merges.append(_span(1, run[0], run[-1]))
        c = run[-1] + 1
    return Sheet("学校", [top, low] + body, merges)


def _level_first(header: list, body: list) -> Sheet:
    """小学 over its measures, 初中 over its measures (columns regrouped by level), a numbering row."""
    levels = ("小学", "初中", "高中")
    common = [i for i, h in enumerate(header) if not h.startswith(levels)]
    grouped = [[i for i, h in enumerate(header) if h.startswith(lv)] for lv in levels]
    order = common[:TEXT_COLUMNS] + [i for g in grouped for i in g] + common[TEXT_COLUMNS:]
    top, low, merges = [], [], []
    for pos, i in enumerate(order):
        h = header[i]
        level = next((lv for lv in levels if h.startswith(lv)), None)
        if level is None:
            top.append(h)
            low.append(None)
            merges.append(f"{get_column_letter(pos + 1)}1:{get_column_letter(pos + 1)}2")
        else:
            first = pos == 0 or not header[order[pos - 1]].startswith(level)
            top.append(level if first else None)
            low.append(h[len(level) :])
    for lv in levels:
        cols = [p for p, i in enumerate(order) if header[i].startswith(lv)]
        if len(cols) > 1:
            merges.append(_span(1, cols[0], cols[-1]))
    numbering = list("甲乙丙丁戊") + list(range(1, len(order) - TEXT_COLUMNS + 1))
    return Sheet("学校", [top, low, numbering] + [[r[i] for i in order] for r in body], merges)


def _to_strict(src: Path, dst: Path) -> None:
    """The same workbook in Strict Open XML namespaces (what Excel writes for "Strict Open XML")."""
    pairs = [
        (
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        ),
        (
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        ),
    ]
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                for a, b in pairs:
                    data = data.replace(a, b)
            zo.writestr(info, data)


if __name__ == "__main__":
    for s in build_shapes(Path(sys.argv[1] if len(sys.argv) > 1 else "shapes_out")):
        print(s.path)
