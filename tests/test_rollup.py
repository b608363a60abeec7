"""Many counties at once: three generated counties (one passing, one failing on its schools, one on its
county items) and a broken file, rolled up; every summary row checked against the county's own report."""

import json

import jsonschema
import pytest
from click.testing import CliRunner
from generated import county_workbook, demo

from balance_check.cli import main
from balance_check.rollup import rollup
from balance_check.rollup.summary import plan_cost
from balance_check.rollup.write import load_schema

PASSING = demo.PASSING_COUNTY_ITEMS


@pytest.fixture(scope="module")
def counties(tmp_path_factory):
    d = tmp_path_factory.mktemp("counties")
    county_workbook(d / "甲县.xlsx", seed=11, county="甲县", schools=30, county_values=PASSING)
    faults = {"乙县第1小学": "two_short", "乙县第3中学": "qualified_low", "乙县第4小学": "sports_80"}
    county_workbook(d / "乙县.xlsx", seed=12, county="乙县", schools=30, faults=faults, county_values=PASSING)
    county_workbook(d / "丙县.xlsx", seed=13, county="丙县", schools=30)  # 交流轮岗 8%, 社会认可度 83.5%
    (d / "坏县.xlsx").write_text("这不是工作簿", "utf-8")
    return d


@pytest.fixture(scope="module")
def rolled(counties, tmp_path_factory):
    out = tmp_path_factory.mktemp("rollup")
    result = CliRunner().invoke(main, ["rollup", str(counties), "--out", str(out), "--each", "--jobs", "2"])
    return {
        "exit": result.exit_code,
        "output": result.output,
        "out": out,
        "json": json.loads((out / "rollup.json").read_text("utf-8")),
    }


def test_failing_counties_come_first_ordered_by_failing_parts_and_items(rolled):
    rows = rolled["json"]["counties"]
    assert [r["county"] for r in rows] == ["乙县", "丙县", "甲县"]
    assert [(r["passed"], r["failing_parts"], r["failing_items"]) for r in rows] == [
        (False, 3, 0),
        (False, 0, 2),
        (True, 0, 0),
    ]


def test_the_two_failing_counties_fail_for_different_reasons(rolled):
    by = {r["county"]: r for r in rolled["json"]["counties"]}
    assert by["乙县"]["sections"]["resources"] == "not_met" and by["乙县"]["sections"]["guarantee"] == "met"
    assert by["丙县"]["sections"]["resources"] == "met"
    assert by["丙县"]["sections"]["guarantee"] == by["丙县"]["sections"]["recognition"] == "not_met"


def test_every_summary_row_is_what_the_county_report_says(rolled):
    rows = rolled["json"]["counties"]
    assert len(rows) == 3
    for row in rows:
        report = json.loads(
            (rolled["out"] / "各县报告" / row["file"].removesuffix(".xlsx") / "report.json").read_text(
                "utf-8"
            )
        )
        assert row["report_dir"].endswith(row["file"].removesuffix(".xlsx"))
        assert row["county"] == report["county"]["name"] and row["year"] == report["county"]["year"]
        assert row["standard"] == {k: report["standard"][k] for k in ("id", "title")}
        assert row["passed"] == report["passed"]
        assert row["reasons"] == report["reasons"]
        assert row["sections"] == {k: s["status"] for k, s in report["sections"].items()}
        assert row["cv"] == {
            lvl: {k: {"cv": e["cv"], "met": e["met"]} for k, e in es.items()}
            for lvl, es in report["cv"].items()
        }
        assert row["school_parts"] == len(report["schools"])
        assert row["failing_parts"] == sum(not s["passed"] for s in report["schools"])
        assert row["not_evaluable"] == len(report["not_evaluable"])
        assert row["failing_items"] == sum(i["status"] != "met" for i in report["items"])
        assert row["failing_cv"] == sum(
            e["met"] is False for es in report["cv"].values() for e in es.values()
        )
        assert row["plan_cost_yuan"] == plan_cost(report)


