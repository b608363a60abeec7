"""One column of a gap-workbook sheet as the XML of its cells, made a column at a time.

XlsxWriter makes a named tuple, a dict entry and a dozen Python calls for every cell it writes. Here a
column of one kind (texts that need no escaping, finite numbers, nothing) is made as a few "slots": a
text the same in every row (`<c r="B`, `</t></is></c>`) or a list of one text per row (the row numbers,
the values, the format where it varies), so that no Python code runs per cell: xlsx_rows interleaves the
slots of all columns into one list and joins it. The cell of row i is the concatenation of the slots at i,
the very text XlsxWriter writes for it (`cells_one_by_one` is that rule cell by cell; it also makes every
column the fast path does not take, calling XlsxWriter's own escaping for the few texts that need it).
Texts are inline strings (never formulas), as XlsxWriter writes them in constant-memory mode.
"""

import math
import re
from itertools import compress, repeat
from operator import is_, not_

import numpy as np
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate
from xlsxwriter.xmlwriter import XMLwriter

# Text XlsxWriter would change (escapes, control characters, _xHHHH_, edge whitespace): its own code
# handles these; every other text goes into the cell as it is.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ESCAPE_LIKE = re.compile(r"_x[0-9a-fA-F]{4}_")
# The characters of _SPECIAL but "<", which separates the texts of a column joined for one search
_SPECIAL_BUT_LT = re.compile(r"[&>\x00-\x08\x0b-\x1f\ufffe\uffff]")
_LEADING_SPACE = re.compile(r"<\s")  # after a separator: a text starting with whitespace
_STRMAX = 32767  # Excel's longest cell text, in UTF-16 units (XlsxWriter truncates beyond)
_NONE = type(None)
_number = "{:.16G}".format  # XlsxWriter's write_number
_EXACT = 2**53  # ints up to this size are floats exactly


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


def cells_one_by_one(letter: str, rows: list[str], values, xfs, defaults: tuple) -> list[str]:
    """The <c> element of each cell of a column ("" where none is written), cell by cell: what
    xlsx_book.write has XlsxWriter write for the value. `xfs`: a format index (or None) per cell; None
    is the default of the value's kind (text, int, num in `defaults`)."""
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


def column_slots(letter: str, rows: list[str], values: list, xfs, defaults: tuple):
    """(slots, empty): the cells of one column over `rows` (1-based row numbers as text) as slots,
    each a text for every row or a list of one text per row, whose concatenation at row i is
    cells_one_by_one's cell i; `empty` marks the rows given no cell (a bool array), None if all have one.
    `xfs`: one format index or None for every cell, or a list of them per cell."""
    m = len(values)
    kinds = set(map(type, values))
    none = None
    if _NONE in kinds:
        kinds.discard(_NONE)
        none = np.fromiter(map(is_, values, repeat(None)), dtype=bool, count=m)
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    if kind in (str, int, float):  # the values themselves, without the None among them
        present = values if none is None else list(compress(values, (~none).tolist()))
    if not kinds and not isinstance(xfs, list):  # nothing but None, one format: blanks, or no cells
        if xfs is None:
            return [""], np.ones(m, dtype=bool)
        return [f'<c r="{letter}', rows, f'" s="{xfs}"/>'], None
    if not kinds:  # nothing but None: blank cells where a format is given
        texts, mid, tail, default = [], "", "", None
    elif kind is str and _plain_texts(list(set(present))):  # each distinct text checked once
        texts, mid, tail, default = present, '" s="{}" t="inlineStr"><is><t>', "</t></is></c>", defaults[0]
    elif kind is int or (kind is float and np.isfinite(np.array(present, dtype=np.float64)).all()):
        texts, mid, tail = _number_texts(present), '" s="{}"><v>', "</v></c>"
        default = defaults[1] if kind is int else defaults[2]
    else:  # mixed kinds, special texts, NaN: cell by cell
        per_cell = xfs if isinstance(xfs, list) else repeat(xfs)
        cells = cells_one_by_one(letter, rows, values, per_cell, defaults)
        empty = None if none is None else np.fromiter(map(not_, cells), dtype=bool, count=m)
        return [cells], (empty if empty is not None and empty.any() else None)
    head = f'<c r="{letter}'
    if isinstance(xfs, list):
        formats = {x: mid.format(default if x is None else x) for x in set(xfs)}
        mids = list(map(formats.__getitem__, xfs))
    else:
        mids = mid.format(default if xfs is None else xfs)
    if none is None:
        return [head, rows, mids, texts, tail], None
    # rows without a value: a blank cell where a format is given, else no cell at all
    if isinstance(xfs, list):
        unformatted = np.fromiter(map(is_, xfs, repeat(None)), dtype=bool, count=m)
        blanks = {x: f'" s="{x}"/>' for x in set(xfs) if x is not None}
        blank_mids = list(map(blanks.get, xfs, repeat("")))
    else:
        unformatted = np.full(m, xfs is None)
        blank_mids = "" if xfs is None else f'" s="{xfs}"/>'
    empty = none & unformatted
    head_slot, rows_slot, tail_slot = _array(head, m), _array(rows, m), _array(tail, m)
    head_slot[empty] = rows_slot[empty] = ""
    mid_slot = _array(mids, m)
    mid_slot[none] = _array(blank_mids, m)[none]
    text_slot = _array("", m)
    if texts:
        text_slot[~none] = _array(texts, len(texts))
    tail_slot[none] = ""
    slots = [head_slot, rows_slot, mid_slot, text_slot, tail_slot]
    return [s.tolist() for s in slots], (empty if empty.any() else None)


