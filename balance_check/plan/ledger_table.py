"""report["plan"]["ledger"] as columns: the schools' measures read from the plan's school table, the
CV and county rows made from plan.cv and plan.county, each row made when read (a national 整改台账 has
half a million rows)."""

from collections.abc import Sequence

import numpy as np

from ..chunked import ChunkedTable, assemble, dumps, numbers, objects, strings, values_texts
from .ledger import OPEN
from .rounding import round2
from .table import PlanSchools
from .words import num_column


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
        key, school, problem, measure, need, money = self._measure_columns(start, stop)
        return [
            {
                "key": k,
                "school": name,
                "problem": p,
                "measure": m,
                "need": n,
                "money_wan": w,
                "responsible": None,
                "deadline": None,
                "status": OPEN,
                "note": None,
            }
            for k, name, p, m, n, w in zip(key, school, problem, measure, need, money.tolist())
        ]

    def _encode(self, start: int, stop: int) -> bytes:
        """The rows' JSON text assembled from their columns' texts (no dict made), as orjson writes the
        rows; the rows of the CV what-ifs and county items are encoded as records."""
        head = min(stop, self._head)
        text = b""
        if start < head:
            key, school, problem, measure, need, money = self._measure_columns(start, head)
            text = assemble(head - start, [
                b'{"key":', strings(key),
                b',"school":', strings(school),
                b',"problem":', strings(problem),
                b',"measure":', values_texts(measure),
                b',"need":', strings(need),
                b',"money_wan":', numbers(money),
                b',"responsible":null,"deadline":null,"status":' + dumps(OPEN) + b',"note":null}',
            ])
        if stop > self._head:
            tail = dumps(self._tail[max(start, self._head) - self._head : stop - self._head])[1:-1]
            text = text + b"," + tail if text and tail else text or tail
        return text

    def _measure_columns(self, start: int, stop: int):
        """key, school, problem, measure and need (lists of texts) and money_wan (an array) of the rows:
        texts that repeat (the school's name and key, a slot's measure and unit) made once each."""
        who = self._who[start:stop]
        slot = self._slot[start:stop]
        names, ids = self._schools.display_names()
        school = names[who].tolist()
        slots = self._slots_text()
        key = (ids[who] + slots["key"][slot]).tolist()
        measure = slots["measure"][slot].tolist()
        need = (num_column(self._amount[start:stop]) + slots["unit"][slot]).tolist()
        problem = self._problems(who, slot.tolist())
        return key, school, problem, measure, need, _wan(self._cost[start:stop])

    def _slots_text(self) -> dict:
        """Per slot: the key's tail ("|level|indicator"), the measure, the need's unit (" 人")."""
        got = getattr(self, "_slot_text", None)
        if got is None:
            slots = self._schools._slots
            got = self._slot_text = {
                "key": objects([f"|{s.level or '全校'}|{s.indicator}" for s in slots]),
                "measure": objects([s.measure for s in slots]),
                "unit": objects([f" {s.unit}" for s in slots]),
            }
        return got

    def _problems(self, who: np.ndarray, slot: list[int]) -> list[str]:
        """Per row: each shown part's value against its standard, joined by ；. A whole-school measure
        shows every part of the school (in the standard's level order); a part's measure, its part.
        Each level's texts are made for its rows at once and added to the texts so far (a row's parts
        in the levels' order)."""
        slots = self._schools._slots
        level_ids = list(self._levels)
        out = np.full(len(slot), None, dtype=object)
        ks = np.asarray(slot, dtype=int)
        for li, lv in enumerate(level_ids):
            pos = self._problem_parts[who, li]
            wanted = np.array([slots[k].level in (None, lv) for k in range(len(slots))], dtype=bool)[ks]
            shown = np.flatnonzero(wanted & (pos >= 0))
            if not shown.size:
                continue
            label = self._levels[lv]
            texts = np.empty(shown.size, dtype=object)
            for k in np.unique(ks[shown]).tolist():
                at = np.flatnonzero(ks[shown] == k)
                ind = self._indicators[slots[k].indicator]
                p = pos[shown[at]]
                value = num_column(self._values[ind["id"]][p], decimals=True)
                thr = num_column(self._thresholds[ind["id"]][p])
                texts[at] = f"{label}{ind['name']} " + value + f" {ind['unit']}（标准 " + thr + "）"
            before = out[shown]
            first = np.equal(before, None)
            before[~first] += "；"
            before[first] = ""
            out[shown] = before + texts
        out[np.equal(out, None)] = ""
        return out.tolist()


def _wan(yuan: np.ndarray) -> np.ndarray:
    """万元 to the cent of a 万 (round(yuan / 10000, 2), as a column)."""
    return round2(np.asarray(yuan, dtype="float64") / 10000)
