"""A year's result for comparison: a county workbook checked now, or a report.json written earlier."""

import json
from pathlib import Path

from ..api import check_workbook
from ..errors import InputUnusable
from ..standard import Standard, load_standard

# What a report.json must hold for a comparison (older reports may lack keys added since).
NEEDED_KEYS = ("standard", "county", "passed", "sections", "indicators", "schools", "cv", "items")


def is_report_json(path: Path) -> bool:
    return Path(path).suffix.lower() == ".json"


def read_report_json(path: Path) -> dict:
    """A report.json as the library wrote it; anything else is unusable input (exit 2)."""
    try:
        report = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise InputUnusable(f"找不到文件：{path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputUnusable(f"{Path(path).name} 不是可读取的 report.json：{e}") from None
    missing = [k for k in NEEDED_KEYS if not isinstance(report, dict) or k not in report]
    if missing:
        raise InputUnusable(
            f"{Path(path).name} 不是 balance-check 生成的 report.json（缺少 {'、'.join(missing)}）"
        )
    return report


def standard_of(paths: list[Path], ref: str | Path | Standard | None) -> Standard:
    """The standard to check workbooks with: the one asked for, else the one a given report.json used
    (so that a workbook is checked as last year's report was), else the national standard."""
    if isinstance(ref, Standard):
        return ref
    if ref is not None:
        return load_standard(ref)
    for p in paths:
        if is_report_json(p):
            return load_standard(read_report_json(p)["standard"]["id"])
    return load_standard("national-2017")


def load_result(path: Path, standard: Standard) -> dict:
    """The report dict of one year."""
    return read_report_json(path) if is_report_json(path) else check_workbook(path, standard)


def rules_of(report: dict) -> dict:
    """What makes two results comparable: the standard's id and every threshold the verdicts used."""
    return {
        "id": report["standard"]["id"],
        "indicators": {i["id"]: (i.get("per"), i.get("thresholds")) for i in report["indicators"]},
        "school_rule": report.get("school_rule"),
        "cv": {lvl: {k: e.get("threshold") for k, e in es.items()} for lvl, es in report["cv"].items()},
    }


def same_standard(before: dict, after: dict) -> None:
    """Raises InputUnusable when the two years were checked under different standards."""
    a, b = rules_of(before), rules_of(after)
    if a["id"] != b["id"]:
        raise InputUnusable(
            f"两次核验依据的标准不同（上年 {a['id']}，本年 {b['id']}），无法比较；"
            "请用同一标准重新核验（--standard）"
        )
    cv_a = {lvl: es for lvl, es in a["cv"].items() if lvl in b["cv"]}
    cv_b = {lvl: es for lvl, es in b["cv"].items() if lvl in a["cv"]}
    if a["indicators"] != b["indicators"] or a["school_rule"] != b["school_rule"] or cv_a != cv_b:
        raise InputUnusable(
            f"两次核验都标为 {a['id']}，但指标标准值或达标规则不同（标准文件已修改），无法比较；"
            "请用同一标准文件重新核验"
        )
