"""Evaluate read input against a standard and assemble the report dict (the shape of report.json)."""
import math

import pandas as pd

from .. import __version__
from ..reading import InputData
from ..standard import Standard
from . import special
from .cv import evaluate_cv, variance_shares
from .indicators import apply_school_rule, evaluate_indicators
from .items import evaluate_items
from .parts import build_parts
from .scope import EXCLUDED, NOT_EVALUABLE, classify
from .verdict import verdict


def _num(v):
    """JSON-safe number: NaN/inf -> None, numpy -> Python, whole floats of counts stay floats."""
    if v is None or isinstance(v, bool):
        return v
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v
    return None if math.isnan(f) or math.isinf(f) else f


def evaluate(data: InputData, standard: Standard) -> dict:
    cases = special.enabled(standard, data.columns_present, data.problems, data.sheet_names["schools"])
    schools = classify(data.schools, data.errors, standard)
    parts = build_parts(schools, standard)
    results = evaluate_indicators(parts, standard, cases)
    rule = apply_school_rule(parts, results, standard)
    for k, share in variance_shares(parts, results, standard).items():
        results[k]["cv_share"] = share
    report = {
        "tool": {"name": "balance-check", "version": __version__},
        "standard": {"id": standard.id, "title": standard.title, "source": standard.data["source"]},
        "county": _county(data),
        "passed": False, "reasons": [], "sections": {},
        "indicators": [{k: ind.get(k) for k in ("id", "name", "unit", "per", "thresholds", "clause", "shortfall")}
                       for ind in standard.indicators],
        "school_rule": standard.data.get("school_rule"),
        "schools": _school_parts(parts, results, rule, standard),
        "excluded": _listed(schools[schools["status"] == EXCLUDED], with_reason=True),
        "not_evaluable": _not_evaluable(schools[schools["status"] == NOT_EVALUABLE], data),
        "cv": evaluate_cv(parts, results, standard),
        "items": evaluate_items(data, schools, standard, cases),
        "problems": data.problems.to_list(),
        "notes": list(standard.data.get("notes", []))
        + [special.note(c, int(special.applies(schools, c).sum())) for c in cases],
        "counts": {"input_rows": len(schools), "evaluated_schools": int((schools["status"] == "evaluated").sum()),
                   "school_parts": len(parts), "excluded": int((schools["status"] == EXCLUDED).sum()),
                   "not_evaluable": int((schools["status"] == NOT_EVALUABLE).sum()),
                   "errors": sum(p.severity == "error" for p in data.problems.items),
                   "warnings": sum(p.severity == "warning" for p in data.problems.items)},
    }
    report["passed"], report["reasons"], report["sections"] = verdict(report, standard)
    return report


def _county(data: InputData) -> dict:
    name = (data.county.get("county_name") or {}).get("value")
    year = (data.county.get("eval_year") or {}).get("value")
    return {"name": name, "year": int(year) if year is not None else None}


def _school_parts(parts: pd.DataFrame, results: dict, rule: pd.DataFrame, standard: Standard) -> list[dict]:
    out = []
    cols = ("value", "threshold", "met", "ratio", "shortfall", "raw", "cv_share")
    records = {k: r.to_dict("index") for k, r in results.items()}
    for i, p in parts.iterrows():
        indicators = {}
        for k in records:
            r = records[k][i]
            indicators[k] = {c: (None if pd.isna(r[c]) else bool(r[c])) if c == "met" else _num(r[c]) for c in cols}
        out.append({"code": p["code"], "name": p["name"], "type": p["type_label"], "level": p["level"],
                    "row": int(p["row"]), "students": int(p["students"]), "share": _num(p["share"]),
                    "ownership": p.get("ownership"), "area": p.get("area"),
                    "indicators": indicators, "met_count": int(rule.at[i, "met_count"]),
                    "passed": bool(rule.at[i, "passed"]), "unmet": list(rule.at[i, "unmet"])})
    return out


def _listed(rows: pd.DataFrame, with_reason: bool) -> list[dict]:
    out = []
    for _, r in rows.iterrows():
        entry = {"name": r["name"] or f"第{r['row']}行", "row": int(r["row"]), "code": r["code"], "type": r["type_label"]}
        if with_reason:
            entry.update(reason_code=r["reason_code"], reason=r["reason"])
        out.append(entry)
    return out


def _not_evaluable(rows: pd.DataFrame, data: InputData) -> list[dict]:
    sheet = data.sheet_names["schools"]
    by_row: dict[int, list] = {}
    sheet_level = [p for p in data.problems.items if p.sheet == sheet and p.code == "missing_column" and p.severity == "error"]
    for p in data.problems.items:
        if p.sheet == sheet and p.severity == "error" and p.row is not None:
            by_row.setdefault(p.row, []).append(p)
    out = []
    for entry, (_, r) in zip(_listed(rows, with_reason=False), rows.iterrows()):
        fields_in_error = {f for f, bad in data.errors.loc[r.name].items() if bad}
        problems = [p for p in by_row.get(entry["row"], [])] + [p for p in sheet_level if p.field in fields_in_error]
        entry["problems"] = [p.to_dict() for p in problems]
        out.append(entry)
    return out
