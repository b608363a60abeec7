"""Each 差异系数 then and now, and the schools that moved it most.

A part's term in the squared CV is tᵢ = (Pᵢ/ΣP)(Xᵢ − X̄)² / X̄², so CV² = Σ tᵢ (the formula of
evaluate/cv.py divided by X̄²). The change of a CV is therefore the sum of its parts' term changes
(t₁ − t₀, with 0 for a year the part is absent): ranking by |t₁ − t₀| names the schools that moved it."""

import numpy as np
import pandas as pd

# Schools listed per CV as having moved it most.
MOVERS_SHOWN = 5


def cv_terms(report: dict, level: str, indicator: str, per: float) -> pd.Series:
    """Term of each part of `level` in the squared CV, indexed by position in report['schools']."""
    pos = [j for j, s in enumerate(report["schools"]) if s["level"] == level]
    raw = np.array([report["schools"][j]["indicators"][indicator].get("raw") for j in pos], dtype="float64")
    students = np.array([report["schools"][j]["students"] for j in pos], dtype="float64")
    total = students.sum()
    if not len(pos) or total <= 0 or np.isnan(raw).any():
        return pd.Series(np.nan, index=pos, dtype="float64")
    x = raw / students * per
    mean = raw.sum() / total * per
    terms = students / total * (x - mean) ** 2 / mean**2 if mean > 0 else np.full(len(pos), np.nan)
    return pd.Series(terms, index=pos, dtype="float64")


def _num(v):
    return None if v is None or (isinstance(v, float) and not np.isfinite(v)) else float(v)


def compare_cv(before: dict, after: dict, pairs: pd.DataFrame) -> dict:
    """level -> indicator id -> then/now, threshold, verdicts and the movers."""
    per = {i["id"]: i.get("per", 1) for i in after["indicators"]}
    out = {}
    for level in [lvl for lvl in after["cv"] if lvl in before["cv"]] + [
        lvl for lvl in before["cv"] if lvl not in after["cv"]
    ]:
        e0s, e1s = before["cv"].get(level, {}), after["cv"].get(level, {})
        entries = {}
        for key in list(e1s) + [k for k in e0s if k not in e1s]:
            e0, e1 = e0s.get(key, {}), e1s.get(key, {})
            cv0, cv1 = e0.get("cv"), e1.get("cv")
            entries[key] = {
                "before": cv0,
                "after": cv1,
                "change": None if cv0 is None or cv1 is None else cv1 - cv0,
                "threshold": e1.get("threshold", e0.get("threshold")),
                "met_before": e0.get("met"),
                "met_after": e1.get("met"),
                "movers": _movers(before, after, pairs, level, key, per[key]) if key in per else [],
            }
        out[level] = entries
    return out


def _movers(before, after, pairs, level, key, per) -> list[dict]:
    t0 = cv_terms(before, level, key, per)
    t1 = cv_terms(after, level, key, per)
    a = pairs["pos_0"].map(t0).astype("float64")
    b = pairs["pos_1"].map(t1).astype("float64")
    present = a.notna() | b.notna()  # a part of this level in at least one year
    change = b.fillna(0) - a.fillna(0)
    ranked = change[present].abs().sort_values(ascending=False, kind="stable").index[:MOVERS_SHOWN]
    out = []
    for i in ranked:
        if change[i] == 0:
            break
        j0, j1 = pairs.at[i, "pos_0"], pairs.at[i, "pos_1"]
        school = after["schools"][j1] if j1 is not pd.NA else before["schools"][j0]
        out.append(
            {
                "code": school.get("code"),
                "name": school["name"],
                "term_before": _num(a[i]),
                "term_after": _num(b[i]),
                "term_change": float(change[i]),
            }
        )
    return out
