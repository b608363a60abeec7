"""The 自评报告's Word XML: 公文 fonts named on every style with no theme font left to override them,
Simplified Chinese as the East Asian language, page set-up, repeated table headers, rows that do not
split, and a page-number field in the footer."""

import re
import zipfile

import pytest
from docx import Document
from lxml import etree

from balance_check.report import write_reports

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEME = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
EAST_ASIAN = {
    "Normal": "仿宋_GB2312",
    "Title": "方正小标宋简体",
    "heading 1": "黑体",
    "heading 2": "楷体_GB2312",
}


@pytest.fixture(scope="module", params=["county_a", "county_b"])
def written(request, fixtures_dir, tmp_path_factory, checked):
    out = tmp_path_factory.mktemp(request.param)
    report = checked(fixtures_dir / f"{request.param}.xlsx")
    write_reports(report, out, ["docx"])
    with zipfile.ZipFile(out / "report.docx") as z:
        parts = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xml")}
    return report, out / "report.docx", parts


def test_no_style_or_doc_default_carries_a_theme_font(written):
    _, _, parts = written
    styles = parts["word/styles.xml"]
    fonts = styles.findall(f".//{W}rFonts")
    assert fonts
    assert not [f.attrib for f in fonts if any(W + a in f.attrib for a in THEME)]


def test_east_asian_language_is_simplified_chinese(written):
    _, _, parts = written
    lang = parts["word/styles.xml"].find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(W + "eastAsia") == "zh-CN"


def test_normal_title_and_headings_name_the_official_east_asian_fonts(written):
    _, _, parts = written
    by_name = {s.find(f"{W}name").get(W + "val"): s for s in parts["word/styles.xml"].findall(f"{W}style")}
    for name, font in EAST_ASIAN.items():
        fonts = by_name[name].find(f"{W}rPr/{W}rFonts")
        assert fonts is not None and fonts.get(W + "eastAsia") == font, name


def test_body_is_sanhao_with_fixed_28pt_lines_and_two_character_indent(written):
    _, path, _ = written
    doc = Document(str(path))
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 16 and normal.paragraph_format.line_spacing.pt == 28
    ind = normal.element.pPr.find(f"{W}ind")
    assert ind.get(W + "firstLineChars") == "200"
    assert doc.styles["Title"].font.size.pt == 22
    assert doc.styles["Heading 1"].font.size.pt == doc.styles["Heading 2"].font.size.pt == 16
    first = doc.sections[0]
    margins = [
        round(m.mm) for m in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
    ]
    assert margins == [37, 35, 28, 26] and (round(first.page_width.mm), round(first.page_height.mm)) == (
        210,
        297,
    )


def test_table_headers_repeat_and_rows_do_not_split(written):
    _, _, parts = written
    tables = parts["word/document.xml"].findall(f".//{W}tbl")
    assert len(tables) >= 2
    for table in tables:
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)


def test_footers_hold_a_page_number_field_between_dashes(written):
    _, _, parts = written
    footers = [x for n, x in parts.items() if re.match(r"word/footer\d+\.xml", n)]
    assert footers
    for footer in footers:
        instr = "".join(t.text for t in footer.iter(f"{W}instrText"))
        text = "".join(t.text for t in footer.iter(f"{W}t"))
        assert "PAGE" in instr and text.startswith("— ") and text.endswith(" —")
    settings = parts["word/settings.xml"]
    assert settings.find(f"{W}evenAndOddHeaders") is not None  # outside edge: odd right, even left


def test_text_has_no_item_ids_no_truncation_and_no_tool_phrases(written):
    report, path, _ = written
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    ids = [i["id"] for i in report["items"]]
    assert not [i for i in ids if re.search(rf"(?<![A-Za-z0-9_]){i}(?![A-Za-z0-9_])", text)]
    assert "…" not in text and "数据有误未能评估的学校 0 所" not in text
    for item in report["items"]:
        assert item["title"] in text  # every item by its full title


def test_opening_paragraph_states_the_verdict_with_the_requirement(written):
    report, path, _ = written
    doc = Document(str(path))
    requirement = report["standard"]["report_title"]["requirement"]
    opening = doc.paragraphs[1].text
    assert opening.startswith("根据《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）")
    verdict = "已达到" if report["passed"] else "尚未达到"
    assert f"经自查，我县{verdict}{requirement}要求" in opening
    assert doc.paragraphs[0].text.endswith(report["standard"]["report_title"]["document"])
