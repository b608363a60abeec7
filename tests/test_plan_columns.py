"""The planner's columns equal the per-school loops they replaced.

The per-school plan (report["plan"]["schools"]), its totals and the schools' rows of the 整改台账 are
computed over schools × measure slots with numpy (plan/entries.py, plan/table.py). The loops below are the
definitions they replaced, kept here as the reference: for any schools, parts and planned amounts the
records, totals and ledger rows are equal value for value (and key order for key order)."""

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_check import chunked
from balance_check.chunked import CHUNK, dumps
from balance_check.evaluate.scope import EVALUATED
from balance_check.plan import _problem_parts, _units
from balance_check.plan import ledger as ledger_mod
from balance_check.plan.actions import KINDS, indicator_actions
from balance_check.plan.costs import Costs, load_costs
from balance_check.plan.entries import school_table
from balance_check.plan.ledger_table import PlanLedger
from balance_check.plan.rounding import add_cents, cent_sum, round2
from balance_check.plan.schools import TARGETS, charge_field, measure_slots
from balance_check.plan.table import CountySchools
from balance_check.plan.words import measure_text, num, num_column, thing
from balance_check.standard import load_standard

STANDARD = load_standard()
ACTIONS = indicator_actions(STANDARD)
SLOTS = measure_slots(ACTIONS)
LEVELS = {lv: STANDARD.level_label(lv) for lv in STANDARD.data["levels"]}
INDICATORS = {i["id"]: i for i in STANDARD.indicators}


# ---- the per-row definitions (the planner's loops before the columns) -----------------------------------
def _round(v: float) -> float:
    return float(round(v + 0.0, 2))


def reference_entries(schools, parts, tgt, measures, infeasible, costs, units):
    part_targets = defaultdict(dict)
    for (si, level), t in zip(zip(parts["school_index"].tolist(), parts["level"].tolist()), tgt):
        part_targets[si][level] = t
    out = []
    for si, code, name, row, status in zip(
        schools.index.tolist(),
        schools["code"].tolist(),
        schools["name"].tolist(),
        schools["row"].tolist(),
        schools["status"].tolist(),
    ):
        adds, ms = {}, []
        for ind_id, level, act, amount in measures.get(si, []):
            cost = _round(amount * costs.per_unit(act.cost_id))
            ms.append(
                {
                    "indicator": ind_id,
                    "level": level,
                    "key": act.field,
                    "measure": measure_text(STANDARD, act, LEVELS.get(level)),
                    "amount": amount,
                    "unit": act.unit,
                    "kind": act.kind,
                    "cost_yuan": cost,
                }
            )
            charged = charge_field(act)
            for f in (act.field, *act.also):
                a = adds.setdefault(
                    f, {"amount": 0.0, "unit": units.get(f, ""), "kind": act.kind, "cost_yuan": 0.0}
                )
                a["amount"] = _round(a["amount"] + amount)
                if f == charged:
                    a["cost_yuan"] = _round(a["cost_yuan"] + cost)
        if status != EVALUATED:
            state = status
        elif si in infeasible:
            state = "infeasible"
        else:
            state = "planned" if ms else "passes"
        out.append(
            {
                "code": code,
                "name": name or f"第{int(row)}行",
                "row": int(row),
                "status": state,
                "targets": part_targets.get(si, {}),
                "additions": adds,
                "measures": ms,
                "cost_yuan": _round(sum(m["cost_yuan"] for m in ms)),
            }
        )
    return out


def reference_totals(entries) -> dict:
    by_key: dict = {}
    by_kind = {k: 0.0 for k in KINDS}
    labels = {f: thing(STANDARD, f) for f in STANDARD.fields}
    for e in entries:
        for f, a in e["additions"].items():
            if f not in by_key:
                by_key[f] = {
                    "label": labels.get(f, f),
                    "amount": 0.0,
                    "unit": a["unit"],
                    "kind": a["kind"],
                    "cost_yuan": 0.0,
                    "schools": 0,
                }
            t = by_key[f]
            t["amount"] = _round(t["amount"] + a["amount"])
            t["cost_yuan"] = _round(t["cost_yuan"] + a["cost_yuan"])
            t["schools"] += 1
            by_kind[a["kind"]] = _round(by_kind[a["kind"]] + a["cost_yuan"])
    return {"by_key": by_key, "by_kind": by_kind}


