"""Summaries the 自评报告's prose needs beyond the report's own records: an indicator's name by key and
the range of a level's CVs for one sentence (the values and verdicts themselves come from the report)."""

from .words import COMPOSITE_CV, threshold_text


def indicator_name(report: dict, key: str) -> str:
    return next((i["name"] for i in report["indicators"] if i["id"] == key), COMPOSITE_CV)


def cv_range(report: dict, entries: dict) -> dict | None:
    """The lowest and highest CV of a level, its limit and the indicators over it."""
    values = [e["cv"] for e in entries.values() if e["cv"] is not None]
    if not values:
        return None
    limits = sorted({e["threshold"] for e in entries.values() if e["threshold"] is not None})
    return {
        "count": len(entries),
        "low": min(values),
        "high": max(values),
        "limit": "、".join(threshold_text(t) for t in limits) or "—",
        "over": [indicator_name(report, k) for k, e in entries.items() if e["met"] is False],
    }
