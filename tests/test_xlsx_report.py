"""The gap workbook read back: every school part, colours by verdict, totals, numbers equal to report.json."""

import math
import zipfile

import openpyxl
import pytest

from balance_check import check_workbook
from balance_check.report import write_reports
from balance_check.report.xlsx_book import LOW_FILL, MET_FILL, NEAR_FILL

LEVEL_SHEET = {"primary": "小学资源配置", "junior": "初中资源配置"}
HOSTILE = '=HYPERLINK("http://x","点我")'


@pytest.fixture(scope="module")
def written(fixtures_dir, tmp_path_factory):
    src = openpyxl.load_workbook(fixtures_dir / "county_a.xlsx")
    for ref, name in (("B3", HOSTILE), ("B4", "+西关学校")):  # formula-looking names, stored as text
        src["学校"][ref] = name
        src["学校"][ref].data_type = "s"
    out = tmp_path_factory.mktemp("xlsx")
    src.save(out / "in.xlsx")
    report = check_workbook(out / "in.xlsx")
    write_reports(report, out, ["xlsx"])
    return report, openpyxl.load_workbook(out / "report.xlsx")


def _first_data_row(ws) -> int:
    """The row after the header row (the print title row; a title or colour legend may stand above it)."""
    return int(ws.print_title_rows.split(":")[-1].strip("$")) + 1


def _rows(ws):
    return list(ws.iter_rows(min_row=_first_data_row(ws), values_only=True))


def test_every_school_part_appears_once_on_its_level_sheet(written):
    report, wb = written
    for level, sheet in LEVEL_SHEET.items():
        names = [r[1] for r in _rows(wb[sheet])]
        assert sorted(names) == sorted(s["name"] for s in report["schools"] if s["level"] == level)


def test_indicator_cells_are_coloured_by_verdict(written):
    report, wb = written
    floor = report["school_rule"]["floor_ratio"]
    ids = [i["id"] for i in report["indicators"]]
    for level, sheet in LEVEL_SHEET.items():
        ws = wb[sheet]
        parts = {(s["name"], s["row"]): s for s in report["schools"] if s["level"] == level}
        for cells in ws.iter_rows(min_row=_first_data_row(ws)):
            part = parts[(cells[1].value, cells[3].value)]
            for k, cell in zip(ids, cells[5 : 5 + len(ids)]):
                e = part["indicators"][k]
                want = MET_FILL if e["met"] else NEAR_FILL if e["ratio"] >= floor * (1 - 1e-9) else LOW_FILL
                assert cell.fill.fgColor.rgb == "FF" + want[1:], (part["name"], k)


def test_hostile_school_names_are_stored_as_text_not_formulas(written):
    _, wb = written
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value in (HOSTILE, "+西关学校")]
    assert cells, "the renamed schools must appear"
    assert all(c.data_type == "s" for c in cells)


def test_rectification_sheet_is_the_ledger_with_totals_per_input_key(written):
    """整改清单 is the 整改台账: one row per planned measure, then one total line per input column."""
    report, wb = written
    rows = _rows(wb["整改清单"])
    keyed = [r for r in rows if r[10]]
    assert [r[10] for r in keyed] == [e["key"] for e in report["plan"]["ledger"]]
    by_key = report["plan"]["totals"]["by_key"]
    total_lines = {
        r[1]: r[4]
        for r in rows
        if isinstance(r[1], str) and r[1][:3] in ("新建：", "配备：", "招聘：", "培养：")
    }
    assert len(total_lines) == len(by_key)
    for t in by_key.values():
        amount = (
            f"{t['amount']:,.0f}"
            if float(t["amount"]).is_integer()
            else f"{t['amount']:,.2f}".rstrip("0").rstrip(".")
        )
        assert total_lines[f"{t['kind']}：{t['label']}"] == f"{amount} {t['unit']}"


