"""Makes self_report.docx, the Word template of the 自评报告 in 公文 form (styles only, no content).

GB/T 9704—2012 as county offices apply it: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
22 lines of 28 characters; title 二号 方正小标宋简体; body 三号 仿宋_GB2312 with a two-character first-line
indent and fixed 28 pt line spacing; 一级标题 三号 黑体, 二级标题 三号 楷体_GB2312; page numbers "— 1 —" in
四号 宋体 at the foot, on the outside edge (right on odd pages, left on even pages).

The font names are what government offices have installed; elsewhere the system substitutes. Every
style names its fonts outright: python-docx's theme font attributes (asciiTheme, eastAsiaTheme, …) are
removed, because Word lets a theme font win over a named one. The East Asian language is zh-CN, so
renderers pick Simplified Chinese glyph forms.

A county restyles its reports by editing self_report.docx in Word (keep the style names: Normal, Title,
Heading 1, Heading 2, Table Grid, Table Text) or by passing another file to write_docx."""

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent / "self_report.docx"

FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG = "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "方正小标宋简体"
SANHAO, ERHAO, SIHAO, WUHAO = 16, 22, 14, 10.5  # 三号, 二号, 四号, 五号 in points
LINE = Pt(28)  # fixed line pitch: 22 lines in the 225 mm type area
LINE_PITCH_TWIPS = 560  # the line grid: 28 pt, 22 lines in the 225 mm type area
# 28 characters of 三号 in the 156 mm type width: each character 0.25 pt narrower than 16 pt. A character
# grid ("linesAndChars") would say the same to Word, but LibreOffice spreads it to about 17 a line.
CHAR_SPACING_TWENTIETHS = -5
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr, name: str) -> None:
    """Name the font for every script (digits and Latin letters too, as 公文 bodies do) and drop themes."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _style(style, font: str, size: float, bold: bool = False) -> None:
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element.get_or_add_rPr(), font)


def _paragraph(
    style, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, line=LINE, keep_next=False, grid=True
):
    """Alignment, exact line spacing, first-line indent; `grid=False` keeps small text (tables, page
    numbers) off the 28 pt line grid, where every line would take a whole grid line."""
    pf = style.paragraph_format
    pf.alignment = align
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = line
    pf.space_before = pf.space_after = Pt(0)
    pf.keep_with_next = keep_next
    ppr = style.element.get_or_add_pPr()
    if not grid:
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        spacing = ppr.find(qn("w:spacing"))
        (spacing.addprevious(snap) if spacing is not None else ppr.append(snap))
    ind = ppr.get_or_add_ind()  # in its schema place, before w:jc
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    if indent:  # two characters, whatever the font size
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), str(2 * int(style.font.size.pt) * 20))
    else:
        ind.set(qn("w:firstLine"), "0")


def _doc_defaults(doc) -> None:
    """docDefaults: named fonts instead of theme fonts, and zh-CN for East Asian text."""
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, FANGSONG)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(SANHAO * 2))
    spacing = (
        styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    )
    for attr in list(spacing.attrib):
        del spacing.attrib[attr]
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(int(LINE.pt * 20)))
    spacing.set(qn("w:lineRule"), "exact")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


KEEP = {
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Table Grid",
    "Footer",
    "Header",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Title Char",
    "Heading 1 Char",
    "Heading 2 Char",
    "Footer Char",
    "Header Char",
}


def _strip_themes(doc) -> None:
    """No style may keep a theme font or a theme colour; python-docx's unused table and list styles
    (full of theme colours) are dropped so the template holds only what the report uses."""
    root = doc.styles.element
    keep = {n.lower() for n in KEEP | {"Table Text", "Appendix Title", "Table Title"}}
    for style in root.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")).lower() not in keep:  # built-ins are stored lower-case
            root.remove(style)
    latent = root.find(qn("w:latentStyles"))
    if latent is not None:
        root.remove(latent)
    for fonts in doc.styles.element.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)
        if not fonts.attrib:
            fonts.getparent().remove(fonts)
    for color in doc.styles.element.iter(qn("w:color")):
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)


AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:lang")


def _char_spacing(rpr, twentieths: int) -> None:
    """w:spacing in its schema place (before w:w, w:kern, w:sz, …), which Word insists on."""
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    later = [child for child in rpr if child.tag in {qn(t) for t in AFTER_SPACING}]
    later[0].addprevious(spacing) if later else rpr.append(spacing)


def _grid(section) -> None:
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.attrib.pop(qn("w:charSpace"), None)


def _page_number(paragraph) -> None:
    """ "— N —" with N a PAGE field, in 四号 宋体."""

    def run(text=None, field=None, instr=None):
        r = paragraph.add_run(text)
        r.font.size = Pt(SIHAO)
        set_fonts(r._r.get_or_add_rPr(), SONGTI)
        if field:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), field)
            r._r.append(el)
        if instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._r.append(el)
        return r

    run("— ")
    run(field="begin")
    run(instr=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def footers(doc, section) -> None:
    """Page numbers on the outside edge: right on odd pages, left on even pages, one character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = doc.styles["Footer"]
        p.alignment = align
        pf = p.paragraph_format
        pf.left_indent = pf.right_indent = Pt(SIHAO)  # 一字 from the edge
        pf.first_line_indent = Pt(0)
        _page_number(p)


