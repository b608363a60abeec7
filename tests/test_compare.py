"""Two years of one generated county: every change the comparison reports, and why.

Year 1 is the demo county. In year 2 two failing schools were improved (前进小学 built and
equipped, 李集中学 hired qualified teachers), 东湖小学 grew past its resources, 城关镇第一小学 and 红星学校
grew a little, 杨庄小学 closed, 新区实验小学 opened, 石桥小学 got a new 学校标识码,
刘湾小学 was renamed, and 社会认可度 rose to 90%."""

import copy
import json
import math
import zipfile

import jsonschema
import numpy as np
import pytest
from click.testing import CliRunner
from generated import demo, row_of, set_county_value, write_county
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_check import check_workbook
from balance_check.cli import main
from balance_check.compare import compare_files, compare_reports
from balance_check.compare.effects import split_change
from balance_check.compare.write import load_schema, write_compare
from balance_check.report.json_report import write_json

TEACHING, EQUIPMENT = "教学及辅助用房面积（㎡）", "教学仪器设备值（元）"


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    d = tmp_path_factory.mktemp("years")
    schools, county, quality = demo.county_rows()
    write_county(d / "2026.xlsx", schools, county, quality)
    now = copy.deepcopy(schools)
    qianjin = row_of(now, "前进小学")
    qianjin[TEACHING] = round(qianjin[TEACHING] * 1.15, 1)
    qianjin[EQUIPMENT] = round(qianjin[EQUIPMENT] * 1.15, -2)
    liji = row_of(now, "李集中学")
    liji["初中高于规定学历教师数"] = math.ceil(liji["初中高于规定学历教师数"] * 1.3)
    liji["初中专任教师数"] = max(liji["初中专任教师数"], liji["初中高于规定学历教师数"])
    liji["持教师资格证专任教师数"] = liji["初中专任教师数"]
    row_of(now, "东湖小学")["小学在校生数"] = 1250
    row_of(now, "城关镇第一小学")["小学在校生数"] = 1950
    row_of(now, "红星学校")["初中在校生数"] = 600
    now.remove(row_of(now, "杨庄小学"))
    new = dict(row_of(now, "高庄小学"), 学校名称="新区实验小学", 学校标识码="3416229999")
    now.append(new)
    row_of(now, "石桥小学")["学校标识码"] = "1416228888"
    row_of(now, "刘湾小学")["学校名称"] = "刘湾中心小学"
    county_now = set_county_value(set_county_value(county, "评估年度", 2027), "社会认可度（%）", 90)
    write_county(d / "2027.xlsx", now, county_now, quality)
    r0, r1 = check_workbook(d / "2026.xlsx"), check_workbook(d / "2027.xlsx")
    return {"dir": d, "rows0": schools, "rows1": now, "r0": r0, "r1": r1, "cmp": compare_reports(r0, r1)}


def by_name(result, name, level="primary"):
    return next(s for s in result["schools"] if s["name"] == name and s["level"] == level)


def names_with(result, change):
    return {(s["name"], s["level"]) for s in result["schools"] if s["change"] == change}


def test_schools_newly_passing_failing_appeared_and_disappeared_are_named(years):
    c = years["cmp"]
    assert names_with(c, "newly_passing") == {("前进小学", "primary"), ("李集中学", "junior")}
    assert names_with(c, "newly_failing") == {("东湖小学", "primary")}
    assert names_with(c, "appeared") == {("新区实验小学", "primary")}
    assert names_with(c, "disappeared") == {("杨庄小学", "primary")}
    assert names_with(c, "still_failing") == {("赵寨小学", "primary")}
    assert c["counts"]["still_passing"] == len(years["r1"]["schools"]) - 5  # the five above
    assert by_name(c, "杨庄小学")["note"] == "本年数据中没有该校"
    assert by_name(c, "新区实验小学")["note"] == "上年数据中没有该校"


