"""Report writers: each format in its own module, all written atomically into one folder."""

from pathlib import Path

from .atomic import atomic_write_text
from .docx_report import write_docx
from .html_report import write_html
from .json_report import write_json
from .markdown import render_markdown
from .xlsx_report import write_xlsx

FORMATS = ("json", "md", "xlsx", "docx", "html")


def write_reports(report: dict, out_dir, formats=FORMATS) -> list[Path]:
    """Write report.<ext> for each chosen format; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out / f"report.{fmt}"
        if fmt == "json":
            write_json(report, path)
        elif fmt == "md":
            atomic_write_text(path, render_markdown(report))
        elif fmt == "xlsx":
            write_xlsx(report, path)
        elif fmt == "docx":
            write_docx(report, path)
        elif fmt == "html":
            write_html(report, path)
        else:
            raise ValueError(f"unknown report format {fmt}")
        written.append(path)
    return written
