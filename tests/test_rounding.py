"""Rounding as the published tables do it, and near misses (issue: the published rounding).

The national tables print CVs to 3 decimals and school values to 2. A standard may compare rounded values
(`cv.decimals`, `indicators[*].decimals`, absent = unrounded); whatever it says, a comparison whose outcome
the published precision would change is marked `near_miss` and said in every document."""

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fidelity import run

from balance_check import boundary
from balance_check.report.docx_report import write_docx
from balance_check.report.html_report import render_html
from balance_check.report.markdown import render_markdown
from balance_check.report.xlsx_report import write_xlsx
from balance_check.standard import load_standard

NATIONAL = load_standard("national-2017")
PUBLISHED = NATIONAL.data["published_decimals"]


def provincial(tmp_path, body: str):
    p = tmp_path / "rounding.yaml"
    p.write_text(
        "id: rounding\nextends: national-2017\ntitle: 取舍示例\n"
        "source: {document: 示例, number: 示例, date: '2020-01-01'}\n" + body,
        "utf-8",
    )
    return load_standard(p)


def school_at_standard(std, name, students):
    """A 小学 whose every indicator sits on its standard (numerators from the standard file)."""
    s = {
        "name": name,
        "type": "小学",
        "area": "镇区",
        "primary_students": students,
        "primary_classes": 12,
        "primary_max_class_size": 40,
        "primary_teachers": students // 10,
        "certified_teachers": students // 10,
        "music_rooms": 1,
        "music_room_min_area": 96,
        "art_rooms": 1,
        "art_room_min_area": 90,
    }
    for ind in std.indicators:
        field = ind["numerator"].get("primary") or ind["numerator"]["whole_school"]
        amount = ind["thresholds"]["primary"] * students / ind["per"]
        s[field] = math.ceil(amount) if std.fields[field]["kind"] == "count" else amount
    return s


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (0.12345, 3, 0.123),
        (0.0005, 3, 0.001),
        (2.675, 2, 2.68),
        (1.005, 2, 1.01),
        (-2.5, 0, -3.0),
        (4.196, 2, 4.2),
    ],
)
def test_excel_round_is_half_up_on_the_15_digit_value(value, decimals, expected):
    assert boundary.excel_round(value, decimals) == expected


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_excel_round_equals_decimal_half_up_of_what_excel_shows(x, decimals):
    want = float(Decimal(f"{x:.15g}").quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    assert boundary.excel_round(x, decimals) == want


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=4))
def test_exact_halves_always_round_up(n, decimals):
    half = (n + 0.5) / 10**decimals  # n.5 in the last place, as Excel displays it
    assert boundary.excel_round(half, decimals) == float(Decimal(n + 1).scaleb(-decimals))


def cv_county(std):
    """Two 小学 of equal enrolment whose 生均教学仪器设备值 CV is the limit + 0.4 in the last published place
    (0.5004 for a limit of 0.50): CV = |x1 − x2| / (x1 + x2)."""
    limit = std.data["cv"]["thresholds"]["primary"]
    cv = limit + 0.4 * 10.0 ** -PUBLISHED["cv"]
    ind = next(i for i in std.indicators if i["id"] == "equipment_value_per_student")
    mean = 2 * ind["thresholds"]["primary"]
    schools = [school_at_standard(std, n, 1000) for n in ("甲小学", "乙小学")]
    schools[0]["equipment_value"] = mean * (1 + cv) * 1000
    schools[1]["equipment_value"] = mean * (1 - cv) * 1000
    return schools, cv


def test_cv_a_hair_over_the_limit_fails_unrounded_and_is_marked_near_miss():
    schools, cv = cv_county(NATIONAL)
    report = run(NATIONAL, schools)
    entry = report["cv"]["primary"]["equipment_value_per_student"]
    assert entry["cv"] == pytest.approx(cv, rel=1e-12) and round(entry["cv"], 4) == 0.5004
    assert entry["met"] is False and entry["near_miss"] is True
    assert any("0.5004" in n and "0.500" in n and "超标" in n for n in report["near_misses"])
    others = [e for k, e in report["cv"]["primary"].items() if k != "equipment_value_per_student"]
    assert not any(e["near_miss"] for e in others)