def test_every_part_of_both_years_appears_once(years):
    c, r0, r1 = years["cmp"], years["r0"], years["r1"]
    before = sorted((s["before"]["row"], s["level"]) for s in c["schools"] if s["before"])
    after = sorted((s["after"]["row"], s["level"]) for s in c["schools"] if s["after"])
    assert before == sorted((s["row"], s["level"]) for s in r0["schools"])
    assert after == sorted((s["row"], s["level"]) for s in r1["schools"])


def test_a_new_code_is_matched_by_name_and_a_new_name_by_code(years):
    c = years["cmp"]
    assert by_name(c, "石桥小学")["matched_by"] == "name"
    renamed = by_name(c, "刘湾中心小学")
    assert renamed["matched_by"] == "code" and renamed["before"]["name"] == "刘湾小学"
    assert by_name(c, "高庄小学")["matched_by"] == "code"


def test_values_then_and_now_are_the_two_reports_and_the_effects_add_up_to_the_change(years):
    c, r0, r1 = years["cmp"], years["r0"], years["r1"]
    parts0 = {(s["row"], s["level"]): s for s in r0["schools"]}
    parts1 = {(s["row"], s["level"]): s for s in r1["schools"]}
    checked = 0
    for s in c["schools"]:
        if not (s["before"] and s["after"]):
            assert all(e["change"] is None for e in s["indicators"].values())
            continue
        p0, p1 = parts0[(s["before"]["row"], s["level"])], parts1[(s["after"]["row"], s["level"])]
        for key, e in s["indicators"].items():
            assert e["before"] == p0["indicators"][key]["value"]
            assert e["after"] == p1["indicators"][key]["value"]
            assert e["change"] == pytest.approx(e["after"] - e["before"], abs=1e-9)
            assert e["resource_effect"] + e["enrolment_effect"] == pytest.approx(e["change"], abs=1e-9)
            checked += 1
    assert checked == 7 * (len(r1["schools"]) - 1)


def test_improved_school_changes_by_resources_alone_computed_from_the_workbooks(years):
    e = by_name(years["cmp"], "前进小学")["indicators"]
    old, new = row_of(years["rows0"], "前进小学"), row_of(years["rows1"], "前进小学")
    students = old["小学在校生数"]
    assert e["teaching_space_per_student"]["resource_effect"] == pytest.approx(
        (new[TEACHING] - old[TEACHING]) / students
    )
    assert e["equipment_value_per_student"]["resource_effect"] == pytest.approx(
        (new[EQUIPMENT] - old[EQUIPMENT]) / students
    )
    assert all(v["enrolment_effect"] == pytest.approx(0, abs=1e-12) for v in e.values())
    assert e["teaching_space_per_student"]["met_before"] is False
    assert e["teaching_space_per_student"]["met_after"] is True


def test_grown_school_changes_by_enrolment_alone_computed_from_the_workbooks(years):
    e = by_name(years["cmp"], "东湖小学")["indicators"]
    row = row_of(years["rows0"], "东湖小学")
    p0, p1 = row["小学在校生数"], 1250
    assert e["qualified_teachers_per_100"]["enrolment_effect"] == pytest.approx(
        row["小学高于规定学历教师数"] * 100 * (1 / p1 - 1 / p0)
    )
    assert e["sports_space_per_student"]["enrolment_effect"] == pytest.approx(
        row["体育运动场馆面积（㎡）"] * (1 / p1 - 1 / p0)
    )
    assert all(v["resource_effect"] == pytest.approx(0, abs=1e-12) for v in e.values())
    assert all(v["enrolment_effect"] < 0 for v in e.values())


def test_a_nine_year_school_whose_junior_grew_moves_its_facility_split_in_both_parts(years):
    """Same whole-school totals, more 初中 students: the 初中 part's share of the buildings rises."""
    junior = by_name(years["cmp"], "红星学校", "junior")["indicators"]["teaching_space_per_student"]
    primary = by_name(years["cmp"], "红星学校", "primary")["indicators"]["teaching_space_per_student"]
    assert junior["resource_effect"] > 0 and primary["resource_effect"] < 0
    assert primary["enrolment_effect"] == pytest.approx(0, abs=1e-12)


