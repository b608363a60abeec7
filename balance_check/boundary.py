"""The one boundary rule of the standards reference, stated once.

Every number cell is read rounded to 15 significant digits (what Excel displays). A comparison
"value reaches standard" then passes when value >= standard x (1 - REL_TOL), so an exact tie passes
whatever order floating point computed it in (9 teachers for 1000 students is 0.9 per 100 even though
9/1000*100 < 0.9 in binary). The same rule serves the 85% floor, CV <= threshold and every county value.
"""

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

REL_TOL = 1e-9


def round15(arr: np.ndarray) -> np.ndarray:
    """Round a float64 array to 15 significant digits, as Excel shows them: float(f"{v:.15g}") of each
    fractional v. In place (the array is returned)."""
    fractional = np.isfinite(arr) & (arr != np.round(arr))  # whole numbers are already exact
    idx = np.flatnonzero(fractional)
    if idx.size:
        v = arr[idx]
        # Most cells already hold at most 15 digits. v is the double nearest m / 10**k for an integer m
        # of 15 digits (exact below 2**53, 10**k exact for k <= 22, the division correctly rounded)
        # exactly when that quotient equals v; then its 15-digit text is m's and parses back to v.
        k = 14 - np.floor(np.log10(np.abs(v)))
        exact_scale = (k >= 0) & (k <= 22)
        scale = 10.0 ** np.where(exact_scale, k, 0)
        settled = exact_scale & (np.round(v * scale) / scale == v)
        slow = idx[~settled]  # more than 15 digits (computed cells) or out of range: the text way
        arr[slow] = [float(f"{x:.15g}") for x in arr[slow].tolist()]
    return arr


def reaches(value, standard):
    """value >= standard, ties pass. Works on scalars and numpy/pandas arrays; NaN never reaches."""
    return value >= standard * (1 - REL_TOL)


def within(value, limit):
    """value <= limit, ties pass (CV thresholds, class sizes, school sizes)."""
    return value <= limit * (1 + REL_TOL)


def shortfall(gap, reference, whole: bool):
    """What must be added to close `gap` (>0), rounded up to whole units or to 0.01.

    `reference` is the size of the quantity the gap is measured on, so float noise of the order of
    REL_TOL x reference never adds a whole teacher or room."""
    slack = np.abs(reference) * REL_TOL
    step = 1.0 if whole else 0.01
    units = np.ceil(np.maximum(gap - slack, 0) / step - 1e-6)
    return units * step


# Rounding as the published tables do it. A standard may say its CVs or a indicator's values are compared
# after rounding (`cv.decimals`, `indicators[*].decimals`); the rule is Excel's ROUND: the value as Excel
# shows it (15 significant digits), then half away from zero on that decimal number. Python's round()
# rounds half to even on the binary value (round(2.675, 2) == 2.67, Excel gives 2.68), so it is not used.
def excel_round(values, decimals: int):
    """Round a scalar or an array like Excel's ROUND(value, decimals). NaN stays NaN.

    Vectorised: numpy rounds every value that is not within a hair of a half; only those near a half
    (rare) go through `decimal`, where the half-up rule and the 15-digit reading decide."""
    scalar = np.ndim(values) == 0
    arr = np.atleast_1d(np.asarray(values, dtype="float64"))
    scale = 10.0**decimals
    with np.errstate(all="ignore"):  # an infinite value stays infinite; its fraction is never a half
        scaled = arr * scale
        out = np.round(scaled) / scale
        frac = np.abs(scaled - np.trunc(scaled))
    near_half = np.isfinite(arr) & (np.abs(frac - 0.5) < 1e-6)
    if near_half.any():
        quantum = Decimal(1).scaleb(-decimals)
        out[near_half] = [
            float(Decimal(f"{v:.15g}").quantize(quantum, rounding=ROUND_HALF_UP))
            for v in arr[near_half].tolist()
        ]
    if isinstance(values, pd.Series):
        return pd.Series(out, index=values.index)
    return float(out[0]) if scalar else out


def compared(values, decimals: int | None):
    """The value a comparison uses: unrounded unless the standard names a number of decimals."""
    return values if decimals is None else excel_round(values, decimals)


def flips(reached_unrounded, reached_published):
    """A near miss: the outcome of a comparison changes when the value is read at the published
    precision (the national tables print CVs to 3 decimals and school values to 2)."""
    return np.asarray(reached_unrounded, dtype=bool) != np.asarray(reached_published, dtype=bool)
