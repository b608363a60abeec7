"""The indicators per school part, and the per-school rule (at least N met, the rest above a floor)."""

import numpy as np
import pandas as pd

from .. import boundary
from ..standard import Standard
from . import special


def numerator(parts: pd.DataFrame, ind: dict, cases: list[dict] = ()) -> pd.Series:
    """The part's own quantity: its 学段's teachers, or its share of a whole-school total, plus what a
    switched-on special case lets the school count (a whole-school amount, split like a facility)."""
    raw = pd.Series(np.nan, index=parts.index)
    for level, field in ind["numerator"].items():
        if level == "whole_school":
            raw = raw.fillna(parts[field] * parts["share"])
        else:
            rows = parts["level"] == level
            raw[rows] = parts.loc[rows, field]
    for case in cases:
        extra = case.get("add_to_indicator")
        if extra and extra["indicator"] == ind["id"]:
            mask = special.applies(parts, case)
            raw = raw + (parts[extra["field"]].fillna(0) * parts["share"]).where(mask, 0.0)
    return raw


def thresholds(parts: pd.DataFrame, ind: dict) -> pd.Series:
    return parts["level"].map(ind.get("thresholds", {})).astype("float64")


def evaluate_indicators(
    parts: pd.DataFrame, standard: Standard, cases: list[dict] = ()
) -> dict[str, pd.DataFrame]:
    """indicator id -> frame (index = parts) with raw, value, threshold, met, ratio, shortfall, near_miss
    and `compared` (the value the comparisons use: rounded when the standard names `decimals`)."""
    out = {}
    published = standard.data.get("published_decimals", {}).get("value")
    floor = (standard.data.get("school_rule") or {}).get("floor_ratio")
    for ind in standard.indicators:
        raw = numerator(parts, ind, cases)
        students = parts["students"].astype("float64")
        value = raw * ind["per"] / students
        thr = thresholds(parts, ind)
        has_thr = thr.notna()
        compared = boundary.compared(value, ind.get("decimals"))
        met = boundary.reaches(compared, thr) & has_thr
        needed = thr * students / ind["per"]  # the quantity that reaches the standard
        gap = boundary.shortfall(needed - raw, needed, ind.get("shortfall", "decimal") == "whole")
        out[ind["id"]] = pd.DataFrame(
            {
                "raw": raw,
                "value": value,
                "threshold": thr,
                "met": met.where(has_thr),
                "ratio": (value / thr).where(has_thr & (thr > 0)),
                "shortfall": gap.where(~met, 0.0).where(has_thr),
                "near_miss": _near_miss(value, thr, floor, published) & has_thr,
                "compared": compared,
            }
        )
    return out


def _near_miss(value: pd.Series, thr: pd.Series, floor, published) -> pd.Series:
    """The comparison with the standard, or with the 85% floor, comes out differently when the value is
    read at the published precision."""
    if published is None:
        return pd.Series(False, index=value.index)
    shown = boundary.excel_round(value, published)
    flips = boundary.flips(boundary.reaches(value, thr), boundary.reaches(shown, thr))
    if floor is not None:
        flips |= boundary.flips(boundary.reaches(value, thr * floor), boundary.reaches(shown, thr * floor))
    return pd.Series(flips, index=value.index)


def apply_school_rule(
    parts: pd.DataFrame, results: dict[str, pd.DataFrame], standard: Standard
) -> pd.DataFrame:
    """met_count, passed and unmet per part. A part passes with >= min_met indicators met and every
    unmet one at >= floor_ratio of its standard (both with the boundary rule)."""
    rule = standard.data.get("school_rule")  # a standard may set no per-school rule (2012)
    met = pd.DataFrame({k: r["met"] for k, r in results.items()}).astype("boolean")
    # the floor is judged on the compared value (rounded when the standard says so), like the standard
    ratio = pd.DataFrame(
        {k: (r["compared"] / r["threshold"]).where(r["ratio"].notna()) for k, r in results.items()}
    )
    judged = met.notna()
    met_count = met.fillna(False).sum(axis=1).astype(int)
    if rule is None:
        return pd.DataFrame(
            {"met_count": met_count, "passed": True, "unmet": [[] for _ in met.index]}, index=parts.index
        )
    above_floor = boundary.reaches(ratio, rule["floor_ratio"]) | met.fillna(False) | ~judged
    rule_applies = judged.any(axis=1)
    passed = (met_count >= rule["min_met"]) & above_floor.all(axis=1)
    return pd.DataFrame(
        {
            "met_count": met_count,
            "passed": passed.where(rule_applies, True).astype(bool),
            "unmet": _unmet_lists(judged & ~met.fillna(False), met.columns),
        },
        index=parts.index,
    )


def _unmet_lists(unmet: pd.DataFrame, columns) -> list[list[str]]:
    """Per row, the columns it marks — list(columns[row]) — made once per distinct pattern (a handful
    among 30,000 parts); each row still gets its own list."""
    cols = list(columns)
    marks = unmet.to_numpy(dtype=bool)
    if not marks.size:
        return [[] for _ in range(len(marks))]
    if len(cols) < 63:  # each row's marks as the bits of one number: the distinct numbers are the patterns
        bits = marks.astype(np.int64) @ (np.int64(1) << np.arange(len(cols), dtype=np.int64))
        patterns, which = np.unique(bits, return_inverse=True)
        patterns = [[bool(p >> j & 1) for j in range(len(cols))] for p in patterns.tolist()]
    else:
        patterns, which = np.unique(marks, axis=0, return_inverse=True)
        patterns = patterns.tolist()
    named = [tuple(c for c, m in zip(cols, p) if m) for p in patterns]
    return list(map(list, map(named.__getitem__, which.ravel().tolist())))


def add_bands(results: dict[str, pd.DataFrame], standard: Standard) -> None:
    """Adds each indicator's band, decided here once so no writer re-runs the floor test: "met" reaches
    the standard, "near" is below it but at or above the school rule's floor (e.g. 85%), "below" under
    the floor (or any miss when the standard sets no floor); None where the 学段 has no standard."""
    floor = (standard.data.get("school_rule") or {}).get("floor_ratio")
    for r in results.values():
        met = r["met"].astype("boolean")
        near = boundary.reaches(r["ratio"], floor).fillna(False) if floor is not None else False
        band = np.where(met.fillna(False), "met", np.where(near, "near", "below")).astype(object)
        band[met.isna().to_numpy()] = None
        r["band"] = band
