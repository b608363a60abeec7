"""Corrections from the clause-by-clause audit of the standards files, one test (or more) per correction.

Every number here comes from the standard files; the tests build schools just above or below them."""

import openpyxl
import pytest
from test_special_cases import item, school

from balance_check.evaluate import evaluate
from balance_check.reading import read_rows
from balance_check.rules.compare import diff_records, new_facts
from balance_check.standard import enable_cases, load_standard
from balance_check.template import header_text, write_template

NATIONAL = load_standard("national-2017")


def case(standard, case_id):
    return next(c for c in standard.data["special_cases"] if c["id"] == case_id)


def fact_row(standard, key, value):
    return {key: {"value": value, "evidence": None, "row": 2}}


def run(standard, schools, extra_fields=(), county=None):
    fields = [
        f
        for f in standard.data["school_fields"]
        if not f.get("optional") or f["key"] in extra_fields or f["key"] == "certified_teachers"
    ]
    rows = [[header_text(f) for f in fields]] + [[s.get(f["key"]) for f in fields] for s in schools]
    return evaluate(read_rows(rows, standard, county=county or {}), standard)


def template_labels(standard, tmp_path) -> tuple[list[str], list[str]]:
    """(县域 sheet labels, 学校 sheet headers) of the template the standard writes."""
    path = write_template(standard, tmp_path / f"{standard.id}.xlsx")
    wb = openpyxl.load_workbook(path)
    county = [r[0] for r in wb["县域"].iter_rows(min_row=2, values_only=True) if r[0]]
    heads = [c for c in next(wb["学校"].iter_rows(max_row=1, values_only=True)) if c]
    return county, heads


def rural_small(name, type_label="小学", **values):
    """A rural small school (largest class under the case's limit) with one music and one art room."""
    limit = next(c["below"] for c in case(NATIONAL, "rural_small_room_area")["when"] if "below" in c)
    base = dict(area="乡村", type=type_label, primary_classes=6, music_rooms=1, art_rooms=1)
    if type_label == "初中":
        base.update(
            primary_students=None,
            primary_classes=None,
            primary_max_class_size=None,
            primary_teachers=None,
            primary_qualified_teachers=None,
            primary_backbone_teachers=None,
            primary_pe_art_teachers=None,
            junior_students=1000,
            junior_classes=6,
            junior_max_class_size=limit - 1,
            junior_teachers=80,
            junior_qualified_teachers=70,
            junior_backbone_teachers=12,
            junior_pe_art_teachers=10,
            teaching_space=6000,
            sports_space=11000,
            equipment_value=3_000_000,
        )
    else:
        base["primary_max_class_size"] = limit - 1
    base.update(values)
    return school(name, **base)


# 1. rural_small_room_area: the relaxed area depends on the school's level, not on the room type.
def test_rural_small_room_area_is_split_by_level_not_by_room_type():
    areas = case(NATIONAL, "rural_small_room_area")["set_room_min_area"]["areas_by_level"]
    primary, junior = areas["primary"], areas["junior"]
    assert primary["music_rooms"] == primary["art_rooms"] and junior["music_rooms"] == junior["art_rooms"]
    between = (primary["art_rooms"] + junior["music_rooms"]) / 2  # enough for a 小学, too small for an 初中
    schools = [
        rural_small("小学美术室", music_room_min_area=primary["music_rooms"], art_room_min_area=between),
        rural_small("初中音乐室", "初中", music_room_min_area=between, art_room_min_area=junior["art_rooms"]),
    ]
    report = run(enable_cases(NATIONAL, ["rural_small_room_area"]), schools)
    assert [s["name"] for s in item(report, "g03")["failing_schools"]] == ["初中音乐室"]


