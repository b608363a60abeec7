"""Makes self_report.docx, the Word template of the draft 自评报告 (styles only, no content).

A county restyles its reports by editing self_report.docx in Word (keep the style names: Normal,
Title, Heading 1, Heading 2, Table Grid, List Bullet) or by passing another file to write_docx."""

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent / "self_report.docx"


def _font(style, east_asian: str, size: float, bold: bool = False) -> None:
    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def make(out: Path = OUT) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.8)
    _font(doc.styles["Normal"], "宋体", 12)  # 小四
    doc.styles["Normal"].paragraph_format.line_spacing = 1.5
    _font(doc.styles["Title"], "方正小标宋简体", 22, bold=True)  # 二号; falls back to any CJK font
    _font(doc.styles["Heading 1"], "黑体", 16, bold=True)  # 三号
    _font(doc.styles["Heading 2"], "楷体", 14, bold=True)  # 四号
    _font(doc.styles["Table Grid"], "宋体", 10.5)
    doc.save(out)
    return out


if __name__ == "__main__":
    print(make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
