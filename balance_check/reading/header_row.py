"""Find the header row of a sheet: titles may sit above it, and headers may span two merged rows."""

from dataclasses import dataclass

from .. import settings
from .headers import HeaderMatcher


@dataclass
class HeaderLayout:
    row: int  # 0-based index of the last header row
    columns: dict[str, tuple[int, str, str]]  # field key -> (column index, header text, unit)
    unmatched: list[tuple[int, str]]  # non-empty headers that match no field
    duplicates: list[tuple[int, str, str]]  # (column index, header text, field key) seen twice


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def _combined(rows, r: int) -> list[str]:
    """Row r's headers, each prefixed by the (forward-filled) merged cell above it."""
    upper = [_text(v) for v in rows[r - 1]] if r > 0 else []
    filled, last = [], ""
    for v in upper:
        last = v or last
        filled.append(last)
    out = []
    for c, v in enumerate(rows[r]):
        top = filled[c] if c < len(filled) else ""
        low = _text(v)
        out.append(top + low if low and top and top != low else (low or top))
    return out


def _layout(texts: list[str], r: int, matcher: HeaderMatcher) -> HeaderLayout:
    columns, unmatched, dups = {}, [], []
    for c, t in enumerate(texts):
        if not t:
            continue
        key, unit = matcher.match(t)
        if key is None:
            unmatched.append((c, t))
        elif key in columns:
            dups.append((c, t, key))
        else:
            columns[key] = (c, t.replace("\n", ""), unit)
    return HeaderLayout(r, columns, unmatched, dups)


def locate_header(rows: list[list], matcher: HeaderMatcher) -> HeaderLayout | None:
    """The candidate (single row, or row joined with the row above) matching most fields."""
    best = None
    for r in range(min(len(rows), settings.HEADER_SCAN_ROWS)):
        plain = [_text(v) for v in rows[r]]
        for texts in (plain, _combined(rows, r)):
            cand = _layout(texts, r, matcher)
            if best is None or len(cand.columns) > len(best.columns):
                best = cand
    return best if best and len(best.columns) >= 2 else None
