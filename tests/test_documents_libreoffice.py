"""The documents as a county official sees them: the 自评报告 and the gap workbook rendered by LibreOffice to
PDF, with the official font names mapped by a fontconfig file (tests/office.py: 仿宋_GB2312, 宋体,
方正小标宋简体 → Noto Serif CJK SC; 黑体 → Noto Sans CJK SC; 楷体_GB2312 → AR PL UKai CN), read back with
poppler.

.ci/run installs libreoffice-writer, libreoffice-calc, poppler-utils, fonts-noto-cjk and fonts-arphic-ukai;
where they cannot be installed these tests skip and say which is missing."""

import re
import shutil
import subprocess

import pytest
from office import ALIASES, GLYPH_LANGUAGES, OFFICE

TOOLS = {name: shutil.which(name) for name in ("pdffonts", "pdftotext", "pdftoppm", "fc-list")}
# PDF font names of those families. Noto CJK's .ttc files share one CFF table named after the Japanese
# face ("NotoSerifCJKjp-Regular") whichever language face is used, so the name cannot tell SC from JP;
# test_simplified_chinese_glyph_forms checks the glyphs themselves.
PDF_FONT = re.compile(r"^(NotoSerifCJK\w*|NotoSansCJK\w*|UKaiCN)")


def _missing() -> str | None:
    if not OFFICE:
        return "LibreOffice (soffice) is not installed"
    absent = [n for n, p in TOOLS.items() if not p]
    if absent:
        return f"{', '.join(absent)} not installed (poppler-utils, fontconfig)"
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    fonts = [f for f in set(ALIASES.values()) if f not in families]
    return f"fonts not installed: {', '.join(fonts)} (fonts-noto-cjk, fonts-arphic-ukai)" if fonts else None


# The renderings read back below need poppler and the fonts; that LibreOffice opens a document needs
# LibreOffice alone (conftest.office_pdfs skips without it).
rendering = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def _text(pdf, first=None, last=None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    args += ["-f", str(first)] if first else []
    args += ["-l", str(last)] if last else []
    return subprocess.run(args + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _printed(expected: str, text: str, start: int = 0, pieces: int = 4, gap: int = 400) -> bool:
    """Whether `expected` is printed in `text`, whole or wrapped over up to `pieces` lines of its cell:
    pdftotext reads a page line by line, so the lines of neighbouring cells may come in between."""
    found = text.find(expected, start)
    if found >= 0 and (start == 0 or found - start <= gap):
        return True
    if pieces == 1:
        return False
    for cut in range(len(expected) - 3, 2, -1):  # a wrapped line holds three characters at least
        at = text.find(expected[:cut], start)
        while at >= 0 and (start == 0 or at - start <= gap):
            if _printed(expected[cut:], text, at + cut, pieces - 1, gap):
                return True
            at = text.find(expected[:cut], at + 1)
    return False


@pytest.fixture(scope="module")
def rendered(office_pdfs):
    """county_a's and county_b's 自评报告 and gap workbook as PDFs (conftest.office_pdfs: one soffice run
    for every document the tests render)."""
    return office_pdfs


@rendering
def test_pdf_uses_only_the_mapped_fonts(rendered):
    _, tmp, _ = rendered
    for pdf in sorted(tmp.glob("county_*.pdf")):
        lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
        names = {line.split()[0].split("+")[-1] for line in lines}
        assert names and all(PDF_FONT.match(n) for n in names), (pdf.name, names)
    docx_fonts = subprocess.run(
        ["pdffonts", str(tmp / "county_a_report.pdf")], capture_output=True, text=True
    ).stdout
    for family in ("NotoSerifCJK", "NotoSansCJK", "UKaiCN"):  # body, 一级标题, 二级标题 all rendered
        assert family in docx_fonts


@rendering
def test_first_page_states_the_verdict(rendered):
    reports, tmp, _ = rendered
    for name in ("county_a", "county_b"):
        requirement = reports[name]["standard"]["report_title"]["requirement"]
        first = _flat(_text(tmp / f"{name}_report.pdf", 1, 1))
        if reports[name]["passed"]:
            assert f"达到{requirement}" in first and "尚未达到" not in first, name
        else:
            assert f"尚未达到{requirement}" in first, name
    assert reports["county_b"]["passed"] and not reports["county_a"]["passed"]


@rendering
def test_every_school_part_appears_in_the_report_and_the_workbook(rendered):
    reports, tmp, _ = rendered
    for name, report in reports.items():
        for kind in ("report", "book"):
            text = _flat(_text(tmp / f"{name}_{kind}.pdf"))
            for s in report["schools"]:
                assert _flat(s["name"]) in text, (name, kind, s["name"])


@rendering
def test_problem_sheet_prints_every_problem_with_all_its_fields(rendered):
    reports, tmp, _ = rendered
    for name, report in reports.items():
        text = _flat(_text(tmp / f"{name}_book.pdf"))
        assert report["problems"] and "数据问题" in text
        for p in report["problems"]:
            # the code is shown by its Chinese meaning (code_label); the code itself stays in report.json
            for field in ("sheet", "column", "school", "message", "code_label"):
                if p.get(field) is not None:
                    assert _printed(_flat(str(p[field])), text), (name, field, p[field])
            for field in ("row", "value"):  # numbers as the user typed them (32, not 32.0)
                v = p.get(field)
                if v is not None:
                    v = int(v) if isinstance(v, float) and v.is_integer() else v
                    assert re.search(rf"(?<![\d.]){re.escape(str(v))}(?![\d])", text), (name, field, v)


@rendering
def test_simplified_chinese_glyph_forms(rendered, tmp_path):
    """门, 直, 角 differ between Chinese and Japanese glyph forms: the template's default language renders
    them as text marked zh-CN does, and not as text marked ja-JP (office.glyph_documents)."""
    _, tmp, _ = rendered
    pictures = {}
    for lang in GLYPH_LANGUAGES:
        stem = f"glyphs_{lang or 'default'}"
        first_page = ["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1"]
        subprocess.run(first_page + [str(tmp / f"{stem}.pdf"), str(tmp_path / stem)], check=True)
        pictures[stem] = next(tmp_path.glob(f"{stem}*.png")).read_bytes()
    assert pictures["glyphs_default"] == pictures["glyphs_zh-CN"]
    assert pictures["glyphs_default"] != pictures["glyphs_ja-JP"]


def test_libreoffice_opens_the_workbook_and_the_document(office_pdfs):
    """county_a with a failing school renamed to a script tag (conftest.hostile_county_a): its report.docx
    and report.xlsx are converted in the session's one soffice run, which fails unless soffice exits 0."""
    _, folder, _ = office_pdfs
    for kind in ("report", "book"):  # report.docx and report.xlsx
        pdf = folder / f"hostile_{kind}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 1000, pdf.name
