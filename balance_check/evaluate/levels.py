"""Per 学段 counts, decided once here so that no writer recounts passes: label, school parts, passed,
failed and students for each evaluated level of the standard."""

import pandas as pd

from ..standard import Standard


def level_counts(parts: pd.DataFrame, rule: pd.DataFrame, standard: Standard) -> dict[str, dict]:
    frame = pd.DataFrame(
        {"level": parts["level"], "passed": rule["passed"].astype(bool), "students": parts["students"]}
    )
    grouped = frame.groupby("level").agg(
        school_parts=("passed", "size"), passed=("passed", "sum"), students=("students", "sum")
    )
    out = {}
    for level in standard.evaluated_levels:
        n, ok, students = (
            grouped.loc[level, ["school_parts", "passed", "students"]].tolist()
            if level in grouped.index
            else (0, 0, 0)
        )
        out[level] = {
            "label": standard.level_label(level),
            "school_parts": int(n),
            "passed": int(ok),
            "failed": int(n) - int(ok),
            "students": int(students),
        }
    return out
