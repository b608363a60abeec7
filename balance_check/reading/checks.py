"""Row checks of the 学校 sheet: needed values, unused values, consistency, duplicates, doubtful data."""

import math
from itertools import repeat

import numpy as np
import pandas as pd

from .. import settings
from ..problems import Problem, ProblemCode, ProblemLog, Severity
from ..standard import Standard
from .cells import NUMERIC_KINDS


class TypeCodes:
    """The schools' type_key factorised once, so a per-type answer is looked up per distinct type (a
    handful) and spread to the schools with one array take, not mapped school by school."""

    def __init__(self, type_key: pd.Series):
        self.codes, self.uniques = pd.factorize(type_key, use_na_sentinel=True)

    def spread(self, answer: dict) -> np.ndarray:
        """`answer` (type key -> value) per school; True only where the answer is True (as .eq(True))."""
        table = np.array([answer.get(t) == True for t in self.uniques] + [False], dtype=bool)  # noqa: E712
        return table[self.codes]


# The row checks below work on numpy arrays, not Series: a county's sheet has a few hundred rows, where
# each pandas step costs more than its arithmetic (the checks of 34 columns took 24 ms for 100 schools).
# NaN compares false either way, so `a > b` reads as pandas' did; blanks are made 0 where pandas filled.
def floats(column: pd.Series) -> np.ndarray:
    """A parsed numeric column as float64 (NaN for blank)."""
    return column.to_numpy(dtype="float64", na_value=np.nan)


def _blank_as_zero(values: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(values), 0.0, values)


def applicable(df: pd.DataFrame, standard: Standard, key: str, types: TypeCodes | None = None) -> np.ndarray:
    """Whether field `key` belongs to each school's type (its 学段, or a whole-school total)."""
    types = types if types is not None else TypeCodes(df["type_key"])
    return types.spread(standard.applicable(key))


def needed(df: pd.DataFrame, standard: Standard, key: str, types: TypeCodes | None = None) -> np.ndarray:
    spec = standard.fields[key]
    if spec.get("optional"):
        return np.zeros(len(df), dtype=bool)
    types = types if types is not None else TypeCodes(df["type_key"])
    need = applicable(df, standard, key, types)
    restricted = [tkey for tkey, t in standard.school_types.items() if key not in t.get("needs_only", [key])]
    # e.g. 特殊教育学校 needs only its name and type
    need &= ~types.spread(dict.fromkeys(restricted, True))
    if spec.get("level") and spec.get("role") != "enrolment":
        enrol = standard.enrolment_field(spec["level"])
        need &= floats(df[enrol]) > 0
    if spec.get("needed_when_positive"):
        need = floats(df[spec["needed_when_positive"]]) > 0
    return need


