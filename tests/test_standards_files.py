"""Standards are data: shipped files validate, provincial files inherit, malformed files refused by path."""

import pytest

from balance_check import check_workbook
from balance_check.errors import StandardInvalid
from balance_check.rules.compare import diff, starter
from balance_check.rules.files import find
from balance_check.rules.merge import resolve
from balance_check.rules.validate import validate
from balance_check.standard import list_standards, load_standard

SHIPPED = [s["id"] for s in list_standards()]


def test_every_shipped_standard_validates_and_states_its_source():
    assert {"national-2017", "basic-2012", "hebei-2017", "jiangsu-example"} <= set(SHIPPED)
    for ident in SHIPPED:
        validate(resolve(find(ident)), schema_check=True)  # loading skips the schema for shipped files
        std = load_standard(ident)
        assert std.data["source"]["document"] and std.data["source"]["number"] and std.data["source"]["date"]


def test_every_shipped_standard_names_its_own_reports_and_basic_balance_is_not_called_high_quality():
    for ident in SHIPPED:
        names = load_standard(ident).data["report_title"]
        assert all(names[k] for k in ("document", "results", "requirement")), ident
    basic = load_standard("basic-2012").data["report_title"]
    assert not any("优质均衡" in v for v in basic.values()) and "基本均衡" in basic["document"]


def test_report_carries_the_standards_report_title(fixtures_dir, checked):
    report = checked(fixtures_dir / "county_b.xlsx", "basic-2012")
    assert report["standard"]["report_title"] == load_standard("basic-2012").data["report_title"]


def _write(tmp_path, text, name="prov.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "body, path",
    [
        (
            "indicators:\n  - id: pe_art_teachers_per_100\n    thresholds: {primary: 九}\n",
            "indicators/2/thresholds/primary",
        ),
        ("school_rule: {min_met: 6, floor_ratio: 0.85, bonus: 1}\n", "school_rule/bonus"),
        (
            "indicators:\n  - id: pe_art_teachers_per_100\n    thresholds: {senior: 0.9}\n",
            "indicators/2/thresholds/senior",
        ),
        (
            "indicators:\n  - id: pe_art_teachers_per_100\n    thresholds: {kindergarten: 0.9}\n",
            "indicators/2/thresholds/kindergarten",
        ),
        ("cv: {thresholds: {primary: 0.5, senior: 0.4}}\n", "cv/thresholds/senior"),
        (
            "items:\n  - id: g07\n    conditions:\n      - {kind: at_least, fact: no_such_fact, min: 1}\n",
            "items/6/conditions/0/fact",
        ),
    ],
)
def test_malformed_provincial_file_is_rejected_naming_the_key_path(tmp_path, body, path):
    p = _write(
        tmp_path,
        "id: prov\nextends: national-2017\ntitle: 省\n"
        "source: {document: 文件, number: 号, date: '2020'}\n" + body,
    )
    with pytest.raises(StandardInvalid) as err:
        load_standard(p)
    assert err.value.path == path


def test_unknown_parent_is_rejected_at_extends(tmp_path):
    p = _write(tmp_path, "id: prov\nextends: no-such-standard\n")
    with pytest.raises(StandardInvalid) as err:
        load_standard(p)
    assert err.value.path == "extends" and "no-such-standard" in err.value.message


def test_inheritance_cycle_is_rejected(tmp_path):
    _write(tmp_path, f"id: a\nextends: {tmp_path / 'b.yaml'}\n", "a.yaml")
    _write(tmp_path, f"id: b\nextends: {tmp_path / 'a.yaml'}\n", "b.yaml")
    with pytest.raises(StandardInvalid) as err:
        load_standard(tmp_path / "a.yaml")
    assert err.value.path == "extends" and "循环" in err.value.message


