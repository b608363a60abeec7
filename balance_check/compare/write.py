"""compare.json, compare.xlsx and compare.html into one folder, each written atomically."""

import json
from pathlib import Path

from ..report.atomic import atomic_write_text
from ..report.formats import COMPARE_FORMATS as FORMATS
from .html import render_html
from .xlsx import write_xlsx

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "compare.schema.json"


def to_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, allow_nan=False)


def write_compare(result: dict, out_dir, formats=FORMATS) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out / f"compare.{fmt}"
        if fmt == "json":
            atomic_write_text(path, to_json(result) + "\n")
        elif fmt == "xlsx":
            write_xlsx(result, path)
        elif fmt == "html":
            atomic_write_text(path, render_html(result))
        else:
            raise ValueError(f"unknown compare format {fmt}")
        written.append(path)
    return written


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text("utf-8"))
