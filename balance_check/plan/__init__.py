"""The plan to pass: per school the cheapest additions that make it pass, the 差异系数 what-if on top of
it, what each failing county item needs, costed with the unit-cost file and laid out as a 整改台账.

The result is report["plan"]; writers only read it."""

from collections import defaultdict

from ..evaluate.scope import EVALUATED
from ..standard import Standard
from . import ledger as ledger_mod
from .actions import KINDS, indicator_actions
from .costs import Costs
from .county import county_measures
from .cv_whatif import plan_cv
from .schools import charge_field, plan_school_additions, targets
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
    additions, measures, infeasible = plan_school_additions(
        parts, results, rule, standard, actions, costs, cases
    )
    tgt = targets(parts, results, standard, additions, cases)
    cv_add, cv_entries = plan_cv(parts, standard, actions, additions, report["cv"], cases)
    units = _units(standard, actions)
    kinds = _kinds(actions)
    levels = {lv: standard.level_label(lv) for lv in standard.data["levels"]}

    entries = _school_entries(
        schools, parts, tgt, additions, measures, infeasible, standard, costs, units, kinds, levels
    )
    cv_out = _cv_entries(cv_entries, schools, standard, costs, units, levels)
    county = county_measures(report["items"], data, schools, standard, costs, cases)
    totals = _totals(entries, cv_out, county, standard)
    used = {a.cost_id for e in (measures.values()) for (_, _, a, _) in e}
    used |= {e["action"].cost_id for e in cv_entries if e["action"] is not None}
    if any(c["cost_yuan"] for c in county):
        used.add("special_room_area")
    present = {ledger_mod.school_id(c, n) for c, n in zip(schools["code"], schools["name"])}
    rows = _ledger_rows(entries, cv_out, county, report, standard, levels)
    return {
        "schools": entries,
        "cv": cv_out,
        "county": county,
        "unit_costs": costs.used(used),
        "teacher_years": costs.teacher_years,
        "totals": totals,
        "ledger": ledger_mod.carry_over(
            rows, previous_ledger, present, ledger_mod.met_test(report) if previous_ledger else None
        ),
        "note": ESTIMATE_NOTE,
    }


def _units(standard, actions) -> dict:
    out = {}
    for acts in actions.values():
        for a in acts.values():
            out[a.field] = a.unit
            for f in a.also:
                out.setdefault(f, "人")
    return out


def _kinds(actions) -> dict:
    out = {}
    for acts in actions.values():
        for a in acts.values():
            for f in (a.field, *a.also):
                out.setdefault(f, a.kind)
    return out


def _round(v: float) -> float:
    return float(round(v + 0.0, 2))


def _school_entries(
    schools, parts, tgt, additions, measures, infeasible, standard, costs, units, kinds, levels
):
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
                    "measure": measure_text(standard, act, levels.get(level)),
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


def _cv_entries(cv_entries, schools, standard, costs, units, levels):
    out = []
    names = {i["id"]: i["name"] for i in standard.indicators}
    for e in cv_entries:
        act = e["action"]
        listed = []
        totals = {}
        for si, amount in sorted(e["amounts"].items(), key=lambda t: int(schools.at[t[0], "row"])):
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


def _totals(entries, cv_out, county, standard) -> dict:
    """Amounts per input key (never across keys) and money per kind of measure."""
    by_key: dict = {}
    by_kind = {k: 0.0 for k in KINDS}
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

    for e in entries:
        take(e["additions"])
    for c in cv_out:
        for s in c["schools"]:
            take(s["additions"])
    for c in county:
        for s in c["schools"]:
            if s["kind"] and s["cost_yuan"]:
                by_kind[s["kind"]] = _round(by_kind[s["kind"]] + s["cost_yuan"])
    return {"by_key": by_key, "by_kind": by_kind}


def _wan(yuan) -> float | None:
    return None if yuan is None else round(yuan / 10000, 2)


def _ledger_rows(entries, cv_out, county, report, standard, levels) -> list[dict]:
    parts = {(s["row"], s["level"]): s for s in report["schools"]}
    inds = {i["id"]: i for i in report["indicators"]}
    rows = []

    def row(key, school, problem, measure, need, cost):
        rows.append(
            {
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
        )

    for e in entries:
        who = ledger_mod.school_id(e["code"], e["name"])
        for m in e["measures"]:
            ind = inds[m["indicator"]]
            wanted = levels if m["level"] is None else [m["level"]]
            shown = [lv for lv in wanted if (e["row"], lv) in parts]
            problem = "；".join(_problem(levels[lv], ind, parts[(e["row"], lv)]) for lv in shown)
            key = f"{who}|{m['level'] or '全校'}|{m['indicator']}"
            row(key, e["name"], problem, m["measure"], f"{num(m['amount'])} {m['unit']}", m["cost_yuan"])
    for c in cv_out:
        for s in c["schools"]:
            who = ledger_mod.school_id(s["code"], s["name"])
            a = next(iter(s["additions"].values()))
            cv = "—" if c["cv_after_school_plan"] is None else f"{c['cv_after_school_plan']:.4f}"
            problem = f"{levels[c['level']]}{c['name']}差异系数 {cv}，高于 {c['threshold']}；本校低于全县均值"
            cost = sum(x["cost_yuan"] for x in s["additions"].values())
            row(
                f"{who}|{c['level']}|cv:{c['indicator']}",
                s["name"],
                problem,
                c["measure"],
                f"{num(a['amount'])} {a['unit']}",
                cost,
            )
    for c in county:
        if c["schools"]:
            for s in c["schools"]:
                who = ledger_mod.school_id(s["code"], s["name"])
                need = f"{num(s['amount'])} {s['unit']}" if s["amount"] is not None else None
                row(f"{who}|{c['item']}", s["name"], c["title"], s["detail"], need, s["cost_yuan"])
        elif c["measures"]:
            row(
                f"{ledger_mod.COUNTY}|{c['item']}",
                ledger_mod.COUNTY,
                c["title"],
                "；".join(c["measures"]),
                None,
                None,
            )
    return rows


def _problem(level_label: str, ind: dict, part: dict) -> str:
    e = part["indicators"][ind["id"]]
    return (
        f"{level_label}{ind['name']} {num(round(e['value'], 2))} {ind['unit']}（标准 {num(e['threshold'])}）"
    )
