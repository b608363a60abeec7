"""Properties that must hold for any county (hypothesis)."""

import math
from fractions import Fraction

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from school_rows import evaluate_rows

from balance_check.evaluate.cv import weighted_cv
from balance_check.samples import school

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RESOURCES = [
    "primary_qualified_teachers",
    "primary_backbone_teachers",
    "primary_pe_art_teachers",
    "teaching_space",
    "sports_space",
    "equipment_value",
    "multimedia_rooms",
]


@st.composite
def primary_school(draw, name):
    students = draw(st.integers(60, 2500))
    teachers = draw(st.integers(max(1, students // 40), students // 10 + 5))
    pick = lambda per100: draw(st.integers(0, min(teachers, int(students * per100 / 100 * 1.6) + 1)))  # noqa: E731
    return school(
        name,
        primary_students=students,
        primary_classes=max(1, students // 40 + 1),
        primary_max_class_size=45,
        primary_teachers=teachers,
        primary_qualified_teachers=pick(4.2),
        primary_backbone_teachers=pick(1.0),
        primary_pe_art_teachers=pick(0.9),
        teaching_space=draw(st.floats(0.5, 8).map(lambda v: round(v * students, 1))),
        sports_space=draw(st.floats(1, 14).map(lambda v: round(v * students, 1))),
        equipment_value=draw(st.floats(300, 4000).map(lambda v: round(v * students, 2))),
        multimedia_rooms=draw(st.integers(0, students * 4 // 100 + 1)),
        certified_teachers=teachers,
    )


@st.composite
def county(draw, min_size=2, max_size=6):
    n = draw(st.integers(min_size, max_size))
    return [draw(primary_school(f"学校{i}")) for i in range(n)]


def _by_part(report):
    return {(s["name"], s["level"]): s for s in report["schools"]}


@FAST
@given(county(), st.data())
def test_adding_resources_never_turns_a_pass_into_a_fail(schools, data):
    i = data.draw(st.integers(0, len(schools) - 1))
    field = data.draw(st.sampled_from(RESOURCES))
    before = _by_part(evaluate_rows(schools))
    richer = [dict(s) for s in schools]
    s = richer[i]
    if field.endswith("_teachers"):
        s[field] = min(s[field] + data.draw(st.integers(1, 20)), s["primary_teachers"])
    else:
        s[field] = s[field] + data.draw(st.integers(1, 5000))
    after = _by_part(evaluate_rows(richer))
    key = (s["name"], "primary")
    assert after[key]["met_count"] >= before[key]["met_count"]
    assert after[key]["passed"] or not before[key]["passed"]


@FAST
@given(county(min_size=3), st.randoms(use_true_random=False))
def test_row_order_does_not_change_any_result(schools, rnd):
    shuffled = list(schools)
    rnd.shuffle(shuffled)
    a, b = evaluate_rows(schools), evaluate_rows(shuffled)
    pa, pb = _by_part(a), _by_part(b)
    assert pa.keys() == pb.keys()
    for k in pa:
        assert pa[k]["passed"] == pb[k]["passed"] and pa[k]["met_count"] == pb[k]["met_count"]
        for ind, e in pa[k]["indicators"].items():
            f = pb[k]["indicators"][ind]
            assert e["met"] == f["met"]
            for m in ("value", "ratio", "shortfall", "raw", "cv_share"):  # cv_share sums in another order
                assert (e[m] is None and f[m] is None) or math.isclose(
                    e[m], f[m], rel_tol=1e-9, abs_tol=1e-12
                )
    for ind, e in a["cv"]["primary"].items():
        f = b["cv"]["primary"][ind]
        for m in ("mean", "sd", "cv"):
            assert (e[m] is None and f[m] is None) or math.isclose(e[m], f[m], rel_tol=1e-12, abs_tol=1e-15)


@FAST
@given(primary_school("样板"), st.integers(2, 6))
def test_identical_schools_give_cv_zero(template, n):
    schools = [{**template, "name": f"同校{i}"} for i in range(n)]
    for e in evaluate_rows(schools)["cv"]["primary"].values():
        assert e["cv"] is None or abs(e["cv"]) < 1e-12


@FAST
@given(county(), st.integers(2, 5))
def test_scaling_students_and_resources_together_leaves_cvs_unchanged(schools, k):
    scaled = [
        {
            **s,
            **{
                f: s[f] * k
                for f in RESOURCES
                + ["primary_students", "primary_teachers", "primary_classes", "certified_teachers"]
            },
        }
        for s in schools
    ]
    a, b = evaluate_rows(schools)["cv"]["primary"], evaluate_rows(scaled)["cv"]["primary"]
    for ind in a:
        if a[ind]["cv"] is None:
            assert b[ind]["cv"] is None
        else:
            assert math.isclose(a[ind]["cv"], b[ind]["cv"], rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5000), st.integers(0, 100_000)), min_size=1, max_size=30))
def test_weighted_cv_matches_exact_rational_arithmetic(pairs):
    students = [p for p, _ in pairs]
    raw = [x for _, x in pairs]
    total = sum(students)
    mean = Fraction(sum(raw), total)
    var = sum(Fraction(p, total) * (Fraction(x, p) - mean) ** 2 for p, x in pairs)
    got_mean, got_sd, got_cv = weighted_cv(pd.Series(raw, dtype=float), pd.Series(students, dtype=float))
    assert math.isclose(got_mean, float(mean), rel_tol=1e-12)
    assert math.isclose(got_sd**2, float(var), rel_tol=1e-9, abs_tol=1e-12)
    if mean == 0:
        assert got_cv is None
    else:
        assert math.isclose(got_cv, math.sqrt(var) / mean, rel_tol=1e-9, abs_tol=1e-12)


def test_official_example_is_weighted_not_unweighted():
    students, books = [45, 37, 89, 76, 55], [279, 137, 935, 160, 402]
    _, _, cv = weighted_cv(pd.Series(books, dtype=float), pd.Series(students, dtype=float))
    per = [b / s for b, s in zip(books, students)]
    m = sum(per) / len(per)
    unweighted = math.sqrt(sum((x - m) ** 2 for x in per) / len(per)) / m
    assert round(cv, 4) == 0.5153 and round(unweighted, 3) == 0.489


def test_single_school_part_has_cv_zero_and_zero_mean_has_no_cv():
    one = evaluate_rows([school("独校")])["cv"]["primary"]
    assert all(e["cv"] == 0 for e in one.values())
    none = evaluate_rows([school("零校", multimedia_rooms=0), school("零校二", multimedia_rooms=0)])
    e = none["cv"]["primary"]["multimedia_rooms_per_100"]
    assert e["mean"] == 0 and e["cv"] is None and e["met"] is False


def test_a_spread_below_the_boundary_tolerance_has_no_contributors_in_any_row_order():
    """1.15 ㎡ a student in every school: the CV is 0 up to floating-point noise, whose per-school
    shares would follow the summation order. No school is named as pulling such a CV."""
    same = [school(f"学校{i}", primary_students=272, teaching_space=312.8) for i in range(3)]
    same.append(school("学校3", primary_students=226, teaching_space=259.9))  # 1.15 ㎡ a student too
    for order in (same, [same[i] for i in (0, 1, 3, 2)], same[::-1]):
        parts = evaluate_rows(order)["schools"]
        assert all(p["indicators"]["teaching_space_per_student"]["cv_share"] is None for p in parts)
