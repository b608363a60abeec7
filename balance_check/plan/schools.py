"""Per school: run the exact search over every school with a failing part, and describe the result."""

import numpy as np
import pandas as pd

from .. import boundary
from ..standard import Standard
from .actions import HIRE, Action
from .apply import empty_additions
from .arrays import at_level, flags
from .costs import Costs
from .search import SchoolSearch, SearchInputs, search_group

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
    engine = SchoolSearch(standard, actions, costs)
    search = None  # the columns the search reads, taken when a school fails
    position = pd.Index(school_ids)
    for pattern, schools, where, totals in _groups(parts, rule, standard, actions):
        search = search or SearchInputs(parts, results, actions)
        size = max(SEARCH_CELLS // _combinations(standard, actions, pattern), 16)
        for b in range(0, len(schools), size):
            batch = slice(b, b + size)
            inputs = [search.part(w[batch]) for w in where]
            found = search_group(engine, inputs, list(pattern), {f: t[batch] for f, t in totals.items()})
            at = position.get_indexer(schools[batch])
            rows = row_of.get_indexer(schools[batch])
            infeasible[at[~found["feasible"]]] = True
            ok = found["feasible"]
            for k, (_, part, act) in enumerate(slots):
                if part == "whole_school":
                    amount = np.where(ok, found["whole"][act.field], 0.0)
                elif part in pattern:
                    amount = np.where(ok, found["levels"][pattern.index(part)].get(act.field, 0.0), 0.0)
                else:
                    continue
                for f in (act.field, *act.also):  # a hire is also 专任教师 and 持证 (actions.py)
                    added[rows, columns[f]] += amount
                amounts[at, k] = np.where(amount > 0, amount, 0.0)  # a measure only where something is added
    additions = pd.DataFrame(added, index=additions.index, columns=additions.columns)
    return additions, amounts, infeasible


def _groups(parts, rule, standard: Standard, actions: dict):
    """The failing schools by 学段 pattern (e.g. primary and junior): per pattern, the schools (their
    index), each level's part of each school (its position in `parts`) and the whole-school totals (from
    the school's first part). Worked out on the columns as arrays: a province has tens of thousands."""
    school = parts["school_index"].to_numpy()
    failing = np.isin(school, school[~rule["passed"].to_numpy(dtype=bool)])
    at = np.flatnonzero(failing)
    ids, first, inverse = np.unique(school[at], return_index=True, return_inverse=True)
    levels = standard.evaluated_levels
    pattern = np.zeros(len(ids), dtype=np.int64)  # a bit per level the school has a part at
    part_at = np.zeros((len(ids), len(levels)), dtype=np.int64)
    for li, lv in enumerate(levels):
        here = at_level(parts, lv)[at]
        pattern[inverse[here]] |= 1 << li
        part_at[inverse[here], li] = at[here]
    wholes = [acts["whole_school"].field for acts in actions.values() if "whole_school" in acts]
    totals = {f: parts[f].to_numpy(dtype=float)[at[first]] for f in wholes}
    for code in np.unique(pattern[pattern > 0]).tolist():
        mine = np.flatnonzero(pattern == code)
        present = [li for li in range(len(levels)) if code >> li & 1]
        yield (
            tuple(levels[li] for li in present),
            ids[mine],
            [part_at[mine, li] for li in present],
            {f: t[mine] for f, t in totals.items()},
        )


def _combinations(standard: Standard, actions: dict, pattern: tuple) -> int:
    """The widest matrix of the search for schools of this 学段 pattern (search.py)."""
    wholes = sum("whole_school" in i["numerator"] for i in standard.indicators)
    inds = standard.indicators
    own = [sum(lv in i["numerator"] and lv in actions[i["id"]] for i in inds) for lv in pattern]
    return max((1 + 2 * len(pattern)) ** wholes, *(3**k for k in own))


TARGETS = ("leave", "floor", "standard")  # codes 0, 1, 2 of targets()


def targets(parts, results, standard: Standard, after: dict) -> dict[str, np.ndarray]:
    """Per indicator, per part: leave / floor / standard (codes into TARGETS), read from its state
    before and after (`after`: the numerators after the additions, apply.numerators_after)."""
    rule = standard.data.get("school_rule") or {}
    floor = rule.get("floor_ratio", 1.0)
    out = {}
    students = parts["students"].to_numpy(dtype=float)
    for ind in standard.indicators:
        r = results[ind["id"]]
        thr = r["threshold"].to_numpy(dtype=float)
        value = after[ind["id"]] * ind["per"] / students
        met0 = flags(r["met"])
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
