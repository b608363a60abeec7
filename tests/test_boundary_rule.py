"""Boundary tests generated from the standard files: exactly at the standard passes, just below fails,
exactly at the 85% floor passes the school rule, just below fails."""

from fractions import Fraction

import pytest
from school_rows import evaluate_rows, part

from balance_check.samples import LEVEL_VALUES, school
from balance_check.standard import list_standards, load_standard

WITH_THRESHOLDS = [
    s["id"] for s in list_standards() if any(i.get("thresholds") for i in load_standard(s["id"]).indicators)
]
STUDENTS = 1000


def _cases():
    for sid in WITH_THRESHOLDS:
        std = load_standard(sid)
        for ind in std.indicators:
            for level, threshold in ind.get("thresholds", {}).items():
                if level in LEVEL_VALUES:
                    yield pytest.param(sid, ind, level, threshold, id=f"{sid}-{ind['id']}-{level}")


def _field(ind, level):
    return ind["numerator"].get(level) or ind["numerator"]["whole_school"]


def _exact_amount(ind, threshold) -> Fraction:
    return Fraction(str(threshold)) * STUDENTS / Fraction(ind["per"])


def _with(level, field, amount):
    values = {field: amount}
    if field.endswith("_teachers"):  # keep teacher counts consistent: never more than 专任教师
        values[f"{level}_teachers"] = max(LEVEL_VALUES[level][f"{level}_teachers"], int(amount) + 5)
    return values


@pytest.mark.parametrize("sid, ind, level, threshold", list(_cases()))
def test_value_exactly_at_standard_meets_it_and_just_below_does_not(sid, ind, level, threshold):
    std = load_standard(sid)
    exact = _exact_amount(ind, threshold)
    whole = ind.get("shortfall") == "whole"
    if whole and exact.denominator != 1:
        pytest.skip("no whole count sits exactly on this standard for 1000 students")
    field = _field(ind, level)
    at = float(exact) if not whole else int(exact)
    below = at - 1 if whole else float(exact - Fraction(1, 100))
    at_report = evaluate_rows([school("边界校", level, **_with(level, field, at))], std)
    below_report = evaluate_rows([school("边界校", level, **_with(level, field, below))], std)
    e_at = part(at_report, "边界校", level)["indicators"][ind["id"]]
    e_below = part(below_report, "边界校", level)["indicators"][ind["id"]]
    assert e_at["met"] is True and e_at["shortfall"] == 0 and e_at["band"] == "met"
    assert e_below["met"] is False and e_below["shortfall"] > 0
    assert e_below["band"] == ("near" if std.data.get("school_rule") else "below")
    if whole:
        assert e_below["shortfall"] == 1
    assert (e_below["raw"] + e_below["shortfall"]) * ind["per"] / STUDENTS >= threshold * (1 - 1e-9)


@pytest.mark.parametrize("sid", WITH_THRESHOLDS)
def test_exactly_at_the_floor_passes_the_school_rule_and_just_below_fails(sid):
    std = load_standard(sid)
    floor = Fraction(str(std.data["school_rule"]["floor_ratio"]))
    ind = next(
        i for i in std.indicators if i.get("shortfall") == "decimal" and "primary" in i.get("thresholds", {})
    )
    amount = _exact_amount(ind, ind["thresholds"]["primary"]) * floor
    field = _field(ind, "primary")
    at = evaluate_rows([school("八五校", **{field: float(amount)})], std)
    below = evaluate_rows([school("八五校", **{field: float(amount - Fraction(1, 100))})], std)
    p_at, p_below = part(at, "八五校"), part(below, "八五校")
    assert (p_at["met_count"], p_at["passed"]) == (len(std.indicators) - 1, True)
    assert (p_below["met_count"], p_below["passed"]) == (len(std.indicators) - 1, False)
    assert p_at["indicators"][ind["id"]]["band"] == "near"  # exactly at the floor: near, as it passes
    assert p_below["indicators"][ind["id"]]["band"] == "below"


def test_nine_teachers_for_1000_students_meets_0_9_per_100():
    assert 9 / 1000 * 100 < 0.9  # the floating-point trap this guards against
    report = evaluate_rows([school("精确校", primary_pe_art_teachers=9)])
    e = part(report, "精确校")["indicators"]["pe_art_teachers_per_100"]
    assert e["met"] is True and e["shortfall"] == 0


def test_two_indicators_unmet_fails_even_above_the_floor():
    report = evaluate_rows([school("两项校", primary_pe_art_teachers=8, multimedia_rooms=22)])
    p = part(report, "两项校")
    assert p["met_count"] == 5 and p["passed"] is False
    assert sorted(p["unmet"]) == ["multimedia_rooms_per_100", "pe_art_teachers_per_100"]