def make(out: Path = OUT) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Pt(SIHAO)  # the page number line 7 mm below the type area
    section.header_distance = Mm(15)
    _grid(section)
    _doc_defaults(doc)

    normal = doc.styles["Normal"]
    _style(normal, FANGSONG, SANHAO)
    _paragraph(normal)
    normal.paragraph_format.widow_control = False
    _char_spacing(
        normal.element.get_or_add_rPr(), CHAR_SPACING_TWENTIETHS
    )  # a fixed grid; Word's 公文 templates turn it off

    title = doc.styles["Title"]
    _style(title, XIAOBIAOSONG, ERHAO)
    _paragraph(title, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=Pt(36), keep_next=True, grid=False)
    title.paragraph_format.space_after = LINE  # one empty line under the title
    pbdr = title.element.get_or_add_pPr().find(qn("w:pBdr"))  # python-docx draws a rule under Title
    if pbdr is not None:
        pbdr.getparent().remove(pbdr)

    for name, font in (("Heading 1", HEITI), ("Heading 2", KAITI)):
        style = doc.styles[name]
        _style(style, font, SANHAO)
        _paragraph(style, keep_next=True)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)

    table = doc.styles["Table Grid"]
    _style(table, FANGSONG, WUHAO)
    text = doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = normal
    _style(text, FANGSONG, WUHAO)
    _paragraph(text, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=Pt(14), grid=False)
    head = doc.styles.add_style("Appendix Title", WD_STYLE_TYPE.PARAGRAPH)
    head.base_style = normal
    _style(head, HEITI, SANHAO)
    _paragraph(head, WD_ALIGN_PARAGRAPH.LEFT, indent=False, keep_next=True)
    caption = doc.styles.add_style("Table Title", WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = normal
    _style(caption, XIAOBIAOSONG, SIHAO + 2)  # 小三 for a table's own title
    _paragraph(caption, WD_ALIGN_PARAGRAPH.CENTER, indent=False, keep_next=True, grid=False)
    names = {st.name for st in doc.styles}
    footer = (
        doc.styles["Footer"] if "Footer" in names else doc.styles.add_style("Footer", WD_STYLE_TYPE.PARAGRAPH)
    )
    footer.base_style = normal
    _style(footer, SONGTI, SIHAO)
    _paragraph(footer, WD_ALIGN_PARAGRAPH.RIGHT, indent=False, line=Pt(SIHAO + 4), grid=False)
    _strip_themes(doc)
    footers(doc, section)
    doc.core_properties.language = "zh-CN"
    doc.save(out)
    return out


if __name__ == "__main__":
    print(make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
