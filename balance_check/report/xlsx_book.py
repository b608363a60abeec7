"""Shared pieces of the gap workbook: formats, typed safe writing, sheet set-up for screen and print.

Every user string goes through write_string, so a school named "=HYPERLINK(…)", "+1", "-x" or "@y" is
stored as text and never becomes a formula."""

import xlsxwriter

MET_FILL, NEAR_FILL, LOW_FILL = "#C6EFCE", "#FFEB9C", "#FFC7CE"  # met / 85–100% / below 85%
# The evaluator's band of an indicator (report.json) -> the cell format that colours it.
BAND_FORMAT = {"met": "met", "near": "near", "below": "low"}


def open_book(path) -> tuple[xlsxwriter.Workbook, dict]:
    # constant_memory: rows go to disk as written (each sheet is written top to bottom, once)
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "constant_memory": True,
        },
    )
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
    }
    for name, colour in (("met", MET_FILL), ("near", NEAR_FILL), ("low", LOW_FILL)):
        fmt[name] = wb.add_format({**base, "num_format": "#,##0.00", "bg_color": colour})
        fmt[name + "_text"] = wb.add_format({**base, "bg_color": colour})
    return wb, fmt


class Sheet:
    """A worksheet written row by row: header row frozen and repeated on every printed page."""

    def __init__(self, wb, fmt, name: str, columns: list[tuple[str, float]], title: str | None = None):
        self.ws, self.fmt = wb.add_worksheet(name), fmt
        self.row = 0
        if title:
            self.ws.write_string(0, 0, title, fmt["title"])
            self.row = 1
        self.header_row = self.row
        for c, (head, width) in enumerate(columns):
            self.ws.write_string(self.row, c, head, fmt["head"])
            self.ws.set_column(c, c, width)
        self.ws.set_row(self.row, 64 if any(len(h) > 12 for h, _ in columns) else 30)
        self.ws.freeze_panes(self.row + 1, 0)
        self.ws.repeat_rows(0, self.row)
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.fit_to_pages(1, 0)  # fit the width, as many pages down as needed
        self.row += 1

    def add(self, values, formats=None) -> int:
        """Write one row; `formats` may name a format per column. Returns the row index written."""
        formats = list(formats or [])
        formats += [None] * (len(values) - len(formats))  # a shorter list formats the first columns only
        for c, (v, f) in enumerate(zip(values, formats)):
            cell_fmt = self.fmt.get(f) if isinstance(f, str) else f
            write(self.ws, self.row, c, v, cell_fmt, self.fmt)
        self.row += 1
        return self.row - 1


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