RENAMED = {"刘湾中心小学": "刘湾小学"}


def _terms(report, level, key, per):
    parts = [s for s in report["schools"] if s["level"] == level]
    raw = np.array([s["indicators"][key]["raw"] for s in parts])
    p = np.array([s["students"] for s in parts], dtype=float)
    mean = raw.sum() / p.sum() * per
    terms = p / p.sum() * (raw / p * per - mean) ** 2 / mean**2
    # one key per school across the years: its name, as it was before 刘湾小学 was renamed
    return {RENAMED.get(s["name"], s["name"]): t for s, t in zip(parts, terms)}


def test_each_cv_then_and_now_with_the_schools_that_moved_it_most(years):
    c, r0, r1 = years["cmp"], years["r0"], years["r1"]
    for ind in r1["indicators"]:
        for level in ("primary", "junior"):
            e = c["cv"][level][ind["id"]]
            assert e["before"] == r0["cv"][level][ind["id"]]["cv"]
            assert e["after"] == r1["cv"][level][ind["id"]]["cv"]
            t0 = _terms(r0, level, ind["id"], ind["per"])
            t1 = _terms(r1, level, ind["id"], ind["per"])
            assert sum(t0.values()) == pytest.approx(e["before"] ** 2)
            assert sum(t1.values()) == pytest.approx(e["after"] ** 2)
            delta = {k: t1.get(k, 0) - t0.get(k, 0) for k in set(t0) | set(t1)}
            expected = sorted(abs(v) for v in delta.values() if v != 0)[::-1][:5]
            got = [abs(m["term_change"]) for m in e["movers"]]
            assert got == pytest.approx(expected)
            assert all(
                m["term_change"] == pytest.approx(delta[RENAMED.get(m["name"], m["name"])])
                for m in e["movers"]
            )
    movers = {m["name"] for m in c["cv"]["primary"]["teaching_space_per_student"]["movers"]}
    assert {"前进小学", "东湖小学"} <= movers


def test_only_the_items_whose_status_changed_are_marked(years):
    c = years["cmp"]
    changed = {i["id"]: (i["before"], i["after"]) for i in c["items"] if i["changed"]}
    assert changed == {"r01": ("not_met", "met")}
    assert c["sections"]["recognition"] == {"label": "社会认可度", "before": "not_met", "after": "met"}
    assert len(c["items"]) == len(years["r1"]["items"])
    r0, r1 = years["r0"], years["r1"]
    assert {k: (v["before"], v["after"]) for k, v in c["sections"].items()} == {
        k: (r0["sections"][k]["status"], r1["sections"][k]["status"]) for k in r1["sections"]
    }
    assert (c["before"]["year"], c["after"]["year"]) == (2026, 2027)
    assert (c["before"]["passed"], c["after"]["passed"]) == (r0["passed"], r1["passed"]) == (False, False)
    assert (c["before"]["failing_parts"], c["after"]["failing_parts"]) == (3, 2)


def test_pass_to_fail_verdicts_are_the_regressions(years):
    c = years["cmp"]
    assert c["worsened"] is True
    assert [(r["kind"], r["label"]) for r in c["regressions"]] == [
        ("school", "东湖小学（小学）由达标变为未达标")
    ]


def test_result_follows_its_schema_and_is_plain_json(years):
    jsonschema.validate(json.loads(json.dumps(years["cmp"], allow_nan=False)), load_schema())


