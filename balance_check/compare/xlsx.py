"""compare.xlsx: 总览, 学校变化 (one row per part), 指标变化 (part × indicator with the two effects),
差异系数 (then, now and the schools that moved each), 县域项目 (those whose status changed)."""

from pathlib import Path

from ..report.atomic import atomic_write
from ..report.words import COMPOSITE_CV
from ..report.xlsx_book import Sheet, open_book
from .result import CHANGE_LABEL, SECTION_STATUS_LABEL, STATUS_LABEL

CHANGE_FMT = {"newly_failing": "low_text", "newly_passing": "met_text", "still_failing": "near_text"}


def write_xlsx(result: dict, path) -> Path:
    return atomic_write(Path(path), lambda tmp: _write(result, tmp))


def _title(result: dict) -> str:
    b, a = result["before"], result["after"]
    county = a["county"] or b["county"] or "本县"
    return f"{county}义务教育优质均衡发展年度比较（{_year(b)} → {_year(a)}）"


def _year(side: dict) -> str:
    return f"{side['year']}年" if side["year"] else (side["source"] or "")


def _verdict(passed) -> str:
    return "达到" if passed else "未达到"


def _write(result: dict, path) -> None:
    wb, fmt = open_book(path)
    _overview(wb, fmt, result)
    _schools(wb, fmt, result)
    _indicators(wb, fmt, result)
    _cv(wb, fmt, result)
    _items(wb, fmt, result)
    wb.close()


def _overview(wb, fmt, result):
    b, a = result["before"], result["after"]
    sh = Sheet(
        wb,
        fmt,
        "总览",
        [("项目", 22), (_year(b) or "上年", 16), (_year(a) or "本年", 16), ("说明", 70)],
        title=_title(result),
    )
    sh.add(["输入文件", b["source"], a["source"], None])
    sh.add(
        ["总体结论", _verdict(b["passed"]), _verdict(a["passed"]), None],
        [None, _ok(b["passed"]), _ok(a["passed"]), None],
    )
    for s in result["sections"].values():
        sh.add(
            [s["label"], SECTION_STATUS_LABEL[s["before"]], SECTION_STATUS_LABEL[s["after"]], None],
            [None, _status_fmt(s["before"]), _status_fmt(s["after"]), None],
        )
    sh.add(["参评学校（学段）", b["school_parts"], a["school_parts"], None])
    sh.add(["未达标学校（学段）", b["failing_parts"], a["failing_parts"], None])
    for key, label in CHANGE_LABEL.items():
        sh.add([f"学校（学段）：{label}", None, result["counts"][key], None])
    if result["regressions"]:
        for r in result["regressions"]:
            sh.add(["由达标变为未达标", None, None, r["label"]], [None, None, None, "low_text"])
    else:
        sh.add(["由达标变为未达标", None, None, "无"])


def _ok(passed) -> str | None:
    return None if passed is None else "met_text" if passed else "low_text"


def _status_fmt(status) -> str | None:
    return {"met": "met_text", "not_met": "low_text", "missing": "near_text"}.get(status)


def _schools(wb, fmt, result):
    cols = [
        ("学校标识码", 12),
        ("学校名称", 24),
        ("学段", 6),
        ("变化", 10),
        ("上年在校生", 10),
        ("本年在校生", 10),
        ("上年达标项数", 8),
        ("本年达标项数", 8),
        ("上年结论", 8),
        ("本年结论", 8),
        ("说明", 40),
    ]
    sh = Sheet(wb, fmt, "学校变化", cols)
    for s in result["schools"]:
        b, a = s["before"] or {}, s["after"] or {}
        sh.add(
            [
                s["code"],
                s["name"],
                result["levels"].get(s["level"], s["level"]),
                CHANGE_LABEL[s["change"]],
                b.get("students"),
                a.get("students"),
                b.get("met_count"),
                a.get("met_count"),
                _pass(b.get("passed")),
                _pass(a.get("passed")),
                s["note"] or _matched(s),
            ],
            [
                None,
                None,
                None,
                CHANGE_FMT.get(s["change"]),
                None,
                None,
                None,
                None,
                _ok(b.get("passed")),
                _ok(a.get("passed")),
                None,
            ],
        )


