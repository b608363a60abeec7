"""One school in several rows: identical copies are evaluated once, differing copies not at all.

The rule works on any frame with `file` and `row` columns, so the same function serves rows of one
workbook and rows merged from many. A school is the same school when its 学校标识码 matches, or its name
where it has no code. Identical in every value: the first copy is evaluated and the others are skipped
with a warning. Different: the tool does not guess which copy is right; every copy becomes not
evaluable with an error naming all of them, so the county must decide (no school enters a CV twice)."""

import numpy as np
import pandas as pd

from ..problems import ERROR, WARNING, Problem, ProblemCode

IDENTICAL, CONFLICT = ProblemCode.DUPLICATE_IDENTICAL, ProblemCode.DUPLICATE_CONFLICT


def _where(file, row) -> str:
    return f"{file} 第 {int(row)} 行" if file else f"第 {int(row)} 行"


def school_key(frame: pd.DataFrame) -> pd.Series:
    """The 学校标识码 where there is one, else the name; None when a row has neither."""
    code = frame["code"].where(frame["code"].notna(), None)
    name = frame["name"].where(frame["name"].notna(), None)
    return pd.Series(
        [
            f"code:{c}" if c is not None else f"name:{n}" if n is not None else None
            for c, n in zip(code, name)
        ],
        index=frame.index,
        dtype=object,
    )


def resolve_duplicates(
    frame: pd.DataFrame, fields: dict[str, str], sheet: str, across_files_only: bool = False
) -> tuple[pd.Series, list[dict], list[Problem]]:
    """Returns (skip, skipped, problems) for `frame` (columns file, row, code, name and the keys of
    `fields`, a mapping of field key to the header shown in messages).

    skip: bool per row, True for identical copies after the first; skipped: one record per skipped row;
    problems: a warning per skipped copy and an error per conflicting copy (field "type", so that the
    caller can mark the row not evaluable). With `across_files_only`, only schools found in more than one
    file are considered (copies within one workbook are the reader's own check)."""
    skip = pd.Series(False, index=frame.index)
    key = school_key(frame)
    counted = key.notna()
    if across_files_only:
        files_per_key = frame.loc[counted].groupby(key[counted])["file"].nunique()
        counted &= key.map(files_per_key).fillna(0).gt(1)
    dup = counted & key.duplicated(keep=False)
    skipped, problems = [], []
    if not dup.any():
        return skip, skipped, problems
    values = frame.loc[dup, list(fields)].astype(object)
    values = values.where(values.notna(), None)  # NaN never equals NaN; None does
    for _, rows in values.groupby(key[dup], sort=False):
        first = rows.index[0]
        records = [tuple(r) for r in rows.itertuples(index=False)]
        places = [_where(frame.at[i, "file"], frame.at[i, "row"]) for i in rows.index]
        name = frame.at[first, "name"] or frame.at[first, "code"]
        if all(r == records[0] for r in records[1:]):
            for i, place in zip(rows.index[1:], places[1:]):
                skip.at[i] = True
                reason = f"与{places[0]}完全相同，只评估一次"
                skipped.append(_skipped(frame, i, reason))
                problems.append(
                    _problem(frame, i, sheet, WARNING, IDENTICAL, f"学校“{name}”{reason}（{place}未计入）")
                )
        else:
            differing = _differing(rows, fields)
            for i, place in zip(rows.index, places):
                others = "、".join(p for p in places if p != place)
                problems.append(
                    _problem(
                        frame,
                        i,
                        sheet,
                        ERROR,
                        CONFLICT,
                        f"学校“{name}”在{place}与{others}重复且数据不同（{differing}），"
                        "无法判断以哪份为准，各份均不评估：请删去或改正错误的一份",
                    )
                )
    return skip, skipped, problems


def _differing(rows: pd.DataFrame, fields: dict[str, str]) -> str:
    cols = [header for f, header in fields.items() if rows[f].nunique(dropna=False) > 1]
    return "不同的项：" + "、".join(cols[:5]) + ("等" if len(cols) > 5 else "")


def _skipped(frame, i, reason) -> dict:
    return {
        "file": frame.at[i, "file"],
        "row": int(frame.at[i, "row"]),
        "name": frame.at[i, "name"],
        "code": frame.at[i, "code"],
        "reason_code": str(IDENTICAL),
        "reason": reason,
        "text": frame.at[i, "name"],
    }


def _problem(frame, i, sheet, severity, code, message) -> Problem:
    return Problem(
        sheet,
        int(frame.at[i, "row"]),
        "学校名称",
        severity,
        code,
        message,
        school=frame.at[i, "name"],
        field="type",
        file=frame.at[i, "file"],
    )


def mark_conflicts(errors: pd.DataFrame, frame: pd.DataFrame, problems: list[Problem]) -> None:
    """Rows with a conflicting copy are not evaluable: flag their 办学类型 as in error."""
    where = {(p.file, p.row) for p in problems if p.code == CONFLICT}
    if where:
        hit = np.array([(f, r) in where for f, r in zip(frame["file"], frame["row"])], dtype=bool)
        errors.loc[hit, "type"] = True
