"""Evaluate read input against a standard and assemble the report dict (the shape of report.json)."""


from collections import Counter

import numpy as np
import pandas as pd

from .. import __version__
from ..problems import ProblemCode, ProblemTable, Severity
from ..reading import InputData
from ..standard import Standard
from . import precision, special
from .cv import evaluate_cv, variance_shares
from .indicators import add_bands, apply_school_rule, evaluate_indicators
from .items import evaluate_items
from .levels import level_counts
from .parts import build_parts
from .school_table import SchoolParts
from .scope import EXCLUDED, NOT_EVALUABLE, classify
from .verdict import verdict


def evaluate(data: InputData, standard: Standard, costs=None, ledger=None, columnar: bool = False) -> dict:
    """The report dict. `costs`: a unit-cost file over the default one; `ledger`: the previous report
    workbook whose 整改清单 entries are carried over (both also through check_workbook)."""
    cases = special.enabled(standard, data.columns_present, data.problems, data.sheet_names["schools"])
    schools = classify(data.schools, data.errors, standard)
    special.report_not_applicable(schools, cases, standard, data.problems, data.sheet_names["schools"])
    lapse = special.lapse_notes(cases, _county(data)["year"], data.problems, data.sheet_names.get("county"))
    parts = build_parts(schools, standard)
    results = evaluate_indicators(parts, standard, cases)
    rule = apply_school_rule(parts, results, standard)
    add_bands(results, standard)
    for k, share in variance_shares(parts, results, standard).items():
        results[k]["cv_share"] = share
    report = {
        "tool": {"name": "balance-check", "version": __version__},
        "standard": {
            "id": standard.id,
            "title": standard.title,
            "source": standard.data["source"],
            "report_title": standard.data["report_title"],
        },
        "county": _county(data),
        "files": list(data.files),
        "passed": False,
        "reasons": [],
        "sections": {},
        "indicators": [
            {k: ind.get(k) for k in ("id", "name", "unit", "per", "thresholds", "clause", "shortfall")}
            for ind in standard.indicators
        ],
        "school_rule": standard.data.get("school_rule"),
        "schools": SchoolParts(parts, results, rule),
        "levels": level_counts(parts, rule, standard),
        "excluded": _listed(schools[schools["status"] == EXCLUDED], with_reason=True),
        "not_evaluable": _not_evaluable(schools[schools["status"] == NOT_EVALUABLE], data),
        "skipped": list(data.skipped),
        "cv": evaluate_cv(parts, results, standard),
        "items": evaluate_items(data, schools, standard, cases),
        "problems": ProblemTable(data.problems.items),
        "notes": list(standard.data.get("notes", []))
        + [special.note(c, int(special.applies(schools, c).sum())) for c in cases]
        + lapse,
        "counts": {
            "input_rows": len(schools) + len(data.skipped),
            "skipped": len(data.skipped),
            "evaluated_schools": int((schools["status"] == "evaluated").sum()),
            "school_parts": len(parts),
            "excluded": int((schools["status"] == EXCLUDED).sum()),
            "not_evaluable": int((schools["status"] == NOT_EVALUABLE).sum()),
            # one pass over the problems found so far (a province's sheet gives 100,000 of them)
            "errors": (severities := Counter(p.severity for p in data.problems.items))[Severity.ERROR],
            "warnings": severities[Severity.WARNING],
        },
    }
    report["near_misses"] = precision.near_misses(report, standard, parts, results)
    report["notes"].append(precision.reading_note(standard))
    report["passed"], report["reasons"], report["sections"] = verdict(report, standard)
    report["plan"] = _plan(report, data, schools, parts, results, rule, standard, cases, costs, ledger)
    if not columnar:  # a list of dicts; with `columnar` the same records held as columns (SchoolParts),
        report["schools"] = report["schools"].to_list()  # which the JSON writer streams
        report["plan"] = _plain_plan(report["plan"])  # the plan's tables likewise
        report["problems"] = report["problems"].to_list()
    return report


def _plan(report, data, schools, parts, results, rule, standard, cases, costs, ledger) -> dict:
    from ..plan import make_plan  # the planner reads evaluation results; imported late to keep layers
    from ..plan.costs import load_costs
    from ..plan.ledger import read_ledger

    table = load_costs(costs, data.county, standard)
    previous = read_ledger(ledger) if ledger is not None else None
    return make_plan(report, data, schools, parts, results, rule, standard, table, cases, previous)


def _plain_plan(plan: dict) -> dict:
    from ..plan import plain

    return plain(plan)


def _county(data: InputData) -> dict:
    name = (data.county.get("county_name") or {}).get("value")
    year = (data.county.get("eval_year") or {}).get("value")
    return {"name": name, "year": int(year) if year is not None else None}


def _json_records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python values, NaN as None (column-wise, no per-cell pandas access)."""
    cols = {}
    for c in frame.columns:
        col = frame[c]
        if col.dtype == bool or str(col.dtype) == "boolean":
            cols[c] = [None if v is pd.NA or v is None else bool(v) for v in col.astype(object)]
        elif pd.api.types.is_numeric_dtype(col):
            arr = col.to_numpy(dtype="float64", na_value=np.nan)
            cols[c] = [None if v != v or v in (np.inf, -np.inf) else float(v) for v in arr.tolist()]
        else:
            cols[c] = [
                None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v
                for v in col.tolist()
            ]
    names = list(cols)
    return [dict(zip(names, vals)) for vals in zip(*cols.values())] if names else []


def _listed(rows: pd.DataFrame, with_reason: bool) -> list[dict]:
    cols = ["name", "file", "row", "code", "type_label"] + (["reason_code", "reason"] if with_reason else [])
    out = []
    for r in _json_records(rows[cols]):
        entry = {
            "name": r["name"] or f"第{int(r['row'])}行",
            "file": r["file"],
            "row": int(r["row"]),
            "code": r["code"],
            "type": r["type_label"],
        }
        if with_reason:
            entry.update(reason_code=r["reason_code"], reason=r["reason"])
        out.append(entry)
    return out


def _not_evaluable(rows: pd.DataFrame, data: InputData) -> list[dict]:
    """Each not-evaluable school with its own cell problems and the missing columns it needed."""
    sheet, by_file = data.sheet_names["schools"], data.sheet_names.get("schools_by_file", {})
    errors = [
        p
        for p in data.problems.items
        if p.sheet == by_file.get(p.file, sheet) and p.severity == Severity.ERROR
    ]
    missing_columns = [
        p for p in errors if p.code in (ProblemCode.MISSING_COLUMN, ProblemCode.SPECIAL_CASE_MISSING_COLUMN)
    ]
    by_row: dict[tuple, list] = {}  # (file, row): several files make one county
    for p in errors:
        if p.row is not None and p not in missing_columns:
            by_row.setdefault((p.file, p.row), []).append(p)
    fields = data.errors.columns.to_numpy()
    flags = data.errors.loc[rows.index].to_numpy(dtype=bool)
    out = []
    for entry, bad in zip(_listed(rows, with_reason=False), flags):
        in_error = set(fields[bad])
        own_columns = [p for p in missing_columns if p.field in in_error and p.file == entry["file"]]
        problems = by_row.get((entry["file"], entry["row"]), []) + own_columns
        entry["problems"] = [p.to_dict() for p in problems]
        out.append(entry)
    return out
