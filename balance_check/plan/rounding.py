"""The plan's money and amounts to the cent, as columns, equal to Python's round(v, 2) value for value.

The planner has always rounded with round(v + 0.0, 2) (the double nearest the decimal that is correctly
rounded, half to even on the binary value). numpy's round multiplies by 100 first, which can move a value
lying within an ulp of a half cent to the other side; those few values, and values too large to carry
cents, go through Python's own round, so the columns equal what the per-school loops computed."""

import numpy as np

_EXACT_CENTS = 2.0**52 / 100  # above this a double carries no cents: round() returns it unchanged


def round2(values) -> np.ndarray:
    """round(v + 0.0, 2) of every value (float64 array)."""
    x = np.asarray(values, dtype="float64") + 0.0
    with np.errstate(over="ignore", invalid="ignore"):  # NaN and huge values: sorted out below
        scaled = x * 100.0
        out = np.rint(scaled) / 100.0
        # rint(scaled) is the correctly rounded cent count unless the product's own rounding error (half
        # an ulp) could have crossed a half cent; those, NaN and huge values take the exact path
        distance = np.abs(scaled - np.floor(scaled) - 0.5)
        doubtful = ~(distance > 4 * np.spacing(np.abs(scaled))) | ~(np.abs(x) < _EXACT_CENTS)
    idx = np.flatnonzero(doubtful)
    if idx.size:  # flat positions: the values may be a matrix
        out.reshape(-1)[idx] = [float(round(v, 2)) for v in x.reshape(-1)[idx].tolist()]
    return out


def cents(values) -> np.ndarray:
    """Whole cents of values that are already round2 results (exact: each is the double nearest n/100)."""
    return np.rint(np.asarray(values, dtype="float64") * 100.0).astype(np.int64)


_EXACT_SUM = 2**53  # cents: a sum of cents below this converts to the double the loop ends with


def cent_sum(values, axis=None):
    """Σ of round2 results as the per-item loop `t = round2(t + v)` leaves it: each step adds two doubles
    nearest to cent amounts and rounds back to the cent, so the running total is the exact sum in cents
    (below 2**53 cents); that sum, divided by 100, is the double the loop ends with. Sums that are not
    (a NaN, an infinity, amounts beyond what a double carries to the cent) are added as the loop adds."""
    values = np.asarray(values, dtype="float64")
    if _in_cents(values):
        total = cents(values).sum(axis=axis)
        if (np.abs(total) < _EXACT_SUM).all():
            return total / 100.0
    if axis is None:
        return add_cents(0.0, values.reshape(-1))
    return np.apply_along_axis(lambda row: add_cents(0.0, row), axis, values)


def add_cents(total: float, values) -> float:
    """`total` after `for v in values: total = round2(total + v)`, for a total and values that are
    round2 results: the exact sum in cents where it is exact; otherwise (a NaN, an infinity, amounts
    beyond what cents can carry exactly) added one by one, as the loop would."""
    values = np.asarray(values, dtype="float64")
    if _in_cents(values) and _in_cents(np.array([total])):
        exact = int(cents(total)) + int(cents(values).sum())
        if abs(exact) < _EXACT_SUM:
            return float(exact / 100.0)
    for v in values.tolist():
        total = float(round(total + v + 0.0, 2))
    return total


def _in_cents(values: np.ndarray) -> bool:
    """Every value finite and small enough for its cents to be an exact integer (no overflow either)."""
    with np.errstate(invalid="ignore"):
        return bool((np.abs(values) < _EXACT_CENTS).all())
