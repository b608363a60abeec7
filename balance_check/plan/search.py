"""The cheapest whole-school additions that make each school pass the school rule, found exactly.

For each indicator of each part the choice is: bring it to the standard, to the floor, or leave it.
Per-level indicators (teachers) touch only their part, so each part's combinations are tabulated once:
the cheapest combination reaching k met indicators, for every k. Whole-school indicators (facilities)
are shared by the parts of a 一贯制 school: their candidate amounts are the whole-school totals whose
share brings one part to its floor or standard, enumerated jointly over the parts. A school's cost is
then (facility combination) + Σ over parts of (cheapest teacher table entry still needed); everything is
numpy over schools × combinations. Equal costs go to the plan whose indicators raised to the standard
come latest in the standard file, so the earlier indicator is the one left at the floor."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import boundary
from ..standard import Standard
from .actions import Action
from .costs import Costs

LEAVE, FLOOR, STANDARD = 0, 1, 2
TARGETS = ("leave", "floor", "standard")
TARGET_CODES = (LEAVE, FLOOR, STANDARD)
COST_TOL = 0.005  # 元: costs equal to the cent are a tie


@dataclass
class PartInputs:
    """Arrays over the schools of one group for one part (学段)."""

    raw: dict  # indicator id -> quantity the part counts now
    thr: dict  # indicator id -> threshold (NaN: not judged)
    students: np.ndarray
    share: np.ndarray
    cap: dict  # action field -> most that may be added (inf when unbounded)


def lexargmin(cost: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Per school (column): the combination (row) of least cost; among costs equal to the cent, the least
    tie-break score; among equal scores, the first."""
    best = np.min(cost, axis=0)
    worst = np.inf if score.dtype.kind == "f" else np.iinfo(score.dtype).max  # above every score
    masked = np.where(cost <= best + COST_TOL, score, worst)
    # the first row holding the least score, as argmin gives it (argmin along the first axis copies the
    # table into a transposed order first; argmax of a boolean table stops at the first True)
    return np.argmax(masked == np.min(masked, axis=0), axis=0)


def _state(total, inp: PartInputs, ind_id: str, per: float, floor: float):
    """met and above-floor after the part counts `total` (schools last: a row per combination, or one
    row), judged exactly as the evaluator does."""
    thr = inp.thr[ind_id]
    value = total * per / inp.students
    judged = ~np.isnan(thr)
    met = boundary.reaches(value, thr) & judged
    above = met | ~judged | boundary.reaches(value / np.where(judged, thr, 1.0), floor)
    return met, above


def _need(inp: PartInputs, ind_id: str, per: float, target: int, floor: float) -> np.ndarray:
    """The quantity the part must count to reach the floor or the standard (0 for leave, unjudged)."""
    thr = np.nan_to_num(inp.thr[ind_id], nan=0.0)
    factor = (0.0, floor, 1.0)[target]  # indexed by LEAVE, FLOOR, STANDARD
    return thr * factor * inp.students / per


