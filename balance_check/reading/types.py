"""办学类型: map what the county wrote to a school type of the standard."""

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
    keys = df["type"].map(lambda v: lookup.get(normalise(v)[0]) if v is not None else None)
    df["type_key"] = keys
    df["type_label"] = keys.map(lambda k: standard.school_types[k]["label"] if isinstance(k, str) else None)
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
