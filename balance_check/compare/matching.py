"""Pairing last year's school parts with this year's: by 学校标识码 and 学段, then by name and 学段.

A code that is blank or appears twice in a year cannot identify a school, so those parts fall through
to the name. A school renamed under the same code, or recoded under the same name, is still one school."""

import pandas as pd


def parts_frame(report: dict) -> pd.DataFrame:
    """One row per evaluated school part: position in report['schools'], code, name, level."""
    schools = report["schools"]
    return pd.DataFrame(
        {
            "pos": range(len(schools)),
            "code": [s.get("code") or None for s in schools],
            "name": [s.get("name") or None for s in schools],
            "level": [s["level"] for s in schools],
        },
        dtype=object,
    )


def _unique_on(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    usable = frame[frame[key].notna()]
    return usable[~usable.duplicated([key, "level"], keep=False)]


def _pair(a: pd.DataFrame, b: pd.DataFrame, key: str) -> pd.DataFrame:
    merged = _unique_on(a, key).merge(_unique_on(b, key), on=[key, "level"], suffixes=("_0", "_1"))
    return pd.DataFrame({"pos_0": merged["pos_0"], "pos_1": merged["pos_1"], "matched_by": key})


def match_parts(before: dict, after: dict) -> pd.DataFrame:
    """Columns pos_0, pos_1 (positions in each report's schools, NaN-free Int64 with <NA> when the part
    is absent that year) and matched_by ('code', 'name' or None)."""
    a, b = parts_frame(before), parts_frame(after)
    by_code = _pair(a, b, "code")
    rest_a = a[~a["pos"].isin(by_code["pos_0"])]
    rest_b = b[~b["pos"].isin(by_code["pos_1"])]
    by_name = _pair(rest_a, rest_b, "name")
    pairs = pd.concat([by_code, by_name], ignore_index=True)
    gone = a.loc[~a["pos"].isin(pairs["pos_0"]), ["pos"]].rename(columns={"pos": "pos_0"})
    new = b.loc[~b["pos"].isin(pairs["pos_1"]), ["pos"]].rename(columns={"pos": "pos_1"})
    out = pd.concat([pairs, gone.assign(matched_by=None), new.assign(matched_by=None)], ignore_index=True)
    out["pos_0"] = out["pos_0"].astype("Int64")
    out["pos_1"] = out["pos_1"].astype("Int64")
    # this year's order first (as the county lists its schools now), then the schools that are gone
    order = out["pos_1"].astype("float64").fillna(float("inf"))
    return (
        out.assign(_o=order, _g=out["pos_0"].astype("float64"))
        .sort_values(["_o", "_g"])
        .drop(columns=["_o", "_g"])
        .reset_index(drop=True)
    )
