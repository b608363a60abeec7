"""Workbooks shaped as county staff make them give the results of the same data in clean form."""

import math
import subprocess
import sys

import pytest
from shapes.make_shapes import CLEAN, build_shapes

from balance_check import InputUnusable, check_workbook


@pytest.fixture(scope="session")
def shapes(tmp_path_factory):
    return {s.name: s for s in build_shapes(tmp_path_factory.mktemp("shapes"))}


@pytest.fixture(scope="session")
def clean():
    return check_workbook(CLEAN)


def _names():
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        return [s.name for s in build_shapes(Path(d))]


NAMES = _names()


def _close(a, b):
    return (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12)
    )


def _school_values(report, renamed=None):
    back = {v: k for k, v in (renamed or {}).items()}
    return {
        (back.get(s["name"], s["name"]), s["level"]): (
            s["passed"],
            s["students"],
            {k: (e["value"], e["met"]) for k, e in s["indicators"].items()},
        )
        for s in report["schools"]
    }


def assert_same_results(got, want, renamed=None):
    assert got["passed"] == want["passed"]
    assert {k: s["status"] for k, s in got["sections"].items()} == {
        k: s["status"] for k, s in want["sections"].items()
    }
    g, w = _school_values(got, renamed), _school_values(want)
    assert g.keys() == w.keys()
    for key in w:
        assert g[key][:2] == w[key][:2], key
        for ind, (value, met) in w[key][2].items():
            assert _close(g[key][2][ind][0], value) and g[key][2][ind][1] == met, (key, ind)
    for level, entries in want["cv"].items():
        for k, e in entries.items():
            assert _close(got["cv"][level][k]["cv"], e["cv"]) and got["cv"][level][k]["met"] == e["met"]
    assert [(i["id"], i["status"]) for i in got["items"]] == [(i["id"], i["status"]) for i in want["items"]]
    for k in ("evaluated_schools", "school_parts", "excluded", "not_evaluable"):
        assert got["counts"][k] == want["counts"][k], k


def test_there_is_a_shape_for_every_class_the_reader_knows():
    assert len(NAMES) >= 19


@pytest.mark.parametrize("name", NAMES)
def test_shape_gives_the_clean_results_or_names_its_problem(name, shapes, clean):
    shape = shapes[name]
    if shape.unusable:
        with pytest.raises(InputUnusable) as err:
            check_workbook(shape.path)
        assert {p["code"] for p in err.value.problems} == {shape.unusable}
        return
    got = check_workbook(shape.path)
    found = {(p["severity"], p["code"]) for p in got["problems"]}
    assert set(shape.codes) <= found, (shape.codes, found)
    if shape.same:
        assert_same_results(got, clean, shape.renamed)
    assert set(shape.not_evaluable) <= {e["name"] for e in got["not_evaluable"]}
    c = got["counts"]
    assert c["input_rows"] == c["evaluated_schools"] + c["excluded"] + c["not_evaluable"] + c["skipped"]
    listed = [s["row"] for s in got["schools"]] + [
        e["row"] for k in ("excluded", "not_evaluable", "skipped") for e in got[k]
    ]
    assert len(set(listed)) == c["input_rows"]


def test_a_skipped_row_is_a_warning_and_leaves_data_integrity_alone(shapes, clean):
    got = check_workbook(shapes["town_headings_subtotals_total"].path)
    skipped = {(e["reason_code"], e["text"]) for e in got["skipped"]}
    assert ("subtotal_row", "城关镇小计") in skipped and ("subtotal_row", "合 计") in skipped
    assert any(code == "heading_row" and text.startswith("一、城关镇") for code, text in skipped)
    rows = {e["row"] for e in got["skipped"]}
    assert {p["row"] for p in got["problems"] if p["code"] in ("subtotal_row", "heading_row")} == rows
    assert got["sections"]["data"] == clean["sections"]["data"]


def test_conflicting_copies_keep_every_copy_out_of_the_cvs(shapes, clean):
    got = check_workbook(shapes["conflicting_copies_of_a_school"].path)
    conflict = [p for p in got["problems"] if p["code"] == "duplicate_conflict"]
    assert len(conflict) == 2 and all(
        "第 6 行" in p["message"] and "第 43 行" in p["message"] for p in conflict
    )
    name = conflict[0]["school"]
    assert name not in {s["name"] for s in got["schools"]}
    assert got["sections"]["data"]["status"] != "met"


def test_the_ambiguous_sheet_refusal_lists_the_sheets_and_what_to_rename(shapes):
    proc = subprocess.run(
        [sys.executable, "-m", "balance_check", "validate", str(shapes["two_copies_no_exact_name"].path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "学校（旧）" in proc.stderr and "学校 (2)" in proc.stderr and "改名为“学校”" in proc.stderr


@pytest.mark.parametrize("command", ["check", "validate"])
def test_strict_open_xml_is_read_without_a_traceback(shapes, command, tmp_path):
    args = [sys.executable, "-m", "balance_check", command, str(shapes["strict_open_xml"].path)]
    proc = subprocess.run(
        args + (["--out", str(tmp_path)] if command == "check" else []), capture_output=True, text=True
    )
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1)