def _pass(v) -> str | None:
    return None if v is None else "达标" if v else "未达标"


def _matched(s) -> str | None:
    if s["matched_by"] == "name" and s["code"]:
        return "按学校名称对应（学校标识码不同或重复）"
    if s["matched_by"] == "code" and s["before"] and s["before"]["name"] != s["name"]:
        return f"按学校标识码对应（上年名称：{s['before']['name']}）"
    return None


def _indicators(wb, fmt, result):
    cols = [
        ("学校标识码", 12),
        ("学校名称", 24),
        ("学段", 6),
        ("指标", 34),
        ("单位", 6),
        ("上年值", 12),
        ("本年值", 12),
        ("变化", 12),
        ("其中：资源变化", 13),
        ("其中：学生数变化", 13),
        ("上年", 7),
        ("本年", 7),
    ]
    title = (
        "指标变化：资源变化 = (本年分子 − 上年分子) ÷ 上年学生数；学生数变化 = 本年分子 × (1/本年学生数 − "
        "1/上年学生数)；两者之和等于变化（分子为拆分后的教师、面积、设备值、教室数）"
    )
    sh = Sheet(wb, fmt, "指标变化", cols, title=title)
    for s in result["schools"]:
        if s["before"] is None or s["after"] is None:
            continue  # appeared or gone: listed on 学校变化
        for ind in result["indicators"]:
            e = s["indicators"][ind["id"]]
            sh.add(
                [
                    s["code"],
                    s["name"],
                    result["levels"].get(s["level"], s["level"]),
                    ind["name"],
                    ind["unit"],
                    e["before"],
                    e["after"],
                    e["change"],
                    e["resource_effect"],
                    e["enrolment_effect"],
                    _pass(e["met_before"]),
                    _pass(e["met_after"]),
                ],
                [None] * 10 + [_ok(e["met_before"]), _ok(e["met_after"])],
            )


def _cv(wb, fmt, result):
    names = {i["id"]: i["name"] for i in result["indicators"]}
    cols = [
        ("学段", 6),
        ("指标", 34),
        ("上年差异系数", 11),
        ("本年差异系数", 11),
        ("变化", 10),
        ("标准", 8),
        ("上年", 7),
        ("本年", 7),
        ("影响最大的学校（对 CV² 贡献的变化）", 80),
    ]
    sh = Sheet(wb, fmt, "差异系数", cols)
    for level, entries in result["cv"].items():
        for key, e in entries.items():
            movers = "；".join(f"{m['name']} {m['term_change']:+.5f}" for m in e["movers"])
            sh.add(
                [
                    result["levels"].get(level, level),
                    names.get(key, COMPOSITE_CV),
                    e["before"],
                    e["after"],
                    e["change"],
                    e["threshold"],
                    _pass(e["met_before"]),
                    _pass(e["met_after"]),
                    movers,
                ],
                [None, None, "cv", "cv", "cv", None, _ok(e["met_before"]), _ok(e["met_after"]), None],
            )


def _items(wb, fmt, result):
    cols = [("编号", 6), ("项目", 60), ("上年", 8), ("本年", 8), ("上年情况", 40), ("本年情况", 40)]
    sh = Sheet(wb, fmt, "县域项目变化", cols)
    changed = [i for i in result["items"] if i["changed"]]
    for i in changed:
        sh.add(
            [
                i["id"],
                i["title"],
                STATUS_LABEL[i["before"]],
                STATUS_LABEL[i["after"]],
                i["detail_before"],
                i["detail_after"],
            ],
            [None, None, _status_fmt(i["before"]), _status_fmt(i["after"]), None, None],
        )
    if not changed:
        sh.add([None, "各项目结论与上年相同", None, None, None, None])
