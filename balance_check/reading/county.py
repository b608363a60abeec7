"""The 县域 sheet: one row per county fact (项目, 值, 佐证材料)."""

from ..problems import ProblemCode, ProblemLog, Severity
from ..standard import Standard
from .aliases import ALIASES
from .cells import is_missing, parse_flag, parse_number, parse_percent
from .headers import HeaderMatcher

_COLUMNS = ALIASES["columns"]["county"]


def read_county_sheet(ws, standard: Standard, log: ProblemLog) -> dict:
    """fact key -> {"value", "evidence", "row"}; unknown or unreadable rows become problems."""
    sheet = ws.title
    rows = list(ws.iter_rows())
    head = _header(rows)
    if head is None:
        log.add(
            sheet=sheet,
            row=1,
            column=None,
            severity=Severity.ERROR,
            code=ProblemCode.MISSING_HEADER,
            message="“县域”工作表找不到“项目”“值”两列表头，县域各项均按未填报处理",
        )
        return {}
    r0, cols = head
    facts = HeaderMatcher(standard.data["county_facts"], name_key="label")
    out = {}
    for r in rows[r0 + 1 :]:
        cells = {k: (r[c] if c < len(r) else None) for k, c in cols.items()}
        label_cell, value_cell = cells.get("label"), cells.get("value")
        label = label_cell.value if label_cell is not None else None
        if is_missing(label):
            continue
        rownum = label_cell.row
        key, _ = facts.match(label)
        if key is None:
            log.add(
                sheet=sheet,
                row=rownum,
                column="项目",
                severity=Severity.WARNING,
                code=ProblemCode.UNKNOWN_ITEM,
                message=f"项目“{label}”不在标准的县域项目中，已忽略",
            )
            continue
        if key in out:
            log.add(
                sheet=sheet,
                row=rownum,
                column="项目",
                severity=Severity.WARNING,
                code=ProblemCode.DUPLICATE_ITEM,
                message=f"项目“{label}”重复（第 {out[key]['row']} 行已填），只使用第一次",
            )
            continue
        spec = standard.facts[key]
        raw = value_cell.value if value_cell is not None else None
        fmt = getattr(value_cell, "number_format", "") or ""
        value = _parse(raw, fmt, spec, sheet, rownum, log)
        ev = cells.get("evidence")
        evidence = None if ev is None or is_missing(ev.value) else str(ev.value).strip()
        out[key] = {"value": value, "evidence": evidence, "row": rownum}
    return out


def _header(rows):
    matcher = HeaderMatcher(_COLUMNS)
    for r, row in enumerate(rows[:12]):
        cols = {}
        for c, cell in enumerate(row):
            key, _ = matcher.match(cell.value) if cell.value is not None else (None, "")
            if key and key not in cols:
                cols[key] = c
        if "label" in cols and "value" in cols:
            return r, cols
    return None


def _parse(raw, fmt, spec, sheet, row, log):
    kind, label = spec["kind"], spec["label"]
    try:
        if kind in ("yes_no", "presence"):
            return parse_flag(raw, kind)
        if kind == "percent":
            value, warning = parse_percent(raw, fmt)
            if warning:
                log.add(
                    sheet=sheet,
                    row=row,
                    column="值",
                    severity=Severity.WARNING,
                    code=ProblemCode.PERCENT_AS_FRACTION,
                    message=f"“{label}”{warning}",
                    value=raw,
                )
            return value
        if kind == "text":
            return None if is_missing(raw) else str(raw).strip()
        value = parse_number(raw)
        if value is not None and value < 0:
            raise ValueError("不能为负数")
        if value is not None and kind in ("year", "count") and value != int(value):
            raise ValueError("应为整数")
        return int(value) if value is not None and kind in ("year", "count") else value
    except ValueError as e:
        log.add(
            sheet=sheet,
            row=row,
            column="值",
            severity=Severity.ERROR,
            code=ProblemCode.BAD_VALUE,
            message=f"“{label}”的值“{raw}”无法识别：{e}",
            value=raw if isinstance(raw, (str, int, float)) else str(raw),
        )
        return None
