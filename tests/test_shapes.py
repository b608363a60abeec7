"""Workbooks shaped as county staff make them give the results of the same data in clean form."""

import atexit
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from shapes.compare import assert_same_results
from shapes.make_shapes import CLEAN, build_shapes

from balance_check import InputUnusable, check_workbook


def _build() -> dict:
    """The shapes, written once: their names parametrize the tests at collection and the same files are
    the fixture (a folder of its own, removed when the session ends; the tests only read it)."""
    folder = Path(tempfile.mkdtemp(prefix="balance-check-shapes-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return {s.name: s for s in build_shapes(folder)}


SHAPES = _build()
NAMES = list(SHAPES)


@pytest.fixture(scope="session")
def shapes():
    return SHAPES


@pytest.fixture(scope="session")
def clean(checked):
    return checked(CLEAN)  # county_b, evaluated once per session


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