def reference_ledger(entries, part_records, school_ids) -> list[dict]:
    """Each row quotes its own school's parts (found by the school, not by its row: several files may
    each hold their school in row 2)."""
    parts = {(s["school"], s["level"]): s for s in part_records}
    rows = []
    for si, e in zip(school_ids, entries):
        who = ledger_mod.school_id(e["code"], e["name"])
        for m in e["measures"]:
            ind = INDICATORS[m["indicator"]]
            wanted = LEVELS if m["level"] is None else [m["level"]]
            shown = [lv for lv in wanted if (si, lv) in parts]
            problem = "；".join(
                (lambda p: f"{LEVELS[lv]}{ind['name']} {num(round(p['value'], 2))} {ind['unit']}"
                 f"（标准 {num(p['threshold'])}）")(parts[(si, lv)]["indicators"][ind["id"]])
                for lv in shown
            )
            rows.append(
                {
                    "key": f"{who}|{m['level'] or '全校'}|{m['indicator']}",
                    "school": e["name"],
                    "problem": problem,
                    "measure": m["measure"],
                    "need": f"{num(m['amount'])} {m['unit']}",
                    "money_wan": None if m["cost_yuan"] is None else round(m["cost_yuan"] / 10000, 2),
                    "responsible": None,
                    "deadline": None,
                    "status": ledger_mod.OPEN,
                    "note": None,
                }
            )
    return rows


# ---- generated schools, parts and plans ---------------------------------------------------------------
AMOUNTS = st.one_of(
    st.just(0.0),
    st.integers(1, 400).map(float),
    st.integers(1, 10**7).map(lambda c: c * 0.01),  # ㎡ and 元 rounded up to 0.01, as the search leaves them
    st.floats(0.001, 1e6, allow_nan=False),
)


def _list(draw, elements, size: int) -> list:
    return draw(st.lists(elements, min_size=size, max_size=size))


@st.composite
def plans(draw):
    n = draw(st.integers(1, 14))
    levels = STANDARD.evaluated_levels
    rows = draw(st.lists(st.integers(2, 2 + 2 * n), min_size=n, max_size=n))  # repeated rows: several files
    schools = pd.DataFrame(
        {
            "code": _list(draw, st.sampled_from([None, "", "4101", "4102", "x9"]), n),
            "name": _list(draw, st.sampled_from([None, "", "甲小学", "乙中学", "丙学校"]), n),
            "row": rows,
            "status": _list(draw, st.sampled_from([EVALUATED] * 4 + ["excluded"]), n),
        },
        index=pd.Index([7 + 3 * i for i in range(n)]),  # labels, not positions
    )
    part_list = []
    for si, row in zip(schools.index, rows):
        own = draw(st.lists(st.sampled_from(levels), unique=True, max_size=len(levels)))
        part_list += [(si, lv, row) for lv in own]
    part_list = draw(st.permutations(part_list))
    parts = pd.DataFrame(part_list, columns=["school_index", "level", "row"])
    parts["row"] = parts["row"].astype("int64")
    amounts = np.array(
        [[draw(AMOUNTS) if draw(st.integers(0, 3)) == 0 else 0.0 for _ in SLOTS] for _ in range(n)]
    ).reshape(n, len(SLOTS))
    infeasible = np.array([draw(st.booleans()) and not amounts[i].any() for i in range(n)], dtype=bool)
    m = len(parts)
    codes = {k: np.array(_list(draw, st.integers(0, 2), m), np.int8) for k in INDICATORS}
    values = {k: np.array(_list(draw, st.floats(0, 5e3, allow_nan=False), m)) for k in INDICATORS}
    thresholds = {k: np.array(_list(draw, st.sampled_from([0.9, 4.2, 1.5, 45.0]), m)) for k in INDICATORS}
    default = load_costs()
    entries = {
        k: {**e, "unit_cost": draw(st.sampled_from([e["unit_cost"], 0.0, 333.33, 1234.567]))}
        for k, e in default.entries.items()
    }
    costs = Costs(entries, draw(st.sampled_from([1.0, 3.0])))
    return schools, parts, amounts, infeasible, codes, values, thresholds, costs


def _columns(schools, parts, amounts, infeasible, codes, values, thresholds, costs):
    units = _units(STANDARD, ACTIONS)
    table, (by_key, by_kind) = school_table(
        schools, parts, codes, amounts, infeasible, STANDARD, costs, ACTIONS, units, LEVELS
    )
    ledger = PlanLedger(
        table, _problem_parts(schools, parts, LEVELS), LEVELS, INDICATORS, values, thresholds, []
    )
    return table, {"by_key": by_key, "by_kind": by_kind}, ledger


