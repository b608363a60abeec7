"""rollup.json, rollup.xlsx and rollup.html into one folder, each written atomically."""

import json
from pathlib import Path

from ..report.atomic import atomic_write_text
from .html import render_html
from .xlsx import write_xlsx

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "rollup.schema.json"


def to_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, allow_nan=False)


def write_rollup(result: dict, out_dir) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / "rollup.json", to_json(result) + "\n")
    write_xlsx(result, out / "rollup.xlsx")
    atomic_write_text(out / "rollup.html", render_html(result))
    return [out / "rollup.json", out / "rollup.xlsx", out / "rollup.html"]


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text("utf-8"))
