"""Per school: run the exact search over every school with a failing part, and describe the result."""

import numpy as np
import pandas as pd

from .. import boundary
from ..standard import Standard
from .actions import HIRE, Action
from .apply import add_action, empty_additions, raws, with_additions
from .costs import Costs
from .search import SchoolSearch, part_inputs, search_group


def plan_school_additions(parts, results, rule, standard: Standard, actions: dict, costs: Costs, cases=()):
    """Returns (additions frame by school index, measures by school index, infeasible school indexes).

    `measures[school] = [(indicator id, level or None, Action, amount)]`, the amount of each action."""
    fields = {f for acts in actions.values() for a in acts.values() for f in (a.field, *a.also)}
    additions = empty_additions(pd.Index(parts["school_index"].unique()), fields)
    measures: dict = {}
    infeasible: set = set()
    if standard.data.get("school_rule") is None or parts.empty:
        return additions, measures, infeasible
    failing = parts.loc[~rule["passed"].to_numpy(), "school_index"].unique()
    todo = parts[parts["school_index"].isin(failing)]
    # each school's 学段 pattern, e.g. "primary+junior" (a column per level, no per-school Python)
    ids = pd.Index(todo["school_index"].unique())
    levels_of = pd.Series("", index=ids)
    for lv in standard.evaluated_levels:
        present = ids.isin(todo.loc[todo["level"] == lv, "school_index"])
        levels_of = levels_of + np.where(present, lv + "+", "")
    search = SchoolSearch(standard, actions, costs)
    for text, group in levels_of.groupby(levels_of):
        pattern = tuple(text.rstrip("+").split("+"))
        schools = group.index.to_numpy()
        inputs = []
        for level in pattern:
            at_level = todo[todo["level"] == level]
            where = pd.Series(at_level.index, index=at_level["school_index"]).loc[schools].to_numpy()
            inputs.append(part_inputs(parts, where, results, standard, actions))
        first = todo.drop_duplicates("school_index").set_index("school_index").loc[schools]
        totals = {
            acts["whole_school"].field: first[acts["whole_school"].field].to_numpy(dtype=float)
            for acts in actions.values()
            if "whole_school" in acts
        }
        found = search_group(search, inputs, list(pattern), totals)
        infeasible |= set(schools[~found["feasible"]])
        ok = found["feasible"]
        for ind in standard.indicators:
            for part, act in actions[ind["id"]].items():
                if part == "whole_school":
                    amount = np.where(ok, found["whole"][act.field], 0.0)
                elif part in pattern:
                    amount = np.where(ok, found["levels"][pattern.index(part)].get(act.field, 0.0), 0.0)
                else:
                    continue
                add_action(additions, schools, act, amount)
                for s, a in zip(schools[amount > 0], amount[amount > 0]):
                    measures.setdefault(s, []).append(
                        (ind["id"], None if part == "whole_school" else part, act, float(a))
                    )
    return additions, measures, infeasible


def targets(parts, results, standard: Standard, additions, cases=()) -> list[dict]:
    """Per part and indicator: leave / floor / standard, read from its state before and after."""
    rule = standard.data.get("school_rule") or {}
    floor = rule.get("floor_ratio", 1.0)
    after = raws(with_additions(parts, additions), standard, cases)
    out = [{} for _ in range(len(parts))]
    for ind in standard.indicators:
        r = results[ind["id"]]
        thr = r["threshold"].to_numpy(dtype=float)
        students = parts["students"].to_numpy(dtype=float)
        value = after[ind["id"]].to_numpy(dtype=float) * ind["per"] / students
        met0 = r["met"].fillna(False).to_numpy(dtype=bool)
        above0 = met0 | boundary.reaches(r["ratio"].to_numpy(dtype=float), floor)
        met1 = boundary.reaches(value, thr)
        above1 = met1 | boundary.reaches(value / thr, floor)
        label = np.where(met1 & ~met0, "standard", np.where(above1 & ~above0, "floor", "leave"))
        for j, t in enumerate(label.tolist()):
            out[j][ind["id"]] = t
    return out


def charge_field(act: Action) -> str:
    """The column whose addition is paid for: a hire buys a 专任教师; anything else buys itself."""
    if act.kind == HIRE and act.level is not None:
        return f"{act.level}_teachers"
    return act.field
