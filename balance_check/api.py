"""The library entry points the CLI and other programs call."""

from pathlib import Path

from .evaluate import evaluate
from .reading import InputData, read_workbook
from .standard import Standard, load_standard


def evaluate_input(data: InputData, standard: Standard, columnar: bool = False) -> dict:
    """Evaluate input already read (e.g. by `read_rows`); returns the report dict."""
    return evaluate(data, standard, columnar)


def check_workbook(
    path: str | Path, standard: str | Path | Standard = "national-2017", columnar: bool = False
) -> dict:
    """Read a county workbook and evaluate it; returns the report dict (the content of report.json).

    With `columnar`, report["schools"] is a SchoolParts sequence of the same records held as columns,
    which write_reports streams (for provinces: 200,000 schools' records never exist at once).
    Raises InputUnusable when nothing can be evaluated, StandardInvalid for a bad standards file."""
    std = standard if isinstance(standard, Standard) else load_standard(standard)
    return evaluate(read_workbook(path, std), std, columnar)
