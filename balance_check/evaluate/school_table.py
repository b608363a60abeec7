"""The per-school part of the report (report["schools"]) held as columns, made into records on demand.

A province has 30,000 schools and the nation 200,000: one dict per school part and seven more per
indicator cost about 740 MB at 200,000, before a JSON encoder makes its own copy. The evaluator keeps
the columns (numpy arrays, whose values the records are made of) and the JSON writer streams records
in chunks; `check_workbook()` turns the table into the plain list of dicts a county's report has always
been (`to_list()`), with the same content.
"""


import numpy as np
import pandas as pd

from ..chunked import ChunkedTable, Texts, assemble, dumps, numbers, strings

INDICATOR_COLUMNS = (
    *("value", "threshold", "met", "band", "ratio", "shortfall", "raw", "cv_share", "near_miss"),
)
# The fields of a record, in its order (the report's schema names them)
BASE_COLUMNS = ("code", "name", "type", "level", "file", "row", "students", "share", "ownership", "area")
ALL = slice(None)


class _Column:
    """One column and how its values become JSON values: 'num' (float64, NaN = None), 'int', 'bool'
    (object array of True/False/None) or 'obj' (text, lists; NaN = None)."""

    __slots__ = ("kind", "data")

    def __init__(self, series: pd.Series, kind: str | None = None):
        if kind is None:
            if series.dtype == bool or str(series.dtype) == "boolean":
                kind = "bool"
            elif pd.api.types.is_numeric_dtype(series):
                kind = "num"
            else:
                kind = "obj"
        self.kind = kind
        if kind == "bool":  # True / False / None as the objects themselves: no per-cell Python call
            missing = series.isna().to_numpy(dtype=bool)
            truth = series.fillna(False).to_numpy(dtype=bool)
            self.data = np.where(missing, None, np.where(truth, True, False).astype(object))
        elif kind in ("num", "int"):
            self.data = series.to_numpy(dtype="float64", na_value=np.nan)
        else:
            data = series.to_numpy(dtype=object, copy=True)
            data[series.isna().to_numpy(dtype=bool)] = None
            self.data = data

    def texts(self, rows: slice) -> Texts:
        """The JSON texts of the rows' values (what orjson writes for values())."""
        part = self.data[rows]
        if self.kind == "num":  # orjson writes a float array's NaN and infinities as null itself
            return numbers(part)
        if self.kind == "int":
            return numbers(_whole(part))
        if self.kind == "bool":
            return numbers(part.tolist())
        return strings(part.tolist())

    def values(self, rows: slice | np.ndarray) -> list:
        """The JSON values of the rows (a slice, or an array of positions)."""
        part = self.data[rows]
        if self.kind == "num":  # NaN and infinities are undefined numbers: None (null), set as arrays
            undefined = ~np.isfinite(part)
            if not undefined.any():  # most columns: the floats as they are, no object array between
                return part.tolist()
            out = part.astype(object)
            out[undefined] = None
            return out.tolist()
        if self.kind == "int":
            whole = _whole(part)
            return whole.tolist()
        return part.tolist()


def _whole(part: np.ndarray) -> np.ndarray:
    """A whole-number column as int64. Where a value is no int64 (a garbage count beyond 2**63), it is
    kept as the float it is, and NaN and infinities become None (null), instead of a wrapped integer."""
    with np.errstate(invalid="ignore"):
        fits = (np.abs(part) < 2.0**63).all()
    if fits:
        return part.astype(np.int64)
    out = part.astype(object)
    ok = np.abs(np.nan_to_num(part, nan=np.inf)) < 2.0**63
    out[np.flatnonzero(ok)] = part[ok].astype(np.int64).tolist()  # Python ints, as int64 columns give
    out[~np.isfinite(part)] = None
    return out