def test_rural_small_room_area_warns_once_per_through_school_and_keeps_the_standard_area():
    areas = case(NATIONAL, "rural_small_room_area")["set_room_min_area"]["areas_by_level"]
    g03 = next(i for i in NATIONAL.items if i["id"] == "g03")["conditions"][0]
    music_standard = next(r["min_area"] for r in g03["rooms"] if r["count"] == "music_rooms")
    through = rural_small(
        "一贯制学校",
        "九年一贯制学校",
        junior_students=100,
        junior_classes=3,
        junior_max_class_size=20,
        junior_teachers=8,
        junior_qualified_teachers=8,
        junior_backbone_teachers=1,
        junior_pe_art_teachers=1,
        music_room_min_area=max(areas["junior"]["music_rooms"], areas["primary"]["music_rooms"]),
        art_room_min_area=90,
    )
    report = run(enable_cases(NATIONAL, ["rural_small_room_area"]), [through, rural_small("小学")])
    warnings = [p for p in report["problems"] if p["code"] == "special_case_not_applicable"]
    assert (
        len(warnings) == 1 and warnings[0]["severity"] == "warning" and warnings[0]["school"] == "一贯制学校"
    )
    failing = item(report, "g03")["failing_schools"]
    assert [s["name"] for s in failing] == ["一贯制学校"] and f"低于 {music_standard:g}" in failing[0][
        "detail"
    ]


# 2. p01: three years since recognition AND the monitoring attestation; the year counted from is said.
def test_p01_needs_the_monitoring_attestation_and_says_the_year_it_counts_from(tmp_path):
    p01 = next(i for i in NATIONAL.items if i["id"] == "p01")
    years = next(c for c in p01["conditions"] if c["kind"] == "years_since")
    attest = next(c for c in p01["conditions"] if c["kind"] == "attestation")
    eval_year = 2026
    county = {
        **fact_row(NATIONAL, years["reference"], eval_year),
        **fact_row(NATIONAL, years["fact"], eval_year - years["min_years"]),
    }
    without = item(run(NATIONAL, [school("甲")], county=county), "p01")
    blank = item(
        run(NATIONAL, [school("甲")], county={**county, **fact_row(NATIONAL, attest["fact"], None)}), "p01"
    )
    yes = item(
        run(NATIONAL, [school("甲")], county={**county, **fact_row(NATIONAL, attest["fact"], True)}), "p01"
    )
    no = item(
        run(NATIONAL, [school("甲")], county={**county, **fact_row(NATIONAL, attest["fact"], False)}), "p01"
    )
    assert (blank["status"], yes["status"], no["status"]) == ("missing", "met", "not_met")
    # A 县域 sheet from an older template has no row at all: not checked, and the report says so.
    label = NATIONAL.facts[attest["fact"]]["label"]
    assert without["status"] == "met" and f"没有“{label}”一行" in without["detail"]
    assert "未核验" in without["detail"]
    assert f"按 {eval_year - years['min_years']} 年起算" in yes["detail"]
    labels, _ = template_labels(NATIONAL, tmp_path)
    assert NATIONAL.facts[attest["fact"]]["label"] in labels


# 3. The special cases are the 2019 规程's transitional allowances: source, last year, lapse warning.
def test_transitional_cases_cite_the_2019_rules_and_their_last_year():
    transitional = [c for c in NATIONAL.data["special_cases"] if "valid_through_year" in c]
    assert {c["id"] for c in transitional} >= {
        "rural_shared_pe_art_teachers",
        "urban_extra_sports_space",
        "old_school_room_area",
        "rural_small_room_area",
        "school_size_relaxed",
    }
    for c in transitional:
        assert (
            "国教督办函〔2019〕30号" in c["basis"] and "建设规划" in c["basis"] and "待核实" in c["certainty"]
        )
    assert any("国教督办函〔2019〕30号" in n for n in NATIONAL.data["notes"])


@pytest.mark.parametrize("offset, lapsed", [(0, False), (1, True)])
def test_case_switched_on_after_its_last_year_warns_it_may_have_lapsed(offset, lapsed):
    last = case(NATIONAL, "rural_small_room_area")["valid_through_year"]
    std = enable_cases(NATIONAL, ["rural_small_room_area"])
    report = run(std, [school("甲")], county=fact_row(std, "eval_year", last + offset))
    warnings = [p for p in report["problems"] if p["code"] == "special_case_lapsed"]
    assert len(warnings) == (1 if lapsed else 0)
    if lapsed:
        assert warnings[0]["severity"] == "warning" and str(last) in warnings[0]["message"]


