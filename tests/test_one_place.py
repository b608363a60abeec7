"""One place each: the standard answers questions about itself, aliases are data, writers are a table."""

import ast
import json
from pathlib import Path

import pytest

from balance_check import report as report_pkg
from balance_check.report import WRITERS, write_reports
from balance_check.standard import load_standard

PACKAGE = Path(__file__).resolve().parents[1] / "balance_check"
NATIONAL = load_standard("national-2017")


def _modules():
    return [(p, ast.parse(p.read_text("utf-8"))) for p in PACKAGE.rglob("*.py")]


def test_no_python_module_holds_an_alias_table():
    for path, tree in _modules():
        keys = [k.value for d in ast.walk(tree) if isinstance(d, ast.Dict) for k in d.keys if k is not None]
        assert "aliases" not in [k for k in keys if isinstance(k, str)], path


def test_only_the_standard_looks_up_a_levels_enrolment_field():
    lookup = 'f.get("role") == "enrolment"'  # the level -> enrolment-field look-up
    assert [p.name for p in PACKAGE.rglob("*.py") if lookup in p.read_text("utf-8")] == ["standard.py"]


def test_school_items_do_not_reach_into_the_reader():
    tree = ast.parse((PACKAGE / "evaluate" / "school_items.py").read_text("utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(m and m.startswith("reading") for m in modules)


@pytest.mark.parametrize("level", NATIONAL.evaluated_levels)
def test_the_standard_names_each_levels_enrolment_field_and_label(level):
    field = NATIONAL.enrolment_field(level)
    assert NATIONAL.fields[field]["role"] == "enrolment" and NATIONAL.fields[field]["level"] == level
    assert NATIONAL.level_label(level) == NATIONAL.data["levels"][level]["label"]


def test_a_levels_field_applies_only_to_school_types_of_that_level():
    applies = NATIONAL.applicable("junior_students")
    assert applies == {t: "junior" in s["levels"] for t, s in NATIONAL.school_types.items()}
    assert all(NATIONAL.applicable("teaching_space").values())  # a whole-school total


def test_a_sixth_writer_is_one_entry_in_the_table(tmp_path, monkeypatch):
    monkeypatch.setitem(WRITERS, "txt", lambda report, path: path.write_text(json.dumps(report["passed"])))
    written = write_reports({"passed": True}, tmp_path, ["txt"])
    assert written == [tmp_path / "report.txt"] and written[0].read_text() == "true"
    assert report_pkg.FORMATS == ("json", "md", "xlsx", "docx", "html")