def check_rows(
    df,
    standard: Standard,
    sheet: str,
    errors: pd.DataFrame,
    log: ProblemLog,
    present: set,
    headers: dict[str, str],
    header_row: int,
):
    """`headers`: field key -> the header as written; `header_row`: 1-based row of the header."""

    rownums = df["row"].to_numpy()

    def flag(mask, key: str, severity: Severity, code: ProblemCode, template: str, **columns):
        """One problem per masked row (a bool array, or a Series whose NaN counts as False); `columns`
        name extra values to format into the message."""
        rows = mask if isinstance(mask, np.ndarray) else mask.fillna(False).to_numpy(dtype=bool)
        if not rows.any():
            return
        at = np.flatnonzero(rows)
        extras = {k: [_fmt(v) for v in c[rows]] for k, c in columns.items()}
        header = headers[key]
        level, kind = Severity(severity), ProblemCode(code)  # checked once, not per row
        values, labels = df[key].iloc[at].tolist(), df["type_label"].iloc[at].tolist()
        shown, plain = _shown_values(values)
        # each distinct message formatted once: a province's sheet flags 100,000 rows with a few texts
        keys = list(zip(shown, labels, *extras.values()))
        texts = {
            k: template.format(h=header, v=k[0], type=k[1] or "该校", **dict(zip(extras, k[2:])))
            for k in dict.fromkeys(keys)
        }
        # the records made positionally, in Problem's field order (no keyword parsing per record)
        log.extend(
            map(
                Problem,
                repeat(sheet),
                rownums[at].tolist(),
                repeat(header),
                repeat(level),
                repeat(kind),
                map(texts.__getitem__, keys),
                df["name"].iloc[at].tolist(),
                plain,
                repeat(key),
            )
        )
        if severity == Severity.ERROR:
            errors[key] = errors[key].to_numpy() | rows

    flag(df["name"].isna(), "name", Severity.ERROR, ProblemCode.MISSING_VALUE, "“{h}”未填写")
    known = df["type_key"].notna().to_numpy(dtype=bool)
    types = TypeCodes(df["type_key"])
    for key, spec in standard.fields.items():
        if spec["kind"] not in NUMERIC_KINDS:
            if key not in present:
                _missing_column(standard, key, 0, sheet, log, header_row)
            continue
        need = known & needed(df, standard, key, types)
        values = floats(df[key])
        if key in present:
            flag(
                need & np.isnan(values) & ~errors[key].to_numpy(dtype=bool),
                key,
                Severity.ERROR,
                ProblemCode.MISSING_VALUE,
                "“{h}”未填写，{type}需要此项",
            )
        else:
            errors.loc[need, key] = True
            _missing_column(standard, key, int(need.sum()), sheet, log, header_row)
        unused = known & ~applicable(df, standard, key, types) & (_blank_as_zero(values) != 0)
        flag(unused, key, Severity.WARNING, ProblemCode.UNUSED_VALUE, "{type}不使用“{h}”，填写的 {v} 已忽略")
        if spec.get("at_most"):
            other = spec["at_most"]
            flag(
                values > floats(df[other]),
                key,
                Severity.ERROR,
                ProblemCode.MORE_THAN_TEACHERS,
                "“{h}”{v} 多于“" + headers[other] + "”{o}",
                o=df[other],
            )
        if spec.get("at_most_sum"):
            total = df[spec["at_most_sum"]].fillna(0).sum(axis=1)
            unreliable = errors[spec["at_most_sum"]].any(axis=1).to_numpy()  # no second error on a bad cell
            flag(
                (values > total.to_numpy()) & ~unreliable,
                key,
                Severity.ERROR,
                ProblemCode.MORE_THAN_TEACHERS,
                "“{h}”{v} 多于小学、初中专任教师合计 {o}",
                o=total,
            )
    # Copies of one school are settled by reading.duplicates; what is left here is two schools with
    # different codes under one name, which the county must tell apart.
    named = df.loc[df["name"].notna() & ~errors["duplicate"]]
    dup = df.index.isin(named.index[named.duplicated("name", keep="first")])
    if dup.any():
        first_row = df["name"].map(named.drop_duplicates("name").set_index("name")["row"])
        flag(
            pd.Series(dup, index=df.index),
            "name",
            Severity.ERROR,
            ProblemCode.DUPLICATE_NAME,
            "“{h}”“{v}”与第 {first} 行重复",
            first=first_row,
        )
    code_ok = pd.Series(is_school_code(df["code"]), index=df.index)
    flag(~code_ok, "code", Severity.WARNING, ProblemCode.BAD_CODE, "“{h}”“{v}”不是10位数字的学校标识码")
    _choices(df, standard, flag)
    _doubtful(df, standard, flag)


def is_school_code(codes: pd.Series) -> np.ndarray:
    """Per cell: empty, or ten decimal digits (as re's \\d{10} reads str(code)), with no regex per cell."""
    obj = codes.to_numpy(dtype=object)
    out = pd.isna(obj)
    at = np.flatnonzero(~out)
    texts = list(map(str, obj[at].tolist()))
    ten = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) == 10
    digits = np.fromiter(map(str.isdecimal, texts), dtype=bool, count=len(texts))
    out[at] = ten & digits
    return out


