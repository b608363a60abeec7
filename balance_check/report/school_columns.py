"""report["schools"] a column at a time, whichever way the report holds it.

A province's report holds the schools as columns (SchoolParts: records made only on demand); a county's
report, a test's or one read back from report.json holds a list of dicts. Writers read columns through
`school_columns()`, so they never turn a province's table back into 200,000 dicts, and a list is read the
same way."""

from collections.abc import Sequence
from operator import itemgetter


def school_columns(schools: Sequence):
    """An object with column(name), indicator_column(key, field), has_indicator(key) and len()."""
    if hasattr(schools, "indicator_column"):
        return schools
    return RecordColumns(schools)


class RecordColumns:
    """The columns of a list of school-part records (missing fields read as None)."""

    def __init__(self, records: Sequence[dict]):
        self._records = records

    def __len__(self) -> int:
        return len(self._records)

    def column(self, name: str) -> list:
        return [s.get(name) for s in self._records]

    def indicator_column(self, key: str, field: str) -> list:
        return [(s["indicators"].get(key) or {}).get(field) for s in self._records]

    def has_indicator(self, key: str) -> list[bool]:
        return [key in s["indicators"] for s in self._records]


def take(values: list, rows: list[int]) -> list:
    """values[i] for each i in rows (the rows of one 学段, say), gathered in one C call."""
    if len(rows) < 2:
        return [values[i] for i in rows]
    return list(itemgetter(*rows)(values))


_REQUIRED = object()


def record_column(records: Sequence, key: str, default=_REQUIRED) -> list:
    """One field of every record of a list (or of a table that has column()); with a default, records
    without the field read as it (record.get(key, default)), else the field is required."""
    if hasattr(records, "column"):
        return records.column(key)
    if default is _REQUIRED:
        return [r[key] for r in records]
    return [r.get(key, default) for r in records]


def record_columns(records: Sequence, keys: Sequence[str]) -> dict[str, list]:
    """Several required fields of every record, the records read once: a plan table makes its records
    on demand (the 整改台账 of a nation is 490,000 rows), so a column at a time would make them all again
    for each field. A table's records are taken a chunk at a time (as it makes them), their fields
    picked and transposed by C calls (itemgetter, zip) rather than a Python step per field."""
    if hasattr(records, "column"):
        return {k: records.column(k) for k in keys}
    keys = list(dict.fromkeys(keys))
    out: dict[str, list] = {k: [] for k in keys}
    if not keys:
        return out
    pick = itemgetter(*keys)
    for chunk in records.chunks() if hasattr(records, "chunks") else [records]:
        picked = list(map(pick, chunk))
        if len(keys) == 1:
            out[keys[0]].extend(picked)
            continue
        for column, values in zip(out.values(), zip(*picked)):
            column.extend(values)
    return out
