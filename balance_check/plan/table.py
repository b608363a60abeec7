"""report["plan"]["schools"], report["plan"]["ledger"] and the county items' schools held as columns,
made into records on demand.

A province plans 30,000 schools and the nation 200,000: a dict per school with its additions, measures and
targets, one per 整改台账 row (two or three per failing school) and one per school a county item names
cost more memory than the rest of the plan. Like report["schools"] (evaluate/school_table.py) the
planner keeps arrays, and the records — the same dicts, key for key — are made a chunk at a time: the
JSON writer streams them, the documents' writers iterate them, and `check_workbook()` lists them for a
county (`to_list()`).

Texts repeat (a measure reads the same for every school it is planned for), so they are made once per
measure slot; the ledger (ledger_table.py) formats the numbers in its texts once per distinct value."""

import numpy as np

from ..chunked import (
    ChunkedTable,
    Texts,
    assemble,
    dumps,
    numbers,
    objects,
    strings,
    values_texts,
)
from .ledger import school_id
from .schools import TARGETS


class Rows(ChunkedTable):
    """Rows made from other records when read: blocks of (items, make), one row per item."""

    def __init__(self, blocks: list):
        self._blocks = blocks
        self._n = sum(len(items) for items, _ in blocks)

    def _records(self, start: int, stop: int) -> list[dict]:
        out, offset = [], 0
        for items, make in self._blocks:
            lo, hi = max(start - offset, 0), min(stop - offset, len(items))
            if lo < hi:
                out += [make(item) for item in items[lo:hi]]
            offset += len(items)
        return out


class CountySchools(ChunkedTable):
    """report["plan"]["county"][*]["schools"]: the schools a county item names (a national item names a
    hundred thousand), from blocks of columns — code, name, row, detail, amount, cost_yuan arrays and one
    unit and kind per block (a block may also hold the schools' input positions, `at`, which no record
    shows) — in the order the blocks were found."""

    def __init__(self, blocks: list[dict]):
        self._blocks = blocks
        self._starts = np.cumsum([0] + [len(b["row"]) for b in blocks])
        self._n = int(self._starts[-1])

    def _records(self, start: int, stop: int) -> list[dict]:
        out = []
        for b, lo in zip(self._blocks, self._starts.tolist()):
            a, z = max(start - lo, 0), min(stop - lo, len(b["row"]))
            if a >= z:
                continue
            rows = b["row"][a:z].tolist()
            costs = [None] * (z - a) if b["cost_yuan"] is None else b["cost_yuan"][a:z].tolist()
            unit, kind = b["unit"], b["kind"]
            out += [
                {
                    "code": code,
                    "name": name or f"第{int(row)}行",
                    "row": int(row),
                    "detail": detail,
                    "amount": amount,
                    "unit": unit,
                    "kind": kind,
                    "cost_yuan": cost,
                }
                for code, name, row, detail, amount, cost in zip(
                    b["code"][a:z].tolist(), b["name"][a:z].tolist(), rows, b["detail"][a:z].tolist(),
                    b["amount"][a:z].tolist(), costs,
                )
            ]
        return out

    def _encode(self, start: int, stop: int) -> bytes:
        """The records' JSON text assembled from the blocks' columns (no dict made), as orjson writes
        the records."""
        out = []
        for b, lo in zip(self._blocks, self._starts.tolist()):
            a, z = max(start - lo, 0), min(stop - lo, len(b["row"]))
            if a >= z:
                continue
            rows = b["row"][a:z]
            names = [name or f"第{int(row)}行" for name, row in zip(b["name"][a:z].tolist(), rows.tolist())]
            unit_kind = b',"unit":' + dumps(b["unit"]) + b',"kind":' + dumps(b["kind"]) + b',"cost_yuan":'
            cost = [unit_kind + b"null}"] if b["cost_yuan"] is None else [
                unit_kind, numbers(b["cost_yuan"][a:z]), b"}"
            ]
            out.append(assemble(z - a, [
                b'{"code":', strings(b["code"][a:z].tolist()),
                b',"name":', strings(names),
                b',"row":', numbers(np.asarray(rows).astype(np.int64)),
                b',"detail":', strings(b["detail"][a:z].tolist()),
                b',"amount":', numbers(b["amount"][a:z]),
                *cost,
            ]))
        return b",".join(out)

    def money(self):
        """(kind, costs) of each block with a kind and costs: what the plan's totals add per kind."""
        return [(b["kind"], b["cost_yuan"]) for b in self._blocks if b["kind"] and b["cost_yuan"] is not None]


