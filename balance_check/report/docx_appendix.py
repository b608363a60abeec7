"""The 附表 of the 自评报告, on landscape pages: each school part's seven indicators with the count behind
each ratio (teachers, ㎡, 元, rooms) and the standard; the CVs as a 学段 × indicator matrix; the data
problems. Cells that fall short are shaded as in the gap workbook."""

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Mm

from .. import settings
from .docx_tables import add_row, grid_table, header
from .places import several_files, sheet_label
from .report_view import indicator_name
from .school_columns import school_columns
from .words import SEVERITY, cv_text, level_label, section_label, threshold_text, value_text

BAND_SHADE = {"near": "near", "below": "low"}  # the evaluator's band -> the shading of a cell
SMALL_PT = 9  # 小五: the wide tables keep every column on the page
LANDSCAPE_MARGINS_MM = (28, 26, 25, 25)  # top, bottom, left, right
TYPE_WIDTH_MM = 297 - 25 - 25


def appendix(doc, report: dict) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    top, bottom, left, right = LANDSCAPE_MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.footer_distance = Mm(12)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:  # the line grid is for the body text; tables of small figures keep their own
        section._sectPr.remove(grid)
    doc.add_paragraph("附表1", style="Appendix Title")
    resources = section_label(report, "resources")
    doc.add_paragraph(f"各学校（学段）{resources}指标达成情况", style="Table Title")
    schools = report["schools"]
    levels = school_columns(schools).column("level")
    for level, v in report["levels"].items():
        rows = [j for j, lv in enumerate(levels) if lv == level]
        if rows:  # records only for the rows the table shows (a province has 200,000)
            first = rows[: settings.MAX_DOCUMENT_ROWS]
            at = getattr(schools, "records_at", None)
            shown = at(first) if at else [schools[j] for j in first]
            _school_table(doc, report, level, v["label"], shown, len(rows))
    doc.add_paragraph("附表2", style="Appendix Title")
    doc.add_paragraph(f"{resources}指标校际差异系数", style="Table Title")
    _cv_matrix(doc, report)
    if report["problems"] or report["not_evaluable"]:
        doc.add_paragraph("附表3", style="Appendix Title")
        doc.add_paragraph("数据问题", style="Table Title")
        _problems(doc, report)


def _num(v, digits: int = 2) -> str:
    if v is None:
        return "—"
    if float(v).is_integer():
        return f"{v:,.0f}"
    return f"{v:,.{digits}f}"


def _ratio_word(ind: dict) -> str:
    return "每百生" if ind.get("per") == 100 else "生均"


def _fit_widths(rows: list[list[str]], minimum: list[float], total: float) -> list[float]:
    """Column widths from the longest figure in each column (a digit of 小五 is about 1.6 mm, a Chinese
    character 3.2 mm), widened in proportion to fill the type width."""
    need = [
        max([m] + [sum(3.2 if ord(ch) > 0x2E80 else 1.65 for ch in row[c]) + 2.2 for row in rows])
        for c, m in enumerate(minimum)
    ]
    spare = total - sum(need)
    return [w + spare * w / sum(need) for w in need] if spare > 0 else [w * total / sum(need) for w in need]