def test_case_switched_on_without_an_evaluation_year_notes_the_lapse_was_not_checked():
    report = run(enable_cases(NATIONAL, ["rural_small_room_area"]), [school("甲")])
    assert any("无法核对" in n and "失效" in n for n in report["notes"])
    assert not [p for p in report["problems"] if p["code"] == "special_case_lapsed"]


# 4. Extra sports space only for schools marked 人口密度过高的中心城区; 3000 only for 九年一贯制.
def test_extra_sports_space_counts_only_for_schools_marked_dense_central_urban():
    std = enable_cases(NATIONAL, ["urban_extra_sports_space"])
    cond = case(std, "urban_extra_sports_space")["when"][0]
    thr = next(i for i in std.indicators if i["id"] == "sports_space_per_student")["thresholds"]["primary"]
    short = dict(area="城区", sports_space=(thr - 1) * 1000, extra_sports_space=2000)
    schools = [school("中心城区", dense_central_urban=cond["in"][0], **short), school("一般城区", **short)]
    fields = ["extra_sports_space", "dense_central_urban"]
    met = {
        s["name"]: s["indicators"]["sports_space_per_student"]["met"]
        for s in run(std, schools, fields)["schools"]
    }
    assert met == {"中心城区": True, "一般城区": False}


@pytest.mark.parametrize("type_label, relaxed", [("九年一贯制学校", True), ("十二年一贯制学校", False)])
def test_relaxed_school_size_for_through_schools_names_only_nine_year_schools(type_label, relaxed):
    std = enable_cases(NATIONAL, ["school_size_relaxed"])
    relaxed_max = case(std, "school_size_relaxed")["set_school_max"]["max_by_type"]["nine_year"]
    g04 = next(i for i in std.items if i["id"] == "g04")["conditions"][0]
    normal = g04["max_by_size_group"]["through_school"]
    students = (normal + relaxed_max) // 2  # above the normal limit, within the relaxed one
    big = school(
        "大校",
        type=type_label,
        primary_students=students - 500,
        junior_students=500,
        junior_classes=10,
        junior_max_class_size=50,
        junior_teachers=40,
        junior_qualified_teachers=30,
        junior_backbone_teachers=5,
        junior_pe_art_teachers=5,
        senior_students=0,
        built_year=2000,
        migrant_share=0,
    )
    status = item(run(std, [big], ["built_year", "migrant_share"]), "g04")["status"]
    assert status == ("met" if relaxed else "not_met")


# 5. g03: the literal reading by default; counting compliant rooms is a special case with two columns.
def test_spare_undersized_room_fails_by_default_and_passes_when_compliant_rooms_are_counted(tmp_path):
    rooms = next(i for i in NATIONAL.items if i["id"] == "g03")["conditions"][0]
    music = next(r for r in rooms["rooms"] if r["count"] == "music_rooms")
    s = school("有一间小教室", music_rooms=3, music_room_min_area=music["min_area"] - 10)
    s.update(compliant_music_rooms=2, compliant_art_rooms=2)  # 24 classes need 2 rooms of each
    fields = ["compliant_music_rooms", "compliant_art_rooms"]
    literal = run(NATIONAL, [s], fields)
    practice = run(enable_cases(NATIONAL, ["g03_compliant_rooms"]), [s], fields)
    assert (item(literal, "g03")["status"], item(practice, "g03")["status"]) == ("not_met", "met")
    assert any("字面" in n and "g03_compliant_rooms" in n for n in literal["notes"])
    assert any("已启用特殊情形" in n and "达标的间数" in n for n in practice["notes"])
    _, heads = template_labels(NATIONAL, tmp_path)
    assert {"达标音乐专用教室数（间）", "达标美术专用教室数（间）"} <= set(heads)


