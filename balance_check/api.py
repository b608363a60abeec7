"""The library entry points the CLI and other programs call."""

from pathlib import Path

from .evaluate import evaluate
from .reading import InputData, read_workbook
from .standard import Standard, load_standard


def evaluate_input(data: InputData, standard: Standard, *, costs=None, ledger=None) -> dict:
    """Evaluate input already read (e.g. by `read_rows`); returns the report dict."""
    return evaluate(data, standard, costs=costs, ledger=ledger)


def check_workbook(
    path: str | Path,
    standard: str | Path | Standard = "national-2017",
    *,
    costs: str | Path | None = None,
    ledger: str | Path | None = None,
) -> dict:
    """Read a county workbook and evaluate it; returns the report dict (the content of report.json).

    `costs`: the county's unit-cost file over the shipped default (check --costs); `ledger`: last
    time's report.xlsx, whose 整改清单 entries are carried over (check --ledger).
    Raises InputUnusable when nothing can be evaluated (or the ledger cannot be read), StandardInvalid
    for a bad standards file, CostsInvalid for a bad unit-cost file."""
    std = standard if isinstance(standard, Standard) else load_standard(standard)
    return evaluate(read_workbook(path, std), std, costs=costs, ledger=ledger)
