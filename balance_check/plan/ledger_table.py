"""report["plan"]["ledger"] as columns: the schools' measures read from the plan's school table, the
CV and county rows made from plan.cv and plan.county, each row made when read (a national 整改台账 has
half a million rows)."""

from collections.abc import Sequence

import numpy as np

from ..chunked import ChunkedTable
from .ledger import OPEN, school_id
from .rounding import round2
from .table import PlanSchools
from .words import num


class PlanLedger(ChunkedTable):
    """report["plan"]["ledger"]: the schools' measures (from the school table's columns), then the rows
    for the CV what-ifs and the county items (`tail`, Rows made from plan.cv and plan.county)."""

    def __init__(self, schools: PlanSchools, problem_parts, levels: dict, indicators: dict, values: dict,
                 thresholds: dict, tail: Sequence):
        self._schools = schools
        who, slot, amount, cost = schools.school_measures()
        self._who, self._slot = who.astype(np.int32), slot
        self._amount, self._cost = amount, cost  # the school table's own arrays
        self._problem_parts = problem_parts  # school position × level -> part position (-1: none)
        self._levels = levels  # level -> label, in the standard's order
        self._indicators = indicators
        self._values, self._thresholds = values, thresholds  # indicator id -> array over the parts
        self._tail = tail
        self._head = len(self._who)
        self._n = self._head + len(tail)

    def _records(self, start: int, stop: int) -> list[dict]:
        out = []
        if start < self._head:
            out = self._measure_rows(start, min(stop, self._head))
        if stop > self._head:
            out += self._tail[max(start, self._head) - self._head : stop - self._head]
        return out

    def _measure_rows(self, start: int, stop: int) -> list[dict]:
        who = self._who[start:stop]
        slot = self._slot[start:stop].tolist()
        base = self._schools._base
        codes = base["code"][who].tolist()
        rows = base["row"][who].tolist()
        names = [n or f"第{int(r)}行" for n, r in zip(base["name"][who].tolist(), rows)]
        problems = self._problems(who, slot)
        needs = _numbers(self._amount[start:stop])
        money = _wan(self._cost[start:stop]).tolist()
        slots = self._schools._slots
        out = []
        for code, name, k, problem, need, m in zip(codes, names, slot, problems, needs, money):
            s = slots[k]
            out.append(
                {
                    "key": f"{school_id(code, name)}|{s.level or '全校'}|{s.indicator}",
                    "school": name,
                    "problem": problem,
                    "measure": s.measure,
                    "need": f"{need} {s.unit}",
                    "money_wan": m,
                    "responsible": None,
                    "deadline": None,
                    "status": OPEN,
                    "note": None,
                }
            )
        return out

    def _problems(self, who: np.ndarray, slot: list[int]) -> list[str]:
        """Per row: each shown part's value against its standard, joined by ；. A whole-school measure
        shows every part of the school (in the standard's level order); a part's measure, its part."""
        slots = self._schools._slots
        level_ids = list(self._levels)
        pieces = [[] for _ in slot]
        ks = np.asarray(slot, dtype=int)
        for li, lv in enumerate(level_ids):
            pos = self._problem_parts[who, li]
            wanted = np.array([slots[k].level in (None, lv) for k in range(len(slots))], dtype=bool)[ks]
            shown = np.flatnonzero(wanted & (pos >= 0))
            if not shown.size:
                continue
            label = self._levels[lv]
            for k in np.unique(ks[shown]).tolist():
                rows = shown[ks[shown] == k]
                ind = self._indicators[slots[k].indicator]
                p = pos[rows]
                value = _numbers(self._values[ind["id"]][p], decimals=True)
                thr = _numbers(self._thresholds[ind["id"]][p])
                head, unit = f"{label}{ind['name']} ", ind["unit"]
                for j, v, t in zip(rows.tolist(), value, thr):
                    pieces[j].append(f"{head}{v} {unit}（标准 {t}）")
        return ["；".join(p) for p in pieces]


def _numbers(values, decimals: bool = False) -> list[str]:
    """num() of each value (of round(value, 2) with `decimals`), formatted once per distinct value."""
    arr = np.ascontiguousarray(values, dtype="float64")
    # distinct bit patterns, not values: -0.0 and 0.0 read differently
    _, first, inverse = np.unique(arr.view(np.int64), return_index=True, return_inverse=True)
    texts = [num(round(v, 2)) if decimals else num(v) for v in arr[first].tolist()]
    return np.array(texts + [""], dtype=object)[:-1][inverse.reshape(-1)].tolist()


def _wan(yuan: np.ndarray) -> np.ndarray:
    """万元 to the cent of a 万 (round(yuan / 10000, 2), as a column)."""
    return round2(np.asarray(yuan, dtype="float64") / 10000)
