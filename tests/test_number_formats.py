"""The 县域 and 质量监测 sheets' number formats are read from the workbook's XML, as openpyxl sees them,
so a 95% cell holding 0.95 needs no warning and a plain 0.95 gets one — without openpyxl on the path."""

import zipfile

import openpyxl
import pytest
from shapes.make_shapes import _to_strict

from balance_check import check_workbook
from balance_check.reading.number_formats import GENERAL, cell_formats

FORMATS = ["0%", "0.00%", "0.0%", "General", "0.00", "#,##0", "yyyy-mm-dd", '0.0"%"']


def _book(path, formats=FORMATS):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "县域"
    for r, fmt in enumerate(formats, start=1):
        for c in range(1, 4):
            cell = ws.cell(row=r + 2, column=c + (r % 3), value=0.95)
            cell.number_format = fmt
    wb.save(path)
    return path


def _openpyxl_view(path, sheet="县域"):
    ws = openpyxl.load_workbook(path)[sheet]
    return {
        (c.row, c.column - 1): c.number_format
        for row in ws.iter_rows()
        for c in row
        if c.number_format != GENERAL and c.value is not None
    }


def test_cell_formats_equal_what_openpyxl_sees_for_custom_and_built_in_percent_formats(tmp_path):
    path = _book(tmp_path / "f.xlsx")
    seen = cell_formats(path, "县域")
    expected = _openpyxl_view(path)
    percent = {k: v for k, v in expected.items() if "%" in v}
    assert percent and {k: v for k, v in seen.items() if "%" in v} == percent
    assert set(seen) <= set(expected)  # nothing General is given a format


def test_strict_open_xml_formats_are_read_too(tmp_path):
    path = _book(tmp_path / "f.xlsx")
    strict = tmp_path / "strict.xlsx"
    _to_strict(path, strict)
    assert cell_formats(strict, "县域") == cell_formats(path, "县域") != {}


def test_cells_without_a_reference_follow_the_previous_cell(tmp_path):
    path = _book(tmp_path / "f.xlsx", ["0%"])
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(path) as zi, zipfile.ZipFile(bare, "w") as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b' r="C3"', b"").replace(b' r="D3"', b"")  # B3 keeps its reference
            zo.writestr(info, data)
    expected = {(3, 1): "0%", (3, 2): "0%", (3, 3): "0%"}
    assert cell_formats(bare, "县域") == cell_formats(path, "县域") == expected


BAD_STYLES = [b"not xml", b"<styleSheet><cellXfs><xf numFmtId='x'/></cellXfs></styleSheet>"]


@pytest.mark.parametrize("garbage", BAD_STYLES)
def test_unreadable_styles_leave_every_cell_general(tmp_path, garbage):
    path = _book(tmp_path / "f.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as zi, zipfile.ZipFile(broken, "w") as zo:
        for info in zi.infolist():
            zo.writestr(info, garbage if info.filename == "xl/styles.xml" else zi.read(info.filename))
    assert cell_formats(broken, "县域") == {}


def test_a_percent_formatted_fraction_needs_no_warning_and_a_plain_one_gets_one(county_b_attested, tmp_path):
    def recognition_warnings(fmt):
        wb = openpyxl.load_workbook(county_b_attested)
        ws = wb["县域"]
        row = next(r[0].row for r in ws.iter_rows() if r[0].value == "社会认可度（%）")
        ws.cell(row=row, column=2, value=0.99).number_format = fmt
        path = tmp_path / f"{fmt.replace('%', 'pct')}.xlsx"
        wb.save(path)
        report = check_workbook(path)
        recognition = next(i for i in report["items"] if i["id"] == "r01")
        warned = [p for p in report["problems"] if p["code"] == "percent_as_fraction"]
        return recognition["status"], warned

    assert recognition_warnings("0%") == ("met", [])
    status, warned = recognition_warnings("General")
    assert status == "met" and len(warned) == 1 and warned[0]["sheet"] == "县域"
