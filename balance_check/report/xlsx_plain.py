"""report.xlsx (plain tabular version): one sheet per part of the report.

Every user string goes through write_string, so a school named "=HYPERLINK(…)" stays text."""
from pathlib import Path

import xlsxwriter

from .atomic import atomic_write
from .markdown import LEVEL, STATUS, shortfall_text


class _Sheet:
    """A worksheet written row by row with typed cells."""

    def __init__(self, wb, name, headers, widths, fmt):
        self.ws, self.fmt, self.row = wb.add_worksheet(name), fmt, 1
        for c, (h, w) in enumerate(zip(headers, widths)):
            self.ws.write_string(0, c, h, fmt["head"])
            self.ws.set_column(c, c, w)
        self.ws.freeze_panes(1, 0)

    def add(self, values):
        for c, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, bool):
                self.ws.write_string(self.row, c, "是" if v else "否")
            elif isinstance(v, (int, float)):
                self.ws.write_number(self.row, c, v, self.fmt["num"] if isinstance(v, float) else None)
            else:
                self.ws.write_string(self.row, c, str(v))
        self.row += 1


def write_xlsx(report: dict, path) -> Path:
    return atomic_write(Path(path), lambda tmp: _write(report, tmp))


def _write(report: dict, path) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    fmt = {"head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "border": 1}),
           "num": wb.add_format({"num_format": "#,##0.00##"})}
    _overview(wb, fmt, report)
    _schools(wb, fmt, report)
    _cv(wb, fmt, report)
    items = _Sheet(wb, "县域项目", ["编号", "部分", "内容", "结论", "情况", "未达标学校"], [6, 12, 50, 8, 50, 40], fmt)
    for i in report["items"]:
        items.add([i["id"], i["section"], i["title"], STATUS[i["status"]], i["detail"],
                   "、".join(s["name"] for s in i["failing_schools"])])
    ex = _Sheet(wb, "排除学校", ["学校名称", "行号", "办学类型", "原因"], [24, 8, 16, 40], fmt)
    for e in report["excluded"]:
        ex.add([e["name"], e["row"], e.get("type"), e["reason"]])
    ne = _Sheet(wb, "不可评估学校", ["学校名称", "行号", "列", "问题"], [24, 8, 24, 60], fmt)
    for e in report["not_evaluable"]:
        for p in e["problems"] or [{"column": None, "message": "数据缺失"}]:
            ne.add([e["name"], e["row"], p["column"], p["message"]])
    pr = _Sheet(wb, "数据问题", ["级别", "工作表", "行号", "列", "代码", "说明"], [6, 10, 8, 24, 24, 60], fmt)
    for p in report["problems"]:
        pr.add(["错误" if p["severity"] == "error" else "提示", p["sheet"], p["row"], p["column"], p["code"], p["message"]])
    wb.close()


def _overview(wb, fmt, report):
    sh = _Sheet(wb, "总览", ["项目", "结论", "说明"], [16, 10, 90], fmt)
    sh.add(["县（市、区）", report["county"]["name"], f"评估年度 {report['county']['year'] or '未填报'}"])
    sh.add(["评估标准", report["standard"]["id"], report["standard"]["title"]])
    sh.add(["总体结论", "达到" if report["passed"] else "未达到", ""])
    for s in report["sections"].values():
        sh.add([s["label"], STATUS[s["status"]], s["detail"]])
    for r in report["reasons"]:
        sh.add(["未达标原因", "", r])


def _schools(wb, fmt, report):
    inds = report["indicators"]
    headers = ["学校标识码", "学校名称", "办学类型", "学段", "行号", "在校生数"]
    for i in inds:
        headers += [f"{i['name']}（{i['unit']}）", "达标"]
    headers += ["达标项数", "结论", "缺口"]
    sh = _Sheet(wb, "学校指标", headers, [12, 24, 14, 6, 6, 8] + [12, 5] * len(inds) + [8, 8, 50], fmt)
    for s in report["schools"]:
        row = [s["code"], s["name"], s["type"], LEVEL[s["level"]], s["row"], s["students"]]
        for i in inds:
            e = s["indicators"][i["id"]]
            row += [e["value"], None if e["met"] is None else ("✓" if e["met"] else "✗")]
        gaps = [f"{i['name']}{shortfall_text(i, s['indicators'][i['id']])}" for i in inds
                if shortfall_text(i, s["indicators"][i["id"]])]
        sh.add(row + [s["met_count"], "达标" if s["passed"] else "未达标", "；".join(gaps)])


def _cv(wb, fmt, report):
    names = {i["id"]: (i["name"], i["unit"]) for i in report["indicators"]}
    sh = _Sheet(wb, "差异系数", ["学段", "指标", "单位", "均值", "标准差", "差异系数", "标准", "结论", "学校数"],
                [6, 40, 6, 12, 12, 10, 8, 8, 8], fmt)
    for level, entries in report["cv"].items():
        for k, e in entries.items():
            name, unit = names.get(k, ("综合差异系数", ""))
            verdict = None if e["met"] is None else ("达标" if e["met"] else "未达标")
            sh.add([LEVEL.get(level, level), name, unit, e["mean"], e["sd"], e["cv"], e["threshold"], verdict,
                    e["schools"]])
