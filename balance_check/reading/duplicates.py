"""One rule for schools listed twice, within a sheet or across files.

Rows are the same school when they share a 学校标识码, or — for rows without a code — the same name.
- identical in every value: the first row stands for the school, the others are skipped
  (``duplicate_identical``, a warning);
- differing in any value: no row is chosen on a guess — every row of the group is not evaluable
  (``duplicate_conflict``, an error naming all of them), so the county must decide.
Either way no school enters a CV twice."""

from dataclasses import dataclass

import pandas as pd

DUPLICATE = "duplicate"  # column of the per-cell error mask: the row conflicts with another copy


@dataclass
class Duplicates:
    identical: pd.Series  # bool: a later copy of an identical row, to skip
    conflict: pd.Series  # bool: a row of a group whose rows differ
    first: pd.Series  # index of the first row of the row's group (NaN outside groups)
    sources: pd.Series  # per row in a group: the source labels of all rows of its group, in order


def source_label(frame: pd.DataFrame) -> pd.Series:
    """第 12 行, or 县城.xlsx 第 12 行 when the frame has a "file" column (rows from several files)."""
    label = "第 " + frame["row"].astype(int).astype(str) + " 行"
    if "file" in frame:
        label = frame["file"].astype(str) + " " + label
    return label


def find_duplicates(frame: pd.DataFrame, value_columns: list[str]) -> Duplicates:
    """frame: one row per input row with "code", "name", "row" (and optionally "file") and the
    value columns, whose cells are comparable (e.g. reading.not_schools.canonical)."""
    key = frame["code"].where(frame["code"].notna(), "名称:" + frame["name"].astype(str))
    key = key.where(frame["code"].notna() | frame["name"].notna())
    grouped = key.notna() & key.duplicated(keep=False)
    none = pd.Series(False, index=frame.index)
    if not grouped.any():
        return Duplicates(
            none,
            none.copy(),
            pd.Series(float("nan"), index=frame.index),
            pd.Series(None, index=frame.index, dtype=object),
        )
    sub = (
        frame.loc[grouped, value_columns].astype(object).where(frame.loc[grouped, value_columns].notna(), "")
    )
    signature = pd.util.hash_pandas_object(sub.astype(str), index=False)
    keys = key[grouped]
    kinds = signature.groupby(keys).transform("nunique")
    identical = none.copy()
    identical[grouped] = (kinds == 1) & keys.duplicated(keep="first")
    conflict = none.copy()
    conflict[grouped] = kinds > 1
    first_of = pd.Series(frame.index[grouped], index=frame.index[grouped]).groupby(keys).transform("first")
    labels = source_label(frame.loc[grouped])
    listed = labels.groupby(keys).transform(lambda s: "、".join(s))
    return Duplicates(
        identical,
        conflict,
        first_of.reindex(frame.index),
        listed.reindex(frame.index),
    )
