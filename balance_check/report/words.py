"""The words and number formats every writer shares, so md, xlsx, docx and html say the same thing.

Labels of levels and sections are not here: the evaluator copies them from the standard file into the
report (`levels.*.label`, `sections.*.label`), and writers read them with level_label/section_label."""

from ..problems import Severity

STATUS = {"met": "达标", "not_met": "未达标", "missing": "未填报"}
# A part of the evaluation is "missing" when an item is unreported or a school could not be evaluated.
SECTION_STATUS = {"met": "达标", "not_met": "未达标", "missing": "不完整"}
PASSED = {True: "达标", False: "未达标"}
SEVERITY = {s.value: s.label for s in Severity}
COMPOSITE_CV = "综合差异系数"
# The item sections in the order the reports list them (resources and data are reported apart).
ITEM_SECTIONS = ("guarantee", "quality", "recognition", "veto", "prerequisite")


def level_label(report: dict, level: str) -> str:
    entry = report.get("levels", {}).get(level)
    return entry["label"] if entry else level


def section_label(report: dict, key: str) -> str:
    entry = report["sections"].get(key)
    return entry["label"] if entry else key


def number(v, digits: int = 2, unit: str = "") -> str:
    """1,234.56 (with its unit when given); — when undefined."""
    if v is None:
        return "—"
    return f"{v:,.{digits}f}" + (f" {unit}" if unit else "")


def cv_text(v) -> str:
    """A 差异系数 to four decimals, as the standard states its limits."""
    return "—" if v is None else f"{v:.4f}"


def percent(v, digits: int = 1) -> str:
    """A fraction as a percentage: 0.853 -> 85.3%."""
    return "—" if v is None else f"{v:.{digits}%}"


def threshold_text(v) -> str:
    """A standard as the file states it (3.5, not 3.50)."""
    return "—" if v is None else f"{v:g}"


def shortfall_text(ind: dict, entry: dict) -> str:
    """需增加 3 人 / 120.50 ㎡ / 15,000.00 元 / 2 间 — in the indicator's natural unit."""
    amount = entry.get("shortfall") or 0
    if amount <= 0:
        return ""
    return f"需增加 {number(amount, 0 if ind.get('shortfall') == 'whole' else 2, ind['unit'])}"


def total_text(amount: float, whole: bool) -> str:
    """A county total of shortfalls: whole units for teachers and rooms, 0.01 otherwise."""
    return number(amount, 0 if whole else 2)


def value_text(v) -> str | None:
    """A value as the user typed it: 32 for 32.0, text as it is; None stays None."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return None if v is None else str(v)


def cv_notes(report: dict) -> list[str]:
    """The caveats on the 差异系数 (a level with a single school part), once per level and note."""
    out = []
    for level, entries in report["cv"].items():
        for note in dict.fromkeys(e["note"] for e in entries.values() if e.get("note")):
            out.append(f"{level_label(report, level)}：{note}")
    return out
