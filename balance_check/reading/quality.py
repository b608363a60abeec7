"""The 质量监测 sheet: one row per subject (学科, 学业水平等级, 校际差异率)."""

import unicodedata

from ..problems import ProblemCode, ProblemLog, Severity
from ..standard import Standard
from .aliases import ALIASES
from .cells import is_missing, parse_percent
from .headers import HeaderMatcher

_COLUMNS = ALIASES["columns"]["quality"]


def read_quality_sheet(ws, standard: Standard, log: ProblemLog) -> list[dict]:
    """A list of {"subject", "level" (1–4 or None), "diff" (fraction or None), "row"}."""
    sheet = ws.title
    rows = list(ws.iter_rows())
    matcher = HeaderMatcher(_COLUMNS)
    for r0, row in enumerate(rows[:12]):
        cols = {}
        for c, cell in enumerate(row):
            key = matcher.match(cell.value)[0] if cell.value is not None else None
            if key and key not in cols:
                cols[key] = c
        if len(cols) == 3:
            break
    else:
        log.add(
            sheet=sheet,
            row=1,
            column=None,
            severity=Severity.ERROR,
            code=ProblemCode.MISSING_HEADER,
            message="“质量监测”工作表找不到“学科”“学业水平等级”“校际差异率”三列表头",
        )
        return []
    levels = {
        unicodedata.normalize("NFKC", str(k)): v
        for k, v in standard.data.get("quality_monitoring", {}).get("levels", {}).items()
    }
    out = []
    for row in rows[r0 + 1 :]:
        cell = {k: row[c] if c < len(row) else None for k, c in cols.items()}
        subject = cell["subject"].value if cell["subject"] is not None else None
        if is_missing(subject):
            continue
        rownum = cell["subject"].row
        out.append(
            {
                "subject": str(subject).strip(),
                "row": rownum,
                "level": _level(cell["level"], levels, sheet, rownum, log),
                "diff": _diff(cell["diff"], sheet, rownum, log),
            }
        )
    return out


def _level(cell, levels, sheet, row, log):
    v = cell.value if cell is not None else None
    if is_missing(v):
        log.add(
            sheet=sheet,
            row=row,
            column="学业水平等级",
            severity=Severity.ERROR,
            code=ProblemCode.MISSING_VALUE,
            message="“学业水平等级”未填写",
        )
        return None
    if isinstance(v, (int, float)) and v in levels.values():
        return int(v)
    key = unicodedata.normalize("NFKC", str(v)).strip().upper()
    if key.isdigit() and int(key) in levels.values():
        return int(key)
    if key in levels:
        return levels[key]
    log.add(
        sheet=sheet,
        row=row,
        column="学业水平等级",
        severity=Severity.ERROR,
        code=ProblemCode.BAD_VALUE,
        message=f"学业水平等级“{v}”无法识别（应为Ⅰ–Ⅳ或1–4）",
        value=str(v),
    )
    return None


def _diff(cell, sheet, row, log):
    v = cell.value if cell is not None else None
    if is_missing(v):
        log.add(
            sheet=sheet,
            row=row,
            column="校际差异率",
            severity=Severity.ERROR,
            code=ProblemCode.MISSING_VALUE,
            message="“校际差异率”未填写",
        )
        return None
    try:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 1:
            return float(v)  # a 差异率 is naturally a fraction such as 0.12
        return parse_percent(v, getattr(cell, "number_format", ""))[0]
    except ValueError:
        log.add(
            sheet=sheet,
            row=row,
            column="校际差异率",
            severity=Severity.ERROR,
            code=ProblemCode.BAD_VALUE,
            message=f"校际差异率“{v}”不是数字",
            value=str(v),
        )
        return None
