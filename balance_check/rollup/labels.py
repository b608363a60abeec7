"""Words for the summary's cells, shared by its writers."""

from ..report.words import SECTION_STATUS

STATUS = {**SECTION_STATUS, None: "—"}
STATUS_FMT = {"met": "met_text", "not_met": "low_text", "missing": "near_text"}


def verdict(row: dict) -> str:
    return "达到" if row["passed"] else "未达到"


def county_name(row: dict) -> str:
    return row["county"] or row["file"]


def wan_yuan(yuan: float | None) -> float | None:
    """元 → 万元, as county budgets are written."""
    return None if yuan is None else yuan / 10_000
