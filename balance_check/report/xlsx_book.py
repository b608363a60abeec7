"""Shared pieces of the gap workbook: formats, typed safe writing, sheet set-up for screen and print.

Every user string goes through write_string, so a school named "=HYPERLINK(…)", "+1", "-x" or "@y" is
stored as text and never becomes a formula.

Printing: a county prints these sheets on A4 and reads them on paper, so nothing is shrunk to fit the
page width (that printed the school sheets at about half size). Each sheet prints at PRINT_SCALE; a sheet
wider than a page is cut into column groups by vertical page breaks, and the school columns repeat on
every page as print titles. Row heights are set from the text, because LibreOffice and WPS do not grow
wrapped rows the way Excel does."""

import os
import shutil
import zipfile

import numpy as np
import xlsxwriter
import xlsxwriter.workbook
import xlsxwriter.worksheet

from . import xlsx_rows
from .xlsx_lines import column_lines, lines_needed, text_width

ZIP_LEVEL = 1  # zlib level of the parts of a workbook


class _ZipFile(zipfile.ZipFile):
    """XlsxWriter's zip file, compressed at ZIP_LEVEL rather than zlib's default 6: a province's sheets
    are 600 MB of XML at 200,000 schools, which level 6 takes 13 s to compress and level 1 a third of
    that, for a file a quarter larger. XlsxWriter has no option for the level; it looks the class up in
    its module when it saves, so every workbook this program writes is saved this way."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("compresslevel", ZIP_LEVEL)
        super().__init__(*args, **kwargs)


if getattr(xlsxwriter.workbook, "ZipFile", None) is zipfile.ZipFile:  # a later XlsxWriter: left as it is
    xlsxwriter.workbook.ZipFile = _ZipFile


class _Worksheet(xlsxwriter.worksheet.Worksheet):
    """XlsxWriter's worksheet, its rows copied into the sheet as bytes. In constant-memory mode the rows
    go to a temporary UTF-8 text file, which XlsxWriter reads back as text (decoding it) and writes into
    the sheet file (encoding it again): 600 MB at 200,000 schools. The bytes copied are the very bytes
    that round trip makes: the rows hold no carriage return for universal newlines to change (XlsxWriter
    and xlsx_cells write it as _x000D_), and on Windows both files turn \\n into \\r\\n alike."""

    def _write_optimized_sheet_data(self) -> None:
        sheet = getattr(self.fh, "buffer", None)  # an in-memory workbook writes to a StringIO
        if self.dim_rowmin is None or sheet is None or self.row_data_fh is None:
            return super()._write_optimized_sheet_data()
        self._xml_start_tag("sheetData")
        self.row_data_fh.flush()
        self.fh.flush()
        with open(self.row_data_filename, "rb") as rows:
            shutil.copyfileobj(rows, sheet, 1 << 20)
        self.row_data_fh.close()
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")

MET_FILL, NEAR_FILL, LOW_FILL = "#C6EFCE", "#FFEB9C", "#FFC7CE"  # met / 85–100% / below 85%
# The evaluator's band of an indicator (report.json) -> the cell format that colours it.
BAND_FORMAT = {"met": "met", "near": "near", "below": "low"}
PRINT_SCALE = 90  # percent; readable 10 pt text is 9 pt on paper
# A4 landscape less the margins below, in millimetres of paper.
PAGE_WIDTH_MM = {"landscape": 297 - 2 * 12, "portrait": 210 - 2 * 12}
MARGIN_IN = 12 / 25.4
LINE_PT = 13.5  # one line of 10 pt 宋体, with leading
# Width of one unit of column width: 7 px in Excel with 宋体 10 pt as the default font, about 8 px in
# LibreOffice with its substitute; column groups are planned on the wider one so they fit in both.
PX_PER_CHAR, PX_PAD, MM_PER_PX = 8, 5, 25.4 / 96


def open_book(path) -> tuple[xlsxwriter.Workbook, dict]:
    # constant_memory: rows go to disk as written (each sheet is written top to bottom, once)
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "constant_memory": True,
            # column widths count characters of the default font: 宋体 as in the cells, not Calibri,
            # which LibreOffice and WPS may not have and replace with a wider font
            "default_format_properties": {"font_name": "宋体", "font_size": 10},
        },
    )
    wb.worksheet_class = _Worksheet
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
    fmt = {
        "head": wb.add_format(
            {**base, "bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "border": 1, "align": "center"}
        ),
        "title": wb.add_format({**base, "bold": True, "font_size": 14}),
        "text": wb.add_format({**base, "text_wrap": True}),
        "int": wb.add_format({**base, "num_format": "#,##0"}),
        "num": wb.add_format({**base, "num_format": "#,##0.00"}),
        "cv": wb.add_format({**base, "num_format": "0.0000"}),
        "pct": wb.add_format({**base, "num_format": "0.0%"}),
        "total": wb.add_format({**base, "bold": True, "num_format": "#,##0.00", "top": 1}),
        "total_text": wb.add_format({**base, "bold": True, "top": 1}),
        "legend": wb.add_format({**base, "italic": True}),
    }
    for name, colour in (("met", MET_FILL), ("near", NEAR_FILL), ("low", LOW_FILL)):
        fmt[name] = wb.add_format({**base, "num_format": "#,##0.00", "bg_color": colour})
        fmt[name + "_text"] = wb.add_format({**base, "bg_color": colour, "text_wrap": True})
        fmt[name + "_big"] = wb.add_format(
            {**base, "bg_color": colour, "bold": True, "font_size": 18, "align": "center", "border": 1}
        )
    for f in fmt.values():  # numbered now, not by first use: bulk rows (add_rows) number them alike
        f._get_xf_index()
    return wb, fmt


def column_mm(width: float) -> float:
    return (width * PX_PER_CHAR + PX_PAD) * MM_PER_PX


def column_groups(widths: list[float], repeat: int, page_mm: float) -> list[int]:
    """First column of each printed page after the first, so that every page holds the repeated
    columns plus as many further columns as fit."""
    room = page_mm - sum(column_mm(w) for w in widths[:repeat])
    breaks, used = [], 0.0
    for c in range(repeat, len(widths)):
        w = column_mm(widths[c])
        if used and used + w > room:
            breaks.append(c)
            used = 0.0
        used += w
    return breaks


class Sheet:
    """A worksheet written row by row: header row frozen and repeated on every printed page; printed at
    PRINT_SCALE with the county and the sheet name at the head and page numbers at the foot."""

    def __init__(
        self,
        wb,
        fmt,
        name: str,
        columns: list[tuple[str, float]],
        title: str | None = None,
        county: str = "",
        repeat_cols: int = 0,
        legend: list[tuple[str, str]] | None = None,
        orientation: str = "landscape",
    ):
        self.ws, self.fmt = wb.add_worksheet(name), fmt
        self.widths = [w for _, w in columns]
        self.row = 0
        if title:
            self.ws.write_string(0, 0, title, fmt["title"])
            self.ws.set_row(0, 22)
            self.row += 1
        if legend:  # what the colours mean, above the table; each entry spans columns enough for it
            self.ws.write_string(self.row, 0, "颜色说明：", fmt["legend"])
            c = 1
            for words, colour in legend:
                last = c
                while sum(self.widths[c : last + 1]) < text_width(words) + 2 and last + 1 < len(self.widths):
                    last += 1
                if last > c:
                    self.ws.merge_range(self.row, c, self.row, last, words, fmt[colour + "_text"])
                else:
                    self.ws.write_string(self.row, c, words, fmt[colour + "_text"])
                c = last + 1
            self.ws.set_row(self.row, LINE_PT + 6)
            self.row += 1
        self.header_row = self.row
        for c, (head, width) in enumerate(columns):
            self.ws.write_string(self.row, c, head, fmt["head"])
            self.ws.set_column(c, c, width)
        self.ws.set_row(self.row, LINE_PT * max(lines_needed(h, w) for h, w in columns) + 6)
        self.ws.freeze_panes(self.row + 1, repeat_cols)
        self.ws.repeat_rows(self.row)
        if repeat_cols:
            self.ws.repeat_columns(0, repeat_cols - 1)
        self._print_setup(name, county, repeat_cols, orientation)
        self.row += 1

    def _print_setup(self, name: str, county: str, repeat_cols: int, orientation: str) -> None:
        ws = self.ws
        ws.set_landscape() if orientation == "landscape" else ws.set_portrait()
        ws.set_paper(9)  # A4
        ws.set_print_scale(PRINT_SCALE)
        ws.set_margins(left=MARGIN_IN, right=MARGIN_IN, top=0.75, bottom=0.75)
        page_mm = PAGE_WIDTH_MM[orientation] * 100 / PRINT_SCALE
        breaks = column_groups(self.widths, repeat_cols, page_mm)
        if breaks:
            ws.set_v_pagebreaks(breaks)
        ws.print_across()  # all rows of one column group, then the next group
        county = county.replace("&", "&&")
        ws.set_header(f'&L&"宋体"&10{county}&C&"宋体,Bold"&12&A', {"margin": 0.3})
        ws.set_footer('&C&"宋体"&10第 &P 页，共 &N 页', {"margin": 0.3})

    def add(self, values, formats=None) -> int:
        """Write one row; `formats` may name a format per column. Returns the row index written."""
        formats = formats or [None] * len(values)
        if len(formats) < len(values):
            formats = list(formats) + [None] * (len(values) - len(formats))
        lines = max([lines_needed(v, w) for v, w in zip(values, self.widths) if isinstance(v, str)] + [1])
        if lines > 1:  # set before the cells: in constant-memory mode a row is final once left
            self.ws.set_row(self.row, LINE_PT * lines + 3)
        for c, (v, f) in enumerate(zip(values, formats)):
            cell_fmt = self.fmt.get(f) if isinstance(f, str) else f
            write(self.ws, self.row, c, v, cell_fmt, self.fmt)
        self.row += 1
        return self.row - 1


    def add_rows(self, columns: list, formats: list | None = None, heights=None) -> None:
        """Write many rows at once, the same cells as `add` row by row (with set_row(heights[i]) before
        each where given): `columns` are equally long sequences, one per sheet column from the first;
        `formats[c]` names one format for the column, or is a sequence of names (or None) per row."""
        n = len(columns[0]) if columns else 0
        formats = list(formats or []) + [None] * (len(columns) - len(formats or []))
        xfs = [self._xf(f, n) for f in formats]
        defaults = (self._xf("text", 0), self._xf("int", 0), self._xf("num", 0))
        final = self._heights(columns, n, heights)
        self.row += xlsx_rows.write_rows(self.ws, self.row, columns, xfs, defaults, final)

    def _heights(self, columns: list, n: int, heights) -> list:
        """Each row's height as `add` sets it: LINE_PT a line and 3 points more for a row whose wrapped
        texts need several lines, else heights[i] (None: not set)."""
        lines = np.ones(n, dtype=np.int64)
        for values, width in zip(columns, self.widths):
            np.maximum(lines, column_lines(values, width), out=lines)
        final = np.full(n, None, dtype=object)
        if heights is not None:
            final[:] = list(heights)
        several = np.flatnonzero(lines > 1)
        final[several] = [LINE_PT * k + 3 for k in lines[several].tolist()]  # Python floats, as `add`
        return final.tolist()

    def _xf(self, spec, n: int):
        """A format spec (name, Format or None; or one per row) as XlsxWriter's format indices."""
        if spec is None or isinstance(spec, (str, xlsxwriter.format.Format)):
            f = self.fmt.get(spec) if isinstance(spec, str) else spec
            return None if f is None else f._get_xf_index()
        index = {None: None}
        for f in set(spec):
            if f not in index:
                index[f] = self._xf(f, 0)
        return list(map(index.__getitem__, spec))


def write(ws, r: int, c: int, v, cell_fmt, fmt) -> None:
    if v is None:
        if cell_fmt is not None:
            ws.write_blank(r, c, None, cell_fmt)
    elif isinstance(v, bool):
        ws.write_string(r, c, "是" if v else "否", cell_fmt or fmt["text"])
    elif isinstance(v, int):
        ws.write_number(r, c, v, cell_fmt or fmt["int"])
    elif isinstance(v, float):
        ws.write_number(r, c, v, cell_fmt or fmt["num"])
    else:
        ws.write_string(r, c, str(v), cell_fmt or fmt["text"])
