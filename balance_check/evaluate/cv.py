"""The enrolment-weighted 差异系数 per level and indicator (mean, SD in the indicator's unit, CV)."""

import numpy as np
import pandas as pd

from .. import boundary
from ..standard import Standard


def weighted_cv(
    raw: pd.Series, students: pd.Series, per: float = 1.0
) -> tuple[float | None, float | None, float | None]:
    """X_i = raw_i/P_i·per; X̄ = Σraw/ΣP·per; S = sqrt(Σ (P_i/ΣP)(X_i − X̄)²); CV = S/X̄ (None when X̄ = 0)."""
    total = float(students.sum())
    if len(raw) == 0 or total <= 0:
        return None, None, None
    x = raw / students * per
    mean = float(raw.sum()) / total * per
    sd = float(np.sqrt(((students / total) * (x - mean) ** 2).sum()))
    return mean, sd, (sd / mean if mean > 0 else None)


def evaluate_cv(parts: pd.DataFrame, results: dict[str, pd.DataFrame], standard: Standard) -> dict:
    spec = standard.data["cv"]
    precision = (spec.get("decimals"), standard.data.get("published_decimals", {}).get("cv"))
    out = {}
    for level in standard.evaluated_levels:
        rows = parts["level"] == level
        if not rows.any():
            continue
        limit = spec["thresholds"].get(level)
        entries = {}
        for ind in standard.indicators:
            mean, sd, cv = weighted_cv(
                results[ind["id"]].loc[rows, "raw"], parts.loc[rows, "students"], ind["per"]
            )
            entries[ind["id"]] = _entry(
                mean, sd, cv, limit, int(rows.sum()), spec.get("mode", "each") == "each", precision
            )
        if spec.get("mode") == "composite":
            cvs = [e["cv"] for e in entries.values()]
            comp = None if any(c is None for c in cvs) else float(np.mean(cvs))
            entries["composite"] = _entry(None, None, comp, limit, int(rows.sum()), True, precision)
        out[level] = entries
    return out


SINGLE_PART_NOTE = "仅 {n} 个学校（学段），差异系数不具比较意义"


def _entry(mean, sd, cv, limit, n, judged, precision=(None, None)):
    """`precision` = (decimals the standard compares at or None, decimals the national tables print)."""
    decimals, published = precision
    judged_value = judged and cv is not None and limit is not None
    met = bool(judged_value and boundary.within(boundary.compared(cv, decimals), limit))
    near = bool(
        judged_value
        and published is not None
        and boundary.flips(
            boundary.within(cv, limit), boundary.within(boundary.excel_round(cv, published), limit)
        )
    )
    entry = {
        "mean": mean,
        "sd": sd,
        "cv": cv,
        "threshold": limit,
        "met": met if judged else None,
        "schools": n,
        "near_miss": near,
    }
    if n < 2:  # one school compared with itself: the value the standard gives (0, met) says nothing
        entry["note"] = SINGLE_PART_NOTE.format(n=n)
    return entry


def variance_shares(
    parts: pd.DataFrame, results: dict[str, pd.DataFrame], standard: Standard
) -> dict[str, pd.Series]:
    """Each part's share of its level's weighted variance, (P_i/ΣP)(X_i − X̄)² / S², per indicator:
    the schools that pull a CV up. NaN where the level's SD is 0.

    On arrays, each level's rows taken once: the same sums as pandas' (NaN skipped, numpy's pairwise
    order), without some 140 Series made for a county."""
    students_all = parts["students"].to_numpy(dtype="float64")
    levels = [np.flatnonzero((parts["level"] == level).to_numpy()) for level in parts["level"].unique()]
    out = {}
    for ind in standard.indicators:
        raw_all = results[ind["id"]]["raw"].to_numpy(dtype="float64")
        share = np.full(len(parts), np.nan)
        for at in levels:
            students, raw = students_all[at], raw_all[at]
            # as pandas computes: 0/0 is NaN and an absurd input overflows to inf, silently
            with np.errstate(all="ignore"):
                terms, spread_sum, mean = _variance_terms(students, raw)
                # A spread below the boundary tolerance (CV under REL_TOL) is floating-point noise
                # whose shares would change with row order: no school pulls such a CV, as when the SD
                # is 0.
                if spread_sum > (boundary.REL_TOL * mean) ** 2:
                    share[at] = terms / spread_sum
        out[ind["id"]] = pd.Series(share, index=parts.index)
    return out


def _variance_terms(students: np.ndarray, raw: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Each part's (P_i/ΣP)(X_i − X̄)², their sum and X̄ (raw per student), NaN skipped in the sums."""
    total = np.nansum(students)
    mean = np.nansum(raw) / total
    terms = students / total * (raw / students - mean) ** 2
    return terms, np.nansum(terms), mean
