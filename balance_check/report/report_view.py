"""What the writers read from the report dict beyond its plain records: per-level totals, section
labels, colour bands. Each is read from the report when the evaluator put it there, so every writer
shows the same label and count."""

from .markdown import LEVEL, SECTION_LABEL
from .xlsx_book import band as _band

OTHER_SECTIONS = {"resources": "资源配置", "data": "数据完整性"}


def levels(report: dict) -> dict[str, dict]:
    """{level: {key, label, school_parts, passed, failed, students}} in the standard's order."""
    given = report.get("levels")
    if given:
        return {k: {"key": k, **v} for k, v in given.items()}
    out = {}
    for level, label in LEVEL.items():
        parts = [s for s in report["schools"] if s["level"] == level]
        passed = sum(s["passed"] for s in parts)
        out[level] = {
            "key": level,
            "label": label,
            "school_parts": len(parts),
            "passed": passed,
            "failed": len(parts) - passed,
            "students": sum(s["students"] for s in parts),
        }
    return out


def section_label(report: dict, section: str) -> str:
    entry = report["sections"].get(section)
    if entry and entry.get("label"):
        return entry["label"]
    return SECTION_LABEL.get(section) or OTHER_SECTIONS[section]


def band(report: dict, entry: dict) -> str | None:
    """met / near / low for an indicator entry of a school part."""
    return _band(entry, (report.get("school_rule") or {}).get("floor_ratio"))


def indicator_name(report: dict, key: str) -> str:
    return next((i["name"] for i in report["indicators"] if i["id"] == key), "综合差异系数")


def cv_range(report: dict, level: str, entries: dict) -> dict | None:
    """The lowest and highest CV of a level, its limit and the indicators over it, for one sentence."""
    values = [e["cv"] for e in entries.values() if e["cv"] is not None]
    if not values:
        return None
    limits = {e["threshold"] for e in entries.values() if e["threshold"] is not None}
    return {
        "count": len(entries),
        "low": min(values),
        "high": max(values),
        "limit": "、".join(f"{t:g}" for t in sorted(limits)) or "—",
        "over": [(indicator_name(report, k), e) for k, e in entries.items() if e["met"] is False],
    }
