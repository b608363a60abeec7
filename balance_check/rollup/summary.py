"""One county's line in the summary, read from its report dict (decided there; nothing re-judged)."""

from numbers import Number


def county_summary(report: dict, source: str) -> dict:
    items = report["items"]
    cv = {
        level: {key: {"cv": e["cv"], "met": e["met"]} for key, e in entries.items()}
        for level, entries in report["cv"].items()
    }
    return {
        "file": source,
        "county": report["county"].get("name"),
        "year": report["county"].get("year"),
        "standard": {"id": report["standard"]["id"], "title": report["standard"]["title"]},
        "passed": report["passed"],
        "sections": {key: s["status"] for key, s in report["sections"].items()},
        "cv": cv,
        "school_parts": len(report["schools"]),
        "failing_parts": sum(not s["passed"] for s in report["schools"]),
        "not_evaluable": len(report["not_evaluable"]),
        "failing_cv": sum(e["met"] is False for entries in cv.values() for e in entries.values()),
        "failing_items": sum(i["status"] != "met" for i in items),
        "plan_cost_yuan": plan_cost(report),
        "reasons": list(report["reasons"]),
        "report_dir": None,
    }


def plan_cost(report: dict) -> float | None:
    """The planner's estimated money in 元: the sum of report['plan']['totals']['by_kind'] (元 per kind of
    addition: 新建, 配备, 招聘, 培养 — one unit, so the sum means something). None when the report has no
    plan (the planner did not run, or a report from before it existed)."""
    plan = report.get("plan")
    totals = plan.get("totals") if isinstance(plan, dict) else None
    by_kind = totals.get("by_kind") if isinstance(totals, dict) else None
    if not isinstance(by_kind, dict):
        return None
    money = [v for v in by_kind.values() if isinstance(v, Number) and not isinstance(v, bool)]
    return float(sum(money)) if len(money) == len(by_kind) else None
