"""数据完整性 tells the truth: not met when items are 未填报 or sheets are absent, not_met on errors; reasons
name items by title; a CV over a single school part keeps its value but says it compares nothing."""

import json

import docx
import jsonschema
import openpyxl
import pytest
from fixtures.golden.make_golden import WORKBOOKS
from school_rows import evaluate_rows

from balance_check import check_workbook
from balance_check.report import write_reports
from balance_check.report.json_report import load_schema
from balance_check.samples import school

SINGLE = "仅 1 个学校（学段），差异系数不具比较意义"


@pytest.fixture(scope="module")
def reports(checked):
    """Each reference workbook's report, evaluated once per session (the tests only read them)."""
    return {name: checked(path) for name, path in WORKBOOKS.items()}


def missing_sheets(report):
    return [(p["sheet"], p["severity"]) for p in report["problems"] if p["code"] == "missing_sheet"]


def test_county_a_without_county_sheet_is_not_complete_and_names_the_items(reports):
    report = reports["county_a"]
    data = report["sections"]["data"]
    assert data["status"] == "missing" and "缺少“县域”" in data["detail"]
    reasons = "\n".join(report["reasons"])
    assert "学校规划布局合理" in reasons
    assert "g01" not in reasons and "q01" not in reasons
    assert missing_sheets(report) == [("县域", "warning"), ("质量监测", "warning")]
    assert report["passed"] is False


def test_one_absent_sheet_is_one_warning(tmp_path, fixtures_dir):
    wb = openpyxl.load_workbook(fixtures_dir / "county_b.xlsx")
    del wb["质量监测"]
    wb.save(tmp_path / "no_quality.xlsx")
    report = check_workbook(tmp_path / "no_quality.xlsx")
    assert missing_sheets(report) == [("质量监测", "warning")]
    assert report["sections"]["data"]["status"] == "missing"
    q09 = next(i for i in report["items"] if i["id"] == "q09")
    assert q09["status"] == "missing"
    assert any(q09["title"][:10] in r for r in report["reasons"])


def test_a_complete_county_reads_met(reports):
    report = reports["county_b"]
    assert report["sections"]["data"]["status"] == "met" and missing_sheets(report) == []


def test_errors_make_data_not_met_even_with_items_missing():
    report = evaluate_rows([school("甲小学"), school("乙小学", primary_students="约800人")])
    assert report["sections"]["data"]["status"] == "not_met"
    assert any(i["status"] == "missing" for i in report["items"])


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_data_is_met_exactly_when_no_error_and_nothing_missing(reports, name):
    report = reports[name]
    errors = any(p["severity"] == "error" for p in report["problems"])
    missing = any(i["status"] == "missing" for i in report["items"]) or missing_sheets(report)
    expected = "not_met" if errors else "missing" if missing else "met"
    assert report["sections"]["data"]["status"] == expected


def test_single_part_cv_keeps_zero_and_met_with_a_note(reports):
    report = reports["split_example"]
    entries = [e for level in report["cv"].values() for e in level.values()]
    assert entries and all(e["schools"] == 1 for e in entries)
    assert all(e["cv"] == 0 and e["met"] is True and e["note"] == SINGLE for e in entries)
    jsonschema.validate(json.loads(json.dumps(report)), load_schema())


def test_cvs_over_several_parts_carry_no_note(reports):
    for name in ("county_b", "county_a", "demo_county"):
        report = reports[name]
        assert all("note" not in e for level in report["cv"].values() for e in level.values())


def test_every_writer_shows_the_single_part_note(tmp_path, reports):
    report = reports["split_example"]
    write_reports(report, tmp_path)
    assert SINGLE in (tmp_path / "report.md").read_text("utf-8")
    assert SINGLE in (tmp_path / "report.html").read_text("utf-8")
    assert any(SINGLE in p.text for p in docx.Document(tmp_path / "report.docx").paragraphs)
    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx")["差异系数"]
    assert any(SINGLE in str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert (
        SINGLE
        in json.loads((tmp_path / "report.json").read_text("utf-8"))["cv"]["primary"][
            "qualified_teachers_per_100"
        ]["note"]
    )


def test_excluded_schools_sheet_shows_the_chinese_reason_not_the_code(tmp_path, reports):
    report = reports["county_a"]
    assert report["excluded"] and all(e["reason_code"] for e in report["excluded"])  # codes stay in json
    write_reports(report, tmp_path, ["xlsx"])
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    cells = {str(c.value) for name in ("排除学校", "数据问题") for row in wb[name].iter_rows() for c in row}
    assert {e["reason"] for e in report["excluded"]} <= cells
    codes = {e["reason_code"] for e in report["excluded"]} | {p["code"] for p in report["problems"]}
    assert not codes & cells
