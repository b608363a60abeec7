"""The summary of many counties: the dict written as rollup.json. Order and labels are decided here."""

from .. import __version__

SECTION_LABEL = {
    "resources": "资源配置",
    "guarantee": "政府保障程度",
    "quality": "教育质量",
    "recognition": "社会认可度",
    "veto": "否决项",
    "prerequisite": "前提条件",
    "data": "数据完整性",
}
LEVEL_LABEL = {"primary": "小学", "junior": "初中"}


def order_key(row: dict):
    """Failing counties first; in each group the most failing school parts and county items first."""
    return (row["passed"], -(row["failing_parts"] + row["failing_items"]), row["county"] or "", row["file"])


def assemble(outcomes: list[dict], indicators: dict[str, str]) -> dict:
    counties = sorted((o["summary"] for o in outcomes if "summary" in o), key=order_key)
    unusable = [o["unusable"] for o in outcomes if "unusable" in o]
    standards = {}
    for c in counties:
        standards.setdefault(c["standard"]["id"], c["standard"])
    sections = [k for k in SECTION_LABEL if any(k in c["sections"] for c in counties)]
    levels = [lvl for lvl in LEVEL_LABEL if any(lvl in c["cv"] for c in counties)]
    indicators = {**indicators, "composite": "综合差异系数"}  # the single CV of basic-2012
    used = [k for k in indicators if any(k in e for c in counties for e in c["cv"].values())]
    return {
        "tool": {"name": "balance-check", "version": __version__},
        "counts": {
            "files": len(outcomes),
            "checked": len(counties),
            "passed": sum(c["passed"] for c in counties),
            "failed": sum(not c["passed"] for c in counties),
            "unusable": len(unusable),
        },
        "standards": list(standards.values()),
        "sections": {k: SECTION_LABEL[k] for k in sections},
        "levels": {lvl: LEVEL_LABEL[lvl] for lvl in levels},
        "indicators": {k: indicators[k] for k in used},
        "has_plan": any(c["plan_cost_yuan"] is not None for c in counties),
        "counties": counties,
        "unusable": unusable,
        "write_errors": [o["write_error"] for o in outcomes if "write_error" in o],
    }
