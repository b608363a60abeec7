"""rollup.xlsx: one row per county file — verdict, sections, failing parts and items, every CV, the plan's
estimated cost when the planner ran; files that could not be checked at the bottom with their message."""

from pathlib import Path

from ..report.atomic import atomic_write
from ..report.xlsx_book import LOW_FILL, Sheet, open_book
from .labels import STATUS, STATUS_FMT, county_name, verdict, wan_yuan


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
    cv_cols = [(lvl, key) for lvl in result["levels"] for key in result["indicators"]]
    cols = [("序号", 5), ("县（市、区）", 14), ("文件", 18), ("年度", 6), ("标准", 14), ("总体结论", 8)]
    cols += [(label, 9) for label in result["sections"].values()]
    cols += [
        ("未达标学校（学段）", 9),
        ("参评学校（学段）", 9),
        ("无法评估学校", 8),
        ("差异系数超标项", 8),
        ("未达标或未填报的县域项目", 10),
    ]
    cols += [(f"{result['levels'][lvl]}差异系数：{result['indicators'][key]}", 12) for lvl, key in cv_cols]
    if result["has_plan"]:
        cols.append(("整改估算资金（万元，估算）", 12))
    cols.append(("主要原因", 80))
    c = result["counts"]
    title = (
        f"县域义务教育优质均衡发展汇总：{c['files']} 个文件，核验 {c['checked']} 个县，"
        f"达到 {c['passed']} 个，未达到 {c['failed']} 个，无法核验 {c['unusable']} 个"
    )
    sh = Sheet(wb, fmt, "汇总", cols, title=title)
    n = 0
    for n, row in enumerate(result["counties"], 1):
        values = [n, county_name(row), row["file"], row["year"], row["standard"]["id"], verdict(row)]
        formats = [None, None, None, None, None, "met_text" if row["passed"] else "low_text"]
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
        for lvl, key in cv_cols:
            e = row["cv"].get(lvl, {}).get(key)
            values.append(None if e is None else e["cv"])
            formats.append("low_cv" if e and e["met"] is False else "cv")
        if result["has_plan"]:
            values.append(wan_yuan(row["plan_cost_yuan"]))
            formats.append(None)
        values.append("；".join(row["reasons"]) or None)
        formats.append(None)
        sh.add(values, formats)
    width = len(cols)
    for m, bad in enumerate(result["unusable"], n + 1):
        message = bad["message"] + ("：" + "；".join(bad["problems"]) if bad["problems"] else "")
        sh.add(
            [m, None, bad["file"], None, None, "无法核验"] + [None] * (width - 7) + [message],
            [None] * 5 + ["near_text"] + [None] * (width - 6),
        )
    wb.close()
