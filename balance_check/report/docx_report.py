"""report.docx: a draft 自评报告 in the structure counties submit (基本情况 → 指标达成情况 → 做法成效 →
存在问题 → 整改措施 → 结论 → 附表), computed from the evaluation. Paragraphs only the county can write are
highlighted placeholders."""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Mm

from .. import settings
from . import findings
from .atomic import atomic_write
from .words import (
    COMPOSITE_CV,
    ITEM_SECTIONS,
    PASSED,
    STATUS,
    cv_text,
    level_label,
    number,
    percent,
    section_label,
)

TEMPLATE = Path(__file__).resolve().parent / "templates" / "self_report.docx"
# Sub-headings of part 二 are numbered in order: （一） is always 资源配置, then each item section present.
NUMERALS = "一二三四五六七八九十"


def write_docx(report: dict, path, template: Path | None = None) -> Path:
    return atomic_write(Path(path), lambda tmp: _build(report, template or TEMPLATE).save(str(tmp)))


def _build(report: dict, template: Path) -> Document:
    doc = Document(str(template))
    county = report["county"]["name"] or "本县"
    year = f"（{report['county']['year']}年）" if report["county"]["year"] else ""
    doc.add_paragraph(
        f"{county}义务教育优质均衡发展自评报告{year}", style="Title"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        f"依据：{report['standard']['title']}（{report['standard'].get('source', {}).get('number', '')}）"
    )
    _basics(doc, report, county)
    _achievement(doc, report)
    doc.add_heading("三、主要做法与成效", level=1)
    _placeholder(
        doc,
        "【请填写：县委县政府推进义务教育优质均衡发展的主要做法、投入和成效（经费投入、学校建设、"
        "教师队伍建设、教育质量提升等），并列出佐证材料目录。】",
    )
    doc.add_heading("四、存在的主要问题", level=1)
    _bullets(doc, findings.problems(report) or ["经自查，未发现不达标项。"])
    doc.add_heading("五、整改措施", level=1)
    measures = findings.measures(report, settings.MAX_SCHOOLS_PER_MEASURE)
    _bullets(doc, measures or ["继续巩固优质均衡发展成果。"])
    _placeholder(doc, "【请填写：每项整改措施的完成时限、责任单位和经费来源。】")
    doc.add_heading("六、结论", level=1)
    verdict = "达到" if report["passed"] else "尚未达到"
    doc.add_paragraph(f"经自查，{county}{verdict}{report['standard']['title']}规定的要求。")
    for reason in report["reasons"]:
        doc.add_paragraph(reason, style="List Bullet")
    _bullets(doc, report.get("near_misses", []))  # comparisons the published rounding would decide otherwise
    _appendix(doc, report)
    return doc


def _bullets(doc, lines: list[str]) -> None:
    for line in lines[: settings.MAX_DOCUMENT_ROWS]:
        doc.add_paragraph(line, style="List Bullet")
    if len(lines) > settings.MAX_DOCUMENT_ROWS:
        doc.add_paragraph(f"另有 {len(lines) - settings.MAX_DOCUMENT_ROWS} 条，见 report.xlsx。")


def _placeholder(doc, text: str) -> None:
    run = doc.add_paragraph().add_run(text)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _table(doc, headers, rows, widths_mm=None) -> None:
    """A grid table; `widths_mm` gives column widths in millimetres (set on the grid and the cells)."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = widths_mm is None
    for cell, h in zip(table.rows[0].cells, headers):
        cell.text = h
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row in rows:
        for cell, v in zip(table.add_row().cells, row):
            cell.text = "—" if v is None else str(v)
    if widths_mm:
        for column, w in zip(table.columns, widths_mm):  # the grid, which LibreOffice reads
            column.width = Mm(w)
        for row in table.rows:
            for cell, w in zip(row.cells, widths_mm):
                cell.width = Mm(w)
    doc.add_paragraph()


def _basics(doc, report, county) -> None:
    doc.add_heading("一、基本情况", level=1)
    c = report["counts"]
    types = "、".join(f"{t} {n} 所" for t, n in findings.school_type_counts(report).items())
    students = "，".join(f"{c['label']}在校生 {c['students']:,} 人" for c in report["levels"].values())
    resources = section_label(report, "resources")
    doc.add_paragraph(
        f"{county}共填报义务教育学校 {c['input_rows']} 所（{types}）。参加{resources}评估的学校 "
        f"{c['evaluated_schools']} 所，按学段计 {c['school_parts']} 个；"
        f"{students}。不参加{resources}评估的学校 {c['excluded']} 所，"
        f"数据有误未能评估的学校 {c['not_evaluable']} 所。"
    )
    _placeholder(doc, "【请补充：县域概况、人口与经济、教育发展基本情况。】")


def _achievement(doc, report) -> None:
    doc.add_heading("二、指标达成情况", level=1)
    doc.add_heading(f"（一）{section_label(report, 'resources')}", level=2)
    rows = [
        (c["label"], c["school_parts"], c["passed"], c["failed"], percent(c["passed"] / c["school_parts"]))
        for c in report["levels"].values()
        if c["school_parts"]
    ]
    _table(doc, ["学段", "参评学校（学段）", "达标", "未达标", "达标率"], rows)
    names = {i["id"]: i for i in report["indicators"]}
    cv_rows = []
    for level, entries in report["cv"].items():
        for k, e in entries.items():
            ind = names.get(k, {"name": COMPOSITE_CV, "unit": ""})
            cv_rows.append(
                (
                    level_label(report, level),
                    ind["name"],
                    number(e["mean"], unit=ind["unit"]),
                    number(e["sd"], unit=ind["unit"]),
                    cv_text(e["cv"]),
                    e["threshold"],
                    "—" if e["met"] is None else PASSED[e["met"]],
                )
            )
    doc.add_paragraph("校际差异系数（按在校生数加权）：")
    _table(
        doc,
        ["学段", "指标", "均值", "标准差", "差异系数", "标准", "结论"],
        cv_rows,
        [15, 53, 24, 22, 18, 13, 14],
    )
    numeral = iter(NUMERALS[1:])
    for section in ITEM_SECTIONS:
        items = [i for i in report["items"] if i["section"] == section]
        if items:
            doc.add_heading(f"（{next(numeral)}）{section_label(report, section)}", level=2)
            _table(
                doc,
                ["编号", "内容", "结论", "情况"],
                [(i["id"], i["title"], STATUS[i["status"]], i["detail"]) for i in items],
                [14, 66, 16, 62],
            )


def _appendix(doc, report) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)  # the wide table gets a landscape page
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading(f"附表：各校（学段）{section_label(report, 'resources')}指标", level=1)
    inds = report["indicators"]
    headers = ["学校", "学段"] + [i["name"] for i in inds] + ["达标项数", "结论"]
    shown = report["schools"][: settings.MAX_DOCUMENT_ROWS]
    rows = [
        [s["name"], level_label(report, s["level"])]
        + [number(s["indicators"][i["id"]]["value"]) for i in inds]
        + [s["met_count"], PASSED[s["passed"]]]
        for s in shown
    ]
    _table(doc, headers, rows, [42, 15] + [23] * len(inds) + [14, 14])
    if len(report["schools"]) > len(shown):
        doc.add_paragraph(
            f"共 {len(report['schools'])} 个学校（学段），此处列出前 {len(shown)} 个，"
            "完整附表见 report.xlsx。"
        )