def _school_table(doc, report, level, label, shown, count) -> None:
    """The first school parts of a 学段 (`shown`; `count` in all)."""
    inds = report["indicators"]
    doc.add_paragraph(f"（{label}）", style="Table Text")
    rows, shade_rows = [], []
    for s in shown:
        values, shades = [s["name"], _num(s["students"])], [None, None]
        for ind in inds:
            e = s["indicators"][ind["id"]]
            values += [_num(e["raw"], 1), _num(e["value"])]
            shades += [None, BAND_SHADE.get(e["band"])]
        values += [f"{s['met_count']}/{len(inds)}", "是" if s["passed"] else "否"]
        shades += [None, None if s["passed"] else "low"]
        rows.append(values)
        shade_rows.append(shades)
    minimum = [18, 10] + [10, 10] * len(inds) + [8, 8]
    # a school name longer than nine characters wraps rather than taking the figures' room
    widths = _fit_widths([[r[0][:9]] + r[1:] for r in rows], minimum, TYPE_WIDTH_MM)
    table = grid_table(doc, widths, header_rows=2, font_pt=SMALL_PT)
    top = ["学校名称", "在校生数（人）"]
    below = ["^", "^"]
    for ind in inds:
        thr = (ind.get("thresholds") or {}).get(level)
        standard = "" if thr is None else f"（标准≥{threshold_text(thr)}）"
        top += [f"{ind['name']}{standard}", None]
        below += [f"总量（{ind['unit']}）", f"{_ratio_word(ind)}（{ind['unit']}）"]
    top += ["达标项数", "是否达标"]
    below += ["^", "^"]
    header(table, [top, below])
    for values, shades in zip(rows, shade_rows):
        add_row(table, values, shades)
    if count > len(shown):
        doc.add_paragraph(
            f"{label}共{count}个学校（学段），此处列出前{len(shown)}个，完整名单见差距工作簿（report.xlsx）。"
        )
    doc.add_paragraph(
        "注：黄色底纹为未达到标准但不低于规定比例的指标，红色底纹为低于规定比例的指标和未达标的学校。",
        style="Table Text",
    )


def _cv_matrix(doc, report) -> None:
    keys = []
    for entries in report["cv"].values():
        keys += [k for k in entries if k not in keys]
    units = {i["id"]: i["unit"] for i in report["indicators"]}
    widths = [14, 30] + [(TYPE_WIDTH_MM - 44) / max(len(keys), 1)] * len(keys)
    table = grid_table(doc, widths, header_rows=1, font_pt=SMALL_PT)
    header(
        table,
        [
            ["学段", "项目"]
            + [f"{indicator_name(report, k)}" + (f"（{units[k]}）" if k in units else "") for k in keys]
        ],
    )
    for level, entries in report["cv"].items():
        label = level_label(report, level)
        rows = (
            ("均值", lambda e: _num(e["mean"]), None),
            ("标准差", lambda e: _num(e["sd"]), None),
            ("差异系数", lambda e: cv_text(e["cv"]), "cv"),
            ("标准（不高于）", lambda e: threshold_text(e["threshold"]), None),
        )
        for name, fmt, kind in rows:
            values = [label, name] + [fmt(entries[k]) if k in entries else "—" for k in keys]
            shades = [None, None] + [
                "low" if kind == "cv" and k in entries and entries[k]["met"] is False else None for k in keys
            ]
            add_row(table, values, shades)


def _problems(doc, report) -> None:
    problems = report["problems"]
    shown = problems[: settings.MAX_DOCUMENT_ROWS]
    doc.add_paragraph(
        f"共{len(problems)}处"
        + (
            f"，此处列出前{len(shown)}处，完整清单见差距工作簿（report.xlsx）“数据问题”表"
            if len(shown) < len(problems)
            else ""
        )
        + "。",
        style="Table Text",
    )
    sheet = 32 if several_files(report) else 12  # the file's name beside the sheet's: wider, from 说明's
    widths = [12, sheet, 12, 30, 34, 30, 24, TYPE_WIDTH_MM - 142 - sheet]
    table = grid_table(doc, widths, header_rows=1, font_pt=SMALL_PT)
    header(table, [["级别", "工作表", "行号", "列", "学校", "问题类型", "填写的值", "说明"]])
    for p in shown:
        add_row(
            table,
            [
                SEVERITY[p["severity"]],
                sheet_label(report, p),
                p["row"],
                p["column"],
                p.get("school"),
                p["code_label"],
                value_text(p.get("value")),
                p["message"],
            ],
            ["low" if p["severity"] == "error" else "near"] + [None] * 7,
        )
    for e in report["not_evaluable"]:
        if not e["problems"]:
            add_row(
                table,
                [
                    SEVERITY["error"], e.get("file") if several_files(report) else None, e["row"], None,
                    e["name"], "无法评估", None, "数据缺失，无法评估",
                ],
                ["low"] + [None] * 7,
            )
