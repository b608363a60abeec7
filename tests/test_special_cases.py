"""Special cases (standards reference §2): off by default, switched on by data, never a silent no-op."""

import pytest
from school_rows import rows_for

from balance_check.evaluate import evaluate
from balance_check.reading import read_rows
from balance_check.samples import school
from balance_check.standard import enable_cases, load_standard

NATIONAL = load_standard("national-2017")


def run(standard, schools, extra_fields=()):
    return evaluate(read_rows(rows_for(schools, standard, extra_fields), standard), standard)


def item(report, item_id):
    return next(i for i in report["items"] if i["id"] == item_id)


def test_every_case_is_off_in_the_national_file():
    assert NATIONAL.data["special_cases"] and not any(c["enabled"] for c in NATIONAL.data["special_cases"])


def test_older_school_needs_only_the_smaller_room_area_when_switched_on():
    schools = [
        school("老校", built_year=2012, music_room_min_area=80, art_room_min_area=70),
        school("新校", built_year=2019, music_room_min_area=80, art_room_min_area=70),
    ]
    off = run(NATIONAL, schools, ["built_year"])
    on = run(enable_cases(NATIONAL, ["old_school_room_area"]), schools, ["built_year"])
    assert [s["name"] for s in item(off, "g03")["failing_schools"]] == ["老校", "新校"]
    assert [s["name"] for s in item(on, "g03")["failing_schools"]] == ["新校"]
    assert any("2016年及以前建成" in n and "1 所" in n for n in on["notes"])


def test_switch_on_without_its_column_is_an_error_not_a_no_op():
    report = run(enable_cases(NATIONAL, ["old_school_room_area"]), [school("甲")])
    problems = [p for p in report["problems"] if p["code"] == "special_case_missing_column"]
    assert len(problems) == 1 and problems[0]["severity"] == "error" and "建校年份" in problems[0]["message"]
    assert report["passed"] is False


def test_rural_small_school_may_count_shared_pe_art_teachers():
    small = school(
        "乡村小学",
        area="乡村",
        primary_students=60,
        primary_classes=6,
        primary_teachers=6,
        primary_qualified_teachers=6,
        primary_backbone_teachers=1,
        primary_pe_art_teachers=0,
        certified_teachers=6,
        teaching_space=300,
        sports_space=500,
        equipment_value=150000,
        multimedia_rooms=2,
        shared_pe_art_teachers=1,
    )
    off = run(NATIONAL, [small], ["shared_pe_art_teachers"])["schools"][0]["indicators"][
        "pe_art_teachers_per_100"
    ]
    on = run(enable_cases(NATIONAL, ["rural_shared_pe_art_teachers"]), [small], ["shared_pe_art_teachers"])[
        "schools"
    ][0]["indicators"]["pe_art_teachers_per_100"]
    assert (off["met"], on["met"]) == (False, True)
    assert on["raw"] == 1


@pytest.mark.parametrize(
    "built, migrant, relaxed", [(2008, 0.1, True), (2015, 0.6, True), (2015, 0.4, False)]
)
def test_school_size_limit_relaxed_for_old_or_migrant_heavy_schools(built, migrant, relaxed):
    big = school(
        "大校",
        primary_students=2300,
        primary_classes=52,
        primary_teachers=130,
        primary_qualified_teachers=110,
        primary_backbone_teachers=25,
        primary_pe_art_teachers=22,
        certified_teachers=130,
        teaching_space=11000,
        sports_space=18000,
        equipment_value=5_000_000,
        multimedia_rooms=55,
        music_rooms=5,
        art_rooms=5,
        built_year=built,
        migrant_share=migrant * 100,
    )
    report = run(enable_cases(NATIONAL, ["school_size_relaxed"]), [big], ["built_year", "migrant_share"])
    assert item(report, "g04")["status"] == ("met" if relaxed else "not_met")


def test_unknown_case_id_is_refused():
    from balance_check.errors import StandardInvalid

    with pytest.raises(StandardInvalid):
        enable_cases(NATIONAL, ["no_such_case"])
