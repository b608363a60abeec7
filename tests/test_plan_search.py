"""The planner's exact search in its fast form (balance_check/plan/search.py) gives what the straightforward
form (tests/search_reference.py) gives: the same cost to the bit, the same feasibility, and for every
school that can pass the same additions, on generated groups of schools near every boundary."""

import types

import numpy as np
import search_reference as reference
from hypothesis import example, given, settings
from hypothesis import strategies as st

from balance_check.plan import search as fast
from balance_check.plan.actions import indicator_actions
from balance_check.plan.costs import Costs, load_costs
from balance_check.standard import load_standard

STANDARD = load_standard()
ACTIONS = indicator_actions(STANDARD)
RULE = STANDARD.data["school_rule"]
DEFAULT_COSTS = load_costs(standard=STANDARD)
LEVELS = STANDARD.evaluated_levels
WHOLE = [i for i, ind in enumerate(STANDARD.indicators) if "whole_school" in ind["numerator"]]
PER_LEVEL = [i for i, ind in enumerate(STANDARD.indicators) if "whole_school" not in ind["numerator"]]
# value / threshold: far below, at and around the floor and the standard, above
RATIOS = [0.0, 0.3, RULE["floor_ratio"] * (1 - 1e-12), RULE["floor_ratio"], 0.9, 1 - 1e-12, 1.0, 1.5]


def _threshold(ind, level):
    return float(ind["thresholds"][level])


@st.composite
def groups(draw):
    """A plain description of a group of schools (a 学段 pattern) and of the search's rule and costs."""
    pattern = draw(st.sampled_from([(lv,) for lv in LEVELS] + [tuple(LEVELS)]))
    wholes = draw(st.lists(st.sampled_from(WHOLE), unique=True, max_size=len(WHOLE)))
    indicators = sorted(PER_LEVEL + wholes)
    size = draw(st.integers(1, 6))
    schools = []
    for _ in range(size):
        parts = []
        shares = [1.0] if len(pattern) == 1 else [draw(st.sampled_from([0.5, 0.3, 0.7, 1 / 3]))]
        shares = shares if len(pattern) == 1 else [shares[0], 1 - shares[0]]
        for share in shares:
            parts.append(
                {
                    "students": draw(st.sampled_from([1, 37, 120, 999, 2400])),
                    "share": share,
                    "ratios": {i: draw(st.sampled_from(RATIOS)) for i in PER_LEVEL},
                    "judged": {i: draw(st.booleans()) or i in WHOLE for i in indicators},
                    "room": draw(st.sampled_from([0.0, 1.0, 3.0, 50.0])),
                }
            )
        totals = {i: draw(st.sampled_from(RATIOS)) for i in WHOLE}
        schools.append({"parts": parts, "totals": totals})
    unit_costs = draw(st.sampled_from(["default", "equal", "free_facilities"]))
    min_met = draw(st.integers(0, len(indicators)))
    return {
        "pattern": pattern,
        "indicators": indicators,
        "min_met": min_met,
        "unit_costs": unit_costs,
        "schools": schools,
    }


def build(spec):
    """The search and its inputs (PartInputs per part, whole-school totals) for a group description."""
    inds = [STANDARD.indicators[i] for i in spec["indicators"]]
    fake = types.SimpleNamespace(
        data={"school_rule": {"min_met": spec["min_met"], "floor_ratio": RULE["floor_ratio"]}},
        indicators=inds,
    )
    entries = {k: dict(v) for k, v in DEFAULT_COSTS.entries.items()}
    if spec["unit_costs"] == "equal":  # every unit costs the same: ties everywhere
        entries = {k: {**v, "unit_cost": 1.0} for k, v in entries.items()}
    elif spec["unit_costs"] == "free_facilities":
        entries = {k: {**v, "unit_cost": 0.0} if k != "teacher_year" else v for k, v in entries.items()}
    costs = Costs(entries, DEFAULT_COSTS.teacher_years)
    actions = {ind["id"]: ACTIONS[ind["id"]] for ind in inds}
    schools = spec["schools"]
    totals = {}
    for i in spec["indicators"]:
        ind = STANDARD.indicators[i]
        if i in WHOLE:
            # the whole-school total that gives the first part the drawn ratio
            lv = spec["pattern"][0]
            totals[ind["numerator"]["whole_school"]] = np.array(
                [
                    s["totals"][i] * _threshold(ind, lv) * s["parts"][0]["students"] / ind["per"]
                    / s["parts"][0]["share"]
                    for s in schools
                ]
            )
    inputs = []
    for p, level in enumerate(spec["pattern"]):
        raw, thr, cap = {}, {}, {}
        students = np.array([float(s["parts"][p]["students"]) for s in schools])
        share = np.array([s["parts"][p]["share"] for s in schools])
        for i in spec["indicators"]:
            ind = STANDARD.indicators[i]
            judged = np.array([s["parts"][p]["judged"][i] for s in schools])
            thr[ind["id"]] = np.where(judged, _threshold(ind, level), np.nan)
            if i in WHOLE:
                raw[ind["id"]] = totals[ind["numerator"]["whole_school"]] * share
            else:
                ratio = np.array([s["parts"][p]["ratios"][i] for s in schools])
                raw[ind["id"]] = np.round(ratio * _threshold(ind, level) * students / ind["per"])
        for acts in actions.values():
            for a in acts.values():
                if a.cap is not None and a.level == level:
                    cap[a.field] = np.array([s["parts"][p]["room"] for s in schools])
        inputs.append(fast.PartInputs(raw, thr, students, share, cap))
    return fake, actions, costs, inputs, totals


