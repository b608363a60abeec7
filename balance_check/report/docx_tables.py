"""Tables for the 自评报告 as printed documents need them: header rows repeated on every page, rows that
never split across a page break, fixed column widths in millimetres (on the grid, which LibreOffice reads,
and on each cell, which Word reads), and shaded cells for what falls short."""

import copy

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .xlsx_book import LOW_FILL, NEAR_FILL

SHADE = {"near": NEAR_FILL[1:], "low": LOW_FILL[1:]}
CELL_MARGIN_TWIPS = 45  # 0.8 mm each side: narrow columns of figures keep their room


def grid_table(doc, widths_mm: list[float], header_rows: int, font_pt: float | None = None):
    """An empty grid table of `header_rows` rows; fill it with `fill_row`/`add_row`."""
    table = doc.add_table(rows=header_rows, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    look = tbl_pr.find(qn("w:tblLook"))  # schema order: tblCellMar comes before tblLook
    look.addprevious(margins) if look is not None else tbl_pr.append(margins)
    for column, w in zip(table.columns, widths_mm):
        column.width = Mm(w)
    # the cell style by id: looking a style up by name costs milliseconds, a table has thousands of cells
    table._widths, table._font, table._text_style = widths_mm, font_pt, doc.styles["Table Text"].style_id
    for row in table.rows:
        _row_props(row, header=True)
    return table


def _row_props(row, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages ("未达" / "标")
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page


def fill_row(table, row, values, shades=None, bold: bool = False) -> None:
    shades = shades or [None] * len(values)
    for cell, w, v, shade in zip(row.cells, table._widths, values, shades):
        cell.width = Mm(w)
        p = cell.paragraphs[0]
        p._p.style = table._text_style
        run = p.add_run("—" if v is None else str(v))
        if bold:
            run.font.bold = True
        if table._font:
            run.font.size = Pt(table._font)
        if shade in SHADE:
            cell._tc.get_or_add_tcPr().append(_shading(SHADE[shade]))


def add_row(table, values, shades=None) -> None:
    """A body row. The first is built through python-docx; the rest are copies of its XML with the text
    and shading set, since python-docx spends milliseconds a cell and a 附表 has thousands of cells."""
    shades = shades or [None] * len(values)
    template = getattr(table, "_row_template", None)
    if template is None:
        row = table.add_row()
        _row_props(row, header=False)
        fill_row(table, row, ["x"] * len(values))
        table._row_template = template = copy.deepcopy(row._tr)
        table._tbl.remove(row._tr)
    tr = copy.deepcopy(template)
    table._tbl.append(tr)
    for tc, v, shade in zip(tr.iterchildren(qn("w:tc")), values, shades):
        text = tc.find(f"{qn('w:p')}/{qn('w:r')}/{qn('w:t')}")
        text.text = "—" if v is None else str(v)
        text.set(qn("xml:space"), "preserve")
        if shade in SHADE:
            tc.find(qn("w:tcPr")).append(_shading(SHADE[shade]))


def _shading(fill: str):
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def header(table, rows: list[list[str | None]]) -> None:
    """Header text; None continues the cell to the left (across) and "^" the cell above (down)."""
    for row in table.rows:
        for cell, w in zip(row.cells, table._widths):
            cell.width = Mm(w)
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            if v is None:
                start = c - 1
                while values[start] is None:
                    start -= 1
                table.cell(r, start).merge(table.cell(r, c))
            elif v == "^":
                table.cell(r - 1, c).merge(table.cell(r, c))
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            if v is None or v == "^":
                continue
            cell = table.cell(r, c)
            for extra in cell.paragraphs[1:]:  # merge() keeps the empty paragraphs of merged cells
                extra._p.getparent().remove(extra._p)
            p = cell.paragraphs[0]
            p._p.style = table._text_style
            run = p.add_run(v)
            run.font.bold = True
            if table._font:
                run.font.size = Pt(table._font)
