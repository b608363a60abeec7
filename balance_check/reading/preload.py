"""The 学校 sheet loaded by python-calamine in a thread while the command line is still importing pandas.

calamine releases the interpreter lock while it parses a sheet's XML (about 0.4 s at 30,000 schools,
3 s at 200,000), and importing pandas and the evaluator keeps one core busy for about 0.3 s: started
first, the load runs on a second core meanwhile. read_workbook takes the loaded sheet when it is the one
it chooses itself; a program that never calls start() reads exactly as before.

This module imports nothing heavy (no pandas: reading/__init__.py loads the reader lazily). The file is
checked as a container (size, zip bomb) before calamine opens it, as read_workbook does; any failure here
is forgotten, and read_workbook then reads the file itself and says what is wrong.
"""

import os
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import NamedTuple

from ..problems import ProblemLog
from .container import check_container
from .formulas import uncached_formula_cells
from .sheets import choose_sheet

_started: dict[str, Future] = {}


class Loaded(NamedTuple):
    workbook: object  # python_calamine.CalamineWorkbook
    chosen: str | None  # the sheet choose_sheet picks for 学校
    sheet: object | None  # that sheet, loaded (python_calamine.CalamineSheet)
    formulas: Future | None  # its formula cells without a value (formulas.py), scanned meanwhile


def _key(path) -> str:
    return os.path.abspath(path)


def start(path) -> None:
    """Begin loading `path`'s 学校 sheet in a daemon thread."""
    future: Future = Future()
    _started[_key(path)] = future
    threading.Thread(target=_load, args=(Path(path), future), name="preload", daemon=True).start()


def _load(path: Path, future: Future) -> None:
    try:
        check_container(path)
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        chosen = choose_sheet(list(workbook.sheet_names), "schools", ProblemLog())
        formulas = None
        if chosen is not None:  # the scan inflates the sheet's XML again: zlib too runs without the lock
            formulas = Future()
            threading.Thread(target=_scan, args=(path, chosen, formulas), name="preload", daemon=True).start()
        sheet = workbook.get_sheet_by_name(chosen) if chosen is not None else None
        future.set_result(Loaded(workbook, chosen, sheet, formulas))
    except BaseException as e:  # noqa: BLE001 - read_workbook reads the file again and reports it
        future.set_exception(e)


def _scan(path: Path, chosen: str, future: Future) -> None:
    try:
        future.set_result(uncached_formula_cells(path, chosen))
    except BaseException as e:  # noqa: BLE001 - the reader scans again
        future.set_exception(e)


def take(path) -> Loaded | None:
    """What start() loaded for `path` (waiting for it), once; None if nothing was started or it failed."""
    future = _started.pop(_key(path), None)
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - see _load
        return None
