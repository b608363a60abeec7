"""Year on year: what changed in a county between two checks, and why (compare.json/.xlsx/.html)."""

from pathlib import Path

from ..standard import Standard
from .inputs import load_result, same_standard, standard_of
from .result import compare_reports


def compare_files(
    before: str | Path, after: str | Path, standard: str | Path | Standard | None = None
) -> dict:
    """Compare two years; each may be a county workbook or a report.json written by `check`.

    Workbooks are checked under `standard` (default: the standard of a given report.json, else the
    national one). Raises InputUnusable when an input cannot be used or the standards differ."""
    paths = [Path(before), Path(after)]
    std = standard_of(paths, standard)
    r0, r1 = (load_result(p, std) for p in paths)
    same_standard(r0, r1)
    return compare_reports(r0, r1, (paths[0].name, paths[1].name))


__all__ = ["compare_files", "compare_reports"]