class SchoolSearch:
    """The search's tables are combinations × schools: the schools are the long, contiguous axis, so
    every numpy operation runs over whole rows of schools (a short last axis of 3 or 5 candidates made
    numpy loop per handful of values)."""

    def __init__(self, standard: Standard, actions: dict, costs: Costs):
        rule = standard.data["school_rule"]
        self.min_met, self.floor = rule["min_met"], rule["floor_ratio"]
        self.indicators = standard.indicators
        self.actions = actions
        self.costs = costs
        self.n = len(self.indicators)

    def _weight(self, i: int, p: int, nparts: int):
        return self.score_type(nparts)(2 ** ((self.n - 1 - i) * nparts + (nparts - 1 - p)))

    def score_type(self, nparts: int):
        """The tie-break scores are sums of distinct powers of two below 2^(indicators × parts): exact
        in 32-bit integers when that leaves the largest one free for lexargmin's "no score" (half the
        memory traffic of doubles), else doubles (exact to 2^53, as the scores always were)."""
        return np.int32 if 2 ** (self.n * nparts) <= np.iinfo(np.int32).max else np.float64

    # ---- per-level indicators: a table per part -------------------------------------------------------
    def level_table(self, inp: PartInputs, level: str, p: int, nparts: int, size: int):
        """All 3^k target combinations of the part's own indicators (rows) per school (columns): cost,
        score, met count, above floor, and the amount added per action field.

        Worked out with an axis per indicator's target (3 × … × 3 × schools): an amount depends only on
        the targets of its own and the earlier actions, so broadcasting computes each on those alone."""
        mine = [(i, ind) for i, ind in enumerate(self.indicators) if level in ind["numerator"]]
        own = [(i, ind) for i, ind in mine if level in self.actions[ind["id"]]]
        fixed = [(i, ind) for i, ind in mine if level not in self.actions[ind["id"]]]  # cannot be raised
        fields = {self.actions[ind["id"]][level].field for _, ind in own}
        # an action whose hires also count toward another of these indicators goes first
        own.sort(key=lambda t: -len(set(self.actions[t[1]["id"]][level].also) & fields))
        k = len(own)
        full = (3,) * k + (size,)
        cost = np.zeros(full)
        score = np.zeros(full, dtype=self.score_type(nparts))
        met_count = np.zeros(full, dtype=np.int16)  # at most the number of indicators
        above_all = np.ones(full, dtype=bool)
        amounts = {}
        added = {}
        for j, (i, ind) in enumerate(own):
            act: Action = self.actions[ind["id"]][level]
            axis = (1,) * j + (3,) + (1,) * (k - 1 - j) + (1,)  # this indicator's target
            base = inp.raw[ind["id"]] + added.get(act.field, 0.0)
            need = np.stack([_need(inp, ind["id"], ind["per"], t, self.floor) for t in TARGET_CODES])
            need = need.reshape(axis[:-1] + (size,))
            raised = (np.array(TARGET_CODES) > LEAVE).reshape(axis)
            amount = np.where(raised, boundary.shortfall(need - base, need, act.whole), 0.0)
            ok = amount <= inp.cap[act.field] if act.field in inp.cap else True
            cost += np.where(ok, amount * self.costs.per_unit(act.cost_id), np.inf)
            amounts[act.field] = amounts.get(act.field, 0.0) + amount
            for g in (act.field, *act.also):
                added[g] = added.get(g, 0.0) + amount
        for i, ind in own:
            act = self.actions[ind["id"]][level]
            raw = inp.raw[ind["id"]]
            met0, _ = _state(raw, inp, ind["id"], ind["per"], self.floor)
            met, above = _state(raw + added.get(act.field, 0.0), inp, ind["id"], ind["per"], self.floor)
            met_count += met
            above_all &= above
            weight = self._weight(i, p, nparts)
            score += np.where(met & ~met0, weight, weight * 0)
        for i, ind in fixed:
            met0, above0 = _state(inp.raw[ind["id"]], inp, ind["id"], ind["per"], self.floor)
            met_count += met0
            above_all &= above0
        nc = 3**k  # rows in product order: the first indicator's target varies slowest
        tables = (a.reshape(nc, size) for a in (cost, score, met_count, above_all))
        return (*tables, amounts, len(mine))  # the amounts as computed: an axis only per target they read

    @staticmethod
    def best_by_count(cost, score, met_count, above, ks):
        """For each k of `ks`: the cheapest combination with at least k met and every one above the
        floor (its cost, score and row), by k."""
        out = {}
        schools = np.arange(cost.shape[1])
        for k in ks:
            ok = above & (met_count >= k)
            c = np.where(ok, cost, np.inf)
            idx = lexargmin(c, score)
            out[k] = (c[idx, schools], score[idx, schools], idx)
        return out

    # ---- whole-school indicators: candidate totals shared by the parts ----------------------------------
    def whole_candidates(self, parts: list[PartInputs], ind: dict, total: np.ndarray, size: int):
        """Candidate whole-school additions (rows) per school: 0, and for each part its floor and its
        standard."""
        act: Action = self.actions[ind["id"]]["whole_school"]
        cands = [np.zeros(size)]
        for inp in parts:
            for t in (FLOOR, STANDARD):
                whole_need = _need(inp, ind["id"], ind["per"], t, self.floor) / inp.share
                cands.append(boundary.shortfall(whole_need - total, whole_need, act.whole))
        return act, np.stack(cands)


