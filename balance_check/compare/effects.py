"""Why an indicator moved: resources or enrolment.

With x the part's numerator (after the 一贯制 split), P its students and `per` the indicator's scale,
value = x/P·per, and the change value₁ − value₀ splits exactly into
  resource effect  (x₁ − x₀)/P₀·per      (what was added or lost, at last year's enrolment)
  enrolment effect x₁·(1/P₁ − 1/P₀)·per  (this year's resources spread over this year's students).
Computed on whole columns: a province compares tens of thousands of parts."""

import numpy as np


def split_change(x0, p0, x1, p1, per) -> dict[str, np.ndarray]:
    """Arrays of change, resource_effect, enrolment_effect (NaN where a year or a number is missing)."""
    x0, p0, x1, p1 = (np.asarray(v, dtype="float64") for v in (x0, p0, x1, p1))
    with np.errstate(divide="ignore", invalid="ignore"):
        resource = (x1 - x0) / p0 * per
        enrolment = x1 * (1 / p1 - 1 / p0) * per
        change = x1 / p1 * per - x0 / p0 * per
    return {"change": change, "resource_effect": resource, "enrolment_effect": enrolment}