def _missing_column(standard: Standard, key: str, n_needing: int, sheet: str, log: ProblemLog, row: int):
    """A missing column is reported once: an error naming what it blocks when some school needs it."""
    spec = standard.fields[key]
    blocked = indicator_uses(standard).get(key)
    if n_needing:
        what = f"无法计算：{'、'.join(blocked)}" if blocked else "依赖该列的检查无法进行"
        log.add(
            sheet=sheet,
            row=row,
            column=spec["header"],
            severity=Severity.ERROR,
            code=ProblemCode.MISSING_COLUMN,
            message=f"缺少“{spec['header']}”列（{n_needing} 所学校需要），{what}",
            field=key,
        )
    else:
        if spec.get("optional") and key not in standard.referenced_fields:
            return  # e.g. 2012 monitoring columns under the 2017 standard: nothing here reads them
        why = "可选" if spec.get("optional") or spec["kind"] in ("code", "choice") else "本表学校不需要此列"
        log.add(
            sheet=sheet,
            row=row,
            column=spec["header"],
            severity=Severity.WARNING,
            code=ProblemCode.MISSING_COLUMN,
            message=f"缺少“{spec['header']}”列（{why}）",
            field=key,
        )


def indicator_uses(standard: Standard) -> dict[str, list[str]]:
    uses: dict[str, list[str]] = {}
    for ind in standard.indicators:
        for f in ind["numerator"].values():
            uses.setdefault(f, []).append(ind["name"])
    for key, spec in standard.fields.items():
        if spec.get("role") == "enrolment":
            uses.setdefault(key, []).append("全部指标")
    return uses


def _choices(df, standard, flag):
    for key, spec in standard.fields.items():
        if spec["kind"] == "choice":
            bad = df[key].notna() & ~df[key].isin(spec["choices"])
            flag(
                bad,
                key,
                Severity.WARNING,
                ProblemCode.UNKNOWN_VALUE,
                "“{h}”“{v}”不是规定的取值（" + "、".join(spec["choices"]) + "）",
            )
            if spec.get("default"):
                df[key] = df[key].fillna(spec["default"])


def _doubtful(df, standard, flag):
    enrolments = {lvl: standard.enrolment_field(lvl) for lvl in standard.data["levels"]}
    for level, enrol in enrolments.items():
        classes, biggest = f"{level}_classes", f"{level}_max_class_size"
        if enrol is None or classes not in df or biggest not in df:
            continue
        flag(
            (floats(df[enrol]) > 0) & (floats(df[classes]) == 0),
            classes,
            Severity.WARNING,
            ProblemCode.NO_CLASSES,
            "有在校生但“{h}”为 0",
        )
        with np.errstate(all="ignore"):  # absurd counts overflow to inf, as pandas' product did
            room = floats(df[classes]) * floats(df[biggest])
        flag(
            room < floats(df[enrol]),
            biggest,
            Severity.WARNING,
            ProblemCode.CLASS_SIZE_INCONSISTENT,
            "最大班额 × 班级数小于在校生数，请核对“{h}”",
        )
    students = floats(df[[f for f in enrolments.values() if f]].fillna(0).sum(axis=1).replace(0, np.nan))
    for key, spec in standard.fields.items():
        limit = settings.PLAUSIBLE_PER_STUDENT.get(spec.get("unit", ""))
        if spec.get("whole_school") and limit:
            with np.errstate(all="ignore"):  # an absurd amount over a count: inf or NaN, as pandas gave
                per_student = floats(df[key]) / students
            flag(
                per_student > limit,
                key,
                Severity.WARNING,
                ProblemCode.IMPLAUSIBLE_PER_STUDENT,
                "“{h}”{v} 折合每生超过 " + f"{limit:,}" + "，请核对单位",
            )


def _shown_values(values: list) -> tuple[list[str], list]:
    """(_fmt, _plain) of each value, once per distinct value (counts and areas repeat across schools)."""
    # 1, 1.0 and True are equal keys but not the same text; so are 0.0 and -0.0 (the sign is kept)
    keys = [(type(v), v, isinstance(v, float) and math.copysign(1.0, v) < 0) for v in values]
    try:
        done = {k: (_fmt(k[1]), _plain(k[1])) for k in set(keys)}
    except TypeError:  # an unhashable value: each on its own
        return [_fmt(v) for v in values], [_plain(v) for v in values]
    pairs = [done[k] for k in keys]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _fmt(v):
    if v is None or (isinstance(v, float) and v != v):
        return "空"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _plain(v):
    if isinstance(v, (np.floating, float)):
        return None if np.isnan(v) else float(v)
    return v
