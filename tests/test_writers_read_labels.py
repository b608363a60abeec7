"""Writers only read: render every format from a report dict whose section, level and indicator labels
were changed, and find the changed labels (and not the old ones) in each."""

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from fixtures.golden.make_golden import WORKBOOKS

from balance_check.report import write_reports

FORMATS = ("md", "html", "docx", "xlsx")


@pytest.fixture(scope="module")
def relabelled(checked):
    report = checked(WORKBOOKS["county_a"])  # a copy of its own: changed below
    sections = {k: f"甲{n}部分" for n, k in enumerate(report["sections"])}
    levels = {k: f"乙{n}学段" for n, k in enumerate(report["levels"])}
    indicators = {i["id"]: f"丙{n}指标" for n, i in enumerate(report["indicators"])}
    for k, label in sections.items():
        report["sections"][k]["label"] = label
    for k, label in levels.items():
        report["levels"][k]["label"] = label
    for i in report["indicators"]:
        i["name"] = indicators[i["id"]]
    # Sentences the evaluator or the standard file wrote are copied verbatim by the writers; they are
    # blanked here so that an old label found below can only have come from a writer.
    report["reasons"], report["notes"] = [], []
    for entry in report["excluded"]:
        entry["reason"] = "原因"
    for item in report["items"]:
        item["title"], item["detail"] = "内容", "情况"
    for section in report["sections"].values():
        section["detail"] = "说明"
    for c in report["plan"]["county"]:  # the planner's sentences, copied verbatim as well
        c["title"], c["measures"] = "内容", ["措施"]
        for s in c["schools"]:
            s["detail"] = "情况"
    for row in report["plan"]["ledger"]:
        row["problem"], row["measure"] = "问题", "措施"
    return report, sections, levels, indicators


def _text(path) -> str:
    """Every piece of text a reader of the file can see (docx paragraphs and tables, xlsx cells and
    sheet names)."""
    if path.suffix == ".docx":
        doc = Document(str(path))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            xml = [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")]
        return "\n".join(re.sub(r"<[^>]+>", "\n", x) for x in xml)
    return path.read_text("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_the_labels_of_the_report_not_its_own(relabelled, tmp_path, fmt):
    report, sections, levels, indicators = relabelled
    (path,) = write_reports(report, tmp_path, [fmt])
    text = _text(path)
    shown_sections = [k for k in sections if k != "data"] if fmt == "docx" else list(sections)
    for k in shown_sections:
        assert sections[k] in text, (fmt, k)
    for k, label in levels.items():
        assert label in text, (fmt, k)
    for k, label in indicators.items():
        assert label in text, (fmt, k)
    for old in ("资源配置", "政府保障程度", "社会认可度", "否决项", "前提条件", "数据完整性"):
        assert old not in text, (fmt, old)


def test_no_writer_imports_the_boundary_rule_or_recounts_passes():
    """Bands, counts and verdicts are decided in the evaluator; report/ only reads them."""
    report_dir = Path(__file__).resolve().parent.parent / "balance_check" / "report"
    for path in report_dir.rglob("*.py"):
        source = path.read_text("utf-8")
        assert "boundary" not in source, path.name
        assert not re.search(r"sum\([^)]*\[\"passed\"\]", source), path.name
        assert "floor_ratio" not in source, path.name
