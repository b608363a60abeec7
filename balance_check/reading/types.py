"""办学类型: map what the county wrote to a school type of the standard."""

import numpy as np
import pandas as pd

from ..problems import ProblemCode, ProblemLog, Severity
from ..standard import Standard
from .headers import normalise


def type_lookup(standard: Standard) -> dict[str, str]:
    lookup = {}
    for key, spec in standard.school_types.items():
        for text in [spec["label"], *spec.get("aliases", [])]:
            lookup.setdefault(normalise(text)[0], key)
    return lookup


def classify_types(
    df: pd.DataFrame, standard: Standard, sheet: str, errors: pd.DataFrame, log: ProblemLog, header: str
) -> None:
    """Adds df["type_key"] (None when unknown) and df["type_label"] (the standard's label)."""
    lookup = type_lookup(standard)
    # Normalised once per distinct text (a province writes a handful of types on 30,000 rows); object
    # columns holding None where unknown, so later steps need not infer a dtype again.
    codes, uniques = pd.factorize(df["type"], use_na_sentinel=True)
    key_of = [lookup.get(normalise(v)[0]) for v in uniques] + [None]  # code -1 (no text) -> None
    label_of = [standard.school_types[k]["label"] if isinstance(k, str) else None for k in key_of]
    keys = pd.Series(np.array(key_of, dtype=object)[codes], index=df.index, dtype=object)
    df["type_key"] = keys
    df["type_label"] = pd.Series(np.array(label_of, dtype=object)[codes], index=df.index, dtype=object)
    allowed = "、".join(s["label"] for s in standard.school_types.values())
    for i in keys.index[keys.isna()]:
        raw = df.at[i, "type"]
        if raw is None:
            msg, code = f"“{header}”未填写（应为：{allowed}）", ProblemCode.MISSING_VALUE
        else:
            msg, code = f"办学类型“{raw}”不是义务教育学校类型（应为：{allowed}）", ProblemCode.UNKNOWN_TYPE
        log.add(
            sheet=sheet,
            row=int(df.at[i, "row"]),
            column=header,
            severity=Severity.ERROR,
            code=code,
            message=msg,
            school=df.at[i, "name"],
            value=raw,
            field="type",
        )
        errors.at[i, "type"] = True
