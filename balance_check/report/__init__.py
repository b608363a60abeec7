"""Report writers: each format in its own module, all written into one folder as a whole."""

import gc
from collections.abc import Callable, Iterable
from functools import partial
from importlib import import_module
from pathlib import Path

from .atomic import ensure_folder, write_all


def _lazy(module: str, name: str) -> Callable[[dict, Path], object]:
    """The writer `name` of `module`, imported when a report is first written in that format: a
    JSON-only run of a province loads neither python-docx nor XlsxWriter, and --help loads no writer."""

    def write(report: dict, path: Path):
        return getattr(import_module(f".{module}", __name__), name)(report, path)

    return write


# Format -> writer(report, path). A new format is one line here; the CLI offers every key.
WRITERS: dict[str, Callable[[dict, Path], object]] = {
    "json": _lazy("json_report", "write_json"),
    "md": _lazy("markdown", "write_markdown"),
    "xlsx": _lazy("xlsx_report", "write_xlsx"),
    "docx": _lazy("docx_report", "write_docx"),
    "html": _lazy("html_report", "write_html"),
}
FORMATS = tuple(WRITERS)


def write_reports(report: dict, out_dir: str | Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write report.<ext> for each chosen format; returns the paths written.

    All or nothing: the files are written to temporary names and renamed only when every one succeeded.
    Raises OutputUnwritable (a Chinese message naming the path and what to do) when they cannot be."""
    formats = list(formats)
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]}")
    out = ensure_folder(out_dir)
    # A columnar report (report["schools"] a SchoolParts table) goes to every writer as it is: report.json
    # streams its records, the others read its columns (report/school_columns.py).
    # The report's objects (millions for a province) outlive the writing: the collector is told not to
    # scan them again and again while the writers make their many short-lived ones (about a tenth of the
    # writing time at 30,000 schools); they are handed back to it afterwards.
    gc.freeze()
    try:
        return write_all([(out / f"report.{fmt}", partial(WRITERS[fmt], report)) for fmt in formats])
    finally:
        gc.unfreeze()