def _json_numbers(report) -> list[float]:
    nums = []
    for s in report["schools"]:
        nums += [s["students"], s["row"], s["met_count"]]
        nums += [e[k] for e in s["indicators"].values() for k in ("value", "threshold") if e[k] is not None]
    for entries in report["cv"].values():
        for e in entries.values():
            nums += [e[k] for k in ("mean", "sd", "cv", "threshold", "schools") if e[k] is not None]
    return nums


def test_every_number_on_resource_and_cv_sheets_is_in_report_json(written):
    report, wb = written
    known = _json_numbers(report)
    for sheet in (*LEVEL_SHEET.values(), "差异系数"):
        for row in _rows(wb[sheet]):
            for v in row:
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    assert any(math.isclose(v, k, rel_tol=1e-12, abs_tol=0) for k in known), (sheet, v)


def test_overview_states_the_verdict_and_every_reason(written):
    report, wb = written
    rows = _rows(wb["总览"])
    verdict = next(r[1] for r in rows if r[0] == "总体结论")
    requirement = report["standard"]["report_title"]["requirement"]
    assert verdict == f"{'达到' if report['passed'] else '尚未达到'}{requirement}要求"
    assert [r[2] for r in rows if r[0] == "未达标原因"] == report["reasons"]


def test_print_setup_is_a4_landscape_with_repeated_header(written):
    _, wb = written
    ws = wb["小学资源配置"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$2:$2" and ws.freeze_panes == "C3"  # below the colour legend
    assert ws.cell(1, 1).value == "颜色说明：" and ws.cell(2, 2).value == "学校名称"


def test_every_sheet_prints_at_readable_scale_with_titles_header_and_footer(written):
    report, wb = written
    for ws in wb:
        setup = ws.page_setup
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToWidth in (None, 1) and int(setup.scale) >= 80, ws.title  # 1 is the unused default
        assert setup.paperSize == 9 and ws.print_title_rows, ws.title
        assert "&A" in ws.oddHeader.center.text and ws.oddHeader.left.text.endswith("本县"), ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, ws.title
    for level in LEVEL_SHEET.values():  # wide sheets: school columns repeat on every column group
        assert wb[level].print_title_cols == "$A:$B"


def test_wrapped_rows_are_tall_enough_for_their_text(written):
    _, wb = written
    ws = wb["总览"]
    for row in ws.iter_rows(min_row=_first_data_row(ws)):
        text = row[2].value
        # wider than the 100-character column (GBK counts a Chinese character as two, as Excel widths do)
        if isinstance(text, str) and len(text.encode("gbk", "replace")) > 100:
            assert ws.row_dimensions[row[0].row].height >= 27, text


def test_problem_sheet_has_every_field_of_every_problem(written):
    report, wb = written
    rows = _rows(wb["数据问题"])
    assert len(report["problems"]) > 20
    want = [
        (
            "错误" if p["severity"] == "error" else "提示",
            p["sheet"],
            p["row"],
            p["column"],
            p["school"],
            p.get("code_label") or p["code"],
            None
            if p["value"] is None
            else str(int(p["value"]) if p["value"] == int(p["value"]) else p["value"]),
            p["message"],
        )
        for p in report["problems"]
    ]
    assert rows[: len(want)] == want


def test_years_and_codes_are_text_and_the_verdict_names_the_requirement(written):
    report, wb = written
    codes = [r[0] for r in _rows(wb["小学资源配置"]) if r[0] is not None]
    assert codes and all(isinstance(c, str) for c in codes)
    overview = {r[0]: r for r in _rows(wb["总览"])}
    assert overview["评估年度"][1] is None or isinstance(overview["评估年度"][1], str)


def test_cv_charts_are_titled_by_level(written, tmp_path):
    report, _ = written
    (path,) = write_reports(report, tmp_path, ["xlsx"])
    with zipfile.ZipFile(path) as z:
        titles = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart"))
    shown = [v["label"] for v in report["levels"].values() if v["school_parts"]]
    assert len(shown) == 2
    for label in shown:
        assert f"{label}各指标差异系数与标准" in titles
