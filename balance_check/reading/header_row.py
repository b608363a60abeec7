"""Find the header row of a sheet: titles may sit above it, and headers may span two merged rows.

A two-row header is read in either order: a level over its measures (小学 over 在校生数) or a measure
over its levels (在校生数（人） over 小学 / 初中 / 高中). Each column tries the upper text before the
lower, the lower before the upper, then the lower alone, and keeps the first reading that names a field.
A lower row of units (人, （㎡）, 万元 …) gives each column above it its unit."""

import unicodedata
from dataclasses import dataclass

from .. import settings
from .aliases import ALIASES
from .cells import is_missing
from .headers import HeaderMatcher

_UNITS = {unicodedata.normalize("NFKC", str(u)) for u in ALIASES["header_units"]}


def _unit(text: str) -> str | None:
    """The unit a cell of a units row holds ("（人）", "单位：万元" -> "人", "万元"), or None."""
    t = unicodedata.normalize("NFKC", text).strip().strip("()[]").removeprefix("单位:").strip()
    return t if t in _UNITS else None


@dataclass
class HeaderLayout:
    row: int  # 0-based index of the last header row
    columns: dict[str, tuple[int, str, str]]  # field key -> (column index, header text, unit)
    unmatched: list[tuple[int, str]]  # non-empty headers that match no field
    duplicates: list[tuple[int, str, str]]  # (column index, header text, field key) seen twice
    first_row: int = -1  # 0-based index of the first header row (== row for a one-row header)

    def __post_init__(self):
        if self.first_row < 0:
            self.first_row = self.row


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def _filled(row) -> list[str]:
    """An upper header row with each text carried right over the blanks a merged group leaves."""
    filled, last = [], ""
    for v in row:
        last = _text(v) or last
        filled.append(last)
    return filled


def _readings(rows, r: int) -> list[list[str]]:
    """Per column of row r, the header texts to try in order (row r joined with the row above)."""
    upper = _filled(rows[r - 1]) if r > 0 else []
    own = [_text(v) for v in rows[r - 1]] if r > 0 else []
    out = []
    for c, v in enumerate(rows[r]):
        low = "" if is_missing(v) else _text(v)
        top = upper[c] if c < len(upper) else ""
        unit = _unit(low) if low else None
        if unit and c < len(own) and own[c]:
            tries = [f"{own[c]}（{unit}）"]
        elif low and top and top != low:
            tries = [top + low, low + top, low]
        else:
            tries = [low or top]
        out.append([t for t in tries if t])
    return out


def _layout(readings: list[list[str]], r: int, matcher: HeaderMatcher, two_rows: bool) -> HeaderLayout:
    columns, unmatched, dups = {}, [], []
    for c, tries in enumerate(readings):
        if not tries:
            continue
        key, unit, text = None, "", tries[0]
        for t in tries:
            key, unit = matcher.match(t)
            if key is not None:
                text = t
                break
        if key is None:
            unmatched.append((c, tries[0].replace("\n", "")))
        elif key in columns:
            dups.append((c, text, key))
        else:
            columns[key] = (c, text.replace("\n", ""), unit)
    return HeaderLayout(r, columns, unmatched, dups, r - 1 if two_rows else r)


def _lower_used(row: list, layout: HeaderLayout) -> int:
    """Columns whose field name was read with the lower row's text (a unit or a level)."""
    used = 0
    for col, text, _ in layout.columns.values():
        low = _text(row[col]) if col < len(row) else ""
        used += bool(low) and (low in text or _unit(low) is not None)
    return used


def locate_header(rows: list[list], matcher: HeaderMatcher) -> HeaderLayout | None:
    """The candidate (single row, or row joined with the row above) matching most fields."""
    best = None
    for r in range(min(len(rows), settings.HEADER_SCAN_ROWS)):
        plain = [[_text(v)] if _text(v) else [] for v in rows[r]]
        wordy = r > 0 and not any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in rows[r])
        for readings, two in ((plain, False), (_readings(rows, r), r > 0)):
            cand = _layout(readings, r, matcher, two)
            # a lower row without numbers that reads as well with the row above belongs to the header
            # (units, levels); a row with numbers is data and never joins it
            better = len(cand.columns) > len(best.columns) if best else True
            tie = (
                best is not None
                and two
                and wordy
                and len(cand.columns) == len(best.columns) > 0
                and _lower_used(rows[r], cand) >= 2
            )
            if better or tie:
                best = cand
    return best if best and len(best.columns) >= 2 else None
