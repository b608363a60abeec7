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
    """The planner's estimated money in 元 (report['plan'], when the planner exists): the sum of its
    money per kind (新建, 配备, 招聘, 培养 — all in 元, so adding them is meaningful). None without a plan."""
    plan = report.get("plan")
    if not isinstance(plan, dict):
        return None
    totals = plan.get("totals") if isinstance(plan.get("totals"), dict) else plan
    for key, value in totals.items():
        if "kind" in key and isinstance(value, dict):
            money = [_yuan(v) for v in value.values()]
            if money and all(m is not None for m in money):
                return float(sum(money))
    return None


def _yuan(v) -> float | None:
    if isinstance(v, Number) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, dict):
        return _yuan(v.get("cost_yuan", v.get("yuan")))
    return None
