"""One rule for schools listed twice, within a sheet or across files.

Rows are the same school when they share a 学校标识码, or — for rows without a code — the same name.
- identical in every value: the first row stands for the school, the others are skipped
  (``duplicate_identical``, a warning);
- differing in any value: no row is chosen on a guess — every row of the group is not evaluable
  (``duplicate_conflict``, an error naming all of them), so the county must decide.
Either way no school enters a CV twice."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..problems import ProblemCode, ProblemLog, Severity

DUPLICATE = "duplicate"  # column of the per-cell error mask: the row conflicts with another copy


@dataclass
class Duplicates:
    identical: pd.Series  # bool: a later copy of an identical row, to skip
    conflict: pd.Series  # bool: a row of a group whose rows differ
    first: pd.Series  # index of the first row of the row's group (NaN outside groups)
    sources: pd.Series  # per row in a group: the source labels of all rows of its group, in order
    key: pd.Series  # the school each row stands for (code, else name; NaN for rows with neither)

    def across_files(self, frame: pd.DataFrame) -> "Duplicates":
        """Only the groups whose rows come from more than one file: copies within one workbook were
        settled by that workbook's reader and must not be reported twice."""
        counted = self.key.notna()
        files = frame.loc[counted, "file"].groupby(self.key[counted]).nunique()
        spans = self.key.map(files).fillna(0).gt(1)
        return Duplicates(
            self.identical & spans,
            self.conflict & spans,
            self.first.where(spans),
            self.sources.where(spans),
            self.key,
        )


def source_label(frame: pd.DataFrame) -> pd.Series:
    """第 12 行, or 县城.xlsx 第 12 行 when the frame has a "file" column (rows from several files)."""
    label = "第 " + frame["row"].astype(int).astype(str) + " 行"
    if "file" in frame:
        label = frame["file"].astype(str) + " " + label
    return label


def find_duplicates(frame: pd.DataFrame, value_columns: list[str]) -> Duplicates:
    """frame: one row per input row with "code", "name", "row" (and optionally "file") and the
    value columns, whose cells are comparable (e.g. reading.not_schools.canonical)."""
    key = frame["code"].where(frame["code"].notna(), "名称:" + frame["name"].astype(str))
    key = key.where(frame["code"].notna() | frame["name"].notna())
    grouped = key.notna() & key.duplicated(keep=False)
    none = pd.Series(False, index=frame.index)
    if not grouped.any():
        return Duplicates(
            none,
            none.copy(),
            pd.Series(float("nan"), index=frame.index),
            pd.Series(None, index=frame.index, dtype=object),
            key,
        )
    sub = (
        frame.loc[grouped, value_columns].astype(object).where(frame.loc[grouped, value_columns].notna(), "")
    )
    signature = pd.util.hash_pandas_object(sub.astype(str), index=False)
    keys = key[grouped]
    kinds = signature.groupby(keys).transform("nunique")
    identical = none.copy()
    identical[grouped] = (kinds == 1) & keys.duplicated(keep="first")
    conflict = none.copy()
    conflict[grouped] = kinds > 1
    first_of = pd.Series(frame.index[grouped], index=frame.index[grouped]).groupby(keys).transform("first")
    labels = source_label(frame.loc[grouped])
    listed = labels.groupby(keys).transform(lambda s: "、".join(s))
    return Duplicates(
        identical,
        conflict,
        first_of.reindex(frame.index),
        listed.reindex(frame.index),
        key,
    )


def skip_record(frame: pd.DataFrame, i, first) -> dict:
    """The skip record of row `i`, an identical later copy of row `first` (keys the report schema allows:
    file (rows from several files), row, name, code, reason_code, reason, text)."""
    text = frame.at[i, "name"] or frame.at[i, "code"]
    record = {"row": int(frame.at[i, "row"])}
    if "file" in frame:
        record["file"] = frame.at[i, "file"]
        record["name"], record["code"] = frame.at[i, "name"], frame.at[i, "code"]
    first_label = source_label(frame.loc[[first]]).iloc[0]
    record.update(
        reason_code=str(ProblemCode.DUPLICATE_IDENTICAL), reason=f"与{first_label}完全相同的重复行", text=text
    )
    return record


def warn_skipped(frame: pd.DataFrame, i, record: dict, sheet: str, log: ProblemLog) -> None:
    """The warning of a skipped row (a later identical copy, or a row that is not a school)."""
    row, text, code = record["row"], record["text"], record["reason_code"]
    where = f"{frame.at[i, 'file']} " if "file" in frame else ""
    reason = record["reason"]
    log.add(
        sheet=sheet,
        row=row,
        column=None,
        severity=Severity.WARNING,
        code=ProblemCode(code),
        message=f"{where}第 {row} 行“{text}”不作为学校：{reason}，已跳过（不计入任何指标和差异系数）",
        school=frame.at[i, "name"] if code == ProblemCode.DUPLICATE_IDENTICAL else None,
        value=text,
        file=frame.at[i, "file"] if "file" in frame else None,
    )


def skip_identical(frame: pd.DataFrame, dups: Duplicates, sheet: str, log: ProblemLog) -> list[dict]:
    """Skip records and warnings for the identical later copies, in row order."""
    out = []
    for i in frame.index[dups.identical.reindex(frame.index, fill_value=False).to_numpy(dtype=bool)]:
        out.append(skip_record(frame, i, int(dups.first[i])))
        warn_skipped(frame, i, out[-1], sheet, log)
    return out


def report_conflicts(frame, errors, conflict, sources, headers: dict, sheet: str, log: ProblemLog) -> None:
    """Rows of one school that differ: none is evaluated on a guess. `conflict` and `sources` are
    positional arrays aligned with `frame`; each such row gets an error and its DUPLICATE mask set."""
    for i in np.flatnonzero(np.asarray(conflict) == True):  # noqa: E712 - object array from a reindex
        key = "code" if frame["code"].iat[i] is not None and pd.notna(frame["code"].iat[i]) else "name"
        log.add(
            sheet=sheet,
            row=int(frame["row"].iat[i]),
            column=headers[key],
            severity=Severity.ERROR,
            code=ProblemCode.DUPLICATE_CONFLICT,
            message=f"“{frame[key].iat[i]}”在{sources[i]}重复出现且数据不一致，均不参加评估；"
            "请核对后只保留正确的一行",
            school=frame["name"].iat[i],
            value=frame[key].iat[i],
            field=key,
            file=frame["file"].iat[i] if "file" in frame else None,
        )
        errors.iloc[i, errors.columns.get_loc(DUPLICATE)] = True
