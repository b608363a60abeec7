"""A workbook with broken rows still yields a report: the broken rows listed with every problem, the rest
evaluated, the broken rows left out of the CVs, and the county not passing."""

import openpyxl
import pytest
from school_rows import evaluate_rows, rows_for

from balance_check import check_workbook
from balance_check.samples import school

GOOD = [school(f"好学校{i}", primary_students=800 + 50 * i) for i in range(5)]
BROKEN = [
    (school("文字校", primary_students="约800人"), "小学在校生数", "not_a_number"),
    (school("负数校", primary_backbone_teachers=-3), "小学县级及以上骨干教师数", "negative"),
    (
        school("学历校", primary_teachers=40, primary_qualified_teachers=45),
        "小学高于规定学历教师数",
        "more_than_teachers",
    ),
    (school("空白校", primary_pe_art_teachers=None), "小学体育艺术专任教师数", "missing_value"),
    (school("半间校", multimedia_rooms=20.5), "网络多媒体教室数（间）", "not_integer"),
]


def _check(report):
    names = {e["name"]: e for e in report["not_evaluable"]}
    for n, (s, column, code) in enumerate(BROKEN):
        entry = names[s["name"]]
        assert entry["row"] == len(GOOD) + n + 2  # header is row 1
        assert any(
            p["column"] == column
            and p["code"] == code
            and p["row"] == entry["row"]
            and p["school"] == s["name"]  # the person fixing the sheet looks for the school
            and p["severity"] == "error"
            and p["message"]
            for p in entry["problems"]
        ), s["name"]
    assert sorted(s["name"] for s in report["schools"]) == sorted(s["name"] for s in GOOD)
    assert all(e["schools"] == len(GOOD) for e in report["cv"]["primary"].values())
    assert report["passed"] is False
    assert any("无法评估" in r for r in report["reasons"])


def test_broken_rows_are_listed_and_every_other_school_is_evaluated():
    _check(evaluate_rows(GOOD + [b[0] for b in BROKEN]))


def test_the_same_from_a_real_workbook(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "学校"
    for row in rows_for(GOOD + [b[0] for b in BROKEN]):
        ws.append(row)
    wb.save(tmp_path / "broken.xlsx")
    report = check_workbook(tmp_path / "broken.xlsx")
    _check(report)
    assert {p["sheet"] for p in report["problems"] if p["code"] != "missing_sheet"} == {"学校"}
    # the workbook has only a 学校 sheet: each absent optional sheet is one warning
    absent = [(p["sheet"], p["severity"]) for p in report["problems"] if p["code"] == "missing_sheet"]
    assert absent == [("县域", "warning"), ("质量监测", "warning")]


@pytest.mark.parametrize("token", ["—", "/", "无", "", "  "])
def test_no_value_tokens_in_a_needed_cell_are_reported_as_missing(token):
    report = evaluate_rows(GOOD[:2] + [school("缺数校", multimedia_rooms=token)])
    entry = report["not_evaluable"][0]
    assert entry["name"] == "缺数校"
    assert [p["code"] for p in entry["problems"]] == ["missing_value"]


def test_an_error_outside_the_indicators_blocks_only_its_item():
    report = evaluate_rows(GOOD[:2] + [school("班额错校", primary_max_class_size="四十五")])
    assert [s["name"] for s in report["schools"]].count("班额错校") == 1  # still evaluated for 资源配置
    g05 = next(i for i in report["items"] if i["id"] == "g05")
    assert g05["status"] == "missing" and "班额错校" in g05["detail"]


def test_a_fractional_teacher_total_blocks_the_certificate_item_not_the_indicators():
    report = evaluate_rows(GOOD[:2] + [school("半人校", primary_teachers=60.5)])
    assert "半人校" in [s["name"] for s in report["schools"]]
    errors = [(p["code"], p["column"]) for p in report["problems"] if p["severity"] == "error"]
    assert errors == [("not_integer", "小学专任教师数")]  # reported once, no knock-on error
    g12 = next(i for i in report["items"] if i["id"] == "g12")
    assert g12["status"] == "missing" and "1 所学校持证或专任教师人数缺失、有误" in g12["detail"]
    assert report["passed"] is False  # an error in the data blocks the county's pass