class SchoolParts(ChunkedTable):
    """report["schools"] as columns: a read-only sequence of the same dicts the report lists."""

    def __init__(self, parts: pd.DataFrame, results: dict, rule: pd.DataFrame):
        self._n = len(parts)
        self._base = {
            "code": _Column(parts["code"]),
            "name": _Column(parts["name"]),
            "type": _Column(parts["type_label"]),
            "level": _Column(parts["level"]),
            "file": _Column(parts["file"]),
            "row": _Column(parts["row"], "int"),
            "students": _Column(parts["students"], "int"),
            "share": _Column(parts["share"], "num"),
            "ownership": _Column(parts["ownership"]),
            "area": _Column(parts["area"]),
        }
        self._indicators = {
            k: {c: _Column(r["met"].astype("boolean") if c == "met" else r[c]) for c in INDICATOR_COLUMNS}
            for k, r in results.items()
        }
        self._met_count = _Column(rule["met_count"], "int")
        self._passed = _Column(rule["passed"].astype(bool), "bool")
        # the rule's own tuples (a few distinct ones, shared), held as they are: every reader below makes
        # its own lists or encodes them
        self._unmet = np.fromiter(rule["unmet"], dtype=object, count=self._n)

    def column(self, name: str) -> list:
        """One top-level field of every record, without making the records."""
        if name == "passed":
            return self._passed.values(ALL)
        if name == "met_count":
            return self._met_count.values(ALL)
        if name == "unmet":
            return [list(u) for u in self._unmet]
        return self._base[name].values(ALL)

    def indicator_column(self, key: str, field: str) -> list:
        """record["indicators"][key][field] of every record (None where a record lacks the indicator)."""
        if key not in self._indicators:
            return [None] * self._n
        return self._indicators[key][field].values(ALL)

    def has_indicator(self, key: str) -> list[bool]:
        """Whether each record lists the indicator `key` (every record lists the same ones)."""
        return [key in self._indicators] * self._n

    def records_at(self, positions: list[int]) -> list[dict]:
        """The records at these positions (the few rows a document shows), made together."""
        return self._records_of(np.asarray(positions, dtype=np.intp)) if len(positions) else []

    def _records(self, start: int, stop: int) -> list[dict]:
        return self._records_of(slice(start, stop))

    def _encode(self, start: int, stop: int) -> bytes:
        """The records' JSON text assembled from the columns' texts (no dict is made)."""
        rows = slice(start, stop)
        layout: list = []
        for j, k in enumerate(BASE_COLUMNS):
            layout += [(b"{" if j == 0 else b",") + dumps(k) + b":", self._base[k].texts(rows)]
        layout.append(b',"indicators":{')
        for i, (key, cols) in enumerate(self._indicators.items()):
            layout.append((b"," if i else b"") + dumps(key) + b":{")
            for j, c in enumerate(INDICATOR_COLUMNS):
                layout += [(b"," if j else b"") + dumps(c) + b":", cols[c].texts(rows)]
            layout.append(b"}")
        layout += [
            b'},"met_count":', self._met_count.texts(rows),
            b',"passed":', self._passed.texts(rows),
            b',"unmet":', self._unmet_texts(rows),
            b"}",
        ]
        return assemble(stop - start, layout)

    def _unmet_texts(self, rows: slice) -> Texts:
        """The unmet lists' texts: a few distinct lists (of the indicators' ids), each encoded once."""
        keys = list(map(tuple, self._unmet[rows].tolist()))
        texts = {k: dumps(k) for k in dict.fromkeys(keys)}  # a tuple reads as the list
        return Texts(list(map(texts.__getitem__, keys)))

    def _records_of(self, rows: slice | np.ndarray) -> list[dict]:
        """The records of `rows` (a slice or positions): each column converted once for them (one
        tolist), each dict built as a literal over one zip (no per-value call, no per-record
        comprehension)."""
        per_indicator = [
            [
                {
                    "value": value,
                    "threshold": threshold,
                    "met": met,
                    "band": band,
                    "ratio": ratio,
                    "shortfall": shortfall,
                    "raw": raw,
                    "cv_share": cv_share,
                    "near_miss": near_miss,
                }
                for value, threshold, met, band, ratio, shortfall, raw, cv_share, near_miss in zip(
                    *(cols[c].values(rows) for c in INDICATOR_COLUMNS)
                )
            ]
            for cols in self._indicators.values()
        ]
        names = tuple(self._indicators)
        base = self._base
        return [
            {
                "code": code,
                "name": name,
                "type": typ,
                "level": level,
                "file": file,
                "row": row,
                "students": students,
                "share": share,
                "ownership": ownership,
                "area": area,
                "indicators": dict(zip(names, entries)),
                "met_count": met_count,
                "passed": passed,
                "unmet": list(unmet),
            }
            for (
                code, name, typ, level, file, row, students, share, ownership, area,
                entries, met_count, passed, unmet,
            ) in zip(
                *(base[k].values(rows) for k in BASE_COLUMNS),
                zip(*per_indicator) if per_indicator else [()] * len(self._unmet[rows]),
                self._met_count.values(rows),
                self._passed.values(rows),
                self._unmet[rows].tolist(),
            )
        ]
