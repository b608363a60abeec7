"""report.xlsx, the gap workbook a county hands in: verdicts, per-level resource sheets coloured by
verdict, CVs with each school's share of the variance, county items, a rectification list, data problems."""

from pathlib import Path

from .atomic import atomic_write
from .markdown import LEVEL, SECTION_STATUS, STATUS, shortfall_text
from .xlsx_book import Sheet, band, open_book
from .xlsx_ledger import write_ledger

ITEM_SHEETS = (
    ("政府保障程度", ("guarantee",)),
    ("教育质量", ("quality",)),
    ("社会认可度与否决项", ("recognition", "veto", "prerequisite")),
)
SECTION = {
    "guarantee": "政府保障程度",
    "quality": "教育质量",
    "recognition": "社会认可度",
    "veto": "否决项",
    "prerequisite": "前提条件",
}


def write_xlsx(report: dict, path) -> Path:
    return atomic_write(Path(path), lambda tmp: _write(report, tmp))


def _write(report: dict, path) -> None:
    wb, fmt = open_book(path)
    _overview(wb, fmt, report)
    for level in LEVEL:
        if any(s["level"] == level for s in report["schools"]):
            _resources(wb, fmt, report, level)
    _cv(wb, fmt, report)
    for name, sections in ITEM_SHEETS:
        _items(wb, fmt, report, name, sections)
    write_ledger(wb, fmt, report)
    _problems(wb, fmt, report)
    _excluded(wb, fmt, report)
    wb.close()


def _overview(wb, fmt, report):
    county = report["county"]["name"] or "本县"
    sh = Sheet(
        wb,
        fmt,
        "总览",
        [("项目", 18), ("结论", 10), ("说明", 100)],
        title=f"{county}义务教育优质均衡发展自查结果（{report['standard']['title']}）",
    )
    sh.add(["评估年度", report["county"]["year"], None])
    sh.add(
        ["总体结论", "达到" if report["passed"] else "未达到", None],
        [None, "met_text" if report["passed"] else "low_text", None],
    )
    for s in report["sections"].values():
        sh.add([s["label"], SECTION_STATUS[s["status"]], s["detail"]], [None, _status_fmt(s["status"]), None])
    for r in report["reasons"]:
        sh.add(["未达标原因", None, r])


def _status_fmt(status: str) -> str:
    return {"met": "met_text", "not_met": "low_text", "missing": "near_text"}[status]


def _resources(wb, fmt, report, level):
    inds = report["indicators"]
    floor = (report.get("school_rule") or {}).get("floor_ratio")
    cols = [("学校标识码", 12), ("学校名称", 22), ("办学类型", 14), ("行号", 6), ("在校生数", 9)]
    cols += [(f"{i['name']}（{i['unit']}）\n标准 {_fmt_thr(i, level)}", 14) for i in inds]
    cols += [("达标项数", 8), ("结论", 8), ("未达标指标及缺口", 60)]
    sh = Sheet(wb, fmt, f"{LEVEL[level]}资源配置", cols)
    for s in (s for s in report["schools"] if s["level"] == level):
        entries = [s["indicators"][i["id"]] for i in inds]
        values = [s["code"], s["name"], s["type"], s["row"], s["students"]] + [e["value"] for e in entries]
        values += [
            s["met_count"],
            "达标" if s["passed"] else "未达标",
            "；".join(
                f"{i['name']}{shortfall_text(i, s['indicators'][i['id']])}"
                for i in inds
                if i["id"] in s["unmet"]
            ),
        ]
        formats = [None] * 5 + [band(e, floor) or "num" for e in entries]
        formats += [None, "met_text" if s["passed"] else "low_text", None]
        sh.add(values, formats)


def _fmt_thr(ind, level):
    t = ind["thresholds"].get(level) if ind.get("thresholds") else None
    return "—" if t is None else f"{t:g}"


