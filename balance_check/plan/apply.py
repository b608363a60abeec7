"""Additions as a frame (input row × input column) and their effect on the parts' indicator numerators."""

import numpy as np
import pandas as pd

from ..evaluate.indicators import numerator
from ..standard import Standard
from .actions import Action
from .arrays import at_level


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


def numerators_after(parts: pd.DataFrame, additions: pd.DataFrame, standard: Standard, cases=()) -> dict:
    """Indicator id -> each part's numerator after the additions (float64 array): the values of
    raws(with_additions(parts, additions)), computed on arrays (no frame copied, no Series per level;
    a county of 100 schools pays pandas' per-call cost for each). An indicator a switched-on special case
    adds to is computed by the evaluator's own code, on the frame with the additions."""
    at = additions.index.get_indexer(parts["school_index"])  # each part's school's row; -1: not listed
    share = parts["share"].to_numpy(dtype="float64")
    columns: dict = {}
    levels: dict = {}

    def column(field):  # the input column after the additions, as with_additions makes it
        if field not in columns:
            base = parts[field].to_numpy(dtype="float64")
            if field in additions.columns:
                add = np.append(additions[field].to_numpy(dtype="float64"), 0.0)[at]  # -1: the 0 added
                add[np.isnan(add)] = 0.0  # a missing addition adds nothing
                base = base + add
            columns[field] = base
        return columns[field]

    out = {}
    frame = None
    for ind in standard.indicators:
        if any((c.get("add_to_indicator") or {}).get("indicator") == ind["id"] for c in cases):
            frame = with_additions(parts, additions) if frame is None else frame
            out[ind["id"]] = numerator(frame, ind, cases).to_numpy(dtype="float64")
            continue
        raw = np.full(len(parts), np.nan)
        for lv, field in ind["numerator"].items():
            if lv == "whole_school":  # its share of the total, where no level's own column gave one
                raw = np.where(np.isnan(raw), column(field) * share, raw)
            else:
                rows = levels[lv] if lv in levels else levels.setdefault(lv, at_level(parts, lv))
                raw[rows] = column(field)[rows]
        out[ind["id"]] = raw
    return out
