"""The draft 自评报告 (.docx) and the one-page HTML read back and checked against the evaluation."""

import re
import shutil
import subprocess
from html.parser import HTMLParser

import openpyxl
import pytest
from docx import Document

from balance_check import check_workbook
from balance_check.report import write_reports

LEVEL = {"primary": "小学", "junior": "初中"}  # the labels of national-2017
HOSTILE = "<script>alert(1)</script>小学"


@pytest.fixture(scope="module")
def written(fixtures_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    wb = openpyxl.load_workbook(fixtures_dir / "county_a.xlsx")
    wb["学校"]["B3"] = HOSTILE  # 东关小学, which fails
    wb.save(out / "in.xlsx")
    report = check_workbook(out / "in.xlsx")
    write_reports(report, out, ["docx", "html", "xlsx"])
    return report, out


def _section(doc, start: str, end: str) -> str:
    texts = [p.text for p in doc.paragraphs]
    i = next(n for n, t in enumerate(texts) if t.startswith(start))
    j = next(n for n, t in enumerate(texts) if t.startswith(end))
    return "\n".join(texts[i:j])


def test_docx_names_every_failing_school_part_under_problems(written):
    report, out = written
    doc = Document(str(out / "report.docx"))
    problems = _section(doc, "四、存在的主要问题", "五、整改措施")
    for s in report["schools"]:
        if not s["passed"]:
            assert f"{s['name']}（{LEVEL[s['level']]}）" in problems
    assert "本县义务教育优质均衡发展自评报告" in doc.paragraphs[0].text  # county_a has no 县域 sheet


def test_docx_appendix_lists_every_school_part_and_cv_table_matches(written):
    report, out = written
    doc = Document(str(out / "report.docx"))
    appendix = doc.tables[-1]
    listed = [(r.cells[0].text, r.cells[1].text) for r in appendix.rows[1:]]
    assert listed == [(s["name"], LEVEL[s["level"]]) for s in report["schools"]]
    cv_table = next(t for t in doc.tables if t.rows[0].cells[4].text == "差异系数")
    shown = {(r.cells[0].text, r.cells[1].text): r.cells[4].text for r in cv_table.rows[1:]}
    names = {i["id"]: i["name"] for i in report["indicators"]}
    for level, entries in report["cv"].items():
        for k, e in entries.items():
            assert shown[(LEVEL[level], names[k])] == f"{e['cv']:.4f}"


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
    assert ("总体结论：达到" in text) is report["passed"] and ("总体结论：未达到" in text) is (
        not report["passed"]
    )
    assert len(page.rects) == sum(len(e) for e in report["cv"].values())  # one bar per indicator per level


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice absent")
def test_libreoffice_opens_the_workbook_and_the_document(written, tmp_path):
    _, out = written
    office = shutil.which("soffice") or shutil.which("libreoffice")
    for name in ("report.docx", "report.xlsx"):
        proc = subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / name)],
            capture_output=True,
            text=True,
            timeout=180,
        )
        pdf = tmp_path / name.replace(".docx", ".pdf").replace(".xlsx", ".pdf")
        assert proc.returncode == 0 and pdf.exists() and pdf.stat().st_size > 1000, proc.stderr
