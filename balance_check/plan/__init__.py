"""The plan to pass: per school the cheapest additions that make it pass, the 差异系数 what-if on top of
it, what each failing county item needs, costed with the unit-cost file and laid out as a 整改台账.

The result is report["plan"]; writers only read it."""

import numpy as np

from ..standard import Standard
from . import ledger as ledger_mod
from .actions import indicator_actions
from .apply import numerators_after
from .arrays import at_level, school_columns
from .costs import Costs
from .county import county_measures
from .cv_whatif import plan_cv
from .entries import school_table
from .ledger_table import PlanLedger
from .rounding import add_cents
from .schools import charge_field, plan_school_additions, targets
from .table import CountySchools, Rows
from .words import measure_text, num, thing

ESTIMATE_NOTE = "费用均为估算：单价取自单个项目或市场价格（出处见单价表），未注明出处的为待核实（估算）。"


def make_plan(
    report,
    data,
    schools,
    parts,
    results,
    rule,
    standard: Standard,
    costs: Costs,
    cases=(),
    previous_ledger=None,
) -> dict:
    actions = indicator_actions(standard)
    additions, amounts, infeasible = plan_school_additions(
        parts, results, rule, standard, actions, costs, schools.index
    )
    after = numerators_after(parts, additions, standard, cases)  # read by the targets and the CV table
    tgt = targets(parts, results, standard, after)
    cv_add, cv_entries = plan_cv(parts, standard, actions, additions, report["cv"], cases, after)
    units = _units(standard, actions)
    levels = {lv: standard.level_label(lv) for lv in standard.data["levels"]}

    base = school_columns(schools)  # code, name, row: for the table and the county items' schools
    table, from_schools = school_table(
        schools, parts, tgt, amounts, infeasible, standard, costs, actions, units, levels, base
    )
    cv_out = _cv_entries(cv_entries, schools, standard, costs, units, levels)
    county = county_measures(report["items"], data, schools, standard, costs, cases, base)
    totals = _totals(from_schools, cv_out, county, standard)
    used = {table._slots[k].cost_id for k in np.flatnonzero((amounts > 0).any(axis=0)).tolist()}
    used |= {e["action"].cost_id for e in cv_entries if e["action"] is not None}
    if any(c["cost_yuan"] for c in county):
        used.add("special_room_area")
    ledger = PlanLedger(
        table,
        _problem_parts(schools, parts, levels),
        levels,
        {i["id"]: i for i in report["indicators"]},
        {k: r["value"].to_numpy(dtype="float64") for k, r in results.items()},
        {k: r["threshold"].to_numpy(dtype="float64") for k, r in results.items()},
        _ledger_tail(cv_out, county, levels),
    )
    if previous_ledger:  # a county re-run: its own columns are carried over row by row
        present = {ledger_mod.school_id(c, n) for c, n in zip(schools["code"], schools["name"])}
        ledger = ledger_mod.carry_over(list(ledger), previous_ledger, present, ledger_mod.met_test(report))
    return {
        "schools": table,
        "cv": cv_out,
        "county": county,
        "unit_costs": costs.used(used),
        "teacher_years": costs.teacher_years,
        "totals": totals,
        "ledger": ledger,
        "note": ESTIMATE_NOTE,
    }


def plain(plan: dict) -> dict:
    """The plan with its tables listed (a county's report is plain lists of dicts)."""
    county = [{**c, "schools": list(c["schools"])} for c in plan["county"]]
    return {**plan, "schools": list(plan["schools"]), "county": county, "ledger": list(plan["ledger"])}


def _units(standard, actions) -> dict:
    out = {}
    for acts in actions.values():
        for a in acts.values():
            out[a.field] = a.unit
            for f in a.also:
                out.setdefault(f, "人")
    return out


def _round(v: float) -> float:
    return float(round(v + 0.0, 2))


