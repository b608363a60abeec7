"""The shared reference fixtures, reproduced: numbers to a relative 1e-9, verdicts and names exactly."""

import json
import math

import pytest

REL = 1e-9


def close(a, b):
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-12)


@pytest.fixture(scope="module")
def county_a(fixtures_dir, checked):
    return (
        checked(fixtures_dir / "county_a.xlsx"),
        json.loads((fixtures_dir / "county_a.expected.json").read_text("utf-8")),
    )


def test_official_example_weighted_cv_is_0_51526_not_the_unweighted_0_489(fixtures_dir, checked):
    cv = checked(fixtures_dir / "official_cv_example.xlsx")["cv"]["primary"][
        "equipment_value_per_student"
    ]
    assert round(cv["cv"], 5) == 0.51526
    assert round(cv["mean"], 5) == 6.33444 and close(cv["mean"], 1913 / 302)
    assert round(cv["sd"], 5) == 3.26386
    assert cv["met"] is False  # 0.515 > 0.50


def test_split_example_divides_equipment_by_student_equivalents(fixtures_dir, checked):
    parts = {p["level"]: p for p in checked(fixtures_dir / "split_example.xlsx")["schools"]}
    eq = {lvl: p["indicators"]["equipment_value_per_student"] for lvl, p in parts.items()}
    assert close(eq["primary"]["raw"], 23226 * 166 / (166 + 1.1 * 210))
    assert close(eq["junior"]["raw"], 23226 * 1.1 * 210 / (166 + 1.1 * 210))
    assert round(eq["primary"]["raw"], 2) == 9711.63 and round(eq["junior"]["raw"], 2) == 13514.37
    assert round(eq["primary"]["value"], 4) == 58.5038 and round(eq["junior"]["value"], 4) == 64.3542


def test_county_a_every_school_part_value_and_verdict(county_a):
    got, want = county_a
    parts = {(s["name"], s["level"]): s for s in got["schools"]}
    assert sorted(parts) == sorted((s["name"], s["level"]) for s in want["schools"])
    for s in want["schools"]:
        g = parts[(s["name"], s["level"])]
        assert (g["row"], g["students"], g["met_count"], g["passed"]) == (
            s["row"],
            s["students"],
            s["met_count"],
            s["passed"],
        ), s["name"]
        for ind, w in s["indicators"].items():
            gi = g["indicators"][ind]
            assert gi["met"] is w["met"], (s["name"], ind)
            assert close(gi["value"], w["value"]) and close(gi["raw"], w["raw"]), (s["name"], ind)


@pytest.mark.parametrize(
    "name, level, met_count, passed",
    [
        ("精确达标小学", "primary", 6, True),  # exactly 0.9 PE/art per 100, teaching space at 90%
        ("八五边界小学", "primary", 6, True),  # sports space at exactly 85%
        ("八五以下初中", "junior", 6, False),  # just under 85%
        ("学历边界小学", "primary", 7, True),  # exactly on every standard
    ],
)
def test_county_a_boundary_traps(county_a, name, level, met_count, passed):
    got, _ = county_a
    part = next(s for s in got["schools"] if s["name"] == name and s["level"] == level)
    assert (part["met_count"], part["passed"]) == (met_count, passed)


def test_county_a_weighted_cv_per_level_and_indicator(county_a):
    got, want = county_a
    for level, entries in want["cv"].items():
        for ind, w in entries.items():
            g = got["cv"][level][ind]
            assert close(g["mean"], w["mean"]) and close(g["sd"], w["sd"]) and close(g["cv"], w["cv"]), (
                level,
                ind,
            )
            assert g["met"] is w["met"]


def test_county_a_excluded_schools_are_listed_with_reasons(county_a):
    got, want = county_a
    assert [(e["name"], e["row"]) for e in got["excluded"]] == [
        (e["name"], e["row"]) for e in want["excluded"]
    ]
    assert {e["reason_code"] for e in got["excluded"]} == {"small_teaching_point", "special_education_school"}
    assert all(e["reason"] for e in got["excluded"])


def test_county_a_school_data_items_name_the_failing_schools(county_a):
    got, want = county_a
    items = {i["id"]: i for i in got["items"]}
    for item_id, names in want["items"].items():
        assert sorted(s["name"] for s in items[item_id]["failing_schools"]) == sorted(names), item_id
        assert items[item_id]["status"] == ("not_met" if names else "met")


def test_county_a_county_items_status_and_overall_verdict(county_a):
    got, want = county_a
    items = {i["id"]: i["status"] for i in got["items"]}
    assert {k: items[k] for k in want["county_items"]} == want["county_items"]
    assert all(s["passed"] for s in got["schools"]) is want["all_schools_pass"]
    assert all(e["met"] for lv in got["cv"].values() for e in lv.values()) is want["all_cv_met"]
    assert got["passed"] is want["passed"]
    every_row = (
        {s["row"] for s in got["schools"]}
        | {e["row"] for e in got["excluded"]}
        | {e["row"] for e in got["not_evaluable"]}
    )
    assert every_row == set(range(2, 2 + got["counts"]["input_rows"]))


def test_county_b_passes_every_part(fixtures_dir, checked):
    got = checked(fixtures_dir / "county_b.xlsx")
    want = json.loads((fixtures_dir / "county_b.expected.json").read_text("utf-8"))
    assert got["passed"] is True and want["passed"] is True and got["reasons"] == []
    assert all(i["status"] == "met" for i in got["items"])
    assert all(s["status"] == "met" for s in got["sections"].values())
    parts = {(s["name"], s["level"]): s for s in got["schools"]}
    for s in want["schools"]:
        g = parts[(s["name"], s["level"])]
        assert g["passed"] is s["passed"] and g["met_count"] == s["met_count"]
        for ind, w in s["indicators"].items():
            assert (
                close(g["indicators"][ind]["value"], w["value"]) and g["indicators"][ind]["met"] is w["met"]
            )


def test_county_b_cvs_and_items_match_expected(fixtures_dir, checked):
    got = checked(fixtures_dir / "county_b.xlsx")
    want = json.loads((fixtures_dir / "county_b.expected.json").read_text("utf-8"))
    for level, entries in want["cv"].items():
        for ind, w in entries.items():
            g = got["cv"][level][ind]
            assert close(g["mean"], w["mean"]) and close(g["sd"], w["sd"]) and close(g["cv"], w["cv"])
            assert g["met"] is w["met"] is True
    items = {i["id"]: i for i in got["items"]}
    assert {k: items[k]["status"] for k in want["county_items"]} == want["county_items"]
    for item_id, names in want["items"].items():
        assert sorted(s["name"] for s in items[item_id]["failing_schools"]) == sorted(names)
    assert [e["name"] for e in got["excluded"]] == [e["name"] for e in want["excluded"]]


def test_canonical_workbooks_raise_no_missing_column_for_optional_columns(fixtures_dir, checked):
    # the 2012 monitoring and special-case columns are optional and unused by national-2017
    for name in ("county_a", "county_b"):
        report = checked(fixtures_dir / f"{name}.xlsx")
        assert not [p for p in report["problems"] if p["code"] in ("missing_column", "unknown_column")]
        assert not [p for p in report["problems"] if p["severity"] == "error"]
