"""The per-school plan as columns: each school's measures, additions per input column, targets and cost,
and the like-for-like totals over all schools, computed over schools × measure slots with numpy.

The values equal those of the per-school loops they replace (tests/test_plan_columns.py): an addition
is accumulated slot by slot and rounded to the cent at each step (round2), and sums of cent amounts are
exact sums of whole cents."""

import numpy as np

from ..evaluate.scope import EVALUATED
from .actions import KINDS
from .arrays import school_columns
from .rounding import cent_sum, round2
from .schools import charge_field, measure_slots
from .table import PlanSchools, Slot
from .words import measure_text, thing

_MAX_SLOTS = 62  # a school's set of measures is a bit mask in an int64


def school_table(
    schools, parts, target_codes, amounts, infeasible, standard, costs, actions, units, levels, base=None
):
    """Returns (PlanSchools, totals): the table, and (by_key, by_kind) of the schools' additions.

    Worked out over planned schools × slots and × fields; the table keeps only what is there: each
    measure (slot, amount, cost) and each addition (amount, cost), listed school by school."""
    slots = [
        Slot(ind_id, None if part == "whole_school" else part, act,
             measure_text(standard, act, levels.get(None if part == "whole_school" else part)),
             charge_field(act))
        for ind_id, part, act in measure_slots(actions)
    ]
    if len(slots) > _MAX_SLOTS:
        raise ValueError("too many planned measure kinds for a bit mask")
    n = len(schools)
    active = amounts > 0
    mask = (active * (np.int64(1) << np.arange(len(slots), dtype=np.int64))).sum(axis=1, dtype=np.int64)
    planned = np.flatnonzero(mask)
    at = np.full(n, -1, dtype=np.int32)
    at[planned] = np.arange(len(planned))
    act = active[planned]
    amount = np.where(act, amounts[planned], 0.0)
    per_unit = np.array([costs.per_unit(s.cost_id) for s in slots], dtype="float64")
    cost = np.zeros(act.shape)
    cost[act] = round2(amount[act] * np.broadcast_to(per_unit, act.shape)[act])  # rounded where listed
    fields = sorted({f for s in slots for f in s.raises})
    m = len(planned)
    # column by column below: the tables are in column order, each column one contiguous array
    added = np.zeros((m, len(fields)), order="F")
    paid = np.zeros((m, len(fields)), order="F")
    presence = np.zeros((m, len(fields)), dtype=bool, order="F")
    kinds = np.full((m, len(fields)), -1, dtype=np.int8, order="F")
    for k, s in enumerate(slots):  # in the order the measures are listed: the running sums round as before
        on = np.flatnonzero(act[:, k])  # the schools given this measure (a step only where one is)
        for f in s.raises:
            j = fields.index(f)
            added[on, j] = round2(added[on, j] + amount[on, k])
            if f == s.charged:
                paid[on, j] = round2(paid[on, j] + cost[on, k])
            first = on[~presence[on, j]]
            kinds[first, j] = KINDS.index(s.kind)
            presence[on, j] = True
    total = np.zeros(n)
    total[planned] = cent_sum(cost, axis=1)
    status = schools["status"].to_numpy(dtype=object).copy()
    evaluated = status == EVALUATED
    # one text object per state, shared by the schools (not a fixed-width text array made into a new
    # Python string per school)
    states = np.array(["passes", "planned", "infeasible"], dtype=object)
    state = states[np.where(infeasible, 2, (mask != 0).astype(np.int64))]
    status[evaluated] = state[evaluated]
    school_pos = schools.index.get_indexer(parts["school_index"])
    part_order = np.argsort(school_pos, kind="stable").astype(np.int32)
    part_start = np.searchsorted(school_pos[part_order], np.arange(n + 1), side="left").astype(np.int32)
    base = school_columns(schools) if base is None else base
    measures = _listed(act, amount, cost)
    table = PlanSchools(
        base, status, mask, at, measures, _listed(presence, added, paid), total, slots, fields, units,
        part_order, part_start, parts["level"].to_numpy(dtype=object), target_codes,
    )
    return table, school_totals(table, presence, kinds, added, paid, standard)


def _listed(present, values, money) -> dict:
    """The present cells of planned schools × columns, school by school and column by column: the
    column index, value and money of each, and where each school's cells start."""
    rows, cols = np.nonzero(present)
    start = np.zeros(len(present) + 1, dtype=np.int64)
    np.cumsum(present.sum(axis=1), out=start[1:])
    col = cols.astype(np.int8)
    return {"col": col, "value": values[rows, cols], "money": money[rows, cols], "start": start}


def school_totals(table: PlanSchools, presence, kinds, added, paid, standard) -> tuple[dict, dict]:
    """(by_key, by_kind) over the schools' additions: amounts and money per input column, the schools
    adding to it, money per kind of measure; keys in the order the schools first add to them."""
    labels = {f: thing(standard, f) for f in standard.fields}
    order = []
    for j in np.flatnonzero(presence.any(axis=0)).tolist():
        first = int(np.argmax(presence[:, j]))
        _, keys = table.layout(int(table._mask[np.flatnonzero(table._at == first)[0]]))
        order.append((first, [key[0] for key in keys].index(j), j))  # as that school lists them
    by_key = {}
    for first, _, j in sorted(order):
        f, on = table._fields[j], presence[:, j]
        by_key[f] = {
            "label": labels.get(f, f),
            "amount": float(cent_sum(added[on, j])),
            "unit": table._units.get(f, ""),
            "kind": KINDS[int(kinds[first, j])],
            "cost_yuan": float(cent_sum(paid[on, j])),
            "schools": int(on.sum()),
        }
    by_kind = {k: float(cent_sum(paid[presence & (kinds == i)])) for i, k in enumerate(KINDS)}
    return by_key, by_kind
