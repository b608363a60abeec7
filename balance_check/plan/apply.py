"""Additions as a frame (input row × input column) and their effect on the parts' indicator numerators."""

import numpy as np
import pandas as pd

from ..evaluate.indicators import numerator
from ..standard import Standard
from .actions import Action


def empty_additions(index, fields) -> pd.DataFrame:
    return pd.DataFrame(0.0, index=index, columns=sorted(fields))


def add_action(additions: pd.DataFrame, rows, act: Action, amount: np.ndarray) -> None:
    """The action's own column and every column that rises with it (a hire is also 专任教师 and 持证)."""
    for f in (act.field, *act.also):
        if f not in additions:
            additions[f] = 0.0
        additions.loc[rows, f] = additions.loc[rows, f].to_numpy() + amount


def with_additions(parts: pd.DataFrame, additions: pd.DataFrame) -> pd.DataFrame:
    """The parts with each school's additions added to its input columns, as a new frame (the other
    columns shared, not copied: copy-on-write keeps the evaluator's frame as it is)."""
    out = parts.copy(deep=False)
    per_part = additions.reindex(parts["school_index"]).fillna(0.0)
    for f in additions.columns:
        if f in out:
            out[f] = out[f].astype("float64") + per_part[f].to_numpy()
    return out


def raws(parts: pd.DataFrame, standard: Standard, cases=()) -> dict[str, pd.Series]:
    """Each indicator's numerator per part, computed by the evaluator's own code."""
    return {ind["id"]: numerator(parts, ind, cases) for ind in standard.indicators}
