"""Per school: run the exact search over every school with a failing part, and describe the result."""

import numpy as np
import pandas as pd

from .. import boundary
from ..standard import Standard
from .actions import HIRE, Action
from .apply import empty_additions, numerators_after
from .costs import Costs
from .search import SchoolSearch, part_inputs, search_group

# The search holds schools × combinations matrices (a part's 3^k teacher combinations, the 一贯制
# school's 5^k facility ones); a batch has at most this many cells in each (tens of MB at the peak).
SEARCH_CELLS = 500_000


def measure_slots(actions: dict) -> list[tuple[str, str, Action]]:
    """Every (indicator id, part, action) a school may be given, in the order its measures are listed:
    the standard's indicators, then each indicator's parts as its numerator names them."""
    return [(ind_id, part, act) for ind_id, acts in actions.items() for part, act in acts.items()]


def plan_school_additions(parts, results, rule, standard: Standard, actions: dict, costs: Costs, school_ids):
    """Returns (additions frame by school index, amounts, infeasible) over `school_ids` (the schools'
    index, in order): `amounts[i, k]` is what school i adds by measure slot k of measure_slots() (0: no
    measure), `infeasible[i]` that no additions make it pass."""
    fields = {f for acts in actions.values() for a in acts.values() for f in (a.field, *a.also)}
    additions = empty_additions(pd.Index(parts["school_index"].unique()), fields)
    columns = {f: j for j, f in enumerate(additions.columns)}
    added = additions.to_numpy(copy=True)  # filled as an array (a frame's .loc per batch copies columns)
    slots = measure_slots(actions)
    amounts = np.zeros((len(school_ids), len(slots)))
    infeasible = np.zeros(len(school_ids), dtype=bool)
    if standard.data.get("school_rule") is None or parts.empty:
        return additions, amounts, infeasible
    row_of = additions.index
    failing = parts.loc[~rule["passed"].to_numpy(), "school_index"].unique()
    wholes = [acts["whole_school"].field for acts in actions.values() if "whole_school" in acts]
    # the failing schools' parts, only the columns read here (a province's parts frame is hundreds of MB)
    todo = parts.loc[parts["school_index"].isin(failing).to_numpy(), ["school_index", "level", *wholes]]
    # each school's 学段 pattern, e.g. "primary+junior" (a column per level, no per-school Python)
    ids = pd.Index(todo["school_index"].unique())
    levels_of = pd.Series("", index=ids)
    for lv in standard.evaluated_levels:
        present = ids.isin(todo.loc[todo["level"] == lv, "school_index"])
        levels_of = levels_of + np.where(present, lv + "+", "")
    search = SchoolSearch(standard, actions, costs)
    position = pd.Index(school_ids)
    for text, group in levels_of.groupby(levels_of):
        pattern = tuple(text.rstrip("+").split("+"))
        schools = group.index.to_numpy()
        where = []  # per level: each school's part (its position in `parts`)
        for level in pattern:
            at_level = todo[todo["level"] == level]
            where.append(pd.Series(at_level.index, index=at_level["school_index"]).loc[schools].to_numpy())
        first = todo.drop_duplicates("school_index").set_index("school_index").loc[schools]
        totals = {
            acts["whole_school"].field: first[acts["whole_school"].field].to_numpy(dtype=float)
            for acts in actions.values()
            if "whole_school" in acts
        }
        size = max(SEARCH_CELLS // _combinations(standard, actions, pattern), 16)
        for b in range(0, len(schools), size):
            batch = slice(b, b + size)
            inputs = [part_inputs(parts, w[batch], results, standard, actions) for w in where]
            found = search_group(search, inputs, list(pattern), {f: t[batch] for f, t in totals.items()})
            at = position.get_indexer(schools[batch])
            infeasible[at[~found["feasible"]]] = True
            ok = found["feasible"]
            for k, (_, part, act) in enumerate(slots):
                if part == "whole_school":
                    amount = np.where(ok, found["whole"][act.field], 0.0)
                elif part in pattern:
                    amount = np.where(ok, found["levels"][pattern.index(part)].get(act.field, 0.0), 0.0)
                else:
                    continue
                rows = row_of.get_indexer(schools[batch])
                for f in (act.field, *act.also):  # a hire is also 专任教师 and 持证 (actions.py)
                    added[rows, columns[f]] += amount
                amounts[at, k] = np.where(amount > 0, amount, 0.0)  # a measure only where something is added
    additions = pd.DataFrame(added, index=additions.index, columns=additions.columns)
    return additions, amounts, infeasible


def _combinations(standard: Standard, actions: dict, pattern: tuple) -> int:
    """The widest matrix of the search for schools of this 学段 pattern (search.py)."""
    wholes = sum("whole_school" in i["numerator"] for i in standard.indicators)
    inds = standard.indicators
    own = [sum(lv in i["numerator"] and lv in actions[i["id"]] for i in inds) for lv in pattern]
    return max((1 + 2 * len(pattern)) ** wholes, *(3**k for k in own))


TARGETS = ("leave", "floor", "standard")  # codes 0, 1, 2 of targets()


def targets(parts, results, standard: Standard, additions, cases=()) -> dict[str, np.ndarray]:
    """Per indicator, per part: leave / floor / standard (codes into TARGETS), read from its state
    before and after."""
    rule = standard.data.get("school_rule") or {}
    floor = rule.get("floor_ratio", 1.0)
    after = numerators_after(parts, additions, standard, cases)
    out = {}
    students = parts["students"].to_numpy(dtype=float)
    for ind in standard.indicators:
        r = results[ind["id"]]
        thr = r["threshold"].to_numpy(dtype=float)
        value = after[ind["id"]] * ind["per"] / students
        met0 = r["met"].to_numpy(dtype=bool, na_value=False)
        above0 = met0 | boundary.reaches(r["ratio"].to_numpy(dtype=float), floor)
        met1 = boundary.reaches(value, thr)
        above1 = met1 | boundary.reaches(value / thr, floor)
        out[ind["id"]] = np.where(met1 & ~met0, 2, np.where(above1 & ~above0, 1, 0)).astype(np.int8)
    return out


def charge_field(act: Action) -> str:
    """The column whose addition is paid for: a hire buys a 专任教师; anything else buys itself."""
    if act.kind == HIRE and act.level is not None:
        return f"{act.level}_teachers"
    return act.field
