"""report.docx: the county's 自评报告 in 公文 form, drafted from the evaluation.

It reads as county reports are written: an opening paragraph that states the verdict, then 一、基本情况,
二、资源配置, the county items part by part (政府保障程度, 教育质量, 社会认可度, as the standard has them),
存在的问题, 整改措施, the 落款 and the 附表. Items are named by their titles, never by the tool's ids;
what only the county can write is a highlighted 【请…】 placeholder. The styles (fonts, sizes, margins,
page numbers) come from the Word template, see templates/make_template.py."""

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Pt

from .. import settings
from . import findings, plan_text
from .atomic import atomic_write
from .docx_appendix import appendix
from .docx_tables import add_row, grid_table, header
from .report_view import cv_range
from .school_columns import school_columns
from .words import cv_notes, cv_text, level_label, percent, section_label

TEMPLATE = Path(__file__).resolve().parent / "templates" / "self_report.docx"
NUMERALS = "一二三四五六七八九十"
# The item parts with a heading of their own; 前提条件 and 否决项 are stated under 基本情况.
ITEM_PARTS = ("guarantee", "quality", "recognition")
STATUS_WORDS = {"met": "达到要求", "not_met": "未达到要求", "missing": "尚未填报数据"}


def write_docx(report: dict, path, template: Path | None = None) -> Path:
    return atomic_write(Path(path), lambda tmp: _build(report, template or TEMPLATE).save(str(tmp)))


def county_name(report: dict) -> str:
    return report["county"]["name"] or "××县"


def _build(report: dict, template: Path) -> Document:
    doc = Document(str(template))
    names = report["standard"]["report_title"]
    doc.add_paragraph(f"{county_name(report)}{names['document']}", style="Title")
    _opening(doc, report)
    headings = iter(NUMERALS)
    _basics(doc, report, next(headings))
    _resources(doc, report, next(headings))
    for sec in ITEM_PARTS:
        items = [i for i in report["items"] if i["section"] == sec]
        if items:
            _heading(doc, next(headings), section_label(report, sec))
            _items(doc, items)
    _heading(doc, next(headings), "存在的问题")
    shown, total = findings.problems(report, settings.MAX_DOCUMENT_ROWS)
    _numbered(doc, shown or ["经自查，未发现不达标项。"], total or 1)
    _data_note(doc, report)
    for line in report.get("near_misses", []):  # comparisons the published rounding would decide otherwise
        doc.add_paragraph(line)
    _heading(doc, next(headings), "整改措施")
    _plan(doc, report)
    placeholder(doc, "【请填写：每项整改措施的完成时限、责任单位和经费来源。】")
    _signature(doc, report)
    appendix(doc, report)
    return doc


def _heading(doc, numeral: str, text: str, level: int = 1) -> None:
    doc.add_heading(f"{numeral}、{text}" if level == 1 else f"（{numeral}）{text}", level=level)


def _plan(doc, report) -> None:
    """整改措施 from the plan: totals per input column and per kind of measure (estimates), then the
    measures themselves, grouped; never a total over different input columns."""
    lines = findings.measures(report)
    if not lines:
        doc.add_paragraph("继续巩固义务教育均衡发展成果，健全长效机制。")
        return
    rows = plan_text.total_rows(report)
    if rows:
        doc.add_paragraph("各校达标所需资源如下（按填报口径分列，不跨项目相加；资金为估算）：")
        table = grid_table(doc, [16, 56, 32, 22, 30], header_rows=1, font_pt=10.5)
        header(table, [plan_text.TOTAL_HEADERS])
        for row in rows:
            add_row(table, row)
        doc.add_paragraph("按措施类别的估算资金：")
        table = grid_table(doc, [60, 40], header_rows=1, font_pt=10.5)
        header(table, [["措施类别", "估算资金（万元）"]])
        for row in plan_text.kind_rows(report):
            add_row(table, row)
    _numbered(doc, lines)
    doc.add_paragraph(plan_text.cost_note(report))


def placeholder(doc, text: str, paragraph=None) -> None:
    run = (paragraph or doc.add_paragraph()).add_run(text)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _parts_named(report) -> str:
    """资源配置、政府保障程度、教育质量和社会认可度 — the parts this standard has, by its labels."""
    keys = ["resources"] + [k for k in ITEM_PARTS if k in report["sections"]]
    names = [section_label(report, k) for k in keys]
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]