def _reference(schools, parts, amounts, infeasible, codes, values, thresholds, costs):
    units = _units(STANDARD, ACTIONS)
    measures: dict = {}
    for i, si in enumerate(schools.index):
        for k, (ind_id, part, act) in enumerate(SLOTS):
            if amounts[i, k] > 0:
                level = None if part == "whole_school" else part
                measures.setdefault(si, []).append((ind_id, level, act, float(amounts[i, k])))
    tgt = [{k: TARGETS[int(codes[k][j])] for k in codes} for j in range(len(parts))]
    bad = set(schools.index[infeasible])
    entries = reference_entries(schools, parts, tgt, measures, bad, costs, units)
    records = [
        {
            "school": si,
            "row": int(r),
            "level": lv,
            "indicators": {  # as the school records hold them: Python floats
                k: {"value": float(values[k][j]), "threshold": float(thresholds[k][j])} for k in INDICATORS
            },
        }
        for j, (si, r, lv) in enumerate(zip(parts["school_index"], parts["row"], parts["level"]))
    ]
    return entries, reference_totals(entries), reference_ledger(entries, records, schools.index.tolist())


@settings(max_examples=150, deadline=None)
@given(plans())
def test_plan_columns_equal_the_per_school_loops(plan):
    table, totals, ledger = _columns(*plan)
    entries, ref_totals, ref_ledger = _reference(*plan)
    got = table.to_list()
    assert got == entries
    assert [list(e["additions"]) for e in got] == [list(e["additions"]) for e in entries]  # key order too
    assert totals == ref_totals
    assert list(totals["by_key"]) == list(ref_totals["by_key"])
    assert ledger.to_list() == ref_ledger
    # report.json's texts assembled from the columns are the bytes orjson writes for the records
    assert b"[" + b",".join(ledger.encoded_chunks()) + b"]" == dumps(ref_ledger)
    assert b"[" + b",".join(table.encoded_chunks()) + b"]" == dumps(entries)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(-(10**9), 10**9).map(lambda n: (n + 0.5) / 100),
            st.sampled_from([0.0, -0.0, -0.001, 0.005, 4.2, 1e15, 1234567.891]),
        ),
        max_size=20,
    ),
    st.booleans(),
)
def test_a_column_of_numbers_reads_as_num_of_each_value(values, decimals):
    expected = [num(round(v, 2)) if decimals else num(v) for v in values]
    assert num_column(np.array(values, dtype="float64"), decimals).tolist() == expected


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**9), 10**9).map(lambda n: (n + 0.5) / 100),  # half cents: ties and near-ties
        st.integers(-(10**12), 10**12).map(lambda n: n / 100),
        st.floats(-1e6, 1e6).map(lambda v: v * 0.01),
    )
)
def test_round2_is_pythons_round_to_the_cent(v):
    got = round2(np.array([v]))[0]
    want = float(round(v + 0.0, 2))
    assert got == want or (np.isnan(got) and np.isnan(want))
    assert np.signbit(got) == np.signbit(want) or np.isnan(got)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1e9, allow_nan=False), max_size=60))
def test_cent_sum_is_the_running_total_rounded_at_each_step(values):
    cents = round2(np.array(values, dtype="float64"))
    running = 0.0
    for v in cents.tolist():
        running = _round(running + v)
    assert cent_sum(cents) == running


def test_a_national_sized_plan_table_makes_its_records_in_chunks(monkeypatch):
    """Streaming never makes more than a chunk of records at a time; slices and indexes agree."""
    n = 3 * CHUNK + 5
    schools = pd.DataFrame(
        {"code": [f"41{i:08d}" for i in range(n)], "name": [f"学校{i}" for i in range(n)],
         "row": np.arange(2, n + 2), "status": EVALUATED}
    )
    parts = pd.DataFrame({"school_index": schools.index, "level": "primary", "row": schools["row"]})
    amounts = np.zeros((n, len(SLOTS)))
    amounts[::2, 0] = 3.0
    codes = {i["id"]: np.zeros(n, dtype=np.int8) for i in STANDARD.indicators}
    values = {k: np.ones(n) for k in INDICATORS}
    none = np.zeros(n, bool)
    table, _, ledger = _columns(schools, parts, amounts, none, codes, values, values, load_costs())
    made = []
    original = type(table)._records

    def counted(self, a, b):
        made.append(b - a)
        return original(self, a, b)

    monkeypatch.setattr(type(table), "_records", counted)
    assert sum(1 for _ in table.chunks()) == 4 and max(made) <= CHUNK
    assert table[CHUNK + 1] == table[CHUNK : CHUNK + 2][1] == list(table)[CHUNK + 1]
    assert table[-1]["row"] == n + 1
    assert len(ledger) == (n + 1) // 2 and ledger[1]["school"] == "学校2"
    with pytest.raises(IndexError):
        table[n]


