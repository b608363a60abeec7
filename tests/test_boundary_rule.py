"""Boundary tests generated from the standard files: exactly at the standard passes, just below fails,
exactly at the 85% floor passes the school rule, just below fails.

A school's indicators and verdict are its own (the county only adds the CVs), so every boundary school of
a standard is evaluated in one county of that standard: one evaluation per standard instead of two per
case. test_a_boundary_school_is_judged_the_same_alone_and_among_the_others keeps that premise checked."""

from fractions import Fraction
from functools import cache

import pytest
from school_rows import evaluate_rows, part

from balance_check.samples import LEVEL_VALUES, school
from balance_check.standard import list_standards, load_standard

WITH_THRESHOLDS = [
    s["id"] for s in list_standards() if any(i.get("thresholds") for i in load_standard(s["id"]).indicators)
]
STUDENTS = 1000
# What a boundary school's indicator entry says about itself (cv_share and near_miss speak of the county).
OWN = ("value", "threshold", "met", "band", "ratio", "shortfall", "raw")


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


def _at_and_below(ind, level, threshold):
    """The amounts of the indicator's field exactly at the standard and just below it (None: no whole count
    sits exactly on this standard for 1000 students)."""
    exact = _exact_amount(ind, threshold)
    whole = ind.get("shortfall") == "whole"
    if whole and exact.denominator != 1:
        return None
    at = float(exact) if not whole else int(exact)
    return at, (at - 1 if whole else float(exact - Fraction(1, 100)))


def _floor_indicator(std):
    return next(
        i for i in std.indicators if i.get("shortfall") == "decimal" and "primary" in i.get("thresholds", {})
    )


def _floor_amount(std) -> Fraction:
    ind = _floor_indicator(std)
    floor = Fraction(str(std.data["school_rule"]["floor_ratio"]))
    return _exact_amount(ind, ind["thresholds"]["primary"]) * floor


def _boundary_schools(sid) -> list[dict]:
    """Every boundary school of the standard: at and just below each threshold, at and below the floor."""
    std = load_standard(sid)
    rows = []
    for case in _cases():
        case_sid, ind, level, threshold = case.values
        amounts = _at_and_below(ind, level, threshold) if case_sid == sid else None
        if amounts:
            field = _field(ind, level)
            for where, amount in zip(("at", "below"), amounts):
                rows.append(school(f"{case.id}-{where}", level, **_with(level, field, amount)))
    amount = _floor_amount(std)
    field = _field(_floor_indicator(std), "primary")
    rows.append(school("八五校-at", **{field: float(amount)}))
    rows.append(school("八五校-below", **{field: float(amount - Fraction(1, 100))}))
    return rows


@cache
def _boundary_county(sid) -> dict:
    """One evaluation of all the standard's boundary schools (a cache: the tests only read it)."""
    return evaluate_rows(_boundary_schools(sid), load_standard(sid))


@pytest.mark.parametrize("sid, ind, level, threshold", list(_cases()))
def test_value_exactly_at_standard_meets_it_and_just_below_does_not(sid, ind, level, threshold):
    std = load_standard(sid)
    amounts = _at_and_below(ind, level, threshold)
    if amounts is None:
        pytest.skip("no whole count sits exactly on this standard for 1000 students")
    whole = ind.get("shortfall") == "whole"
    name = f"{sid}-{ind['id']}-{level}"
    e_at = part(_boundary_county(sid), f"{name}-at", level)["indicators"][ind["id"]]
    e_below = part(_boundary_county(sid), f"{name}-below", level)["indicators"][ind["id"]]
    assert e_at["met"] is True and e_at["shortfall"] == 0 and e_at["band"] == "met"
    assert e_below["met"] is False and e_below["shortfall"] > 0
    assert e_below["band"] == ("near" if std.data.get("school_rule") else "below")
    if whole:
        assert e_below["shortfall"] == 1
    assert (e_below["raw"] + e_below["shortfall"]) * ind["per"] / STUDENTS >= threshold * (1 - 1e-9)


@pytest.mark.parametrize("sid", WITH_THRESHOLDS)
def test_exactly_at_the_floor_passes_the_school_rule_and_just_below_fails(sid):
    std = load_standard(sid)
    ind = _floor_indicator(std)
    p_at, p_below = part(_boundary_county(sid), "八五校-at"), part(_boundary_county(sid), "八五校-below")
    assert (p_at["met_count"], p_at["passed"]) == (len(std.indicators) - 1, True)
    assert (p_below["met_count"], p_below["passed"]) == (len(std.indicators) - 1, False)
    assert p_at["indicators"][ind["id"]]["band"] == "near"  # exactly at the floor: near, as it passes
    assert p_below["indicators"][ind["id"]]["band"] == "below"


@pytest.mark.parametrize("sid", WITH_THRESHOLDS)
def test_a_boundary_school_is_judged_the_same_alone_and_among_the_others(sid):
    """The premise of the shared county: a boundary school evaluated alone gets the
    indicators and verdict it gets among all the standard's boundary schools."""
    std = load_standard(sid)
    together = _boundary_county(sid)
    rows = _boundary_schools(sid)
    for row in (rows[1], rows[-1]):  # the first case's school just below; the school just below the floor
        alone = evaluate_rows([row], std)
        level = next(lv for lv, label in (("primary", "小学"), ("junior", "初中")) if row["type"] == label)
        a, b = part(alone, row["name"], level), part(together, row["name"], level)
        assert (a["met_count"], a["passed"], a["unmet"]) == (b["met_count"], b["passed"], b["unmet"])
        for ind_id, entry in a["indicators"].items():
            assert {k: entry[k] for k in OWN} == {k: b["indicators"][ind_id][k] for k in OWN}, ind_id


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
