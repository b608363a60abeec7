"""report.xlsx, the gap workbook a county hands in: verdicts, per-level resource sheets coloured by
verdict, CVs with each school's share of the variance, county items, a rectification list, data problems."""

from pathlib import Path

from .atomic import atomic_write
from .places import place, several_files
from .words import (
    COMPOSITE_CV,
    PASSED,
    SECTION_STATUS,
    SEVERITY,
    STATUS,
    level_label,
    section_label,
    shortfall_text,
    threshold_text,
)
from .xlsx_book import BAND_FORMAT, Sheet, open_book

# County items on three sheets; the last gathers the short parts (named by their first two labels).
ITEM_SHEETS = (("guarantee",), ("quality",), ("recognition", "veto", "prerequisite"))
SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_name(text: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of [ ] : * ? / \\."""
    return text.translate(SHEET_NAME_FORBIDDEN)[:31]


def _item_sheet_name(report: dict, sections: tuple[str, ...]) -> str:
    return _sheet_name("与".join(section_label(report, s) for s in sections[:2]))


def write_xlsx(report: dict, path) -> Path:
    return atomic_write(Path(path), lambda tmp: _write(report, tmp))


def _write(report: dict, path) -> None:
    wb, fmt = open_book(path)
    _overview(wb, fmt, report)
    for level, counts in report["levels"].items():
        if counts["school_parts"]:
            _resources(wb, fmt, report, level)
    _cv(wb, fmt, report)
    for sections in ITEM_SHEETS:
        _items(wb, fmt, report, _item_sheet_name(report, sections), sections)
    _rectification(wb, fmt, report)
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
    for n in report.get("near_misses", []):  # comparisons the published rounding would decide otherwise
        r = sh.add(["临界比较", None, n])
        sh.ws.set_row(r, 16 * -(-len(n) * 2 // 100))  # wrapped over the 100-wide 说明 column (CJK = 2)


def _status_fmt(status: str) -> str:
    return {"met": "met_text", "not_met": "low_text", "missing": "near_text"}[status]


def _resources(wb, fmt, report, level):
    inds = report["indicators"]
    cols = [("学校标识码", 12), ("学校名称", 22), ("办学类型", 14), ("行号", 6), ("在校生数", 9)]
    cols += [(f"{i['name']}（{i['unit']}）\n标准 {_fmt_thr(i, level)}", 14) for i in inds]
    cols += [("达标项数", 8), ("结论", 8), ("未达标指标及缺口", 60)]
    name = _sheet_name(f"{level_label(report, level)}{section_label(report, 'resources')}")
    sh = Sheet(wb, fmt, name, cols)
    for s in (s for s in report["schools"] if s["level"] == level):
        entries = [s["indicators"][i["id"]] for i in inds]
        values = [s["code"], s["name"], s["type"], place(report, s), s["students"]] + [
            e["value"] for e in entries
        ]
        values += [
            s["met_count"],
            PASSED[s["passed"]],
            "；".join(
                f"{i['name']}{shortfall_text(i, s['indicators'][i['id']])}"
                for i in inds
                if i["id"] in s["unmet"]
            ),
        ]
        formats = [None] * 5 + [BAND_FORMAT.get(e["band"], "num") for e in entries]
        formats += [None, "met_text" if s["passed"] else "low_text", None]
        sh.add(values, formats)


def _fmt_thr(ind, level):
    return threshold_text(ind["thresholds"].get(level) if ind.get("thresholds") else None)


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
            ind = names.get(k, {"name": COMPOSITE_CV, "unit": ""})
            verdict = None if e["met"] is None else PASSED[e["met"]]
            sh.add(
                [
                    level_label(report, level),
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
                section_label(report, i["section"]),
                i["title"],
                STATUS[i["status"]],
                i["detail"],
                i.get("evidence"),
                schools,
            ],
            [None, None, None, _status_fmt(i["status"]), None, None, None],
        )


def _rectification(wb, fmt, report):
    inds = report["indicators"]
    cols = [("学校名称", 22), ("学段", 6), ("行号", 6)] + [
        (f"{i['name']}\n需增加（{i['unit']}）", 14) for i in inds
    ]
    cols += [("结论", 8), ("政府保障项问题", 50)]
    sh = Sheet(wb, fmt, "整改清单", cols)
    other, names = {}, {}
    for item in report["items"]:
        for s in item["failing_schools"]:
            key = (s.get("file") or "", s["row"])
            other.setdefault(key, []).append(f"{item['id']} {s.get('detail') or ''}".strip())
            names[key] = (s["name"], place(report, s))
    totals = [0.0] * len(inds)
    for s in report["schools"]:
        gaps = [s["indicators"][i["id"]]["shortfall"] or 0 for i in inds]
        if not any(gaps) and s["passed"]:
            continue
        totals = [t + g for t, g in zip(totals, gaps)]
        sh.add(
            [s["name"], level_label(report, s["level"]), place(report, s)]
            + [g or None for g in gaps]
            + [PASSED[s["passed"]], "；".join(other.pop((s.get("file") or "", s["row"]), []))]
        )
    for key, problems in sorted(other.items()):  # schools failing only county items on school data
        name, where = names[key]
        sh.add([name, None, where] + [None] * len(inds) + [None, "；".join(problems)])
    sh.add(
        ["全县合计", None, None] + totals + [None, None],
        ["total_text", None, None] + ["total"] * len(inds) + [None, None],
    )


def _problems(wb, fmt, report):
    sh = Sheet(
        wb,
        fmt,
        "数据问题",
        [("级别", 6), ("工作表", 10), ("行号", 6), ("列", 24), ("学校", 20), ("问题类型", 22), ("说明", 70)],
    )
    for p in report["problems"]:
        sh.add(
            [
                SEVERITY[p["severity"]],
                (f"{p.get('file') or ''} {p['sheet']}".strip() if several_files(report) else p["sheet"]),
                p["row"],
                p["column"],
                p.get("school"),
                p["code_label"],
                p["message"],
            ],
            ["low_text" if p["severity"] == "error" else "near_text"],
        )
    for e in report["not_evaluable"]:
        if not e["problems"]:
            sh.add(
                [SEVERITY["error"], None, place(report, e), None, e["name"], "无法评估", "数据缺失，无法评估"]
            )


def _excluded(wb, fmt, report):
    sh = Sheet(
        wb,
        fmt,
        "排除学校",
        [("学校名称", 22), ("学校标识码", 12), ("办学类型", 14), ("行号", 6), ("原因代码", 22), ("原因", 50)],
    )
    for e in report["excluded"]:
        sh.add([e["name"], e.get("code"), e.get("type"), place(report, e), e["reason_code"], e["reason"]])
