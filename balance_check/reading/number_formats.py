"""The number formats of one sheet's cells, read from the workbook's own XML (styles.xml and the sheet).

The 县域 and 质量监测 readers need them for one question only: is a cell holding 0.95 formatted as a
percent (it means 95%, and needs no warning)? Reading them here, with the standard library, keeps
openpyxl off a check's path: its import is a tenth of a second of a county's cold start, and opening a
workbook with it reads the whole shared-strings table, which in a province's workbook holds every school
name. Transitional and Strict Open XML differ only in namespaces, so elements are matched by local name.
"""

import zipfile
from pathlib import PurePosixPath

from defusedxml import ElementTree

GENERAL = "General"
# Excel's built-in formats have an id and no code in the file; only the percent ones matter here.
_BUILTIN = {9: "0%", 10: "0.00%"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (r:id is namespaced differently in Strict)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter() if _local(r.tag) == "Relationship"}
    for s in book.iter():
        if _local(s.tag) == "sheet" and s.get("name") == sheet_name:
            target = targets.get(_attr(s, "id"), "")
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return None


def _style_formats(zf: zipfile.ZipFile) -> list[str]:
    """The format code of each cell style (a cell's s="N" attribute indexes this list)."""
    try:
        styles = ElementTree.fromstring(zf.read("xl/styles.xml"))
    except KeyError:
        return []
    codes = dict(_BUILTIN)
    out: list[str] = []
    for element in styles:
        name = _local(element.tag)
        if name == "numFmts":
            for f in element:
                codes[int(f.get("numFmtId", "0"))] = f.get("formatCode", GENERAL)
        elif name == "cellXfs":
            out = [codes.get(int(xf.get("numFmtId", "0")), GENERAL) for xf in element]
    return out


def _position(ref: str) -> tuple[int, int]:
    """"C12" → (12, 2): 1-based row, 0-based column."""
    letters = ref.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch.upper()) - 64)
    return int(ref[len(letters) :]), col - 1


def cell_formats(path, sheet_name: str) -> dict[tuple[int, int], str]:
    """(1-based row, 0-based column) → format code, for the cells of `sheet_name` whose format is not
    General; {} when the workbook's XML cannot be read (the cells are then read as General)."""
    try:
        with zipfile.ZipFile(path) as zf:
            formats = _style_formats(zf)
            part = _sheet_part(zf, sheet_name)
            if part is None or not formats:
                return {}
            out = {}
            row, col = 0, -1  # a <row> or <c> may omit its r attribute: then it follows the previous one
            with zf.open(part) as fh:
                for event, element in ElementTree.iterparse(fh, events=("start", "end")):
                    name = _local(element.tag)
                    if event == "start":
                        if name == "row":
                            row, col = int(element.get("r") or row + 1), -1
                        elif name == "c":
                            ref = element.get("r")
                            row, col = _position(ref) if ref else (row, col + 1)
                        continue
                    if name == "c":
                        style = int(element.get("s") or 0)
                        code = formats[style] if style < len(formats) else GENERAL
                        if code != GENERAL:
                            out[(row, col)] = code
                    if name in ("c", "row"):
                        element.clear()
            return out
    except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return {}