def test_searching_the_schools_in_batches_changes_no_plan(monkeypatch, fixtures_dir, checked):
    """The exact search runs over batches of schools (bounded memory at 200,000): any batch size gives
    the same plan as one batch."""
    from balance_check import check_workbook
    from balance_check.plan import schools as schools_mod

    whole = checked(fixtures_dir / "county_a.xlsx")["plan"]
    monkeypatch.setattr(schools_mod, "SEARCH_CELLS", 1)  # batches of 16 schools
    batched = check_workbook(fixtures_dir / "county_a.xlsx")["plan"]
    assert batched == whole
    assert any(s["measures"] for s in whole["schools"])  # the fixture does plan something


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 10**9).map(lambda c: c / 100),
    st.lists(st.one_of(st.integers(0, 10**9).map(lambda c: c / 100), st.just(float("nan"))), max_size=40),
)
def test_adding_county_costs_in_cents_is_the_running_rounded_total(total, values):
    running = total
    for v in values:
        running = _round(running + v)
    got = add_cents(total, np.array(values, dtype="float64"))
    assert got == running or (np.isnan(got) and np.isnan(running))


def test_adding_the_plan_to_the_parts_leaves_the_evaluators_frame_as_it_was():
    from balance_check.plan.apply import with_additions

    parts = pd.DataFrame({"school_index": [0, 0, 1], "level": ["primary", "junior", "primary"],
                          "teaching_space": [100.0, 100.0, 50.0], "name": ["甲", "甲", "乙"]})
    before = parts.copy()
    additions = pd.DataFrame({"teaching_space": [10.0, 0.0]}, index=[0, 1])
    after = with_additions(parts, additions)
    assert after["teaching_space"].tolist() == [110.0, 110.0, 50.0]
    after.loc[0, "name"] = "改"
    pd.testing.assert_frame_equal(parts, before)


@st.composite
def county_blocks(draw):
    """Blocks of the schools county items name, as plan/county.py holds them."""
    blocks = []
    for _ in range(draw(st.integers(0, 3))):
        n = draw(st.integers(0, 6))
        texts = st.sampled_from([None, "", "甲小学", 'a"b', "c,d", "\\", float("nan")])
        blocks.append({
            "code": np.array(_list(draw, texts, n) + [None], dtype=object)[:n],
            "name": np.array(_list(draw, texts, n) + [None], dtype=object)[:n],
            "row": np.array(_list(draw, st.integers(2, 10**6), n), dtype=np.int64),
            "detail": np.array(_list(draw, texts, n) + [None], dtype=object)[:n],
            "amount": np.array(_list(draw, st.floats(allow_infinity=True), n), dtype="float64"),
            "unit": draw(st.sampled_from(["人", "间", ""])),
            "kind": draw(st.sampled_from([None, "新建", "培养"])),
            "cost_yuan": draw(st.one_of(
                st.none(), st.just(np.array(_list(draw, st.floats(-1e9, 1e9), n), dtype="float64"))
            )),
        })
    return blocks


@settings(max_examples=150, deadline=None)
@given(county_blocks(), st.integers(1, 4))
def test_county_items_schools_read_in_report_json_as_orjson_writes_their_records(blocks, chunk):
    table = CountySchools(blocks)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(chunked, "CHUNK", chunk)
        texts = list(table.encoded_chunks())
        records = list(table)
    assert b"[" + b",".join(texts) + b"]" == dumps(records)


def _running(values, total=0.0):
    for v in values:
        total = _round(total + v)
    return total


@pytest.mark.parametrize(
    "values",
    [
        [9.22337204e16, 8.64691128e16],  # past 2**63 cents: the integer sum would wrap
        [4.6e13, 0.01, -0.02],  # past what a double carries to the cent
        [1e300, -1e300, 5.0],
        [2.5, float("nan"), 1.0],
        [2.5, float("inf")],
    ],
)
def test_cent_sums_past_exact_cents_are_what_the_running_loop_gives(values):
    """Garbage counts make costs of 10^16 yuan and more: the sums are then taken as the loop takes them,
    never as wrapped 64-bit cents."""
    expected = _running(values)
    got = [add_cents(0.0, np.array(values)), float(cent_sum(np.array(values)))]
    got.append(float(cent_sum(np.array([values, [0.0] * len(values)]), axis=1)[0]))
    for g in got:
        assert g == expected or (np.isnan(g) and np.isnan(expected))
