"""Report writers: each format in its own module, all written into one folder as a whole."""

from functools import partial
from pathlib import Path

from .atomic import ensure_folder, write_all
from .docx_report import write_docx
from .html_report import write_html
from .json_report import write_json
from .markdown import render_markdown
from .xlsx_report import write_xlsx

FORMATS = ("json", "md", "xlsx", "docx", "html")


def _write_md(report: dict, path: Path) -> None:
    path.write_text(render_markdown(report), encoding="utf-8")


_WRITERS = {"json": write_json, "md": _write_md, "xlsx": write_xlsx, "docx": write_docx, "html": write_html}


def write_reports(report: dict, out_dir, formats=FORMATS) -> list[Path]:
    """Write report.<ext> for each chosen format; returns the paths written.

    All or nothing: the files are written to temporary names and renamed only when every one succeeded.
    Raises OutputUnwritable (a Chinese message naming the path and what to do) when they cannot be."""
    unknown = [f for f in formats if f not in _WRITERS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]}")
    out = ensure_folder(out_dir)
    return write_all([(out / f"report.{fmt}", partial(_WRITERS[fmt], report)) for fmt in formats])
