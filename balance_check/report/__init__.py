"""Report writers: each format in its own module, all written into one folder as a whole."""

import gc
from collections.abc import Callable, Iterable
from functools import partial
from importlib import import_module
from pathlib import Path

from . import forked
from .atomic import ensure_folder, write_all


def _lazy(module: str, name: str) -> Callable[[dict, Path], object]:
    """The writer `name` of `module`, imported when a report is first written in that format: a
    JSON-only run of a province loads neither python-docx nor XlsxWriter, and --help loads no writer."""

    def write(report: dict, path: Path, **options):
        return getattr(import_module(f".{module}", __name__), name)(report, path, **options)

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
# Each writer's time, relative: its CPU time on 200,000 schools in tenths of a second (benchmarks/writers.py,
# one process). How the formats are shared between two processes when a province's reports are written;
# a measurement of this code, not a rule of any standard.
COST = {"json": 75, "md": 38, "xlsx": 146, "docx": 33, "html": 25}
# School parts from which a second writing process pays for itself (below, all formats of a county take
# well under a second, about what starting the process and copying its memory pages costs).
PARALLEL_FROM = 5000
# Writers that can share their own work with a second process (a `jobs` argument): used when the
# format is written alone.
SPLITTABLE = {"json"}


def write_reports(
    report: dict, out_dir: str | Path, formats: Iterable[str] = FORMATS, jobs: int | None = None
) -> list[Path]:
    """Write report.<ext> for each chosen format; returns the paths written.

    All or nothing: the files are written to temporary names and renamed only when every one succeeded.
    Raises OutputUnwritable (a Chinese message naming the path and what to do) when they cannot be.
    `jobs`: 2 writes the formats in two processes at once, 1 in this one; None (the default) uses two
    for a province's report (PARALLEL_FROM school parts or more) where a second process can run."""
    formats = list(formats)
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]}")
    out = ensure_folder(out_dir)
    if jobs is None:
        jobs = 2 if len(report.get("schools", ())) >= PARALLEL_FROM and forked.available() else 1
    apart = second_share(formats) if jobs > 1 else []
    alone = {"jobs": jobs} if jobs > 1 and len(formats) == 1 and formats[0] in SPLITTABLE else {}
    # A columnar report (report["schools"] a SchoolParts table) goes to every writer as it is: report.json
    # streams its records, the others read its columns (report/school_columns.py).
    # The report's objects (millions for a province) outlive the writing: the collector is told not to
    # scan them again and again while the writers make their many short-lived ones (about a tenth of the
    # writing time at 30,000 schools); they are handed back to it afterwards. Frozen objects are not
    # touched by a collection in the second process either, so their memory stays shared with this one.
    # A process that froze objects of its own before (the command line freezes the loaded modules, see
    # cli/process.py) keeps them frozen: gc.unfreeze cannot hand back only what was frozen here.
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        files = [(out / f"report.{fmt}", partial(WRITERS[fmt], report, **alone)) for fmt in formats]
        return write_all(files, [formats.index(f) for f in apart])
    finally:
        if not frozen_before:
            gc.unfreeze()


def second_share(formats: list[str]) -> list[str]:
    """The formats a second process writes, in the order given: the formats are dealt, costliest first,
    to whichever process has less to do (the second one first), so the two finish about together. None
    for a single format."""
    if len(formats) < 2:
        return []
    cost = {f: COST.get(f, 1) for f in formats}  # a format not measured yet counts as cheap
    here, there = 0, 0
    share = []
    for fmt in sorted(formats, key=lambda f: -cost[f]):
        if there <= here:
            share.append(fmt)
            there += cost[fmt]
        else:
            here += cost[fmt]
    return [f for f in formats if f in share]
