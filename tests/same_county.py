"""What must be equal when the same county comes as one workbook or as many files: the verdicts, every
school's values, the CVs and the items. Where a record sits (file, row) and the list of files may differ."""


def _no_place(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in ("file", "row")}


def county_result(report: dict) -> dict:
    return {
        "passed": report["passed"],
        "reasons": report["reasons"],
        "sections": report["sections"],
        "schools": sorted((_no_place(s) for s in report["schools"]), key=lambda s: (s["name"], s["level"])),
        "excluded": sorted((_no_place(e) for e in report["excluded"]), key=lambda e: e["name"]),
        "not_evaluable": sorted(e["name"] for e in report["not_evaluable"]),
        "cv": report["cv"],
        "items": [
            {**i, "failing_schools": [_no_place(s) for s in i["failing_schools"]]} for i in report["items"]
        ],
        "evaluated": report["counts"]["evaluated_schools"],
        "parts": report["counts"]["school_parts"],
    }


def county_plan(report: dict) -> dict:
    """The plan, record by record, without where each school sits: what is added where, its cost, the
    measures' texts and the 整改台账's rows (their problem texts quote each school's own values)."""
    plan = report["plan"]
    return {
        "schools": sorted((_no_place(s) for s in plan["schools"]), key=lambda s: (s["name"], s["code"])),
        "cv": [{**e, "schools": [_no_place(s) for s in e["schools"]]} for e in plan["cv"]],
        "county": [{**c, "schools": [_no_place(s) for s in c["schools"]]} for c in plan["county"]],
        "totals": plan["totals"],
        "ledger": [_no_place(r) for r in plan["ledger"]],
    }
