"""The library entry points the CLI and other programs call."""

from pathlib import Path

from .evaluate import evaluate
from .reading import InputData, read_workbook
from .standard import Standard, load_standard


def evaluate_input(data: InputData, standard: Standard) -> dict:
    """Evaluate input already read (e.g. by `read_rows`); returns the report dict."""
    return evaluate(data, standard)


def check_workbook(path: str | Path, standard: str | Path | Standard = "national-2017") -> dict:
    """Read a county workbook and evaluate it; returns the report dict (the content of report.json).

    Raises InputUnusable when nothing can be evaluated, StandardInvalid for a bad standards file."""
    std = standard if isinstance(standard, Standard) else load_standard(standard)
    return evaluate(read_workbook(path, std), std)
