"""Which schools take part in 资源配置: evaluated, excluded (with the standard's reason) or not evaluable."""

import pandas as pd

from ..standard import Standard

EVALUATED, EXCLUDED, NOT_EVALUABLE = "evaluated", "excluded", "not_evaluable"


def resource_inputs(standard: Standard, type_key: str) -> list[str]:
    """Fields a school of this type needs for the indicators: its enrolments and numerators."""
    t = standard.school_types[type_key]
    fields = [f for f in map(standard.enrolment_field, t["levels"]) if f]
    for ind in standard.indicators:
        for part, f in ind["numerator"].items():
            if part == "whole_school" or part in t["levels"]:
                fields.append(f)
    return fields


def classify(df: pd.DataFrame, errors: pd.DataFrame, standard: Standard) -> pd.DataFrame:
    """Adds status, reason_code, reason columns to a copy of the school frame."""
    out = df.copy()
    out["status"], out["reason_code"], out["reason"] = EVALUATED, None, None
    evaluated_levels = [f for f in map(standard.enrolment_field, standard.evaluated_levels) if f]
    conflict = errors["duplicate"] if "duplicate" in errors else False  # copies of a school that differ
    out.loc[out["type_key"].isna() | errors["type"] | conflict, "status"] = NOT_EVALUABLE
    scope = standard.data["scope"]
    for rule in scope["exclude"]:
        hit = out["type_key"].isin(rule["types"]) & (out["status"] == EVALUATED)
        if "students_below" in rule:
            fields = evaluated_levels
            bad = errors[fields].any(axis=1)
            out.loc[hit & bad, "status"] = NOT_EVALUABLE
            hit &= ~bad & (out[fields].fillna(0).sum(axis=1) < rule["students_below"])
        out.loc[hit, ["status", "reason_code", "reason"]] = [EXCLUDED, rule["code"], rule["reason"]]
    if not scope.get("include_private", True):
        hit = (out["ownership"] == "民办") & (out["status"] == EVALUATED)
        out.loc[hit, ["status", "reason_code", "reason"]] = [
            EXCLUDED,
            "private_school",
            "民办学校不在评估范围",
        ]
    # each type's rows from one factorisation, and the evaluated ones taken once: a type's blocked
    # schools change no other type's rows
    type_codes, type_keys = pd.factorize(out["type_key"])
    position = {key: i for i, key in enumerate(type_keys)}
    evaluated = (out["status"] == EVALUATED).to_numpy()
    for tkey in standard.school_types:
        if tkey not in position:
            continue
        rows = pd.Series((type_codes == position[tkey]) & evaluated, index=out.index)
        if rows.any():
            blocked = errors.loc[rows, resource_inputs(standard, tkey)].any(axis=1)
            out.loc[blocked.index[blocked], "status"] = NOT_EVALUABLE
    no_students = (out["status"] == EVALUATED) & (out[evaluated_levels].fillna(0).sum(axis=1) <= 0)
    out.loc[no_students, ["status", "reason_code", "reason"]] = [
        EXCLUDED,
        "no_students",
        "义务教育在校生数为0，无参评学段",
    ]
    return out
