"""report.json: the library's report dict, as it is (validated against the documented schema in tests).

Encoded with orjson (a tenth of the standard encoder's time on a province). A columnar report
(report["schools"] a SchoolParts table; the plan's schools, ledger and county items' schools plan tables)
is streamed: each table is encoded a chunk at a time, so neither all their dicts nor the whole 380 MB
text of a national report exist at once. A table of columns writes a chunk's text from its columns'
texts without making its records (`encoded_chunks`, see chunked.py): the same bytes as orjson's for the
records, at about two thirds of the time."""

import json
from collections.abc import Sequence
from pathlib import Path

import orjson

from ..chunked import JSON_OPTIONS
from .atomic import atomic_write

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "report.schema.json"
# numpy numbers are written as numbers; NaN and infinities as null (the tables' texts are encoded alike)
_OPTIONS = JSON_OPTIONS
# the tables that may be held as columns, by key path ("[]": each item of a list)
_TABLES = (
    ("schools",),
    ("problems",),
    ("plan", "schools"),
    ("plan", "county", "[]", "schools"),
    ("plan", "ledger"),
)


def _dumps(value) -> bytes:
    return orjson.dumps(value, option=_OPTIONS)


def to_json(report: dict) -> str:
    """The whole report as one JSON text (for small reports; write_json streams)."""
    return _dumps(_plain(report)).decode("utf-8")


def _plain(report: dict) -> dict:
    return _replace(report, list)


def _replace(report: dict, how) -> dict:
    """The report with each table held as columns replaced by how(table); the rest shared, not copied."""
    for path in _TABLES:
        report = _replace_at(report, path, how)
    return report


def _replace_at(obj, path: tuple, how):
    if not path:
        return how(obj) if isinstance(obj, Sequence) and not isinstance(obj, (list, str)) else obj
    head, rest = path[0], path[1:]
    if head == "[]" and isinstance(obj, list):
        new = [_replace_at(item, rest, how) for item in obj]
        return new if any(a is not b for a, b in zip(new, obj)) else obj
    if isinstance(obj, dict) and head in obj:
        child = _replace_at(obj[head], rest, how)
        if child is obj[head]:
            return obj
        obj = dict(obj)
        obj[head] = child
    return obj


def write_json(report: dict, path) -> None:
    atomic_write(Path(path), lambda tmp: _write(report, tmp))


def _write(report: dict, tmp: Path) -> None:
    streamed = {}

    def placeholder(table):
        mark = f"\x00balance-check: table {len(streamed)} goes here\x00"
        streamed[_dumps(mark)] = table
        return mark

    skeleton = _dumps(_replace(report, placeholder))
    with open(tmp, "wb") as fh:
        # the rest of the report (tens of MB for a province) is written around the tables from one bytes
        # object, through views: neither split nor joined copies of it are made
        view, at = memoryview(skeleton), 0
        for start, mark in sorted((skeleton.index(m), m) for m in streamed):  # in the order of the text
            fh.write(view[at:start])
            fh.write(b"[")
            first = True
            for text in _encoded(streamed[mark]):
                if text:  # an empty chunk would leave a stray comma
                    if not first:
                        fh.write(b",")
                    fh.write(text)
                    first = False
            fh.write(b"]")
            at = start + len(mark)
        fh.write(view[at:])
        fh.write(b"\n")


def _encoded(table):
    """Each chunk's records as JSON text without brackets (a table of columns assembles it itself)."""
    encoded = getattr(table, "encoded_chunks", None)
    if encoded is not None:
        return encoded()
    return [_dumps(list(table))[1:-1]]


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text("utf-8"))