def _cv_entries(cv_entries, schools, standard, costs, units, levels):
    out = []
    names = {i["id"]: i["name"] for i in standard.indicators}
    for e in cv_entries:
        act = e["action"]
        listed = []
        totals = {}
        # in input order (file after file, row after row), not by row alone: several files may each
        # hold their school in row 2
        ids = list(e["amounts"])
        order = np.argsort(schools.index.get_indexer(ids), kind="stable").tolist()
        for si, amount in ((ids[j], e["amounts"][ids[j]]) for j in order):
            cost = _round(amount * costs.per_unit(act.cost_id))
            adds = {}
            for f in (act.field, *act.also):
                adds[f] = {
                    "amount": _round(amount),
                    "unit": units.get(f, ""),
                    "kind": act.kind,
                    "cost_yuan": cost if f == charge_field(act) else 0.0,
                }
                t = totals.setdefault(
                    f, {"amount": 0.0, "unit": units.get(f, ""), "kind": act.kind, "cost_yuan": 0.0}
                )
                t["amount"] = _round(t["amount"] + amount)
                t["cost_yuan"] = _round(t["cost_yuan"] + adds[f]["cost_yuan"])
            listed.append(
                {
                    "code": schools.at[si, "code"],
                    "name": schools.at[si, "name"] or f"第{int(schools.at[si, 'row'])}行",
                    "row": int(schools.at[si, "row"]),
                    "additions": adds,
                }
            )
        out.append(
            {
                "level": e["level"],
                "indicator": e["indicator"],
                "name": names[e["indicator"]],
                "threshold": e["threshold"],
                "cv_before": e["cv_before"],
                "cv_after_school_plan": e["cv_after_school_plan"],
                "cv_after": e["cv_after"],
                "met_after": e["met_after"],
                "measure": measure_text(standard, act, levels.get(e["level"])) if act else None,
                "schools": listed,
                "totals": totals,
            }
        )
    return out


def _totals(from_schools, cv_out, county, standard) -> dict:
    """Amounts per input key (never across keys) and money per kind of measure: the schools' totals
    (column sums), then the CV what-ifs' schools and the county items' schools one by one."""
    by_key, by_kind = from_schools
    labels = {f: thing(standard, f) for f in standard.fields}

    def take(adds):
        for f, a in adds.items():
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

    for c in cv_out:
        for s in c["schools"]:
            take(s["additions"])
    for c in county:
        if not isinstance(c["schools"], CountySchools):
            continue  # an item whose data are missing names no school
        for kind, money in c["schools"].money():
            by_kind[kind] = add_cents(by_kind[kind], money[money != 0])  # a zero cost adds nothing
    return {"by_key": by_key, "by_kind": by_kind}


def _wan(yuan) -> float | None:
    return None if yuan is None else round(yuan / 10000, 2)


def _row(key, school, problem, measure, need, cost) -> dict:
    return {
        "key": key,
        "school": school,
        "problem": problem,
        "measure": measure,
        "need": need,
        "money_wan": _wan(cost),
        "responsible": None,
        "deadline": None,
        "status": ledger_mod.OPEN,
        "note": None,
    }


def _ledger_tail(cv_out, county, levels) -> Rows:
    """The ledger rows after the schools' own measures: the CV what-ifs' schools, the county items
    (made when read: a national county item lists a hundred thousand schools, already in plan.county)."""
    blocks = []
    for c in cv_out:
        cv = "—" if c["cv_after_school_plan"] is None else f"{c['cv_after_school_plan']:.4f}"
        problem = f"{levels[c['level']]}{c['name']}差异系数 {cv}，高于 {c['threshold']}；本校低于全县均值"

        def cv_row(s, c=c, problem=problem):
            who = ledger_mod.school_id(s["code"], s["name"])
            a = next(iter(s["additions"].values()))
            cost = sum(x["cost_yuan"] for x in s["additions"].values())
            key = f"{who}|{c['level']}|cv:{c['indicator']}"
            return _row(key, s["name"], problem, c["measure"], f"{num(a['amount'])} {a['unit']}", cost)

        blocks.append((c["schools"], cv_row))
    for c in county:
        if c["schools"]:

            def school_row(s, c=c):
                who = ledger_mod.school_id(s["code"], s["name"])
                need = f"{num(s['amount'])} {s['unit']}" if s["amount"] is not None else None
                return _row(f"{who}|{c['item']}", s["name"], c["title"], s["detail"], need, s["cost_yuan"])

            blocks.append((c["schools"], school_row))
        elif c["measures"]:
            row = _row(
                f"{ledger_mod.COUNTY}|{c['item']}", ledger_mod.COUNTY, c["title"], "；".join(c["measures"]),
                None, None,
            )
            blocks.append(([row], dict))
    return Rows(blocks)


def _problem_parts(schools, parts, levels) -> np.ndarray:
    """School position × level (in `levels` order) -> the school's own part at that level, the one the
    ledger quotes for its problem; -1 for none. Found by the part's school, never by its input row: when
    several files make one county, every school may be row 2 of its own file."""
    owner = schools.index.get_indexer(parts["school_index"])
    out = np.full((len(schools), len(levels)), -1, dtype=np.int32)
    for li, lv in enumerate(levels):
        at = np.flatnonzero(at_level(parts, lv) & (owner >= 0))
        out[owner[at], li] = at
    return out
