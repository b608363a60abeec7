"""Many rows of a gap-workbook sheet at once, for the sheets with a row per school or measure.

XlsxWriter makes a named tuple, a dict entry and a dozen Python calls for every cell it writes: 1.4 M
cells at 30,000 schools took 12 s, ten million at 200,000 more than a minute. Here each column's cells
are made as slots (xlsx_cells.column_slots: texts the same in every row, or lists of a text per row),
the slots of a row's pieces are interleaved into one list — by slice assignment, no Python code per cell
or row — and joined, and the text is appended to the worksheet's own row file (the file XlsxWriter fills
in constant-memory mode and copies into the sheet on close). The XML is the very text XlsxWriter writes
for the same calls — `Sheet.add` per row (with `set_row` before it) — which tests/test_xlsx_rows.py checks
byte for byte.
"""

from itertools import repeat
from operator import is_not

import numpy as np
from xlsxwriter.utility import xl_col_to_name

from .xlsx_cells import column_slots

CHUNK = 1024  # rows made into XML at a time: a few MB of text


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
    first_used = last_used = None  # rows given a <row> or a height
    used_cols = set()
    bare = ws.dim_colmin or 0  # the column set_row widens the dimension with
    starts = {}  # row height -> the end of <row r="…" with its attributes (a sheet has a few heights)
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        m = stop - start
        rows = list(map(str, range(first + start + 1, first + stop + 1)))
        chunk_heights = list(heights[start:stop])
        for h in set(chunk_heights) - starts.keys():
            starts[h] = f'"{row_attributes(ws, h)}>'
        slots = ['<row r="', rows, list(map(starts.__getitem__, chunk_heights))]
        cellless = np.ones(m, dtype=bool)  # rows no column gives a cell
        for c, (values, xf) in enumerate(zip(columns, xfs)):
            per_row = xf if xf is None or isinstance(xf, int) else list(xf[start:stop])
            cells, empty = column_slots(letters[c], rows, list(values[start:stop]), per_row, defaults)
            if empty is None:
                cellless[:] = False
            else:
                cellless &= empty
            if empty is None or not empty.all():
                used_cols.add(c)
            slots += cells
        slots.append("</row>")
        pieces, width = _interleave(slots, m)
        for i in np.flatnonzero(cellless).tolist():  # XlsxWriter in constant-memory mode writes no
            pieces[i * width : (i + 1) * width] = repeat("", width)  # <row> for a row without cells
        sized = np.fromiter(map(is_not, chunk_heights, repeat(None)), dtype=bool, count=m)
        used = np.flatnonzero(~cellless | sized)  # set_row widens the dimension even without cells
        if used.size:
            last_used = first + start + int(used[-1])
            first_used = first + start + int(used[0]) if first_used is None else first_used
        if sized.any():
            used_cols.add(bare)
        ws.fh.write("".join(pieces))
    if first_used is not None:  # the sheet's <dimension>, as the cell writes and set_row would widen it
        ws._check_dimensions(first_used, min(used_cols))
        ws._check_dimensions(last_used, max(used_cols))
    ws.previous_row = first + n  # nothing held: the next row written starts a new one
    return n


def _interleave(slots: list, m: int) -> tuple[list, int]:
    """(pieces, width): the slots of m rows interleaved, row by row, `width` pieces a row — adjacent
    slots that are the same in every row merged first, so that the join has fewer pieces."""
    merged = []
    for s in slots:
        if isinstance(s, str) and merged and isinstance(merged[-1], str):
            merged[-1] += s
        else:
            merged.append(s)
    width = len(merged)
    pieces = [""] * (width * m)
    for k, s in enumerate(merged):
        pieces[k::width] = repeat(s, m) if isinstance(s, str) else s
    return pieces, width