def test_compliant_rooms_below_need_fail_under_the_practice_reading():
    s = school("达标教室不足", compliant_music_rooms=1, compliant_art_rooms=2)
    report = run(
        enable_cases(NATIONAL, ["g03_compliant_rooms"]), [s], ["compliant_music_rooms", "compliant_art_rooms"]
    )
    failing = item(report, "g03")["failing_schools"]
    assert [f["name"] for f in failing] == ["达标教室不足"] and "达标音乐专用教室 1 间" in failing[0][
        "detail"
    ]


# 7. basic-2012: its real title, and recognition's three other parts as county items.
def test_basic_2012_has_its_title_and_the_three_other_parts_of_recognition(tmp_path):
    basic = load_standard("basic-2012")
    assert basic.title.startswith("县域义务教育均衡发展督导评估暂行办法")
    assert (
        basic.data["source"]["number"] == "教督〔2012〕3号" and basic.data["source"]["date"] == "2012-01-20"
    )
    kinds = {i["section"]: i["conditions"][0] for i in basic.items}
    assert kinds["prerequisite"]["kind"] == "attestation"
    assert kinds["guarantee"]["kind"] == "at_least" and kinds["recognition"]["kind"] == "at_least"
    labels, _ = template_labels(basic, tmp_path)
    for c in kinds.values():
        assert basic.facts[c["fact"]]["label"] in labels
    assert any("差异系数监测" in n for n in basic.data["notes"])


def test_basic_2012_work_score_just_under_its_minimum_fails():
    basic = load_standard("basic-2012")
    cond = next(i for i in basic.items if i["section"] == "guarantee")["conditions"][0]
    under = run(basic, [school("甲")], county=fact_row(basic, cond["fact"], cond["min"] - 0.5))
    at = run(basic, [school("甲")], county=fact_row(basic, cond["fact"], cond["min"]))
    section = next(i for i in basic.items if i["section"] == "guarantee")["id"]
    assert (item(under, section)["status"], item(at, section)["status"]) == ("not_met", "met")


# 8. hebei-2017: 具体办法, and the unverified scope of g03/g04 said in its notes.
def test_hebei_title_and_scope_note():
    hebei = load_standard("hebei-2017")
    assert hebei.title == "河北省县域义务教育优质均衡发展督导评估具体办法"
    assert any(
        "教学点" in n and "特殊教育学校" in n and "待核实" in n and "g03" in n for n in hebei.data["notes"]
    )
    for item_id in ("g03", "g04"):
        cond = next(i for i in hebei.items if i["id"] == item_id)["conditions"][0]
        assert {"teaching_point", "special_education"} <= set(cond["exclude_types"])


# 9. jiangsu-example: public schools only at 90%, the nine-year 巩固率 at 99%.
def test_jiangsu_counts_public_schools_only_and_the_nine_year_retention_rate():
    js = load_standard("jiangsu-example")
    g15 = next(
        c for c in next(i for i in js.items if i["id"] == "g15")["conditions"] if c["kind"] == "at_least"
    )
    q01 = next(i for i in js.items if i["id"] == "q01")["conditions"][0]
    assert (
        "公办学校就读" in js.facts[g15["fact"]]["label"] and "政府购买" not in js.facts[g15["fact"]]["label"]
    )
    assert js.facts[q01["fact"]]["label"].startswith("九年义务教育巩固率")
    national_g15 = next(
        c for c in next(i for i in NATIONAL.items if i["id"] == "g15")["conditions"] if "min" in c
    )
    county = {
        **fact_row(js, national_g15["fact"], 1.0),  # the broader national rate does not count in Jiangsu
        **fact_row(js, g15["fact"], g15["min"] - 0.01),
        **fact_row(js, "left_behind_care", True),
        **fact_row(js, q01["fact"], q01["min"]),
    }
    report = run(js, [school("甲")], county=county)
    assert (item(report, "g15")["status"], item(report, "q01")["status"]) == ("not_met", "met")
    assert "示例" in js.title


