"""rollup.xlsx: one row per county file — verdict, sections, failing parts and items, every CV, the plan's
estimated cost when the planner ran; files that could not be checked at the bottom with their message."""

import math
from pathlib import Path

from ..report.atomic import atomic_write
from ..report.xlsx_book import LOW_FILL, Sheet, open_book
from .labels import STATUS, STATUS_FMT, county_name, verdict, wan_yuan

REASON_WIDTH = 60


def write_xlsx(result: dict, path) -> Path:
    return atomic_write(Path(path), lambda tmp: _write(result, tmp))


def _write(result: dict, path) -> None:
    wb, fmt = open_book(path)
    fmt["low_cv"] = wb.add_format(
        {
            "font_name": "宋体",
            "font_size": 10,
            "valign": "vcenter",
            "num_format": "0.0000",
            "bg_color": LOW_FILL,
        }
    )
    fmt["year"] = wb.add_format(
        {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "num_format": "0"}
    )
    _summary(wb, fmt, result)
    _cv(wb, fmt, result)
    wb.close()


def _summary(wb, fmt, result: dict) -> None:
    cols = [("序号", 5), ("县（市、区）", 12), ("文件", 16), ("年度", 6), ("标准", 13), ("总体结论", 8)]
    cols += [(label, 8) for label in result["sections"].values()]
    cols += [
        ("未达标学校（学段）", 9),
        ("参评学校（学段）", 9),
        ("无法评估学校", 8),
        ("差异系数超标项", 8),
        ("未达标或未填报的县域项目", 10),
    ]
    if result["has_plan"]:
        cols.append(("整改估算资金（万元，估算）", 12))
    cols.append(("主要原因", REASON_WIDTH))
    c = result["counts"]
    title = (
        f"县域义务教育优质均衡发展汇总：{c['files']} 个文件，核验 {c['checked']} 个县，"
        f"达到 {c['passed']} 个，未达到 {c['failed']} 个，无法核验 {c['unusable']} 个"
    )
    sh = Sheet(wb, fmt, "汇总", cols, title=title)
    n = 0
    for n, row in enumerate(result["counties"], 1):
        values = [n, county_name(row), row["file"], row["year"], row["standard"]["id"], verdict(row)]
        formats = [None, None, None, "year", None, "met_text" if row["passed"] else "low_text"]
        for key in result["sections"]:
            status = row["sections"].get(key)
            values.append(STATUS[status])
            formats.append(STATUS_FMT.get(status))
        values += [
            row["failing_parts"],
            row["school_parts"],
            row["not_evaluable"],
            row["failing_cv"],
            row["failing_items"],
        ]
        formats += [
            "low_text" if row["failing_parts"] else None,
            None,
            None,
            "low_text" if row["failing_cv"] else None,
            "low_text" if row["failing_items"] else None,
        ]
        if result["has_plan"]:
            values.append(wan_yuan(row["plan_cost_yuan"]))
            formats.append(None)
        reasons = "\n".join(row["reasons"]) or None
        values.append(reasons)
        formats.append(None)
        _fit_height(sh, sh.add(values, formats), reasons, REASON_WIDTH)
    width = len(cols)
    for m, bad in enumerate(result["unusable"], n + 1):
        message = bad["message"] + ("：" + "；".join(bad["problems"]) if bad["problems"] else "")
        sh.add(
            [m, None, bad["file"], None, None, "无法核验"] + [None] * (width - 7) + [message],
            [None] * 5 + ["near_text"] + [None] * (width - 6),
        )


def _fit_height(sh, row: int, text: str | None, width: int) -> None:
    """Wrapped text needs its row tall enough: XlsxWriter cannot measure, so count lines (a Chinese
    character takes two columns of width)."""
    if not text:
        return
    lines = sum(
        math.ceil(max(1, sum(2 if ord(ch) > 0x2E7F else 1 for ch in part)) / width)
        for part in text.split("\n")
    )
    if lines > 1:
        sh.ws.set_row(row, 13.5 * lines)


def _cv(wb, fmt, result: dict) -> None:
    """Every CV of every county, in the order of the summary sheet; red where over its limit."""
    cv_cols = [(lvl, key) for lvl in result["levels"] for key in result["indicators"]]
    cols = [("序号", 5), ("县（市、区）", 12)]
    cols += [(f"{result['levels'][lvl]}：{result['indicators'][key]}", 12) for lvl, key in cv_cols]
    sh = Sheet(wb, fmt, "差异系数", cols, title="各县校际差异系数（红色为超过标准）")
    for n, row in enumerate(result["counties"], 1):
        values, formats = [n, county_name(row)], [None, None]
        for lvl, key in cv_cols:
            e = row["cv"].get(lvl, {}).get(key)
            values.append(None if e is None else e["cv"])
            formats.append("low_cv" if e and e["met"] is False else "cv")
        sh.add(values, formats)
