"""Counties from the project's own generator (sample_data/make_demo_county.py), as rows to edit and
workbooks to check: two years of one county, or many counties for a roll-up."""

import importlib.util
from pathlib import Path

_GENERATOR = Path(__file__).resolve().parent.parent / "sample_data" / "make_demo_county.py"
_spec = importlib.util.spec_from_file_location("make_demo_county", _GENERATOR)
demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo)


def write_county(path: Path, schools, county, quality) -> Path:
    demo.write_workbook(schools, county, quality).save(path)
    return path


def county_workbook(path: Path, **options) -> Path:
    """A generated county (options of make_demo_county.county_rows) saved at `path`."""
    return write_county(path, *demo.county_rows(**options))


def row_of(schools: list[dict], name: str) -> dict:
    return next(s for s in schools if s["学校名称"] == name)


def set_county_value(county: list[tuple], label: str, value) -> list[tuple]:
    return [(lbl, value if lbl == label else v, ev) for lbl, v, ev in county]
