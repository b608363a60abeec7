"""Report writers: each format in its own module, all written atomically into one folder."""

from pathlib import Path

from .atomic import atomic_write_text
from .formats import FORMATS

__all__ = ["FORMATS", "write_reports"]


def write_reports(report: dict, out_dir, formats=FORMATS) -> list[Path]:
    """Write report.<ext> for each chosen format; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if any(f != "json" for f in formats) and not isinstance(report["schools"], list):
        # A columnar report (SchoolParts) is streamed into report.json; the other writers pass over
        # the schools many times, so they get the records made once.
        report = {**report, "schools": report["schools"].to_list()}
    written = []
    for fmt in formats:
        path = out / f"report.{fmt}"
        # Each writer is imported only when its format is asked for: a JSON-only run of a province
        # need not load python-docx and XlsxWriter.
        if fmt == "json":
            from .json_report import write_json

            write_json(report, path)
        elif fmt == "md":
            from .markdown import render_markdown

            atomic_write_text(path, render_markdown(report))
        elif fmt == "xlsx":
            from .xlsx_report import write_xlsx

            write_xlsx(report, path)
        elif fmt == "docx":
            from .docx_report import write_docx

            write_docx(report, path)
        elif fmt == "html":
            from .html_report import write_html

            write_html(report, path)
        else:
            raise ValueError(f"unknown report format {fmt}")
        written.append(path)
    return written