def test_provincial_file_changes_only_what_it_states(tmp_path):
    p = _write(
        tmp_path,
        "id: prov\nextends: national-2017\ntitle: 某省\n"
        "source: {document: 某省实施办法, number: 某教督〔2020〕1号, date: '2020-01-01'}\n"
        "indicators:\n  - id: sports_space_per_student\n    thresholds: {primary: 8.0}\n",
    )
    rows = diff("national-2017", str(p))
    assert rows == [("indicators[sports_space_per_student].thresholds.primary", 7.5, 8.0)]
    std = load_standard(p)
    assert [i["id"] for i in std.indicators] == [i["id"] for i in load_standard().indicators]


def test_starter_file_loads_and_equals_its_parent(tmp_path):
    p = _write(tmp_path, starter("my-province", "national-2017"))
    assert load_standard(p).id == "my-province"
    assert diff("national-2017", str(p)) == []


def test_stricter_provincial_file_fails_a_county_the_national_one_passes(county_b_attested):
    national = check_workbook(county_b_attested, "national-2017")
    stricter = check_workbook(county_b_attested, "jiangsu-example")
    assert national["passed"] is True and stricter["passed"] is False
    failed = {i["id"] for i in stricter["items"] if i["status"] == "not_met"}
    assert failed and failed <= {"g05", "g11", "g14", "g15", "q01", "q02"}


def test_hebei_reports_a_vocational_school_as_excluded_not_unknown(tmp_path, fixtures_dir):
    import openpyxl

    wb = openpyxl.load_workbook(fixtures_dir / "county_b.xlsx")
    ws = wb["学校"]
    ws.append(["4101029999", "县职教中心", "职业学校"] + [None] * 26)
    path = tmp_path / "with_vocational.xlsx"
    wb.save(path)
    hebei = check_workbook(path, "hebei-2017")
    assert [(e["name"], e["reason_code"]) for e in hebei["excluded"] if e["name"] == "县职教中心"] == [
        ("县职教中心", "vocational_school")
    ]
    assert not [p for p in hebei["problems"] if p["severity"] == "error"]
    national = check_workbook(path, "national-2017")
    assert any(p["code"] == "unknown_type" for p in national["problems"])


def test_basic_2012_judges_the_composite_cv_and_asks_for_the_other_three_parts_of_recognition(checked):
    report = checked("sample_data/demo_county.xlsx", "basic-2012")
    for level in ("primary", "junior"):
        entries = report["cv"][level]
        assert len(entries) == 9  # 8 indicators and the composite
        cvs = [e["cv"] for k, e in entries.items() if k != "composite"]
        assert entries["composite"]["cv"] == pytest.approx(sum(cvs) / 8, rel=1e-12)
        assert entries["composite"]["met"] is True
    # the CVs pass, but a CV-only result is 差异系数监测: recognition also needs the three county parts
    assert report["sections"]["resources"]["status"] == "met"
    assert set(report["sections"]) == {"resources", "guarantee", "recognition", "prerequisite", "data"}
    assert {i["id"]: i["status"] for i in report["items"]} == {
        "b01": "missing",
        "b02": "missing",
        "b03": "missing",
    }
    assert report["passed"] is False


def test_worked_example_in_docs_validates_and_differs_as_documented(tmp_path):
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "standards.md").read_text("utf-8")
    example = re.search(r"```yaml\n(id: mou-sheng-2020.*?)```", doc, re.S).group(1)
    p = _write(tmp_path, example, "mou-sheng.yaml")
    rows = {path: (a, b) for path, a, b in diff("national-2017", str(p))}
    assert rows["indicators[sports_space_per_student].thresholds.primary"] == (7.5, 8.0)
    assert rows["items[g05].conditions.0.max"] == (45, 40)
    assert rows["special_cases[old_school_room_area].enabled"] == (False, True)


def test_shipped_ids_are_unique_and_an_id_finds_the_same_file_as_a_scan_of_all_files():
    from balance_check.rules.files import read, shipped_files

    declared = [str(read(f).get("id", f.stem)) for f in shipped_files()]
    assert len(declared) == len(set(declared))
    for ref, f in zip(declared, shipped_files()):
        assert find(ref) == f  # the one-file look-up agrees with the full scan
