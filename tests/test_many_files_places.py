"""Many files make one county, and each school may be row 2 of its own file: the plan and the problem
records tell schools apart by their place in the input (file and row), never by their row alone."""

import shutil
from pathlib import Path

import openpyxl
import pytest
from per_school import split_county
from same_county import county_plan
from test_fidelity import NATIONAL, rural_small

from balance_check import check_files, check_workbook
from balance_check.standard import enable_cases
from balance_check.template import header_text

DEMO = Path(__file__).resolve().parent.parent / "sample_data" / "demo_county.xlsx"
SCHOOLS = 12  # the first schools of the demo county: enough for several failing ones, cheap to split
NO_MUSIC_ROOM = (2, 3, 5)  # rows whose schools lose their music rooms (g03 fails for each)
LITTLE_EQUIPMENT = {4: 500_000, 7: 800_000}  # rows whose schools fall short of equipment value, in 元


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> tuple[Path, list[Path]]:
    """A small county as one workbook and as per-school files: three schools without a music room, two
    short of equipment (each its own shortfall)."""
    folder = tmp_path_factory.mktemp("rooms")
    workbook = folder / "county.xlsx"
    shutil.copy(DEMO, workbook)
    wb = openpyxl.load_workbook(workbook)
    ws = wb["学校"]
    ws.delete_rows(SCHOOLS + 2, ws.max_row)
    music = next(c.column for c in ws[1] if c.value == "音乐专用教室数（间）")
    for row in NO_MUSIC_ROOM:
        ws.cell(row=row, column=music, value=0)
    equipment = next(c.column for c in ws[1] if c.value == "教学仪器设备值（元）")
    for row, yuan in LITTLE_EQUIPMENT.items():
        ws.cell(row=row, column=equipment, value=yuan)
    wb.save(workbook)
    return workbook, split_county(workbook, folder / "files")


@pytest.fixture(scope="module")
def reports(county) -> tuple[dict, dict]:
    workbook, files = county
    return check_workbook(workbook), check_files(files)


def test_the_plan_of_per_school_files_equals_the_county_workbooks_school_for_school(reports):
    single, merged = reports
    assert all(s["row"] == 2 for s in merged["schools"])  # the premise: the rows tell no school apart
    assert county_plan(merged) == county_plan(single)


def test_each_ledger_row_quotes_its_own_schools_values(reports):
    single, merged = reports
    quoted = {r["key"]: r["problem"] for r in merged["plan"]["ledger"]}
    assert quoted == {r["key"]: r["problem"] for r in single["plan"]["ledger"]}
    short = [r for r in merged["plan"]["ledger"] if r["key"].endswith("|equipment_value_per_student")]
    assert len(short) == len(LITTLE_EQUIPMENT)
    assert len({r["problem"] for r in short}) == len(short)  # each its own value, none another school's


def test_the_rooms_measure_counts_every_school_it_lists(reports):
    for report in reports:
        rooms = next(c for c in report["plan"]["county"] if c["item"] == "g03")
        listed = {(s.get("code"), s["name"]) for s in rooms["schools"]}
        assert len(listed) >= len(NO_MUSIC_ROOM)
        assert f"{len(listed)} 所学校新建或改扩建音乐、美术专用教室" in rooms["measures"]


def _one_school_workbook(path: Path, school: dict) -> Path:
    fields = [
        f for f in NATIONAL.data["school_fields"] if not f.get("optional") or f["key"] == "certified_teachers"
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "学校"
    ws.append([header_text(f) for f in fields])
    ws.append([school.get(f["key"]) for f in fields])
    wb.save(path)
    return path


def test_a_special_case_warning_names_the_file_of_the_school_it_concerns(tmp_path):
    through = rural_small(
        "一贯制学校", "九年一贯制学校", junior_students=100, junior_classes=3, junior_max_class_size=20,
        junior_teachers=8, junior_qualified_teachers=8, junior_backbone_teachers=1, junior_pe_art_teachers=1,
    )
    files = [
        _one_school_workbook(tmp_path / "01_小学.xlsx", rural_small("小学")),
        _one_school_workbook(tmp_path / "02_一贯制学校.xlsx", through),
    ]
    report = check_files(files, enable_cases(NATIONAL, ["rural_small_room_area"]))
    warnings = [p for p in report["problems"] if p["code"] == "special_case_not_applicable"]
    assert [(w["school"], w["file"], w["row"]) for w in warnings] == [
        ("一贯制学校", "02_一贯制学校.xlsx", 2)
    ]
