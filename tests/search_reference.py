"""The planner's exact search in its straightforward form, kept as the reference the fast form in
balance_check/plan/search.py is tested against (tests/test_plan_search.py): every joint facility
combination judged in full (schools × combinations per indicator and part), every level combination
computed on the full table."""

from dataclasses import dataclass
from itertools import product

import numpy as np

from balance_check import boundary
from balance_check.plan.actions import Action
from balance_check.plan.costs import Costs
from balance_check.standard import Standard

LEAVE, FLOOR, STANDARD = 0, 1, 2
TARGETS = ("leave", "floor", "standard")
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
    """Per row: the column of least cost; among costs equal to the cent, the least tie-break score."""
    best = np.min(cost, axis=1, keepdims=True)
    tied = cost <= best + COST_TOL
    return np.argmin(np.where(tied, score, np.inf), axis=1)


def _state(total, inp: PartInputs, ind_id: str, per: float, floor: float):
    """met and above-floor after the part counts `total`, judged exactly as the evaluator does."""
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
    def __init__(self, standard: Standard, actions: dict, costs: Costs):
        rule = standard.data["school_rule"]
        self.min_met, self.floor = rule["min_met"], rule["floor_ratio"]
        self.indicators = standard.indicators
        self.actions = actions
        self.costs = costs
        self.n = len(self.indicators)

    def _weight(self, i: int, p: int, nparts: int) -> float:
        return float(2 ** ((self.n - 1 - i) * nparts + (nparts - 1 - p)))

    # ---- per-level indicators: a table per part -------------------------------------------------------
    def level_table(self, inp: PartInputs, level: str, p: int, nparts: int, size: int):
        """All 3^k target combinations of the part's own indicators: cost, score, met count, above floor,
        and the amount added per action field."""
        mine = [(i, ind) for i, ind in enumerate(self.indicators) if level in ind["numerator"]]
        own = [(i, ind) for i, ind in mine if level in self.actions[ind["id"]]]
        fixed = [(i, ind) for i, ind in mine if level not in self.actions[ind["id"]]]  # cannot be raised
        fields = {self.actions[ind["id"]][level].field for _, ind in own}
        # an action whose hires also count toward another of these indicators goes first
        own.sort(key=lambda t: -len(set(self.actions[t[1]["id"]][level].also) & fields))
        combos = np.array(list(product((LEAVE, FLOOR, STANDARD), repeat=len(own))), dtype=int)
        combos = combos.reshape(3 ** len(own), len(own))
        nc = len(combos)
        cost = np.zeros((size, nc))
        score = np.zeros((size, nc))
        met_count = np.zeros((size, nc), dtype=int)
        above_all = np.ones((size, nc), dtype=bool)
        amounts = {}
        added = {}
        for j, (i, ind) in enumerate(own):
            act: Action = self.actions[ind["id"]][level]
            raw = inp.raw[ind["id"]][:, None]
            base = raw + added.get(act.field, 0.0)
            need = np.stack(
                [_need(inp, ind["id"], ind["per"], t, self.floor) for t in (LEAVE, FLOOR, STANDARD)], axis=1
            )[:, combos[:, j]]
            amount = np.where(
                combos[None, :, j] > LEAVE, boundary.shortfall(need - base, need, act.whole), 0.0
            )
            ok = amount <= inp.cap.get(act.field, np.inf)[:, None] if act.field in inp.cap else True
            cost += np.where(ok, amount * self.costs.per_unit(act.cost_id), np.inf)
            amounts[act.field] = amounts.get(act.field, 0.0) + amount
            for g in (act.field, *act.also):
                added[g] = added.get(g, 0.0) + amount
        for i, ind in own:
            act = self.actions[ind["id"]][level]
            raw = inp.raw[ind["id"]][:, None]
            met0, _ = _state(raw[:, 0], inp, ind["id"], ind["per"], self.floor)
            total = raw + added.get(act.field, 0.0)
            met, above = _state(total, _broadcast(inp, nc), ind["id"], ind["per"], self.floor)
            met_count += met
            above_all &= above
            score += np.where(met & ~met0[:, None], self._weight(i, p, nparts), 0.0)
        for i, ind in fixed:
            met0, above0 = _state(inp.raw[ind["id"]], inp, ind["id"], ind["per"], self.floor)
            met_count += met0[:, None]
            above_all &= above0[:, None]
        return cost, score, met_count, above_all, amounts, len(mine)

    @staticmethod
    def best_by_count(cost, score, met_count, above, k_max):
        """For k = 0..k_max: the cheapest combination with at least k met and every one above the floor."""
        out = []
        for k in range(k_max + 1):
            ok = above & (met_count >= k)
            c = np.where(ok, cost, np.inf)
            idx = lexargmin(c, score)
            rows = np.arange(len(c))
            out.append((c[rows, idx], score[rows, idx], idx))
        return out

    # ---- whole-school indicators: candidate totals shared by the parts ----------------------------------
    def whole_candidates(self, parts: list[PartInputs], ind: dict, total: np.ndarray, size: int):
        """Candidate whole-school additions: 0, and for each part its floor and its standard."""
        act: Action = self.actions[ind["id"]]["whole_school"]
        cands = [np.zeros(size)]
        for inp in parts:
            for t in (FLOOR, STANDARD):
                whole_need = _need(inp, ind["id"], ind["per"], t, self.floor) / inp.share
                cands.append(boundary.shortfall(whole_need - total, whole_need, act.whole))
        return act, np.stack(cands, axis=1)