def _cv(wb, fmt, report):
    names = {i["id"]: i for i in report["indicators"]}
    sh = Sheet(
        wb,
        fmt,
        "差异系数",
        [
            ("学段", 6),
            ("指标", 40),
            ("单位", 6),
            ("均值", 12),
            ("标准差", 12),
            ("差异系数", 10),
            ("标准", 8),
            ("结论", 8),
            ("学校数", 8),
            ("方差贡献最大的学校（占比）", 60),
        ],
    )
    first = sh.row
    for level, entries in report["cv"].items():
        for k, e in entries.items():
            ind = names.get(k, {"name": "综合差异系数", "unit": ""})
            verdict = None if e["met"] is None else ("达标" if e["met"] else "未达标")
            sh.add(
                [
                    LEVEL.get(level, level),
                    ind["name"],
                    ind["unit"],
                    e["mean"],
                    e["sd"],
                    e["cv"],
                    e["threshold"],
                    verdict,
                    e["schools"],
                    _top_contributors(report, level, k),
                ],
                [
                    None,
                    None,
                    None,
                    "num",
                    "num",
                    "cv",
                    "cv",
                    None if e["met"] is None else ("met_text" if e["met"] else "low_text"),
                    None,
                    None,
                ],
            )
    _cv_chart(wb, sh, first, sh.row - 1)


def _top_contributors(report, level, key, n=3) -> str:
    parts = [s for s in report["schools"] if s["level"] == level and key in s["indicators"]]
    ranked = sorted(parts, key=lambda s: -(s["indicators"][key].get("cv_share") or 0))[:n]
    return "；".join(
        f"{s['name']}（{s['indicators'][key]['cv_share']:.0%}）"
        for s in ranked
        if s["indicators"][key].get("cv_share")
    )


def _cv_chart(wb, sh, first, last):
    if last < first:
        return
    chart = wb.add_chart({"type": "bar"})
    name = sh.ws.get_name()
    chart.add_series(
        {
            "name": "差异系数",
            "categories": [name, first, 1, last, 1],
            "values": [name, first, 5, last, 5],
            "fill": {"color": "#5B9BD5"},
        }
    )
    chart.add_series(
        {
            "name": "标准",
            "categories": [name, first, 1, last, 1],
            "values": [name, first, 6, last, 6],
            "fill": {"color": "#FF7C80"},
        }
    )
    chart.set_title({"name": "各指标差异系数与标准"})
    chart.set_size({"width": 900, "height": 24 * (last - first + 1) + 120})
    sh.ws.insert_chart(last + 2, 1, chart)


def _items(wb, fmt, report, name, sections):
    sh = Sheet(
        wb,
        fmt,
        name,
        [
            ("编号", 6),
            ("部分", 12),
            ("内容", 50),
            ("结论", 8),
            ("情况", 50),
            ("佐证材料", 16),
            ("未达标学校", 50),
        ],
    )
    for i in (i for i in report["items"] if i["section"] in sections):
        schools = "；".join(
            f"{s['name']}（第{s['row']}行）{s.get('detail') or ''}" for s in i["failing_schools"]
        )
        sh.add(
            [
                i["id"],
                SECTION[i["section"]],
                i["title"],
                STATUS[i["status"]],
                i["detail"],
                i.get("evidence"),
                schools,
            ],
            [None, None, None, _status_fmt(i["status"]), None, None, None],
        )


def _problems(wb, fmt, report):
    sh = Sheet(
        wb,
        fmt,
        "数据问题",
        [("级别", 6), ("工作表", 10), ("行号", 6), ("列", 24), ("学校", 20), ("代码", 22), ("说明", 70)],
    )
    for p in report["problems"]:
        sh.add(
            [
                "错误" if p["severity"] == "error" else "提示",
                p["sheet"],
                p["row"],
                p["column"],
                p.get("school"),
                p["code"],
                p["message"],
            ],
            ["low_text" if p["severity"] == "error" else "near_text"],
        )
    for e in report["not_evaluable"]:
        if not e["problems"]:
            sh.add(["错误", None, e["row"], None, e["name"], "not_evaluable", "数据缺失，无法评估"])


def _excluded(wb, fmt, report):
    sh = Sheet(
        wb,
        fmt,
        "排除学校",
        [("学校名称", 22), ("学校标识码", 12), ("办学类型", 14), ("行号", 6), ("原因代码", 22), ("原因", 50)],
    )
    for e in report["excluded"]:
        sh.add([e["name"], e.get("code"), e.get("type"), e["row"], e["reason_code"], e["reason"]])