def _basis(std: dict) -> str:
    """《办法》（文号） as a 公文 cites it: the document's name in book-title marks when the source names
    it so (教育部关于印发《……》的通知), the standard's title otherwise."""
    source = std.get("source", {})
    document, number = source.get("document", ""), source.get("number", "")
    name = re.search(r"《[^》]+》", document)
    cited = name.group(0) if name else f"《{std['title']}》"
    return f"{cited}（{number}）" if number and number != "—" and "待核实" not in number else cited


def _opening(doc, report) -> None:
    std = report["standard"]
    basis = _basis(std)
    verdict = "已达到" if report["passed"] else "尚未达到"
    text = (
        f"根据{basis}，我县对全县义务教育学校{_parts_named(report)}等逐项开展了自查。"
        f"经自查，我县{verdict}{std['report_title']['requirement']}要求。"
    )
    short = [s["label"] for s in report["sections"].values() if s["status"] != "met"]
    if short:
        text += f"{'、'.join(short)}等方面还存在差距。"
    doc.add_paragraph(text + "现将自查情况报告如下：")


def _basics(doc, report, numeral) -> None:
    _heading(doc, numeral, "基本情况")
    c = report["counts"]
    resources = section_label(report, "resources")
    types = "、".join(f"{t}{n}所" for t, n in findings.school_type_counts(report).items())
    by_level = report["levels"]
    parts = "、".join(f"{v['label']}{v['school_parts']}个" for v in by_level.values())
    students = "、".join(f"{v['label']}{v['students']:,}人" for v in by_level.values())
    text = (
        f"全县共有义务教育学校{c['input_rows'] - c.get('skipped', 0)}所，其中{types}。"
        f"参加{resources}评估的学校{c['evaluated_schools']}所，"
        f"按学段计{c['school_parts']}个（{parts}）；在校生{sum(v['students'] for v in by_level.values()):,}人"
        f"（{students}）。"
    )
    if report["excluded"]:
        groups = findings.excluded(report, settings.MAX_DOCUMENT_ROWS)
        text += f"不参加{resources}评估的学校{len(report['excluded'])}所：{groups}。"
        if len(report["excluded"]) > settings.MAX_DOCUMENT_ROWS:
            text += "名单见差距工作簿（report.xlsx）“排除学校”表。"
    if report["not_evaluable"]:
        text += (
            f"另有{len(report['not_evaluable'])}所学校数据有误或缺失，暂未评估，须更正后重新核验（见附表）。"
        )
    p = doc.add_paragraph(text)
    if c.get("skipped"):  # rows of the 学校 sheet that are not schools: the county should see which
        doc.add_paragraph(f"学校工作表中另有{c['skipped']}行不是学校（标题、小计合计、说明等），未计入：")
        _numbered(doc, findings.skipped(report))
    levels = "、".join(v["label"] for v in by_level.values())
    placeholder(doc, f"【请补充：专任教师数（{levels}）、县域概况、人口与经济、教育发展基本情况。】", p)
    placeholder(
        doc,
        "【请填写：县委县政府推进义务教育优质均衡发展的主要做法和成效（经费投入、学校建设、教师队伍建设、"
        "教学质量提升等），并列出佐证材料目录。】",
    )
    for sec in ("prerequisite", "veto"):
        items = [i for i in report["items"] if i["section"] == sec]
        if not items:
            continue
        lead = section_label(report, sec)
        if sec == "veto" and all(i["status"] == "met" for i in items):
            titles = "”“".join(i["title"] for i in items)
            doc.add_paragraph(f"{lead}：经自查，不存在“{titles}”等情形。")
        else:
            doc.add_paragraph(f"{lead}：" + "".join(_item_sentence(i) for i in items))


def _item_sentence(item) -> str:
    detail = item["detail"].rstrip("。")
    if item["section"] == "veto":
        if item["status"] == "met":
            return f"经自查，不存在“{item['title']}”的情形。"
        if item["status"] == "not_met":
            return f"存在“{item['title']}”的情形（{detail}）。"
        return f"“{item['title']}”尚未填报，须核实后补报。"
    if item["status"] == "missing":
        return f"“{item['title']}”尚未填报数据，须补报。"
    return f"{item['title']}，{STATUS_WORDS[item['status']]}（{detail}）。"