def search_group(search: SchoolSearch, parts: list[PartInputs], levels: list[str], totals: dict) -> dict:
    """Plan every school of a group with the same 学段 (numpy over schools). `totals`: whole-school
    field -> current total. Returns chosen amounts per field (0 where a school cannot pass), cost,
    feasibility, targets per part.

    The joint facility combinations are the product of each indicator's candidates, and whether a part
    meets an indicator (and is above the floor) depends on that indicator's candidate alone. So every
    state is judged once per candidate (candidates × schools), and the combinations are the sums of those
    over the product, made by broadcasting in the order the costs have always been added (equal doubles).
    A part's met count and floor are carried in one small integer per combination (its code), which
    picks the cheapest teacher table entry still needed from a short per-school table."""
    size = len(parts[0].students)
    nparts = len(parts)
    wholes = [(i, ind) for i, ind in enumerate(search.indicators) if "whole_school" in ind["numerator"]]
    ncand = 1 + 2 * nparts
    nw = len(wholes)
    tables = []
    for p, (inp, level) in enumerate(zip(parts, levels)):
        cost, score, met_count, above, amounts, k_max = search.level_table(inp, level, p, nparts, size)
        # the counts the teacher table can still be asked for: the rule's less what facilities meet
        ks = sorted({max(search.min_met - met, 0) for met in range(nw + 1)} & set(range(k_max + 1)))
        tables.append((search.best_by_count(cost, score, met_count, above, ks), amounts, k_max))
    penalty = nw + 1  # a part below the floor on one indicator: its code sum is negative whatever it meets
    code_type = np.int8 if nw * penalty + nw < np.iinfo(np.int8).max else np.int32
    fcost = np.zeros((1,) * nw + (size,))
    score_type = search.score_type(nparts)
    fscore = np.zeros((1,) * nw + (size,), dtype=score_type)
    codes = [np.zeros((1,) * nw + (size,), dtype=code_type) for _ in parts]
    cand = []
    for w, (i, ind) in enumerate(wholes):
        field = ind["numerator"]["whole_school"]
        act, amounts = search.whole_candidates(parts, ind, totals[field], size)
        cand.append((act, amounts))
        shape = (1,) * w + (ncand,) + (1,) * (nw - 1 - w) + (size,)  # this indicator's axis
        fcost = fcost + (amounts * search.costs.per_unit(act.cost_id)).reshape(shape)
        total = totals[field] + amounts
        gained = np.zeros((ncand, size), dtype=score_type)
        for p, inp in enumerate(parts):
            met0, _ = _state(inp.raw[ind["id"]], inp, ind["id"], ind["per"], search.floor)
            met, above = _state(total * inp.share, inp, ind["id"], ind["per"], search.floor)
            codes[p] = codes[p] + np.where(above, met, -penalty).astype(code_type).reshape(shape)
            # the weights are distinct powers of two: their sums are exact in any order
            weight = search._weight(i, p, nparts)
            gained += np.where(met & ~met0, weight, weight * 0)
        fscore = fscore + gained.reshape(shape)
    nf = ncand**nw
    # every indicator has added its axis, so these are whole (nf × size) arrays of their own
    total_cost = fcost.reshape(nf, size)
    total_score = fscore.reshape(nf, size)
    codes = [c.reshape(nf, size) for c in codes]
    offset = nw * penalty  # code + offset indexes the per-school table: 0..offset-1 below the floor
    school = np.arange(size, dtype=np.int64) + offset * size
    for p, (best, _, k_max) in enumerate(tables):
        lookup_cost, lookup_score = _by_code(search.min_met, best, k_max, offset, nw, size, score_type)
        at = np.multiply(codes[p], size, dtype=np.int64)
        at += school  # flat positions in the (code × school) tables
        total_cost += lookup_cost.reshape(-1)[at]
        total_score += lookup_score.reshape(-1)[at]
    choice = lexargmin(total_cost, total_score)
    schools = np.arange(size)
    cost = total_cost[choice, schools]
    feasible = np.isfinite(cost)
    added = {}
    for w, (act, amounts) in enumerate(cand):
        pick = choice // ncand ** (nw - 1 - w) % ncand  # the combination's candidate for this indicator
        added[act.field] = np.where(feasible, amounts[pick, schools], 0.0)
    level_added = []
    for p, (best, amounts, k_max) in enumerate(tables):
        met = codes[p][choice, schools].astype(int)
        kk = np.clip(search.min_met - met, 0, k_max)
        tcombo = np.zeros(size, dtype=np.int64)  # a school that cannot pass takes nothing (below)
        for k, (_, _, idx) in best.items():
            tcombo = np.where(feasible & (kk == k), idx, tcombo)
        level_added.append({f: np.where(feasible, _pick(a, tcombo), 0.0) for f, a in amounts.items()})
    return {"cost": cost, "feasible": feasible, "whole": added, "levels": level_added}