def _same_plan(spec):
    fake, actions, costs, inputs, totals = build(spec)
    levels = list(spec["pattern"])
    want = reference.search_group(reference.SchoolSearch(fake, actions, costs), inputs, levels, totals)
    got = fast.search_group(fast.SchoolSearch(fake, actions, costs), inputs, levels, totals)
    ok = want["feasible"]
    assert np.array_equal(got["feasible"], ok)
    assert np.array_equal(got["cost"], want["cost"])
    assert got["whole"].keys() == want["whole"].keys()
    for field, amount in want["whole"].items():
        assert np.array_equal(got["whole"][field][ok], amount[ok]), field
        assert not got["whole"][field][~ok].any()  # a school that cannot pass adds nothing
    for mine, theirs in zip(got["levels"], want["levels"], strict=True):
        assert mine.keys() == theirs.keys()
        for field, amount in theirs.items():
            amount = np.broadcast_to(amount, ok.shape)
            assert np.array_equal(mine[field][ok], amount[ok]), field
            assert not mine[field][~ok].any()
    return want


def _school(ratio, total, judged=True, students=999, room=50.0):
    part = {
        "students": students,
        "share": 1.0,
        "ratios": {i: ratio for i in PER_LEVEL},
        "judged": {i: judged or i in WHOLE for i in PER_LEVEL + WHOLE},
        "room": room,
    }
    return {"parts": [part], "totals": {i: total for i in WHOLE}}


ALL = sorted(PER_LEVEL + WHOLE)
ONE = (LEVELS[0],)


def _spec(schools, indicators=ALL, min_met=RULE["min_met"], unit_costs="default", pattern=ONE):
    return {
        "pattern": pattern,
        "indicators": indicators,
        "min_met": min_met,
        "unit_costs": unit_costs,
        "schools": schools,
    }


NINE_YEAR = {  # a 一贯制 school whose parts share the facilities, one part of a single student
    "parts": [
        {**_school(0.3, 0.3, students=1)["parts"][0], "share": 0.5},
        {**_school(0.9, 0.3)["parts"][0], "share": 0.5},
    ],
    "totals": {i: 0.3 for i in WHOLE},
}


@settings(max_examples=150, deadline=None)
@given(groups())
@example(_spec([_school(1.5, 1.5)]))  # every indicator already met: nothing to add
# everything at zero and no room to train: no additions make it pass
@example(_spec([_school(0.0, 0.0, room=0.0), _school(0.9, 0.9)], min_met=len(ALL)))
# equal unit costs: ties to the cent broken by the standard's order
@example(_spec([_school(RULE["floor_ratio"], RULE["floor_ratio"]), _school(0.3, 0.3)], unit_costs="equal"))
# no facility indicator at all: one joint combination
@example(_spec([_school(0.3, 0.3, judged=False)], indicators=PER_LEVEL, min_met=len(PER_LEVEL)))
@example(_spec([NINE_YEAR], unit_costs="free_facilities", pattern=tuple(LEVELS)))
def test_the_fast_search_plans_what_the_straightforward_search_plans(spec):
    _same_plan(spec)


def test_the_generated_groups_include_schools_that_pass_by_additions_and_some_that_cannot():
    """The edge cases above really are what they say (the comparison is not of empty plans)."""
    want = _same_plan(_spec([_school(0.0, 0.0, room=0.0), _school(0.9, 0.9)], min_met=len(ALL)))
    assert want["feasible"].tolist() == [False, True]
    assert np.isfinite(want["cost"][1]) and want["cost"][1] > 0


@settings(max_examples=40, deadline=None)
@given(groups())
@example(_spec([NINE_YEAR], unit_costs="equal", pattern=tuple(LEVELS)))
def test_scores_held_as_doubles_plan_what_the_straightforward_search_plans(spec):
    """A standard with more indicators × parts than 32-bit scores hold keeps them as doubles."""
    original = fast.SchoolSearch.score_type
    fast.SchoolSearch.score_type = lambda self, nparts: np.float64
    try:
        _same_plan(spec)
    finally:
        fast.SchoolSearch.score_type = original
