"""Many rows of a gap-workbook sheet at once, for the sheets with a row per school or measure.

XlsxWriter makes a named tuple, a dict entry and a dozen Python calls for every cell it writes: 1.4 M
cells at 30,000 schools took 12 s, ten million at 200,000 more than a minute. Here the cells' XML is
made a column at a time and appended to the worksheet's own row file (the file XlsxWriter fills in
constant-memory mode and copies into the sheet on close). The XML is the very text XlsxWriter writes for
the same calls — `Sheet.add` per row (with `set_row` before it) — which tests/test_xlsx_rows.py checks
byte for byte; the escaping of unusual text is XlsxWriter's own code, called for the few cells that
need it. Texts are inline strings (never formulas), as XlsxWriter writes them in constant-memory mode.
"""

import math
import re

from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

CHUNK = 1024  # rows made into XML at a time: a few MB of text
# Text XlsxWriter would change (escapes, control characters, _xHHHH_, edge whitespace): its own code
# handles these; every other text goes into the cell as it is.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_SPECIAL_CHARS = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_x[0-9a-fA-F]{4}_")
_STRMAX = 32767  # Excel's longest cell text, in UTF-16 units (XlsxWriter truncates beyond)


def _escaped(text: str) -> tuple[str, bool]:
    """(XML of the text, whether it is a rich string) exactly as XlsxWriter writes an inline string."""
    if len(text) > _STRMAX // 2 and _utf16_len(text) > _STRMAX:
        text = _utf16_truncate(text, _STRMAX)
    text = XMLwriter._escape_control_characters(text)
    if text.startswith("<r>") and text.endswith("</r>"):
        return text, True
    preserve = _preserve_whitespace(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (' xml:space="preserve">' if preserve else ">") + text, False


def _text_cell(ref: str, xf, text: str) -> str:
    if _SPECIAL.search(text) is None and len(text) <= _STRMAX // 2:
        return f'<c r="{ref}" s="{xf}" t="inlineStr"><is><t>{text}</t></is></c>'
    body, rich = _escaped(text)
    if rich:
        return f'<c r="{ref}" s="{xf}" t="inlineStr"><is>{body}</is></c>'
    return f'<c r="{ref}" s="{xf}" t="inlineStr"><is><t{body}</t></is></c>'


def _number_cell(ref: str, xf, number: float) -> str:
    if math.isnan(number) or math.isinf(number):  # as XlsxWriter without nan_inf_to_errors
        raise TypeError("NAN/INF not supported in write_number() without 'nan_inf_to_errors' option")
    return f'<c r="{ref}" s="{xf}"><v>{number:.16G}</v></c>'


def column_cells(letter: str, rows: list[str], values: list, xfs, defaults: tuple) -> list[str]:
    """The <c> elements of one column over `rows` (1-based row numbers as text); "" where no cell is
    written. `xfs`: one format index or None for every cell, or a list of them per cell; None is the
    default of the value's kind (text, int, num in `defaults`), as xlsx_book.write decides per cell.

    A column of one kind (texts that need no escaping, finite floats or ints; None beside them) is made
    by one comprehension; any other column cell by cell."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    per_cell = xfs if isinstance(xfs, list) else [xfs] * len(values)
    if len(kinds) == 1:
        kind = next(iter(kinds))
        blank = '<c r="{}{}" s="{}"/>'.format
        if kind is str and _plain_texts(values):
            d = defaults[0]
            return [
                (blank(letter, r, xf) if xf is not None else "")
                if v is None
                else f'<c r="{letter}{r}" s="{d if xf is None else xf}" t="inlineStr"><is><t>{v}</t></is></c>'
                for r, v, xf in zip(rows, values, per_cell)
            ]
        finite = kind is float and all(map(math.isfinite, (v for v in values if v is not None)))
        if finite or kind is int:
            d = defaults[2] if finite else defaults[1]
            return [
                (blank(letter, r, xf) if xf is not None else "")
                if v is None
                else f'<c r="{letter}{r}" s="{d if xf is None else xf}"><v>{v:.16G}</v></c>'
                for r, v, xf in zip(rows, values, per_cell)
            ]
    return _cells_one_by_one(letter, rows, values, per_cell, defaults)


def _plain_texts(values: list) -> bool:
    """None of the texts needs XlsxWriter's escaping, truncation or preserved whitespace: the characters
    are searched for in all texts at once (joined), the edges text by text (str.isspace is the regular
    expressions' \\s)."""
    texts = [v for v in values if v is not None]
    if max(map(len, texts), default=0) > _STRMAX // 2:
        return False
    joined = "".join(texts)
    if _SPECIAL_CHARS.search(joined) or ("_x" in joined and _ESCAPE_LIKE.search(joined)):
        return False
    return not any(v[:1].isspace() or v[-1:].isspace() for v in texts)


def _cells_one_by_one(letter: str, rows: list[str], values, xfs, defaults: tuple) -> list[str]:
    text_xf, int_xf, num_xf = defaults
    special, longest = _SPECIAL.search, _STRMAX // 2
    out = []
    append = out.append
    for r, v, xf in zip(rows, values, xfs):
        kind = v.__class__
        if kind is str and len(v) <= longest and special(v) is None:  # most cells: text as it is
            xf = text_xf if xf is None else xf
            append(f'<c r="{letter}{r}" s="{xf}" t="inlineStr"><is><t>{v}</t></is></c>')
        elif kind is float and v - v == 0.0:  # a finite number (NaN and infinities fail v - v == 0)
            append(f'<c r="{letter}{r}" s="{num_xf if xf is None else xf}"><v>{v:.16G}</v></c>')
        elif kind is int:
            append(f'<c r="{letter}{r}" s="{int_xf if xf is None else xf}"><v>{v:.16G}</v></c>')
        elif v is None:
            append("" if xf is None else f'<c r="{letter}{r}" s="{xf}"/>')
        elif isinstance(v, str):
            append(_text_cell(letter + r, text_xf if xf is None else xf, v))
        elif isinstance(v, bool):
            append(_text_cell(letter + r, text_xf if xf is None else xf, "是" if v else "否"))
        elif isinstance(v, int):
            append(_number_cell(letter + r, int_xf if xf is None else xf, v))
        elif isinstance(v, float):
            append(_number_cell(letter + r, num_xf if xf is None else xf, v))
        else:
            append(_text_cell(letter + r, text_xf if xf is None else xf, str(v)))
    return out


def row_attributes(ws, height: float | None) -> str:
    """The attributes of <row> after r, as XlsxWriter writes them for a row whose height was set with
    set_row(row, height) (None: not set)."""
    attrs = ""
    if height is not None:
        pixels = int(height * 4.0 / 3.0 + 0.5)
        if pixels != ws.original_row_height or pixels != ws.default_row_height:
            attrs = f' ht="{pixels * 0.75:.16g}" customHeight="1"'
    if ws.excel_version == 2010:
        attrs += ' x14ac:dyDescent="0.25"'
    return attrs


def write_rows(ws, first: int, columns: list, xfs: list, defaults: tuple, heights) -> int:
    """Append rows first, first+1, … to `ws` (a constant-memory worksheet) with the cells of `columns`
    (sequences of equal length; column c of the sheet is columns[c]); `xfs[c]` is one format index or
    None for the whole column, or a sequence of them per row; `heights` a sequence of row heights in
    points (None: the default). Returns the number of rows. Charts placed by rows are not supported on
    such a sheet (the row sizes XlsxWriter keeps for them are not recorded)."""
    n = len(columns[0]) if columns else 0
    if n == 0:
        return 0
    ws._write_single_row(first)  # the row XlsxWriter still holds goes out first, in order
    letters = [xl_col_to_name(c) for c in range(len(columns))]
    first_used = last_used = None  # rows given a <row>
    used_cols = set()
    bare = ws.dim_colmin or 0  # the column set_row widens the dimension with
    attributes = {}  # row height -> its <row> attributes (a sheet has a few heights)
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        rows = [str(r + 1) for r in range(first + start, first + stop)]
        chunk_heights = list(heights[start:stop])
        cells = []
        for c, (values, xf) in enumerate(zip(columns, xfs)):
            per_row = xf if xf is None or isinstance(xf, int) else list(xf[start:stop])
            col = column_cells(letters[c], rows, list(values[start:stop]), per_row, defaults)
            if any(col):
                used_cols.add(c)
            cells.append(col)
        out = []
        for i, (r, height, parts) in enumerate(zip(rows, chunk_heights, zip(*cells))):
            body = "".join(parts)
            if not body and height is None:
                continue  # nothing in the row: XlsxWriter writes no <row>
            last_used = first + start + i
            first_used = last_used if first_used is None else first_used
            if not body:  # a height and no cells: set_row widens the dimension, but XlsxWriter in
                continue  # constant-memory mode writes no <row> for a row no cell was written to
            attrs = attributes.get(height)
            if attrs is None:
                attrs = attributes[height] = row_attributes(ws, height)
            out.append(f'<row r="{r}"{attrs}>{body}</row>')
        if any(h is not None for h in chunk_heights):
            used_cols.add(bare)
        ws.fh.write("".join(out))
    if first_used is not None:  # the sheet's <dimension>, as the cell writes and set_row would widen it
        ws._check_dimensions(first_used, min(used_cols))
        ws._check_dimensions(last_used, max(used_cols))
    ws.previous_row = first + n  # nothing held: the next row written starts a new one
    return n
