"""The gap workbook's 整改清单 as a 整改台账: one row per measure a school or the county takes, the
county's own columns to fill in, a hidden matching key that `check --ledger` reads back, and below the
rows the totals per input column (never added across columns) and the money per kind of measure."""

import numpy as np

from ..plan.ledger import KEY_HEADER, SHEET
from . import plan_text
from .school_columns import record_columns
from .xlsx_book import Sheet

COLUMNS = [
    ("序号", 6),
    ("学校", 22),
    ("问题", 44),
    ("整改措施", 40),
    ("需增加", 14),
    ("估算资金（万元）", 12),
    ("责任单位", 14),
    ("完成时限", 12),
    ("状态", 10),
    ("备注", 20),
    (KEY_HEADER, 30),
]
STATUS_FMT = {"已整改": "met_text", "学校不在本次数据中": "near_text"}


def write_ledger(wb, fmt, report: dict) -> None:
    sh = Sheet(wb, fmt, SHEET, COLUMNS, county=report["county"]["name"] or "本县", repeat_cols=2)
    sh.ws.set_column(len(COLUMNS) - 1, len(COLUMNS) - 1, 30, None, {"hidden": True})
    ledger = report["plan"]["ledger"]
    fields = ("school", "problem", "measure", "need", "money_wan", "responsible", "deadline", "status")
    col = record_columns(ledger, (*fields, "note", "key"))
    school, problem, measure, status = col["school"], col["problem"], col["measure"], col["status"]
    sh.add_rows(
        [list(range(1, len(ledger) + 1)), school, problem, measure]
        + [col[k] for k in ("need", "money_wan", "responsible", "deadline")]
        + [status, col["note"], col["key"]],
        [None] * 8 + [[STATUS_FMT.get(s) for s in status]],
        # wrapped text needs its lines: Excel does not grow rows it reads
        _heights((school, problem, measure)),
    )
    rows = plan_text.total_rows(report)
    if rows:
        sh.add([None] * len(COLUMNS))
        sh.add([None, "全县合计（按填报口径分列，不跨项目相加；资金为估算）"], [None, "total_text"])
        for kind, label, amount, schools, money in rows:
            sh.add([None, f"{kind}：{label}", f"涉及 {schools}", None, amount, _money(money)])
        for kind, money in plan_text.kind_rows(report):
            sh.add([None, f"{kind}类措施资金合计", None, None, None, _money(money)], [None, "total_text"])
    sh.add([None, plan_text.cost_note(report)])


def _heights(columns: tuple) -> list[float]:
    """Points for each row's longest wrapped cell of (school, problem, measure), a column at a time: a
    CJK character is about two width units of its column, so a text of n characters in a column of
    width w needs ceil(2n / w) lines (at least one)."""
    lines = np.ones(len(columns[0]), dtype=np.int64)
    for texts, (_, width) in zip(columns, COLUMNS[1:4]):
        if None in texts:
            texts = [t or "" for t in texts]
        chars = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        np.maximum(lines, -(-chars * 2 // int(width)), out=lines)
    return (14.0 * lines + 2).tolist()


def _money(text: str):
    """The 万元 figure as a number; a dash or a note stays text."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None if text == "—" else text