class Slot:
    """One kind of measure a school may be given (an indicator, a part, the action), with what does
    not vary between schools: its text, unit, kind, and the input columns it raises."""

    __slots__ = ("indicator", "level", "field", "measure", "unit", "kind", "raises", "charged", "cost_id")

    def __init__(self, indicator, level, act, measure, charged):
        self.indicator, self.level, self.field = indicator, level, act.field
        self.measure, self.unit, self.kind, self.cost_id = measure, act.unit, act.kind, act.cost_id
        self.raises = (act.field, *act.also)
        self.charged = charged


class PlanSchools(ChunkedTable):
    """report["plan"]["schools"]: one record per input school row, in the schools' order.

    `mask[i]` is a bit mask of the slots school i is given; the planned schools' measures and additions
    are held for those schools only (`at[i]`: its number among them, -1 for a school without measures)."""

    def __init__(self, base: dict, status, mask, at, measures, adds, total, slots, fields, units,
                 part_order, part_start, part_level, target_codes):
        self._n = len(status)
        self._base = base  # code, name, row: arrays over the schools (the evaluator's own, not copied)
        self._status = status
        self._mask, self._at = mask, at
        # planned school by planned school: its measures (col: slot, value: amount, money: cost) and its
        # additions (col: field, value: amount, money: cost), from start[r] to start[r + 1]
        self._measures, self._adds = measures, adds
        self._total = total
        self._slots, self._fields, self._units = slots, fields, units
        self._part_order, self._part_start, self._part_level = part_order, part_start, part_level
        self._target_codes = target_codes  # indicator id -> codes over the parts
        # each part's codes as one number in base 3 (indicator i its i-th digit)
        self._combo = sum(
            (codes.astype(np.int32) * 3**i for i, codes in enumerate(target_codes.values())),
            np.zeros(len(part_level), dtype=np.int32),
        )
        self._layouts: dict = {}
        self._spelt: dict = {}
        self._names = None
        self._templates: dict = {}

    def display_names(self) -> tuple[np.ndarray, np.ndarray]:
        """Each school's name as the plan writes it (第N行 for a school without one) and its ledger id
        (the code, else that name): object arrays over the schools, made once."""
        got = self._names
        if got is None:
            base = self._base
            names = [n or f"第{int(r)}行" for n, r in zip(base["name"].tolist(), base["row"].tolist())]
            ids = [school_id(c, n) for c, n in zip(base["code"].tolist(), names)]
            got = self._names = (objects(names), objects(ids))
        return got

    def layout(self, mask: int):
        """For a set of slots: the slots in order, and the additions' keys in the order the school's
        measures first raise them (field index, place among the school's held additions, field, unit,
        and the kind of that first measure)."""
        got = self._layouts.get(mask)
        if got is None:
            ks = [k for k in range(len(self._slots)) if mask >> k & 1]
            keys: dict = {}
            for k in ks:
                for f in self._slots[k].raises:
                    keys.setdefault(f, self._slots[k].kind)
            js = sorted(self._fields.index(f) for f in keys)  # the order the additions are held in
            adds = [(self._fields.index(f), js.index(self._fields.index(f)), f, self._units.get(f, ""), kind)
                    for f, kind in keys.items()]
            got = self._layouts[mask] = (ks, adds)
        return got

    def _records(self, start: int, stop: int) -> list[dict]:
        code = self._base["code"][start:stop].tolist()
        name = self._base["name"][start:stop].tolist()
        row = self._base["row"][start:stop].tolist()
        status = self._status[start:stop].tolist()
        mask = self._mask[start:stop].tolist()
        at = self._at[start:stop]
        has = (at >= 0).tolist()
        planned = at[at >= 0]  # consecutive: the chunk's measures and additions are one slice each
        r0 = int(planned[0]) if len(planned) else 0
        r1 = int(planned[-1]) + 1 if len(planned) else 0
        m, a = self._measures, self._adds
        m_lo, a_lo = int(m["start"][r0]), int(a["start"][r0])
        amounts = m["value"][m_lo : m["start"][r1]].tolist()
        costs = m["money"][m_lo : m["start"][r1]].tolist()
        added = a["value"][a_lo : a["start"][r1]].tolist()
        paid = a["money"][a_lo : a["start"][r1]].tolist()
        total = self._total[start:stop].tolist()
        targets = self._targets(start, stop)
        slots = self._slots
        out = []
        mi = ai = 0  # where the next planned school's measures and additions begin in those lists
        for i in range(stop - start):
            adds, measures = {}, []
            if has[i]:
                ks, keys = self.layout(mask[i])
                for _, place, f, unit, kind in keys:
                    adds[f] = {"amount": added[ai + place], "unit": unit, "kind": kind,
                               "cost_yuan": paid[ai + place]}
                for n, k in enumerate(ks):
                    s = slots[k]
                    measures.append(
                        {
                            "indicator": s.indicator,
                            "level": s.level,
                            "key": s.field,
                            "measure": s.measure,
                            "amount": amounts[mi + n],
                            "unit": s.unit,
                            "kind": s.kind,
                            "cost_yuan": costs[mi + n],
                        }
                    )
                mi += len(ks)
                ai += len(keys)
            out.append(
                {
                    "code": code[i],
                    "name": name[i] or f"第{int(row[i])}行",
                    "row": int(row[i]),
                    "status": status[i],
                    "targets": targets[i],
                    "additions": adds,
                    "measures": measures,
                    "cost_yuan": total[i],
                }
            )
        return out

    def _encode(self, start: int, stop: int) -> bytes:
        """The records' JSON text assembled from texts (no dict made), as orjson writes the records: the
        targets spelt once per distinct school, the additions and measures once per set of slots with
        the amounts' and costs' texts put in."""
        names, _ = self.display_names()
        return assemble(stop - start, [
            b'{"code":', strings(self._base["code"][start:stop].tolist()),
            b',"name":', strings(names[start:stop].tolist()),
            b',"row":', numbers(np.asarray(self._base["row"][start:stop]).astype(np.int64)),
            b',"status":', values_texts(self._status[start:stop].tolist()),
            b',"targets":', Texts(self._targets_texts(start, stop)),
            b",", Texts(self._plans_texts(start, stop)),
            b',"cost_yuan":', numbers(self._total[start:stop]),
            b"}",
        ])

    def _plans_texts(self, start: int, stop: int) -> list:
        """'"additions":{…},"measures":[…]' of each school: for each set of slots a template (its
        constant texts, and which amount or cost goes between them), filled for all its schools at once
        from the texts of the chunk's amounts and costs (one orjson call per column)."""
        at = self._at[start:stop]
        out = np.full(stop - start, b'"additions":{},"measures":[]', dtype=object)
        planned = np.flatnonzero(at >= 0)
        if not planned.size:
            return out.tolist()
        m, a = self._measures, self._adds
        r = at[planned]  # consecutive: the chunk's measures and additions are one slice each
        r0, r1 = int(r[0]), int(r[-1]) + 1
        m_lo, a_lo = int(m["start"][r0]), int(a["start"][r0])
        columns = [
            a["value"][a_lo : a["start"][r1]], a["money"][a_lo : a["start"][r1]],
            m["value"][m_lo : m["start"][r1]], m["money"][m_lo : m["start"][r1]],
        ]
        texts = [numbers(c).split() for c in columns]
        pool = objects([t for c in texts for t in c])  # the four columns' texts, one after another
        base = np.cumsum([0] + [len(c) for c in texts[:-1]])
        first = (a["start"][r] - a_lo, m["start"][r] - m_lo)  # each planned school's first addition, measure
        masks = self._mask[start:stop][planned]
        for mask in np.unique(masks).tolist():
            group = np.flatnonzero(masks == mask)
            consts, source, offset = self._template(mask)
            at_ = (base[source] + offset)[None, :] + np.where(source < 2, first[0][group][:, None],
                                                                first[1][group][:, None])
            pieces = np.empty((len(group), 2 * len(source) + 1), dtype=object)
            pieces[:, 0::2] = consts
            pieces[:, 1::2] = pool[at_]
            out[planned[group]] = list(map(b"".join, pieces.tolist()))
        return out.tolist()

    def _template(self, mask: int):
        """A set of slots' additions and measures as text: the constant texts (one more than the
        values), and each value's column (0 addition's amount, 1 its cost, 2 measure's amount, 3 its
        cost) and place among the school's."""
        got = self._templates.get(mask)
        if got is None:
            ks, keys = self.layout(mask)
            consts, source, offset = [b'"additions":{'], [], []

            def value(column: int, place: int, after: bytes):
                source.append(column)
                offset.append(place)
                consts.append(after)

            for j, (_, place, f, unit, kind) in enumerate(keys):
                consts[-1] += (b"," if j else b"") + dumps(f) + b':{"amount":'
                value(0, place, b',"unit":' + dumps(unit) + b',"kind":' + dumps(kind) + b',"cost_yuan":')
                value(1, place, b"}")
            consts[-1] += b'},"measures":['
            for n, k in enumerate(ks):
                s = self._slots[k]
                consts[-1] += (
                    (b"," if n else b"") + b'{"indicator":' + dumps(s.indicator) + b',"level":'
                    + dumps(s.level) + b',"key":' + dumps(s.field) + b',"measure":' + dumps(s.measure)
                    + b',"amount":'
                )
                value(2, n, b',"unit":' + dumps(s.unit) + b',"kind":' + dumps(s.kind) + b',"cost_yuan":')
                value(3, n, b"}")
            consts[-1] += b"]"
            got = (objects(consts), np.array(source, dtype=np.int64), np.array(offset, dtype=np.int64))
            self._templates[mask] = got
        return got

    def _targets_texts(self, start: int, stop: int) -> list:
        """The targets' text of each school, spelt once per distinct school (its parts' levels and
        labels): most schools are one of a few hundred."""
        lo, hi = self._part_start[start], self._part_start[stop]
        parts = self._part_order[lo:hi]
        bounds = self._part_start[start : stop + 1] - lo
        count = np.diff(bounds)
        # a part's level and labels as one number, a school's (of up to two parts) as one number
        levels, level_codes = np.unique(self._part_level[parts].astype(str), return_inverse=True)
        width = 3 ** len(self._target_codes)
        part_key = level_codes.reshape(-1).astype(np.int64) * width + self._combo[parts]
        span = len(levels) * width + 1
        padded = np.append(part_key, 0)
        first = np.where(count >= 1, padded[np.minimum(bounds[:-1], len(parts))] + 1, 0)
        second = np.where(count >= 2, padded[np.minimum(bounds[:-1] + 1, len(parts))] + 1, 0)
        school_key = np.where(count <= 2, first * span + second, -1 - np.arange(stop - start))
        keys, inverse = np.unique(school_key, return_inverse=True)
        where = np.zeros(len(keys), dtype=np.int64)
        where[inverse.reshape(-1)] = np.arange(stop - start)  # one school of each key
        texts = []
        for i in where.tolist():
            targets = self._targets(start + i, start + i + 1)[0]
            texts.append(dumps(targets))
        return objects(texts)[inverse.reshape(-1)].tolist()

    def _targets(self, start: int, stop: int) -> list[dict]:
        """{level: {indicator id: leave/floor/standard}} of each school's parts, in the parts' order.
        A part's labels are one of few combinations: each is spelt once and copied."""
        lo, hi = self._part_start[start], self._part_start[stop]
        parts = self._part_order[lo:hi]
        levels = self._part_level[parts].tolist()
        spelt = self._spelt
        per_part = []
        for c in self._combo[parts].tolist():
            got = spelt.get(c)
            if got is None:
                got = spelt[c] = {k: TARGETS[c // 3**i % 3] for i, k in enumerate(self._target_codes)}
            per_part.append(dict(got))
        bounds = (self._part_start[start : stop + 1] - lo).tolist()
        return [{levels[p]: per_part[p] for p in range(lo_, hi_)} for lo_, hi_ in zip(bounds, bounds[1:])]

    def school_measures(self):
        """(school position, slot, amount, cost) of every measure, in the order the ledger lists them."""
        planned = np.flatnonzero(self._at >= 0)
        m = self._measures
        who = np.repeat(planned, np.diff(m["start"]))
        return who, m["col"], m["value"], m["money"]
