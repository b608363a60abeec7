"""Many files make one county: per-school workbooks merged and checked as the county workbook would be."""

import copy
import json
import shutil
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from same_county import county_result

from balance_check import check_files, check_folder, check_workbook, load_standard
from balance_check.cli import main
from balance_check.report import write_reports
from balance_check.report.findings import school_type_counts
from balance_check.report.json_report import load_schema, to_json
from balance_check.template import write_template

DEMO = Path(__file__).resolve().parent.parent / "sample_data" / "demo_county.xlsx"


@pytest.fixture(scope="module")
def single(checked) -> dict:
    return checked(DEMO)


@pytest.fixture(scope="module")
def split(demo_split) -> list[Path]:
    return demo_split


def _set(path: Path, sheet: str, row: int, header: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = next(c.column for c in ws[1] if c.value == header)
    ws.cell(row=row, column=col, value=value)
    wb.save(path)


@pytest.fixture(scope="module")
def merged(split) -> dict:
    return check_files(split)


@pytest.fixture(scope="module")
def few(split, tmp_path_factory) -> list[Path]:
    """Four schools and 县域.xlsx, in a folder of their own (the tests that need no whole county)."""
    folder = tmp_path_factory.mktemp("few")
    for p in [*split[:4], split[0].parent / "县域.xlsx"]:
        shutil.copy(p, folder / p.name)
    return sorted(folder.iterdir())


@pytest.fixture(scope="module")
def few_report(few) -> dict:
    """check_files(few), once for the tests that compare with it (they only read it)."""
    return check_files(few)


@pytest.fixture(scope="module")
def few_folder_report(few) -> dict:
    """check_folder of few's folder, once for the tests that compare with it (they only read it)."""
    return check_folder(few[0].parent)


def test_per_school_files_give_the_county_workbooks_verdicts_values_cvs_and_items(merged, single):
    assert county_result(merged) == county_result(single)
    jsonschema.validate(json.loads(to_json(merged)), load_schema())


def test_every_record_names_its_file_beside_its_row(split, merged):
    report = merged
    names = {p.name for p in split}
    records = report["schools"] + report["excluded"] + report["not_evaluable"] + report["problems"]
    assert records and all(r["file"] in names for r in records)
    by_file = {s["file"]: s for s in report["schools"]}
    assert all(s["row"] == 2 for s in by_file.values())  # each school is row 2 of its own file
    assert {f["file"]: f["status"] for f in report["files"]}["县域.xlsx"] == "no_schools"


def test_identical_and_conflicting_duplicates_and_an_empty_file_give_the_merge_report_and_verdict(
    few, tmp_path
):
    folder = tmp_path / "schools"
    folder.mkdir()
    for p in few:
        shutil.copy(p, folder / p.name)
    same, differ = few[1], few[2]  # two 小学 rows of the sample county
    shutil.copy(same, folder / "再次上报_相同.xlsx")
    changed = folder / "再次上报_不同.xlsx"
    shutil.copy(differ, changed)
    _set(changed, "学校", 2, "小学在校生数", 999)
    write_template(load_standard("national-2017"), folder / "空白.xlsx")

    report = check_folder(folder)

    assert [(s["file"], s["reason_code"]) for s in report["skipped"]] == [
        ("再次上报_相同.xlsx", "duplicate_identical")
    ]
    conflicts = [p for p in report["problems"] if p["code"] == "duplicate_conflict"]
    assert sorted(p["file"] for p in conflicts) == sorted([differ.name, changed.name])
    assert all(p["severity"] == "error" for p in conflicts)
    assert all(differ.name in p["message"] and changed.name in p["message"] for p in conflicts)
    name = conflicts[0]["school"]
    assert sorted(e["file"] for e in report["not_evaluable"] if e["name"] == name) == sorted(
        [differ.name, changed.name]
    )
    assert name not in {s["name"] for s in report["schools"]}  # no copy enters a CV
    assert all(s["name"] != name for s in report["schools"])
    empty = [p for p in report["problems"] if p["code"] == "file_without_schools"]
    assert {p["file"] for p in empty} == {"县域.xlsx", "空白.xlsx"}
    assert {f["file"]: f["status"] for f in report["files"]}["空白.xlsx"] == "no_schools"
    c = report["counts"]
    assert c["input_rows"] == c["evaluated_schools"] + c["excluded"] + c["not_evaluable"] + c["skipped"]
    assert c["skipped"] == 1 and c["not_evaluable"] == 2
    assert report["passed"] is False
    assert report["sections"]["data"]["status"] == "not_met"
    assert report["sections"]["resources"]["status"] != "met"


def test_blank_county_facts_never_conflict_but_differing_values_do_unless_one_file_is_named(
    few, few_report, tmp_path
):
    files = [tmp_path / p.name for p in few]
    for p, q in zip(few, files):
        shutil.copy(p, q)
    wb = openpyxl.load_workbook(files[2])
    ws = wb["县域"]
    row = next(r[0].row for r in ws.iter_rows() if r[0].value == "社会认可度（%）")
    ws.cell(row=row, column=2, value=0.99)
    ws.cell(row=row, column=2).number_format = "0%"
    wb.save(files[2])

    conflicted = check_files(files)
    conflict = [p for p in conflicted["problems"] if p["code"] == "county_conflict"]
    assert {p["file"] for p in conflict} == {"县域.xlsx", files[2].name}
    assert next(i for i in conflicted["items"] if i["id"] == "r01")["status"] == "missing"

    chosen = check_files(files, county_file="县域.xlsx")
    assert county_result(chosen)["items"] == county_result(few_report)["items"]
    assert [p["code"] for p in chosen["problems"] if p["file"] == files[2].name] == ["county_fact_ignored"]


def test_a_bad_file_among_good_ones_is_reported_and_the_others_are_checked(few, few_report, tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"not a workbook at all")
    report = check_files([*few, bad])
    status = {f["file"]: f for f in report["files"]}
    assert status["坏文件.xlsx"]["status"] == "unusable" and "不是 Excel" in status["坏文件.xlsx"]["message"]
    good = few_report
    assert county_result(report)["schools"] == county_result(good)["schools"]
    assert (
        report["sections"]["data"]["status"] == "not_met"
    )  # a file could not be read: the data is incomplete


def test_cli_check_of_a_folder_and_of_listed_files_equals_the_library(few, few_folder_report, tmp_path):
    folder = few[0].parent
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["check", str(folder), "--out", str(out), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert json.loads((out / "report.json").read_text("utf-8")) == json.loads(to_json(few_folder_report))
    out2 = tmp_path / "out2"
    listed = [p for p in few if p.name == "县域.xlsx"] + few[:3]
    args = ["check", *map(str, listed), "--out", str(out2), "--format", "json", "--county", str(listed[0])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    expected = json.loads(to_json(check_files(listed, county_file="县域.xlsx")))
    assert json.loads((out2 / "report.json").read_text("utf-8")) == expected


def test_merge_writes_a_template_workbook_that_checks_as_the_county(few, few_folder_report, tmp_path):
    out = tmp_path / "合并.xlsx"
    result = CliRunner().invoke(main, ["merge", str(few[0].parent), "--out", str(out)])
    assert result.exit_code == 1, result.output  # 县域.xlsx has no school rows: reported
    assert "县域.xlsx：没有学校数据行" in result.output
    assert county_result(check_workbook(out)) == county_result(few_folder_report)
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames[:3] == ["学校", "县域", "质量监测"]


def test_a_folder_copied_from_a_mac_checks_as_its_workbooks_alone(few, few_folder_report, tmp_path):
    """macOS leaves "._名称.xlsx" beside each file and a __MACOSX folder in what it unpacks: they are
    no county's workbooks, and read they would be unusable files (errors that keep the county from
    passing)."""
    folder = tmp_path / "from_a_mac"
    shutil.copytree(few[0].parent, folder)
    junk = b"\x00\x05\x16\x07 AppleDouble"
    for p in few:
        (folder / f"._{p.name}").write_bytes(junk)
        (folder / "__MACOSX").mkdir(exist_ok=True)
        (folder / "__MACOSX" / f"._{p.name}").write_bytes(junk)
    assert check_folder(folder) == few_folder_report


def test_spreadsheets_in_another_format_are_named_with_what_to_do_and_other_files_are_passed_over(
    few, tmp_path
):
    folder = tmp_path / "county"
    shutil.copytree(few[0].parent, folder)
    (folder / "005_东湖小学.et").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # WPS's own
    (folder / "汇总.csv").write_text("学校名称,小学在校生数\n东湖小学,812\n", "utf-8")
    (folder / "佐证材料.docx").write_bytes(b"PK\x03\x04")  # supporting documents live beside the data
    report = check_folder(folder)
    status = {f["file"]: f for f in report["files"]}
    assert "佐证材料.docx" not in status
    for name, kind in (("005_东湖小学.et", "WPS 表格文件"), ("汇总.csv", "CSV 文本文件")):
        assert status[name]["status"] == "unusable"
        (problem,) = [p for p in report["problems"] if p["file"] == name]
        assert problem["severity"] == "error" and kind in problem["message"]
        assert "另存为 .xlsx" in problem["message"]
    assert "数据：2 个文件无法使用，其中的学校未计入：005_东湖小学.et、汇总.csv" in report["reasons"]
    assert report["passed"] is False


def test_a_wps_file_checked_alone_says_to_save_it_as_xlsx(tmp_path):
    path = tmp_path / "县.et"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    result = CliRunner().invoke(main, ["check", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "WPS 表格文件（.et）" in result.output and "另存为 .xlsx" in result.output


def test_no_school_in_any_file_is_unusable_with_exit_2(tmp_path):
    write_template(load_standard("national-2017"), tmp_path / "空白.xlsx")
    (tmp_path / "b.xlsx").write_bytes(b"junk")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "没有可读的学校数据行" in result.output


def test_documents_name_the_file_beside_the_row_when_several_files_make_the_county(merged, single, tmp_path):
    assert sum(school_type_counts(merged).values()) == sum(school_type_counts(single).values()) == 44
    write_reports(merged, tmp_path, ["md", "xlsx", "docx"])
    md = (tmp_path / "report.md").read_text("utf-8")
    excluded = merged["excluded"][0]
    assert f"{excluded['file']} 第2行" in md
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    assert any(row[1] == "县域.xlsx" for row in wb["数据问题"].values)
    assert "| 县域.xlsx |" in md  # a file's own problem (no row) says which file
    failing = [s for i in merged["items"] for s in i["failing_schools"]]
    cells = {str(v) for ws in wb.worksheets for row in ws.values for v in row if v is not None}
    assert failing and all(f"{s['name']}（{s['file']} 第 2 行）" in md for s in failing)
    assert all(any(f"{s['name']}（{s['file']} 第2行）" in c for c in cells) for s in failing)
    word = Document(str(tmp_path / "report.docx"))
    assert "县域.xlsx" in {c.text for t in word.tables for row in t.rows for c in row.cells}  # 数据问题 附表


def test_workbook_place_columns_are_wide_enough_for_the_file_names(merged, tmp_path):
    """With several files a school's place is its file and row: the column is sized for it instead of
    wrapping a file name over five lines in a 6-unit 行号 column."""
    from openpyxl.utils import get_column_letter

    from balance_check.report.xlsx_lines import text_width

    report = copy.deepcopy(merged)
    school = report["schools"][0]  # a cell problem in a school's own file (a long file name)
    report["problems"].append(
        {
            "file": school["file"], "sheet": "学校", "row": 2, "column": "教学仪器设备值（元）",
            "severity": "error", "code": "not_a_number", "code_label": "不是数字",
            "message": "“教学仪器设备值（元）”应为数字，实际填写为“约三百万”", "school": school["name"],
            "value": "约三百万",
        }
    )
    write_reports(report, tmp_path, ["xlsx"])
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    checked_sheets = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(max_row=4):
            for cell in row:
                if cell.value not in ("文件及行号", "文件及工作表"):
                    continue
                texts = [str(c.value) for c in ws[get_column_letter(cell.column)][cell.row :] if c.value]
                width = ws.column_dimensions[get_column_letter(cell.column)].width
                assert texts and width >= max(map(text_width, texts)), (ws.title, width)
                checked_sheets += 1
    assert checked_sheets >= 4  # both 资源配置 sheets, 排除学校, 数据问题
    for name in ("数据问题", "排除学校"):  # the wider place column is given back: one page across
        assert not wb[name].col_breaks.brk, name