def test_a_broken_file_is_listed_with_its_message_and_the_rest_are_checked(rolled):
    j = rolled["json"]
    assert j["counts"] == {"files": 4, "checked": 3, "passed": 1, "failed": 2, "unusable": 1}
    [bad] = j["unusable"]
    assert bad["file"] == "坏县.xlsx" and "不是 Excel 工作簿" in bad["message"]
    assert "坏县.xlsx" in rolled["output"]


def test_not_every_county_passing_exits_1_and_the_summary_follows_its_schema(rolled):
    assert rolled["exit"] == 1, rolled["output"]
    jsonschema.validate(rolled["json"], load_schema())
    assert rolled["json"]["has_plan"] is True  # the planner ran: a cost column
    assert all(isinstance(c["plan_cost_yuan"], float) for c in rolled["json"]["counties"])


def test_cli_writes_what_the_library_returns(counties, rolled, tmp_path):
    library = rollup([counties], jobs=2)  # the same counties without --each: no report folders
    cli = json.loads(json.dumps(rolled["json"]))
    for row in cli["counties"]:
        row["report_dir"] = None
    assert json.loads(json.dumps(library)) == cli


def test_summary_workbook_has_one_row_per_county_file(rolled):
    from openpyxl import load_workbook

    ws = load_workbook(rolled["out"] / "rollup.xlsx", read_only=True)["汇总"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows[:3]] == ["乙县", "丙县", "甲县"]
    assert rows[3][2] == "坏县.xlsx" and rows[3][5] == "无法核验"
    assert len(rows) == 4


def test_only_passing_counties_exit_0_and_only_broken_files_exit_2(counties, tmp_path):
    ok = CliRunner().invoke(main, ["rollup", str(counties / "甲县.xlsx"), "--out", str(tmp_path / "a")])
    assert ok.exit_code == 0, ok.output
    bad = CliRunner().invoke(main, ["rollup", str(counties / "坏县.xlsx"), "--out", str(tmp_path / "b")])
    assert bad.exit_code == 2 and "没有一个县能够核验" in bad.output
    assert not (tmp_path / "b").exists()


def test_a_manifest_names_each_countys_standard(counties, tmp_path):
    manifest = tmp_path / "清单.csv"
    manifest.write_text(
        f"file,standard\n{counties / '甲县.xlsx'},basic-2012\n{counties / '丙县.xlsx'},\n", "utf-8"
    )
    result = rollup(manifest=manifest, standard="national-2017", jobs=1)
    by = {r["county"]: r for r in result["counties"]}
    assert by["甲县"]["standard"]["id"] == "basic-2012" and "composite" in by["甲县"]["cv"]["primary"]
    assert by["丙县"]["standard"]["id"] == "national-2017"
    assert result["indicators"]["composite"] == "综合差异系数"


def test_an_unknown_standard_stops_before_any_county_is_checked(counties, tmp_path):
    result = CliRunner().invoke(main, ["rollup", str(counties), "-s", "no-such", "--out", str(tmp_path)])
    assert result.exit_code == 2 and not (tmp_path / "rollup.json").exists()


def test_plan_cost_adds_the_planners_money_per_kind_and_is_blank_without_a_plan():
    by_kind = {"新建": 1000.0, "配备": 0.0, "招聘": 500.5, "培养": 20.0}
    assert plan_cost({"plan": {"totals": {"by_key": {}, "by_kind": by_kind}}}) == 1520.5
    assert plan_cost({}) is None


def test_with_a_plan_the_summary_shows_its_money_in_wan_yuan(rolled, tmp_path):
    from openpyxl import load_workbook

    from balance_check.rollup.write import write_rollup

    result = json.loads(json.dumps(rolled["json"]))
    result["counties"][0]["plan_cost_yuan"] = 1_234_500.0
    result["counties"][1]["plan_cost_yuan"] = None  # a report from before the planner: blank
    result["has_plan"] = True
    write_rollup(result, tmp_path)
    ws = load_workbook(tmp_path / "rollup.xlsx", read_only=True)["汇总"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    column = rows[0].index("整改估算资金（万元，估算）")
    assert rows[1][column] == pytest.approx(123.45) and rows[2][column] is None
    assert "123.5" in (tmp_path / "rollup.html").read_text("utf-8")