def _broadcast(inp: PartInputs, nc: int) -> PartInputs:
    return PartInputs(
        {},
        {k: v[:, None] for k, v in inp.thr.items()},
        inp.students[:, None],
        inp.share[:, None],
        inp.cap,
    )


def search_group(search: SchoolSearch, parts: list[PartInputs], levels: list[str], totals: dict) -> dict:
    """Plan every school of a group with the same 学段 (numpy over schools). `totals`: whole-school
    field -> current total. Returns chosen amounts per field, cost, feasibility, targets per part."""
    size = len(parts[0].students)
    nparts = len(parts)
    # per-level tables
    tables = []
    for p, (inp, level) in enumerate(zip(parts, levels)):
        cost, score, met_count, above, amounts, k = search.level_table(inp, level, p, nparts, size)
        tables.append((search.best_by_count(cost, score, met_count, above, k), amounts, k))
    # whole-school candidates, then their joint combinations
    wholes = [(i, ind) for i, ind in enumerate(search.indicators) if "whole_school" in ind["numerator"]]
    cand = []
    for i, ind in wholes:
        act, amounts = search.whole_candidates(parts, ind, totals[ind["numerator"]["whole_school"]], size)
        cand.append((i, ind, act, amounts))
    ncand = 1 + 2 * nparts
    combos = np.array(list(product(range(ncand), repeat=len(wholes))), dtype=int)
    combos = combos.reshape(ncand ** len(wholes), len(wholes))
    nf = len(combos)
    fcost = np.zeros((size, nf))
    fscore = np.zeros((size, nf))
    fmet = [np.zeros((size, nf), dtype=int) for _ in parts]
    fabove = [np.ones((size, nf), dtype=bool) for _ in parts]
    for w, (i, ind, act, amounts) in enumerate(cand):
        chosen = amounts[:, combos[:, w]]  # size × nf
        fcost += chosen * search.costs.per_unit(act.cost_id)
        total = totals[ind["numerator"]["whole_school"]][:, None] + chosen
        for p, inp in enumerate(parts):
            raw = inp.raw[ind["id"]]
            met0, _ = _state(raw, inp, ind["id"], ind["per"], search.floor)
            met, above = _state(
                total * inp.share[:, None], _broadcast(inp, nf), ind["id"], ind["per"], search.floor
            )
            fmet[p] += met
            fabove[p] &= above
            fscore += np.where(met & ~met0[:, None], search._weight(i, p, nparts), 0.0)
    total_cost, total_score = fcost.copy(), fscore.copy()
    picks = []
    for p, (best, _, k_max) in enumerate(tables):
        k = np.maximum(search.min_met - fmet[p], 0)
        feasible = fabove[p] & (k <= k_max)
        kk = np.minimum(k, k_max)
        tcost = np.stack([b[0] for b in best], axis=1)  # size × (k_max+1)
        tscore = np.stack([b[1] for b in best], axis=1)
        tidx = np.stack([b[2] for b in best], axis=1)
        rows = np.arange(size)[:, None]
        total_cost += np.where(feasible, tcost[rows, kk], np.inf)
        total_score += np.where(feasible, tscore[rows, kk], 0.0)
        picks.append(tidx[rows, kk])
    choice = lexargmin(total_cost, total_score)
    rows = np.arange(size)
    cost = total_cost[rows, choice]
    added = {}
    for w, (i, ind, act, amounts) in enumerate(cand):
        added[act.field] = amounts[rows, combos[choice, w]]
    level_added = []
    for p, (best, amounts, _) in enumerate(tables):
        tcombo = picks[p][rows, choice]
        level_added.append({f: a[rows, tcombo] for f, a in amounts.items()})
    return {"cost": cost, "feasible": np.isfinite(cost), "whole": added, "levels": level_added}
