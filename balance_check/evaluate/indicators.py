"""The indicators per school part, and the per-school rule (at least N met, the rest above a floor)."""

import numpy as np
import pandas as pd

from .. import boundary
from ..standard import Standard
from . import special


def numerator(parts: pd.DataFrame, ind: dict, cases: list[dict] = ()) -> pd.Series:
    """The part's own quantity: its 学段's teachers, or its share of a whole-school total, plus what a
    switched-on special case lets the school count (a whole-school amount, split like a facility)."""
    return pd.Series(_numerator(parts, ind, cases), index=parts.index)


def _numerator(parts: pd.DataFrame, ind: dict, cases: list[dict] = ()) -> np.ndarray:
    # on arrays: a county's check makes this for every indicator, and each pandas step costs more than
    # the arithmetic of a few hundred schools (a tenth of a county's evaluation, imports aside)
    raw = np.full(len(parts), np.nan)
    share = parts["share"].to_numpy(dtype="float64")
    for level, field in ind["numerator"].items():
        amount = parts[field].to_numpy(dtype="float64", na_value=np.nan)
        if level == "whole_school":
            empty = np.isnan(raw)
            raw[empty] = (amount * share)[empty]
        else:
            rows = (parts["level"] == level).to_numpy(dtype=bool)
            raw[rows] = amount[rows]
    for case in cases:
        extra = case.get("add_to_indicator")
        if extra and extra["indicator"] == ind["id"]:
            mask = special.applies(parts, case).to_numpy(dtype=bool)
            added = parts[extra["field"]].to_numpy(dtype="float64", na_value=np.nan)
            added = np.where(np.isnan(added), 0.0, added) * share  # blank adds nothing
            raw = raw + np.where(mask, added, 0.0)
    return raw


def _thresholds(parts: pd.DataFrame, ind: dict) -> np.ndarray:
    """Each part's threshold (NaN where its 学段 has none), looked up per distinct 学段."""
    codes, levels = pd.factorize(parts["level"], use_na_sentinel=True)
    given = ind.get("thresholds", {})
    table = np.array([_number(given.get(lv)) for lv in levels] + [np.nan], dtype="float64")
    return table[codes]


def _number(v) -> float:
    return np.nan if v is None else float(v)


def evaluate_indicators(
    parts: pd.DataFrame, standard: Standard, cases: list[dict] = ()
) -> dict[str, pd.DataFrame]:
    """indicator id -> frame (index = parts) with raw, value, threshold, met, ratio, shortfall, near_miss
    and `compared` (the value the comparisons use: rounded when the standard names `decimals`)."""
    out = {}
    published = standard.data.get("published_decimals", {}).get("value")
    floor = (standard.data.get("school_rule") or {}).get("floor_ratio")
    students = parts["students"].to_numpy(dtype="float64", na_value=np.nan)
    for ind in standard.indicators:
        raw = _numerator(parts, ind, cases)
        thr = _thresholds(parts, ind)
        has_thr = ~np.isnan(thr)
        with np.errstate(all="ignore"):  # a part without students or threshold: NaN/inf, as pandas gave
            value = raw * ind["per"] / students
            compared = boundary.compared(value, ind.get("decimals"))
            met = boundary.reaches(compared, thr) & has_thr
            needed = thr * students / ind["per"]  # the quantity that reaches the standard
            gap = boundary.shortfall(needed - raw, needed, ind.get("shortfall", "decimal") == "whole")
            ratio = np.where(has_thr & (thr > 0), value / thr, np.nan)
        out[ind["id"]] = pd.DataFrame(
            {
                "raw": raw,
                "value": value,
                "threshold": thr,
                # where a 学段 has no threshold, met is undefined (NaN): the column is then no longer bool
                "met": met if has_thr.all() else pd.Series(met).where(has_thr).to_numpy(),
                "ratio": ratio,
                "shortfall": np.where(has_thr, np.where(met, 0.0, gap), np.nan),
                "near_miss": _near_miss(value, thr, floor, published) & has_thr,
                "compared": compared,
            },
            index=parts.index,
        )
    return out


def _near_miss(value: np.ndarray, thr: np.ndarray, floor, published) -> np.ndarray:
    """The comparison with the standard, or with the 85% floor, comes out differently when the value is
    read at the published precision."""
    if published is None:
        return np.zeros(len(value), dtype=bool)
    shown = boundary.excel_round(value, published)
    flips = boundary.flips(boundary.reaches(value, thr), boundary.reaches(shown, thr))
    if floor is not None:
        flips |= boundary.flips(boundary.reaches(value, thr * floor), boundary.reaches(shown, thr * floor))
    return flips


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
            {"met_count": met_count, "passed": True, "unmet": [()] * len(met.index)}, index=parts.index
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


def _unmet_lists(unmet: pd.DataFrame, columns) -> list[tuple[str, ...]]:
    """Per row, the columns it marks, as a tuple made once per distinct pattern (a handful among 30,000
    parts) and shared by the rows that have it: immutable, so sharing is safe, and the report's readers
    make their own lists (school_table.py)."""
    cols = list(columns)
    marks = unmet.to_numpy(dtype=bool)
    if not marks.size:
        return [()] * len(marks)
    if len(cols) < 63:  # each row's marks as the bits of one number: the distinct numbers are the patterns
        bits = marks.astype(np.int64) @ (np.int64(1) << np.arange(len(cols), dtype=np.int64))
        patterns, which = np.unique(bits, return_inverse=True)
        patterns = [[bool(p >> j & 1) for j in range(len(cols))] for p in patterns.tolist()]
    else:
        patterns, which = np.unique(marks, axis=0, return_inverse=True)
        patterns = patterns.tolist()
    named = [tuple(c for c, m in zip(cols, p) if m) for p in patterns]
    return list(map(named.__getitem__, which.ravel().tolist()))


_BANDS = np.array(["met", "near", "below", None], dtype=object)


def add_bands(results: dict[str, pd.DataFrame], standard: Standard) -> None:
    """Adds each indicator's band, decided here once so no writer re-runs the floor test: "met" reaches
    the standard, "near" is below it but at or above the school rule's floor (e.g. 85%), "below" under
    the floor (or any miss when the standard sets no floor); None where the 学段 has no standard."""
    floor = (standard.data.get("school_rule") or {}).get("floor_ratio")
    for r in results.values():
        met = r["met"].astype("boolean")
        near = boundary.reaches(r["ratio"], floor).fillna(False) if floor is not None else False
        # picked from one object array of the labels: each school holds a reference to the same text,
        # not a text of its own (1.6 million of them, 75 MB, at 200,000 schools)
        which = np.where(met.fillna(False), 0, np.where(near, 1, 2))
        which[met.isna().to_numpy()] = 3
        r["band"] = _BANDS[which]
