"""The summary of many counties: the dict written as rollup.json. Order and labels are decided here."""

from .. import __version__
from ..report.words import COMPOSITE_CV


def order_key(row: dict):
    """Failing counties first; in each group the most failing school parts and county items first."""
    return (row["passed"], -(row["failing_parts"] + row["failing_items"]), row["county"] or "", row["file"])


def assemble(outcomes: list[dict], indicators: dict[str, str]) -> dict:
    counties = sorted((o["summary"] for o in outcomes if "summary" in o), key=order_key)
    unusable = [o["unusable"] for o in outcomes if "unusable" in o]
    standards = {}
    for c in counties:
        standards.setdefault(c["standard"]["id"], c["standard"])
    sections, levels = {}, {}  # labels as the counties' standard files name them, in their order
    for o in outcomes:
        for key, label in o.get("labels", {}).get("sections", {}).items():
            sections.setdefault(key, label)
        for key, label in o.get("labels", {}).get("levels", {}).items():
            levels.setdefault(key, label)
    levels = {k: v for k, v in levels.items() if any(k in c["cv"] for c in counties)}
    indicators = {**indicators, "composite": COMPOSITE_CV}  # the single CV of basic-2012
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
        "sections": sections,
        "levels": levels,
        "indicators": {k: indicators[k] for k in used},
        "has_plan": any(c["plan_cost_yuan"] is not None for c in counties),
        "counties": counties,
        "unusable": unusable,
        "write_errors": [o["write_error"] for o in outcomes if "write_error" in o],
    }
