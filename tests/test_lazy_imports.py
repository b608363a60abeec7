"""Start-up: --help and `standards list` load no pandas; a shipped standard loads without jsonschema; a
JSON-only check loads no Word or Excel writer (a province's run and a county's cold start pay only for
what they use). Loading a standard imports the evaluator, where the condition kinds are registered."""

import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "jsonschema", "docx", "xlsxwriter", "openpyxl")

# The command line ends with os._exit after running the atexit handlers (cli/process.py): the probe
# reports from one.
PROBE = """
import atexit, sys
from balance_check.cli import main
atexit.register(lambda: print(" ".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr))
main(sys.argv[1:])
"""


def loaded_after(*args) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return set(done.stderr.strip().splitlines()[-1].split()) if done.stderr.strip() else set()


@pytest.mark.parametrize(
    "args",
    [["--help"], ["check", "--help"], ["standards", "list"]],
)
def test_help_and_the_list_of_standards_import_no_heavy_library(args):
    assert loaded_after(*args) == set()


def test_shipped_standard_and_template_load_no_schema_validator_and_no_word_writer(tmp_path):
    assert not loaded_after("standards", "show", "national-2017") & {"jsonschema", "docx", "xlsxwriter"}
    assert not loaded_after("template", tmp_path / "t.xlsx") & {"jsonschema", "docx", "openpyxl"}
    assert (tmp_path / "t.xlsx").is_file()


def test_json_only_check_loads_no_word_or_excel_writer(tmp_path, fixtures_dir):
    loaded = loaded_after("check", fixtures_dir / "county_a.xlsx", "--out", tmp_path, "--format", "json")
    assert {"pandas", "numpy"} <= loaded  # it did check
    # the 县域 sheet's number formats are read without openpyxl (reading/number_formats.py)
    assert not loaded & {"docx", "xlsxwriter", "openpyxl"}
    assert (tmp_path / "report.json").is_file()