# 10. liaoning-2018 and zhejiang-2020: what they change, with sources, and the new facts in the template.
def test_liaoning_diff_shows_exactly_its_four_rules_with_sources():
    groups = diff_records("national-2017", "liaoning-2018")
    assert {g["record"] for g in groups} == {"items[g07]", "items[g16]", "items[q07]", "items[v07]"}
    for g in groups:
        assert "辽政教督室〔2018〕2号" in g["clause"] and "待核实" in g["clause"]
    by = {g["record"]: g for g in groups}
    assert by["items[g07]"]["title"] == "特殊教育学校和随班就读残疾学生生均公用经费不低于8000元"
    assert "劳动实践不少于综合实践活动课时的50%" in by["items[q07]"]["title"]
    assert by["items[v07]"]["title"] == "校外培训机构治理不力" and by["items[v07]"]["change"] == "added"
    assert len(new_facts("national-2017", "liaoning-2018")) == 5


def test_zhejiang_diff_shows_exactly_its_prerequisite():
    groups = diff_records("national-2017", "zhejiang-2020")
    assert [(g["record"], g["change"]) for g in groups] == [("items[p02]", "added")]
    assert groups[0]["title"] == "通过省级教育基本现代化评估认定一年以上"
    assert "浙政教督办函〔2020〕28号" in groups[0]["clause"]


@pytest.mark.parametrize("std_id", ["liaoning-2018", "zhejiang-2020", "basic-2012", "jiangsu-example"])
def test_new_county_facts_are_in_the_template_and_the_input_format(std_id, tmp_path):
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "input-format.md").read_text("utf-8")
    labels, _ = template_labels(load_standard(std_id), tmp_path)
    facts = new_facts("national-2017", std_id)
    assert facts
    for label in facts:
        assert label in labels and f"| {label} |" in doc


def test_liaoning_rules_are_judged_from_their_thresholds():
    ln = load_standard("liaoning-2018")
    g16 = next(i for i in ln.items if i["id"] == "g16")["conditions"]
    county = {k: v for c in g16 for k, v in fact_row(ln, c["fact"], c["min"]).items()}
    assert item(run(ln, [school("甲")], county=county), "g16")["status"] == "met"
    county[g16[1]["fact"]]["value"] = g16[1]["min"] - 1
    assert item(run(ln, [school("甲")], county=county), "g16")["status"] == "not_met"
    v07 = next(i for i in ln.items if i["id"] == "v07")["conditions"][0]
    report = run(ln, [school("甲")], county=fact_row(ln, v07["fact"], True))
    assert item(report, "v07")["status"] == "not_met" and report["passed"] is False


def test_every_rule_still_uncertain_is_named_in_a_note_or_its_clause():
    """The files say what is 待核实: each uncertain item says so in its clause or in the file's notes."""
    for std_id in (
        "national-2017",
        "basic-2012",
        "hebei-2017",
        "jiangsu-example",
        "liaoning-2018",
        "zhejiang-2020",
    ):
        std = load_standard(std_id)
        notes = " ".join(std.data.get("notes", []))
        for i in std.items:
            if i.get("uncertain"):
                assert "待核实" in i.get("clause", "") or i["id"] in notes, (std_id, i["id"])


def test_standards_diff_command_prints_each_record_with_its_clause_as_the_library_groups_them():
    from click.testing import CliRunner

    from balance_check.cli import main

    result = CliRunner().invoke(main, ["standards", "diff", "national-2017", "liaoning-2018"])
    assert result.exit_code == 0
    groups = diff_records("national-2017", "liaoning-2018")
    lines = result.output.splitlines()
    headings = [line for line in lines if line.startswith("items[")]
    assert [h.split("（")[0] for h in headings] == [g["record"] for g in groups]
    for g in groups:
        assert f"  条款：{g['clause']}" in lines
    assert f"共 {len(groups)} 条规则记录不同" in result.output