def _array(slot, m: int) -> np.ndarray:
    """A slot (one text, or a list of texts) as an object array of m texts."""
    if isinstance(slot, str):
        return np.full(m, slot, dtype=object)
    out = np.empty(m, dtype=object)
    out[:] = slot
    return out


def _number_texts(numbers: list) -> list[str]:
    """XlsxWriter's text of each number (finite floats, or ints), made once per distinct value when the
    column repeats itself (counts, a few distinct shortfalls). 0.0 and -0.0 are one key of a dict but
    read "0" and "-0": a column holding both is formatted value by value."""
    distinct = set(numbers)
    write = _number
    ints = bool(distinct) and type(next(iter(distinct))) is int
    if ints and -_EXACT <= min(distinct) and max(distinct) <= _EXACT:
        write = str  # .16G makes an int a float first: exact up to 2**53, whose 16 digits it writes all
    if len(distinct) * 4 > len(numbers) * 3:  # mostly distinct: a cache would only add work
        return list(map(write, numbers))
    if 0 in distinct and type(next(iter(distinct))) is float:
        array = np.array(numbers, dtype=np.float64)
        signs = np.signbit(array[array == 0])
        if signs.any() and not signs.all():
            return list(map(write, numbers))
    texts = dict(zip(distinct, map(write, distinct)))
    return list(map(texts.__getitem__, numbers))


def _plain_texts(texts: list[str]) -> bool:
    """None of the texts needs XlsxWriter's escaping, truncation or preserved whitespace, searched in all
    texts at once: joined by "<", a character no plain text holds (so the joined text must hold exactly
    one fewer than there are texts), a text's leading whitespace follows a "<" and its trailing
    whitespace precedes one (in the reversed text, follows one). Python's \\s is str.isspace()."""
    if not texts:
        return True
    if max(map(len, texts)) > _STRMAX // 2:
        return False
    joined = "<".join(texts)
    if joined.count("<") != len(texts) - 1 or _SPECIAL_BUT_LT.search(joined):
        return False
    if "_x" in joined and _ESCAPE_LIKE.search(joined):
        return False
    if joined[:1].isspace() or joined[-1:].isspace():
        return False
    return _LEADING_SPACE.search(joined) is None and _LEADING_SPACE.search(joined[::-1]) is None
