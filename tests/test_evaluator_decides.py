"""The evaluator decides bands, per-level counts and section labels once; writers only read them."""

import pytest
from fixtures.golden.make_golden import WORKBOOKS

from balance_check import check_workbook
from balance_check.rules.files import find
from balance_check.rules.merge import resolve
from balance_check.standard import Standard, list_standards, load_standard

NAMES = sorted(WORKBOOKS)


@pytest.fixture
def report(name, checked):
    """The reference workbook's report, evaluated once per session (conftest.checked)."""
    return checked(WORKBOOKS[name])


@pytest.mark.parametrize("name", NAMES)
def test_band_is_met_exactly_when_the_indicator_is_met(report):
    for s in report["schools"]:
        for e in s["indicators"].values():
            assert (e["band"] == "met") == (e["met"] is True)
            assert (e["band"] is None) == (e["met"] is None)


@pytest.mark.parametrize("name", NAMES)
def test_a_school_part_with_an_indicator_below_the_floor_does_not_pass(report):
    if not report["school_rule"]:
        pytest.skip("no per-school rule in this standard")
    for s in report["schools"]:
        if any(e["band"] == "below" for e in s["indicators"].values()):
            assert s["passed"] is False


@pytest.mark.parametrize("name", NAMES)
def test_level_counts_add_up_to_the_school_parts_of_each_level(report):
    for level, counts in report["levels"].items():
        parts = [s for s in report["schools"] if s["level"] == level]
        assert counts["school_parts"] == len(parts)
        assert counts["passed"] == sum(s["passed"] for s in parts)
        assert counts["failed"] == counts["school_parts"] - counts["passed"]
        assert counts["students"] == sum(s["students"] for s in parts)
    assert sum(c["school_parts"] for c in report["levels"].values()) == len(report["schools"])


@pytest.mark.parametrize("sid", [s["id"] for s in list_standards()])
def test_every_shipped_standard_names_every_section_and_level_it_reports(sid):
    std = load_standard(sid)
    for key in ("resources", "guarantee", "quality", "recognition", "veto", "prerequisite", "data"):
        assert std.section_label(key)
    assert all(std.level_label(level) for level in std.evaluated_levels)


def test_a_standard_that_renames_a_section_has_the_new_label_in_the_report(tmp_path):
    path = tmp_path / "renamed.yaml"
    path.write_text(
        "id: renamed\nextends: national-2017\ntitle: 改名的标准\n"
        "sections:\n  resources: {label: 办学条件}\n  data: {label: 填报数据}\n",
        encoding="utf-8",
    )
    report = check_workbook(WORKBOOKS["county_a"], str(path))
    assert report["sections"]["resources"]["label"] == "办学条件"
    assert report["sections"]["data"]["label"] == "填报数据"
    assert report["sections"]["quality"]["label"] == "教育质量"  # inherited unchanged
    assert any(r.startswith("办学条件：") for r in report["reasons"])
    assert all(not r.startswith("资源配置") for r in report["reasons"])


def test_sections_are_inherited_through_extends():
    data = resolve(find("hebei-2017"))
    assert Standard(data).section_label("guarantee") == load_standard("national-2017").section_label(
        "guarantee"
    )
