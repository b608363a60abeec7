"""What would bring each 差异系数 over its limit under it, after (and on top of) the school plan.

For a CV above its limit, the schools furthest below the county mean are raised to a common level W
(water-filling: the least added where it lowers the spread most); W is the lowest level, found by
bisection, whose rounded additions bring the CV under the limit, recomputed with the project's own CV
code. Whole-school additions raise every part of a 一贯制 school, so every CV is verified at the end."""

import numpy as np
import pandas as pd

from .. import boundary
from ..evaluate.cv import weighted_cv
from ..evaluate.indicators import numerator
from ..standard import Standard
from .apply import add_action, numerators_after, with_additions
from .arrays import at_level

ROUNDS = 60  # bisection steps: far below a cent of the indicator's unit
PASSES = 3  # a later CV's additions may move an earlier one (shared facilities); re-check


def cv_table(parts, standard: Standard, after: dict) -> dict:
    """(level, indicator id) -> CV after the additions (`after`: the numerators after them, once per
    indicator for every level, apply.numerators_after)."""
    students = parts["students"].to_numpy(dtype="float64")
    out = {}
    for level in standard.evaluated_levels:
        rows = at_level(parts, level)
        if not rows.any():
            continue
        weights = pd.Series(students[rows])
        for ind in standard.indicators:
            raw = pd.Series(after[ind["id"]][rows])  # the evaluator's CV code, on the same values in order
            out[(level, ind["id"])] = weighted_cv(raw, weights, ind["per"])[2]
    return out


def _solve(parts, rows, raw, ind, act, limit, room):
    """Amounts per part (in the action's input unit) for the lowest water level that meets the limit."""
    students = parts.loc[rows, "students"].to_numpy(dtype=float)
    share = parts.loc[rows, "share"].to_numpy(dtype=float) if act.level is None else np.ones(len(students))
    x = raw / students * ind["per"]

    def amounts(level):
        need = np.maximum(level * students / ind["per"] - raw, 0.0)
        amount = boundary.shortfall(need / share, need / share, act.whole)
        return np.minimum(amount, room)

    def cv_at(level):
        return weighted_cv(pd.Series(raw + amounts(level) * share), pd.Series(students), ind["per"])[2]

    lo, hi = float(np.min(x)), float(np.max(x))
    if cv_at(hi) is None or not boundary.within(cv_at(hi), limit):
        return amounts(hi), False
    for _ in range(ROUNDS):
        mid = (lo + hi) / 2
        c = cv_at(mid)
        if c is not None and boundary.within(c, limit):
            hi = mid
        else:
            lo = mid
    return amounts(hi), True


def _over(table: dict, spec: dict) -> bool:
    limits = spec["thresholds"]
    return any(
        c is not None and limits.get(lv) is not None and not boundary.within(c, limits[lv])
        for (lv, _), c in table.items()
    )


def plan_cv(parts, standard: Standard, actions, school_additions, report_cv: dict, cases=(), after=None):
    """Returns (CV additions frame, list of what-if entries). `report_cv`: the evaluator's CVs; `after`:
    the numerators after the school additions, when already worked out."""
    spec = standard.data["cv"]
    extra = school_additions * 0.0
    if spec.get("mode", "each") != "each":
        return extra, []
    before = {
        (lv, ind["id"]): report_cv[lv][ind["id"]]["cv"]
        for lv in report_cv
        for ind in standard.indicators
        if ind["id"] in report_cv[lv]
    }
    planned = bool((school_additions.to_numpy() != 0).any())
    if planned and after is None:
        after = numerators_after(parts, school_additions, standard, cases)
    after_schools = cv_table(parts, standard, after) if planned else before
    solved: dict = {}
    final = after_schools
    if _over(after_schools, spec):
        for _ in range(PASSES):
            if not _solve_pass(parts, standard, actions, school_additions, extra, solved, spec, cases):
                break
        both = school_additions.add(extra, fill_value=0.0)
        final = cv_table(parts, standard, numerators_after(parts, both, standard, cases))
    entries = []
    for (level, ind_id), c0 in before.items():
        limit = spec["thresholds"].get(level)
        c1, c2 = after_schools[(level, ind_id)], final[(level, ind_id)]
        key = (level, ind_id)
        if limit is None or (key not in solved and (c1 is None or boundary.within(c1, limit))):
            continue
        entries.append(
            {
                "level": level,
                "indicator": ind_id,
                "threshold": limit,
                "cv_before": c0,
                "cv_after_school_plan": c1,
                "cv_after": c2,
                "met_after": bool(c2 is not None and boundary.within(c2, limit)),
                "action": solved.get(key, {}).get("act"),
                "amounts": solved.get(key, {}).get("amounts", {}),
            }
        )
    return extra, entries


def _solve_pass(parts, standard, actions, school_additions, extra, solved, spec, cases) -> bool:
    """One pass over every (level, indicator) whose CV is over its limit; True when anything was added."""
    changed = False
    after = with_additions(parts, school_additions.add(extra, fill_value=0.0))
    for level in standard.evaluated_levels:
        limit = spec["thresholds"].get(level)
        rows = (parts["level"] == level).to_numpy()
        if limit is None or not rows.any():
            continue
        for ind in standard.indicators:
            raw = numerator(after, ind, cases)[rows].to_numpy(dtype=float)
            cv = weighted_cv(pd.Series(raw), parts.loc[rows, "students"].astype(float), ind["per"])[2]
            if cv is None or boundary.within(cv, limit):
                continue
            acts = actions[ind["id"]]
            act = acts.get(level) or acts.get("whole_school")
            if act is None:
                continue
            room = np.full(rows.sum(), np.inf)
            if act.cap is not None:
                of, minus = act.cap
                room = np.maximum((after.loc[rows, of] - after.loc[rows, minus]).to_numpy(dtype=float), 0.0)
            amount, _ = _solve(parts, rows, raw, ind, act, limit, room)
            schools = parts.loc[rows, "school_index"].to_numpy()
            got = amount > 0
            if not got.any():
                continue
            add_action(extra, schools[got], act, amount[got])
            entry = solved.setdefault((level, ind["id"]), {"act": act, "amounts": {}})
            for s, a in zip(schools[got].tolist(), amount[got].tolist()):
                entry["amounts"][s] = entry["amounts"].get(s, 0.0) + a
            changed = True
            after = with_additions(parts, school_additions.add(extra, fill_value=0.0))
    return changed