def _resources(doc, report, numeral) -> None:
    _heading(doc, numeral, section_label(report, "resources"))
    rule = report.get("school_rule")
    _heading(doc, "一", "学校达标情况", level=2)
    if rule:
        doc.add_paragraph(
            f"按照每所学校（学段）{len(report['indicators'])}项指标中至少{rule['min_met']}项达到标准、"
            "其余指标不低于标准规定比例的要求，逐校核验各项指标，结果如下（详见附表1）："
        )
    t = school_columns(report["schools"])
    by_level = list(zip(t.column("name"), t.column("level"), t.column("passed")))
    for level, v in report["levels"].items():
        if not v["school_parts"]:
            continue
        text = (
            f"{v['label']}参评学校（学段）{v['school_parts']}个，达标{v['passed']}个，"
            f"未达标{v['failed']}个，达标率{percent(v['passed'] / v['school_parts'])}。"
        )
        failing = [n for n, lv, ok in by_level if lv == level and not ok]
        if failing:
            text += f"未达标的是：{'、'.join(failing[: settings.MAX_DOCUMENT_ROWS])}"
            text += f"等{len(failing)}所。" if len(failing) > settings.MAX_DOCUMENT_ROWS else "。"
        doc.add_paragraph(text)
    _heading(doc, "二", "校际差异系数", level=2)
    for level, entries in report["cv"].items():
        r = cv_range(report, entries)
        if r is None:
            continue
        verdict = (
            f"其中{'、'.join(r['over'])}高于{r['limit']}，未达到要求"
            if r["over"]
            else f"均不高于{r['limit']}，达到要求"
        )
        doc.add_paragraph(
            f"{level_label(report, level)}{r['count']}项指标的校际差异系数在{cv_text(r['low'])}～"
            f"{cv_text(r['high'])}之间，{verdict}。"
        )
    for note in cv_notes(report):  # a CV over a single school part says nothing about balance
        doc.add_paragraph(f"{note}。")
    doc.add_paragraph("各项指标的均值、标准差和差异系数见附表2。")


def _items(doc, items) -> None:
    for n, item in enumerate(items, start=1):
        p = doc.add_paragraph(f"{n}．{item['title']}。")
        detail = item["detail"].rstrip("。")
        if item["status"] == "missing":
            placeholder(doc, "【请填写：本项尚未填报数据，请写明情况并附佐证材料。】", p)
            continue
        text = f"经自查，{STATUS_WORDS[item['status']]}：{detail}。"
        if item["failing_schools"]:
            shown = item["failing_schools"][: settings.MAX_DOCUMENT_ROWS]
            text += "未达到要求的学校：" + "；".join(
                f"{s['name']}（{(s.get('detail') or '').rstrip('。')}）" if s.get("detail") else s["name"]
                for s in shown
            )
            more = len(item["failing_schools"]) - len(shown)
            text += f"等{len(item['failing_schools'])}所。" if more else "。"
        if item.get("evidence"):
            text += f"佐证材料：{item['evidence'].rstrip('。')}。"
        p.add_run(text)


def _numbered(doc, lines: list[str], total: int | None = None) -> None:
    """The lines numbered (at most MAX_DOCUMENT_ROWS); `total`: how many there are when `lines` holds
    only the first of them."""
    total = len(lines) if total is None else total
    for n, line in enumerate(lines[: settings.MAX_DOCUMENT_ROWS], start=1):
        doc.add_paragraph(f"{n}．{line}" if total > 1 else line)
    if total > settings.MAX_DOCUMENT_ROWS:
        doc.add_paragraph(f"另有{total - settings.MAX_DOCUMENT_ROWS}条，见差距工作簿（report.xlsx）。")


def _data_note(doc, report) -> None:
    problems = report["problems"]
    if not problems:
        return
    errors = report["counts"]["errors"]  # counted once, by the evaluator
    doc.add_paragraph(
        f"数据核对中发现{len(problems)}处需要更正或核实的数据（其中错误{errors}处），"
        "已列入附表3，须逐项核实后重新核验。"
    )


def _signature(doc, report) -> None:
    doc.add_paragraph()
    doc.add_paragraph()
    for text, mark in (
        (f"{county_name(report)}人民政府", report["county"]["name"] is None),
        (f"{report['county']['year'] or '××××'}年××月××日", True),
    ):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.right_indent = Pt(16 * 4)  # 右空四字, as 公文 落款 are set
        if mark:
            placeholder(doc, text, p)
        else:
            p.add_run(text)
