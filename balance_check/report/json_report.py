"""report.json: the library's report dict, as it is (validated against the documented schema in tests)."""

import json
from pathlib import Path

from .atomic import atomic_write_text

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "report.schema.json"


def to_json(report: dict) -> str:
    # allow_nan=False: undefined numbers must already be null, never NaN. No indent: the C encoder
    # is only used without it, and a province's report has tens of thousands of school parts.
    return json.dumps(report, ensure_ascii=False, allow_nan=False)


def write_json(report: dict, path) -> None:
    atomic_write_text(Path(path), to_json(report) + "\n")


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text("utf-8"))
