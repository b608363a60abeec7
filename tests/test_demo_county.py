"""The demo county is generated from the standard files: regenerating it gives the committed workbook."""

import importlib.util
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]


def test_the_demo_generator_reproduces_the_committed_demo_county(tmp_path):
    script = ROOT / "sample_data" / "make_demo_county.py"
    spec = importlib.util.spec_from_file_location("make_demo_county", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["make_demo_county.py", str(tmp_path / "demo.xlsx")])
    made = openpyxl.load_workbook(tmp_path / "demo.xlsx")
    kept = openpyxl.load_workbook(ROOT / "sample_data" / "demo_county.xlsx")
    assert made.sheetnames == kept.sheetnames
    for name in kept.sheetnames:
        assert list(made[name].values) == list(kept[name].values), name
