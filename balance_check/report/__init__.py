"""Report writers: each format in its own module, all written into one folder as a whole."""

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from .atomic import ensure_folder, write_all
from .docx_report import write_docx
from .html_report import write_html
from .json_report import write_json
from .markdown import render_markdown
from .xlsx_report import write_xlsx

# Format -> writer(report, path). A new format is one line here; the CLI offers every key.
WRITERS: dict[str, Callable[[dict, Path], object]] = {
    "json": write_json,
    "md": lambda report, path: Path(path).write_text(render_markdown(report), encoding="utf-8"),
    "xlsx": write_xlsx,
    "docx": write_docx,
    "html": write_html,
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
    return write_all([(out / f"report.{fmt}", partial(WRITERS[fmt], report)) for fmt in formats])