def _pick(amount: np.ndarray, combo: np.ndarray) -> np.ndarray:
    """Each school's amount at its combination (a row of the level table), from an amount held with an
    axis per target (length 1 where it does not depend on that target)."""
    k = amount.ndim - 1
    at = tuple(combo // 3 ** (k - 1 - j) % 3 if amount.shape[j] == 3 else 0 for j in range(k))
    return amount[(*at, np.arange(amount.shape[-1]))]


def _by_code(min_met: int, best: dict, k_max: int, offset: int, nw: int, size: int, score_type):
    """By code + offset (a part's met count over the facilities, negative when one is below the floor),
    per school: the cost and score of the cheapest teacher table entry still needed, inf and 0 where the
    part cannot pass."""
    cost = np.full((offset + nw + 1, size), np.inf)
    score = np.zeros((offset + nw + 1, size), dtype=score_type)
    for met in range(nw + 1):
        k = max(min_met - met, 0)
        if k <= k_max:
            cost[offset + met] = best[k][0]
            score[offset + met] = best[k][1]
    return cost, score


class SearchInputs:
    """PartInputs for any parts (positions in `parts`): the columns the search reads, taken once as
    arrays (a batch takes its rows from these, not from the frame)."""

    def __init__(self, parts: pd.DataFrame, results: dict, actions: dict):
        self.raw = {k: r["raw"].to_numpy(dtype=float) for k, r in results.items()}
        self.thr = {k: r["threshold"].to_numpy(dtype=float) for k, r in results.items()}
        self.students = parts["students"].to_numpy(dtype=float)
        self.share = parts["share"].to_numpy(dtype=float)
        self.cap = {}
        for acts in actions.values():
            for a in acts.values():
                if a.cap is not None and a.cap[0] in parts:
                    of, minus = a.cap
                    self.cap[a.field] = (parts[of].to_numpy(dtype=float), parts[minus].to_numpy(dtype=float))

    def part(self, idx: np.ndarray) -> PartInputs:
        return PartInputs(
            {k: v[idx] for k, v in self.raw.items()},
            {k: v[idx] for k, v in self.thr.items()},
            self.students[idx],
            self.share[idx],
            {f: of[idx] - minus[idx] for f, (of, minus) in self.cap.items()},
        )
