"""Report writers: each format in its own module, all written atomically into one folder."""

from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path

from .atomic import atomic_write_text


def _lazy(module: str, name: str) -> Callable[[dict, Path], object]:
    """The writer `name` of `module`, imported when a report is first written in that format: a
    JSON-only run of a province loads neither python-docx nor XlsxWriter, and --help loads no writer."""

    def write(report: dict, path: Path):
        return getattr(import_module(f".{module}", __name__), name)(report, path)

    return write


def _write_markdown(report: dict, path: Path):
    from .markdown import render_markdown

    return atomic_write_text(path, render_markdown(report))


# Format -> writer(report, path). A new format is one line here; the CLI offers every key.
WRITERS: dict[str, Callable[[dict, Path], object]] = {
    "json": _lazy("json_report", "write_json"),
    "md": _write_markdown,
    "xlsx": _lazy("xlsx_report", "write_xlsx"),
    "docx": _lazy("docx_report", "write_docx"),
    "html": _lazy("html_report", "write_html"),
}
FORMATS = tuple(WRITERS)


def write_reports(report: dict, out_dir: str | Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write report.<ext> for each chosen format; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    schools = report.get("schools")
    if schools is not None and not isinstance(schools, list) and any(f != "json" for f in formats):
        # A columnar report (SchoolParts) is streamed into report.json; the other writers pass over
        # the schools many times, so they get the records made once.
        report = {**report, "schools": schools.to_list()}
    written = []
    for fmt in formats:
        if fmt not in WRITERS:
            raise ValueError(f"unknown report format {fmt}")
        path = out / f"report.{fmt}"
        WRITERS[fmt](report, path)
        written.append(path)
    return written