def test_cli_writes_what_the_library_returns_and_exits_1_on_a_regression(years, tmp_path):
    d = years["dir"]
    result = CliRunner().invoke(
        main, ["compare", str(d / "2026.xlsx"), str(d / "2027.xlsx"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1, result.output
    written = json.loads((tmp_path / "compare.json").read_text("utf-8"))
    assert written == json.loads(json.dumps(compare_files(d / "2026.xlsx", d / "2027.xlsx")))
    assert (tmp_path / "compare.xlsx").stat().st_size > 0 and (tmp_path / "compare.html").stat().st_size > 0


def test_a_report_json_stands_for_a_year_and_no_regression_exits_0(years, tmp_path):
    d = years["dir"]
    write_json(years["r1"], tmp_path / "report.json")
    result = CliRunner().invoke(
        main, ["compare", str(tmp_path / "report.json"), str(d / "2027.xlsx"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "out" / "compare.json").read_text("utf-8"))
    assert {s["change"] for s in written["schools"]} == {"still_passing", "still_failing"}
    assert all(e["change"] == 0 for s in written["schools"] for e in s["indicators"].values())
    assert written["regressions"] == []


def test_different_standards_or_an_unusable_input_exit_2(years, tmp_path):
    d = years["dir"]
    write_json(check_workbook(d / "2026.xlsx", "basic-2012"), tmp_path / "basic.json")
    result = CliRunner().invoke(
        main,
        [
            "compare",
            str(tmp_path / "basic.json"),
            str(d / "2027.xlsx"),
            "-s",
            "national-2017",
            "--out",
            str(tmp_path / "a"),
        ],
    )
    assert result.exit_code == 2 and "标准不同" in result.output
    (tmp_path / "bad.json").write_text("{}", "utf-8")
    result = CliRunner().invoke(
        main, ["compare", str(tmp_path / "bad.json"), str(d / "2027.xlsx"), "--out", str(tmp_path / "b")]
    )
    assert result.exit_code == 2 and "report.json" in result.output
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_an_unwritable_folder_exits_3(years, tmp_path):
    d = years["dir"]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(
        main, ["compare", str(d / "2026.xlsx"), str(d / "2027.xlsx"), "--out", str(blocker / "sub")]
    )
    assert result.exit_code == 3


def test_writers_produce_every_format(years, tmp_path):
    paths = write_compare(years["cmp"], tmp_path)
    assert [p.name for p in paths] == ["compare.json", "compare.xlsx", "compare.html"]
    html = (tmp_path / "compare.html").read_text("utf-8")
    assert "东湖小学" in html and "差异系数的变化" in html


@settings(max_examples=200, deadline=None)
@given(
    x0=st.floats(0, 1e7),
    x1=st.floats(0, 1e7),
    p0=st.integers(1, 5000),
    p1=st.integers(1, 5000),
    per=st.sampled_from([1, 100]),
)
def test_resource_and_enrolment_effects_always_add_up_to_the_change(x0, x1, p0, p1, per):
    parts = split_change([x0], [p0], [x1], [p1], per)
    change = x1 / p1 * per - x0 / p0 * per
    total = parts["resource_effect"][0] + parts["enrolment_effect"][0]
    assert total == pytest.approx(change, rel=1e-9, abs=1e-6)
    if p0 == p1:
        assert parts["enrolment_effect"][0] == 0
    if x0 == x1:
        assert parts["resource_effect"][0] == 0


def test_writers_show_the_level_and_section_labels_of_the_reports(years, tmp_path):
    r0, r1 = copy.deepcopy(years["r0"]), copy.deepcopy(years["r1"])
    for r in (r0, r1):
        r["levels"]["primary"]["label"] = "甲学段"
        r["sections"]["recognition"]["label"] = "乙部分"
    result = compare_reports(r0, r1)
    assert result["levels"]["primary"] == "甲学段"
    write_compare(result, tmp_path)
    html = (tmp_path / "compare.html").read_text("utf-8")
    assert "甲学段" in html and "乙部分" in html
    with zipfile.ZipFile(tmp_path / "compare.xlsx") as z:
        strings = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "甲学段" in strings and "乙部分" in strings
