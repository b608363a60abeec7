"""Report writers: each format in its own module, all written atomically into one folder."""

from collections.abc import Callable, Iterable
from pathlib import Path

from .atomic import atomic_write_text
from .docx_report import write_docx
from .html_report import write_html
from .json_report import write_json
from .markdown import render_markdown
from .xlsx_report import write_xlsx

# Format -> writer(report, path). A new format is one line here; the CLI offers every key.
WRITERS: dict[str, Callable[[dict, Path], object]] = {
    "json": write_json,
    "md": lambda report, path: atomic_write_text(path, render_markdown(report)),
    "xlsx": write_xlsx,
    "docx": write_docx,
    "html": write_html,
}
FORMATS = tuple(WRITERS)


def write_reports(report: dict, out_dir: str | Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write report.<ext> for each chosen format; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        if fmt not in WRITERS:
            raise ValueError(f"unknown report format {fmt}")
        path = out / f"report.{fmt}"
        WRITERS[fmt](report, path)
        written.append(path)
    return written
