"""The draft 自评报告 (.docx) and the one-page HTML read back and checked against the evaluation."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from balance_check import check_workbook
from balance_check.report import findings, write_reports
from balance_check.settings import MAX_DOCUMENT_ROWS

LEVEL = {"primary": "小学", "junior": "初中"}  # the labels of national-2017
DEMO = Path(__file__).resolve().parent.parent / "sample_data" / "demo_county.xlsx"


@pytest.fixture(scope="module")
def written(hostile_county_a):
    """county_a with 东关小学 (which fails) renamed to a script tag, written as .docx, .html and .xlsx
    (conftest.hostile_county_a)."""
    return hostile_county_a


def _section(doc, start: str, end: str) -> str:
    """Paragraphs from the heading ending in `start` to the heading ending in `end` (numbered 一、二、…)."""
    texts = [p.text for p in doc.paragraphs]
    i = next(n for n, t in enumerate(texts) if t.endswith(start) and "、" in t[:3])
    j = next(n for n, t in enumerate(texts) if t.endswith(end) and "、" in t[:3])
    return "\n".join(texts[i:j])


def test_docx_names_every_failing_school_part_under_problems(written):
    report, out = written
    doc = Document(str(out / "report.docx"))
    problems = _section(doc, "存在的问题", "整改措施")
    for s in report["schools"]:
        if not s["passed"]:
            assert f"{s['name']}（{LEVEL[s['level']]}）" in problems
    assert doc.paragraphs[0].text == "××县义务教育优质均衡发展自评报告"  # county_a has no 县域 sheet


def _school_tables(doc):
    return [t for t in doc.tables if t.rows[0].cells[0].text == "学校名称"]


def test_docx_appendix_lists_every_school_part_with_counts_ratios_and_cv_matrix(written):
    report, out = written
    doc = Document(str(out / "report.docx"))
    tables = _school_tables(doc)
    levels = [lvl for lvl in LEVEL if any(s["level"] == lvl for s in report["schools"])]
    assert len(tables) == len(levels)
    inds = report["indicators"]
    for level, table in zip(levels, tables):
        parts = [s for s in report["schools"] if s["level"] == level]
        rows = table.rows[2:]  # two header rows: indicator and standard, then 总量 / 每百生 or 生均
        assert [r.cells[0].text for r in rows] == [s["name"] for s in parts]
        for row, s in zip(rows, parts):
            for j, ind in enumerate(inds):
                e = s["indicators"][ind["id"]]
                count, ratio = row.cells[2 + 2 * j].text, row.cells[3 + 2 * j].text
                assert float(count.replace(",", "")) == pytest.approx(e["raw"], abs=0.051)
                assert float(ratio.replace(",", "")) == pytest.approx(e["value"], abs=0.0051)
            assert row.cells[-1].text == ("是" if s["passed"] else "否")
        units = [c.text for c in table.rows[1].cells[2 : 2 + 2 * len(inds)]]
        assert all(f"（{ind['unit']}）" in units[2 * j] for j, ind in enumerate(inds))
    cv_table = next(t for t in doc.tables if t.rows[0].cells[1].text == "项目")
    header = [c.text for c in cv_table.rows[0].cells]
    shown = {(r.cells[0].text, r.cells[1].text): [c.text for c in r.cells] for r in cv_table.rows[1:]}
    for level, entries in report["cv"].items():
        for k, e in entries.items():
            name = next(i["name"] for i in inds if i["id"] == k)
            col = next(n for n, h in enumerate(header) if h.startswith(name))
            assert shown[(LEVEL[level], "差异系数")][col] == f"{e['cv']:.4f}"


def test_docx_shades_every_school_cell_that_falls_short(written):
    report, out = written
    doc = Document(str(out / "report.docx"))
    floor = report["school_rule"]["floor_ratio"]
    fills = {"near": "FFEB9C", "low": "FFC7CE"}
    levels = [lvl for lvl in LEVEL if any(s["level"] == lvl for s in report["schools"])]
    for level, table in zip(levels, _school_tables(doc)):
        parts = [s for s in report["schools"] if s["level"] == level]
        for row, part in zip(table.rows[2:], parts):
            for j, ind in enumerate(report["indicators"]):
                e = part["indicators"][ind["id"]]
                shd = row.cells[3 + 2 * j]._tc.tcPr.find(qn("w:shd"))
                want = None if e["met"] else fills["near" if e["ratio"] >= floor * (1 - 1e-9) else "low"]
                assert (None if shd is None else shd.get(qn("w:fill"))) == want, (part["name"], ind["id"])


def test_docx_lists_the_data_problems_in_an_appendix(written):
    report, out = written
    doc = Document(str(out / "report.docx"))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "级别")
    messages = [r.cells[-1].text for r in table.rows[1:]]
    assert messages == [p["message"] for p in report["problems"]]


def test_basic_balance_report_is_titled_by_its_own_standard(fixtures_dir, tmp_path):
    report = check_workbook(fixtures_dir / "county_b.xlsx", "basic-2012")
    write_reports(report, tmp_path, ["docx", "html"])
    doc = Document(str(tmp_path / "report.docx"))
    assert doc.paragraphs[0].text.endswith("义务教育发展基本均衡自评报告")
    assert "国家县域义务教育发展基本均衡评估认定要求" in doc.paragraphs[1].text
    html = (tmp_path / "report.html").read_text("utf-8")
    heading = re.search(r"<h1>(.*?)</h1>", html).group(1) + re.search(r"<title>(.*?)</title>", html).group(1)
    assert (
        "基本均衡" in heading and "优质均衡" not in heading + doc.paragraphs[0].text + doc.paragraphs[1].text
    )


def test_docx_marks_what_the_county_must_write_itself(written):
    _, out = written
    doc = Document(str(out / "report.docx"))
    placeholders = [r for p in doc.paragraphs for r in p.runs if r.text.startswith("【请")]
    assert len(placeholders) >= 3 and all(r.font.highlight_color is not None for r in placeholders)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.rects, self.text, self.scripts = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [v for k, v in attrs.items() if k in ("src", "href") and v]
        self.scripts += tag == "script"
        if tag == "rect" and attrs.get("class") == "bar":
            self.rects.append(attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_escaped_and_states_the_verdict(written):
    report, out = written
    html = (out / "report.html").read_text("utf-8")
    page = _Collector()
    page.feed(html)
    assert page.urls == [] and not re.search(r"https?://", html)
    assert page.scripts == 0 and "&lt;script&gt;alert(1)&lt;/script&gt;小学" in html
    text = "".join(page.text)
    requirement = report["standard"]["report_title"]["requirement"]
    assert (f"总体结论：达到{requirement}要求" in text) is report["passed"]
    assert (f"总体结论：尚未达到{requirement}要求" in text) is (not report["passed"])
    assert len(page.rects) == sum(len(e) for e in report["cv"].values())  # one bar per indicator per level


def test_html_lists_the_data_problems(written):
    report, out = written
    page = _Collector()
    page.feed((out / "report.html").read_text("utf-8"))
    text = "".join(page.text)
    assert report["problems"] and f"数据问题（{len(report['problems'])} 处" in text
    for p in report["problems"][:MAX_DOCUMENT_ROWS]:
        assert p["message"] in text and (p["school"] or "") in text


def _excluded(*rows) -> dict:
    return {"excluded": [{"name": n, "row": r, "reason": why} for n, r, why in rows]}


SMALL, SPECIAL = "不足50人的教学点不参加资源配置评估", "特殊教育学校不参加资源配置评估"


def test_excluded_schools_are_grouped_by_reason_each_reason_said_once():
    report = _excluded(
        ("甲教学点", 3, SMALL), ("特教学校", 4, SPECIAL), ("乙教学点", 5, SMALL), (None, 9, SMALL)
    )
    assert findings.excluded(report, MAX_DOCUMENT_ROWS) == (
        f"甲教学点、乙教学点、第9行共3所，{SMALL}；特教学校，{SPECIAL}"
    )


def test_excluded_schools_beyond_the_limit_are_counted_not_named():
    report = _excluded(*[(f"教学点{k}", k, SMALL) for k in range(5)], ("特教学校", 9, SPECIAL))
    assert findings.excluded(report, 2) == f"教学点0、教学点1等5所，{SMALL}；另1所，{SPECIAL}"


def test_docx_basics_name_each_excluded_school_and_its_reason_once(checked, tmp_path):
    report = checked(DEMO)
    write_reports(report, tmp_path, ["docx"])
    basics = _section(Document(str(tmp_path / "report.docx")), "基本情况", "资源配置")
    assert f"不参加资源配置评估的学校{len(report['excluded'])}所：" in basics
    for e in report["excluded"]:
        assert basics.count(e["reason"]) == 1 and e["name"] in basics
