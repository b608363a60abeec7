"""The library entry points the CLI and other programs call."""

from pathlib import Path

from .errors import InputUnusable
from .evaluate import evaluate
from .reading import InputData, read_workbook
from .reading.many import display_names, workbooks_in
from .reading.many import read_files as read_many
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
    columnar: bool = False,
) -> dict:
    """Read a county workbook and evaluate it; returns the report dict (the content of report.json).

    With `columnar`, report["schools"] is a SchoolParts sequence of the same records held as columns
    (report["problems"] and the plan's tables likewise),
    which write_reports streams (for provinces: 200,000 schools' records never exist at once).

    `costs`: the county's unit-cost file over the shipped default (check --costs); `ledger`: last
    time's report.xlsx, whose 整改清单 entries are carried over (check --ledger).
    Raises InputUnusable when nothing can be evaluated (or the ledger cannot be read), StandardInvalid
    for a bad standards file, CostsInvalid for a bad unit-cost file."""
    std = standard if isinstance(standard, Standard) else load_standard(standard)
    return evaluate(read_workbook(path, std), std, costs=costs, ledger=ledger, columnar=columnar)


def read_files(
    files: list[str | Path] | list[tuple[str, str | Path]],
    standard: Standard,
    county_file: str | None = None,
    on_file=None,
) -> InputData:
    """Read several workbooks (paths, or (name, path) pairs) as one county; see reading/many.py.
    `on_file(status)` is called as each file is read (for progress shown per file)."""
    pairs = [f if isinstance(f, tuple) else (None, Path(f)) for f in files]
    names = display_names([Path(p) for _, p in pairs])
    named = [(n or d, Path(p)) for (n, p), d in zip(pairs, names)]
    return read_many(named, standard, county_file, on_file)


def check_files(
    files: list[str | Path] | list[tuple[str, str | Path]],
    standard: str | Path | Standard = "national-2017",
    county_file: str | None = None,
    on_file=None,
    *,
    costs: str | Path | None = None,
    ledger: str | Path | None = None,
) -> dict:
    """Read several workbooks (e.g. one per school), merge them into one county and evaluate it.

    `county_file` names the file whose 县域 and 质量监测 sheets are used. Every school, excluded,
    skipped, not-evaluable and problem record names its file beside its row."""
    std = standard if isinstance(standard, Standard) else load_standard(standard)
    return evaluate(read_files(files, std, county_file, on_file), std, costs=costs, ledger=ledger)


def check_folder(
    folder: str | Path, standard: str | Path | Standard = "national-2017", county_file: str | None = None
) -> dict:
    """Every workbook in a folder (and its subfolders) as one county; files named by their path in it."""
    folder = Path(folder)
    paths = workbooks_in(folder)
    if not paths:
        raise InputUnusable(f"文件夹“{folder}”中没有 Excel 工作簿（.xlsx）")
    return check_files(list(zip(display_names(paths, folder), paths)), standard, county_file)


def _named_files(paths: list[str | Path]) -> list[tuple[str, Path]]:
    """Files given one by one, or folders of workbooks, as (name in the report, path) pairs."""
    pairs: list[tuple[str, Path]] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = workbooks_in(p)
            if not found:
                raise InputUnusable(f"文件夹“{p}”中没有 Excel 工作簿（.xlsx）")
            pairs += zip(display_names(found, p), found)
        else:
            pairs.append((None, p))
    defaults = display_names([p for _, p in pairs])
    return [(n or d, p) for (n, p), d in zip(pairs, defaults)]


def check_paths(
    paths: list[str | Path],
    standard: str | Path | Standard = "national-2017",
    county_file: str | None = None,
    *,
    costs: str | Path | None = None,
    ledger: str | Path | None = None,
    columnar: bool = False,
) -> dict:
    """What `check` does: one workbook is checked alone; several files or a folder make one county.
    `columnar` as for check_workbook (the command line streams report.json)."""
    std = standard if isinstance(standard, Standard) else load_standard(standard)
    if len(paths) == 1 and not Path(paths[0]).is_dir() and county_file is None:
        return check_workbook(paths[0], std, costs=costs, ledger=ledger, columnar=columnar)
    data = read_many(_named_files(paths), std, county_file)
    return evaluate(data, std, costs=costs, ledger=ledger, columnar=columnar)


def merge_files(
    paths: list[str | Path],
    out: str | Path,
    standard: str | Path | Standard = "national-2017",
    county_file: str | None = None,
) -> InputData:
    """Read files or folders as one county and write the combined workbook in the template's format."""
    from .merged_workbook import write_merged

    std = standard if isinstance(standard, Standard) else load_standard(standard)
    data = read_many(_named_files(paths), std, county_file)
    write_merged(data, std, out)
    return data
