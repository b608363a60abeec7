"""Formula cells saved without a calculated value (files written by programs, never opened in Excel).

calamine reads such a cell as empty; we find them in the sheet XML so the message can say why."""

import re
import zipfile
from pathlib import PurePosixPath

from defusedxml import ElementTree

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
CHUNK_BYTES = 4 << 20
# a <c> element holding a formula and no <v>: <c r="C2"><f>A1+1</f></c> or <c r="C2"><f .../></c>
_UNCACHED = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*>\s*(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>'
)


def _sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", _NS)}
    for s in book.iterfind("m:sheets/m:sheet", _NS):
        if s.get("name") == sheet_name:
            target = targets.get(s.get(f"{{{_NS['r']}}}id"), "")
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return None


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def uncached_formula_cells(path, sheet_name: str) -> list[tuple[int, int]]:
    """(1-based row, 0-based column) of formula cells with no cached value; [] when none or unreadable."""
    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_part(zf, sheet_name)
            if part is None:
                return []
            with zf.open(part) as fh:
                return list(_scan(fh))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return []


def _scan(fh, chunk_size: int = CHUNK_BYTES):
    """The sheet XML read a chunk at a time (a national sheet is 157 MB unpacked): each chunk is scanned
    up to its last cell start; a cell holds no other "<c ", so no match is split or seen twice."""
    rest = b""
    while True:
        chunk = fh.read(chunk_size)
        buf = rest + chunk
        cut = len(buf) if not chunk else buf.rfind(b"<c ")
        if cut <= 0:
            cut = len(buf) if not chunk else 0
        head, rest = buf[:cut], buf[cut:]
        if b"<f" in head:
            for m in _UNCACHED.finditer(head):
                yield int(m.group(2)), _col_index(m.group(1))
        if not chunk:
            return
