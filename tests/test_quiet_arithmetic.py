"""Absurd inputs (a garbage count of 1e300, an infinite ratio) give NaN or infinity in the results, as
pandas' arithmetic does, and never a RuntimeWarning from numpy (a user sees no Python warning text)."""

import warnings

import numpy as np
import pandas as pd

from balance_check.boundary import excel_round
from balance_check.evaluate.cv import variance_shares
from balance_check.standard import load_standard


def test_excel_round_of_infinite_and_huge_values_is_silent_and_stays_infinite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = excel_round(np.array([np.inf, -np.inf, np.nan, 1e308, 2.675]), 2)
    assert np.isposinf(out[0]) and np.isneginf(out[1]) and np.isnan(out[2]) and np.isposinf(out[3])
    assert out[4] == 2.68


def test_variance_shares_of_absurd_amounts_are_silent():
    standard = load_standard("national-2017")
    parts = pd.DataFrame(
        {
            "level": pd.Categorical(["primary"] * 3 + ["junior"] * 2),
            "students": [100.0, 200.0, 0.0, 50.0, 50.0],
        }
    )
    raw = pd.Series([1e300, -1e300, 5.0, 3.0, 3.0])  # overflows when squared; a level with no spread
    results = {ind["id"]: pd.DataFrame({"raw": raw}) for ind in standard.indicators}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shares = variance_shares(parts, results, standard)
    for share in shares.values():
        assert share.iloc[3:].isna().all()  # the same value at both junior schools: nobody pulls the CV


def test_absurd_counts_in_every_number_column_are_read_and_checked_silently():
    """1e300 classes × 1e300 pupils per class overflows, 1e300 ㎡ over 1e-300 pupils too: the row checks
    (on arrays) and the evaluation give inf or NaN and flag the cells, with no numpy warning."""
    from school_rows import NATIONAL, rows_for

    from balance_check.evaluate import evaluate
    from balance_check.reading import read_rows
    from balance_check.samples import school

    base = [school("甲小学"), school("乙中学", "junior")]
    rows = [list(r) for r in rows_for(base)]
    fields = [
        f for f in NATIONAL.data["school_fields"] if not f.get("optional") or f["key"] == "certified_teachers"
    ]
    for col, f in enumerate(fields):
        if f["kind"] in ("count", "number"):
            rows[1][col] = 1e300
            rows[2][col] = 1e-300 if f.get("role") == "enrolment" else 1e300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = evaluate(read_rows(rows, NATIONAL), NATIONAL)
    assert {p["row"] for p in report["problems"]} <= {1, 2, 3, None}
    assert report["counts"]["input_rows"] == 2
