"""report.json: the library's report dict, as it is (validated against the documented schema in tests).

Encoded with orjson (a tenth of the standard encoder's time on a province). A columnar report
(report["schools"] a SchoolParts table; the plan's schools, ledger and county items' schools plan tables)
is streamed: each table is encoded a chunk at a time, so neither all their dicts nor the whole 380 MB
text of a national report exist at once. A table of columns writes a chunk's text from its columns'
texts without making its records (`encoded_chunks`, see chunked.py): the same bytes as orjson's for the
records, at about two thirds of the time."""

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import orjson

from ..chunked import JSON_OPTIONS
from . import forked
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
# With two processes (write_json's jobs=2) the plan's tables — about half of a province's text, and the
# last in it — are encoded by the second one while this one encodes the schools and the problems.
_SECOND = ("plan",)


def _dumps(value) -> bytes:
    return orjson.dumps(value, option=_OPTIONS)


def to_json(report: dict) -> str:
    """The whole report as one JSON text (for small reports; write_json streams)."""
    return _dumps(_plain(report)).decode("utf-8")


def _plain(report: dict) -> dict:
    return _replace(report, lambda table, path: list(table))


def _replace(report: dict, how) -> dict:
    """The report with each table held as columns replaced by how(table, its key path); the rest shared,
    not copied."""
    for path in _TABLES:
        report = _replace_at(report, path, lambda table, path=path: how(table, path))
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


def write_json(report: dict, path, jobs: int = 1) -> None:
    """report.json of `report`; jobs=2 encodes the plan's tables in a second process at the same time."""
    atomic_write(Path(path), lambda tmp: _write(report, tmp, jobs))


def _write(report: dict, tmp: Path, jobs: int = 1) -> None:
    streamed, second_marks = {}, set()

    def placeholder(table, path):
        mark = f"\x00balance-check: table {len(streamed)} goes here\x00"
        streamed[_dumps(mark)] = table  # as the mark reads in the encoded skeleton
        if path[: len(_SECOND)] == _SECOND:
            second_marks.add(_dumps(mark))
        return mark

    skeleton = _dumps(_replace(report, placeholder))
    order = sorted((skeleton.index(m), m) for m in streamed)  # in the order of the text
    second = side = None
    if jobs > 1 and second_marks:
        side = Path(tempfile.mkstemp(prefix=".report-plan-", suffix=".json", dir=tmp.parent)[1])
        tables = [streamed[m] for _, m in order if m in second_marks]
        second = forked.start(lambda: _encode_tables(tables, side), "report.json")
        if second is None:  # encoded here after all
            second_marks.clear()
    try:
        with open(tmp, "wb") as fh:
            # the rest of the report (tens of MB for a province) is written around the tables from one
            # bytes object, through views: neither split nor joined copies of it are made
            view, at = memoryview(skeleton), 0
            spans = None
            for start, mark in order:
                fh.write(view[at:start])
                if mark in second_marks and second is not None:
                    if spans is None:
                        spans = iter(second.result())
                    _copy(side, fh, *next(spans))
                else:
                    _write_table(fh, streamed[mark])
                at = start + len(mark)
            fh.write(view[at:])
            fh.write(b"\n")
    except BaseException:
        if second is not None:
            second.stop()
        raise
    finally:
        if side is not None:
            side.unlink(missing_ok=True)


def _write_table(fh, table) -> None:
    """The table as a JSON array, a chunk at a time."""
    fh.write(b"[")
    first = True
    for text in _encoded(table):
        if text:  # an empty chunk would leave a stray comma
            if not first:
                fh.write(b",")
            fh.write(text)
            first = False
    fh.write(b"]")


def _encode_tables(tables: list, side: Path) -> list[tuple[int, int]]:
    """(In the second process) each table's JSON array into `side`, one after the other; their (offset,
    length) there."""
    spans = []
    with open(side, "wb") as fh:
        for table in tables:
            start = fh.tell()
            _write_table(fh, table)
            spans.append((start, fh.tell() - start))
    return spans


def _copy(side: Path, fh, offset: int, length: int) -> None:
    """`length` bytes of `side` from `offset` appended to `fh`, by the kernel where it can."""
    fh.flush()
    with open(side, "rb") as src:
        try:
            while length > 0:
                done = os.copy_file_range(src.fileno(), fh.fileno(), length, offset)
                if done == 0:
                    break
                offset, length = offset + done, length - done
        except (AttributeError, OSError):  # no copy_file_range here (or not between these files)
            pass
        if length > 0:
            src.seek(offset)
            shutil.copyfileobj(_Limited(src, length), fh)
    fh.seek(0, os.SEEK_END)  # the buffered writer goes on where the kernel left the file


class _Limited:
    """The next `length` bytes of a file, for copyfileobj."""

    def __init__(self, fh, length: int):
        self.fh, self.left = fh, length

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.fh.read(n)
        self.left -= len(data)
        return data


def _encoded(table):
    """Each chunk's records as JSON text without brackets (a table of columns assembles it itself)."""
    encoded = getattr(table, "encoded_chunks", None)
    if encoded is not None:
        return encoded()
    return [_dumps(list(table))[1:-1]]


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text("utf-8"))