def test_cv_passes_when_the_provincial_file_compares_at_3_decimals_and_the_report_says_why(tmp_path):
    std = provincial(tmp_path, f"cv: {{decimals: {PUBLISHED['cv']}}}\n")
    schools, _ = cv_county(std)
    report = run(std, schools)
    entry = report["cv"]["primary"]["equipment_value_per_student"]
    assert entry["met"] is True and entry["near_miss"] is True
    why = [n for n in report["near_misses"] if "0.5004" in n]
    assert why and f"保留 {PUBLISHED['cv']} 位小数" in why[0] and "判定达标" in why[0]
    assert any(f"差异系数按保留 {PUBLISHED['cv']} 位小数" in n for n in report["notes"])


def value_county(std, below_by=0.4):
    """One 小学 whose 每百名学生拥有高于规定学历教师数 is its standard − 0.4 in the last published place
    (4.196 against 4.2), every other indicator on its standard."""
    ind = next(i for i in std.indicators if i["id"] == "qualified_teachers_per_100")
    thr = ind["thresholds"]["primary"]
    value = thr - below_by * 10.0 ** -PUBLISHED["value"]
    students = 25_000
    s = school_at_standard(std, "临界小学", students)
    s["primary_qualified_teachers"] = round(value * students / ind["per"])
    return [s], value, thr


def test_school_value_a_hair_under_its_standard_is_a_near_miss_and_passes_at_2_decimals(tmp_path):
    schools, value, thr = value_county(NATIONAL)
    default = run(NATIONAL, schools)["schools"][0]["indicators"]["qualified_teachers_per_100"]
    assert default["value"] == pytest.approx(value) and round(default["value"], 3) == 4.196 and thr == 4.2
    assert default["met"] is False and default["near_miss"] is True
    std = provincial(
        tmp_path, f"indicators:\n  - {{id: qualified_teachers_per_100, decimals: {PUBLISHED['value']}}}\n"
    )
    report = run(std, schools)
    rounded = report["schools"][0]["indicators"]["qualified_teachers_per_100"]
    assert rounded["met"] is True and rounded["near_miss"] is True and rounded["shortfall"] == 0
    assert any(
        "临界小学" in n and "4.1960" in n and "4.20" in n and "判定达到标准" in n
        for n in report["near_misses"]
    )


def test_floor_near_miss_decides_whether_the_school_passes(tmp_path):
    """A value a hair under 85% of its standard (3.566 against 3.57): under the floor unrounded, at it
    when compared at 2 decimals — and the school's verdict turns on it."""
    floor = NATIONAL.data["school_rule"]["floor_ratio"]
    ind = next(i for i in NATIONAL.indicators if i["id"] == "qualified_teachers_per_100")
    thr = ind["thresholds"]["primary"]
    students = 50_000
    s = school_at_standard(NATIONAL, "下限临界小学", students)
    value = thr * floor - 0.4 * 10.0 ** -PUBLISHED["value"]
    s["primary_qualified_teachers"] = round(value * students / ind["per"])
    default = run(NATIONAL, [s])["schools"][0]
    std = provincial(
        tmp_path, f"indicators:\n  - {{id: qualified_teachers_per_100, decimals: {PUBLISHED['value']}}}\n"
    )
    rounded = run(std, [s])["schools"][0]
    assert default["indicators"]["qualified_teachers_per_100"]["near_miss"] is True
    assert (default["passed"], rounded["passed"]) == (False, True)


def test_far_from_the_standard_is_never_a_near_miss():
    schools, _, _ = value_county(NATIONAL, below_by=1.0)  # 4.19: reads 4.19 at the published precision
    entry = run(NATIONAL, schools)["schools"][0]["indicators"]["qualified_teachers_per_100"]
    assert entry["met"] is False and entry["near_miss"] is False


def test_every_document_carries_the_near_miss_line(tmp_path):
    schools, _ = cv_county(NATIONAL)
    report = run(NATIONAL, schools)
    line = next(n for n in report["near_misses"] if "0.5004" in n)
    assert line in render_markdown(report) and line in render_html(report).replace("&#x27;", "'")
    from docx import Document

    write_docx(report, tmp_path / "r.docx")
    assert line in [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    import openpyxl

    write_xlsx(report, tmp_path / "r.xlsx")
    cells = [
        c
        for row in openpyxl.load_workbook(tmp_path / "r.xlsx")["总览"].iter_rows(values_only=True)
        for c in row
    ]
    assert line in cells
