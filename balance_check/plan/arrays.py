"""The evaluator's columns as numpy arrays, the cheap way (a county of 100 schools pays pandas' fixed
cost per call, which is most of its plan's time)."""

import numpy as np
import pandas as pd


def flags(column: pd.Series) -> np.ndarray:
    """A column of truth values as a bool array, a missing value False. A bool column is taken as it is;
    pandas' na_value path copies and scans even a column that has no missing value."""
    if column.dtype == bool:
        return column.to_numpy()
    return column.fillna(False).to_numpy(dtype=bool)


def school_columns(schools: pd.DataFrame) -> dict:
    """The schools' code, name and row as arrays, taken once for the plan's table and its county items
    (a province's names are pandas strings: each taking copies them into Python objects)."""
    return {c: schools[c].to_numpy() for c in ("code", "name", "row")}


def at_level(parts: pd.DataFrame, level: str) -> np.ndarray:
    """Whether each part is of `level` (bool array). The evaluator holds the level as a categorical: the
    comparison runs over its integer codes, not over the texts."""
    return (parts["level"] == level).to_numpy(dtype=bool)
