"""report.json: the library's report dict, as it is (validated against the documented schema in tests).

Encoded with orjson (a tenth of the standard encoder's time on a province). A columnar report
(report["schools"] a SchoolParts table, report["plan"]["schools"] and ["ledger"] plan tables) is
streamed: each table is encoded a chunk at a time, so neither all their dicts nor the whole 380 MB text
of a national report exist at once."""

import json
from collections.abc import Sequence
from pathlib import Path

import orjson

from .atomic import atomic_write

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "report.schema.json"
# numpy numbers are written as numbers; NaN and infinities as null (undefined numbers are null)
_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
# the tables that may be held as columns, by key path
_TABLES = (("schools",), ("plan", "schools"), ("plan", "ledger"))


def _dumps(value) -> bytes:
    return orjson.dumps(value, option=_OPTIONS)


def to_json(report: dict) -> str:
    """The whole report as one JSON text (for small reports; write_json streams)."""
    return _dumps(_plain(report)).decode("utf-8")


def _plain(report: dict) -> dict:
    return _replace(report, lambda path, table: list(table))


def _replace(report: dict, how) -> dict:
    """The report with each table held as columns replaced by how(path, table); the rest shared."""
    out = dict(report)
    for path in _TABLES:
        holder, src = out, report
        for key in path[:-1]:
            if not isinstance(src.get(key), dict):
                break
            if holder[key] is src[key]:
                holder[key] = dict(src[key])
            holder, src = holder[key], src[key]
        else:
            table = src.get(path[-1])
            if isinstance(table, Sequence) and not isinstance(table, list):
                holder[path[-1]] = how(path, table)
    return out


def write_json(report: dict, path) -> None:
    atomic_write(Path(path), lambda tmp: _write(report, tmp))


def _write(report: dict, tmp: Path) -> None:
    streamed = {}

    def placeholder(path, table):
        mark = f"\x00balance-check: {'.'.join(path)} goes here\x00"
        streamed[_dumps(mark)] = table
        return mark

    skeleton = _dumps(_replace(report, placeholder))
    with open(tmp, "wb") as fh:
        while streamed:  # the tables in the order they appear in the text
            mark = min(streamed, key=skeleton.index)
            head, skeleton = skeleton.split(mark, 1)
            fh.write(head + b"[")
            for n, chunk in enumerate(_chunks(streamed.pop(mark))):
                if n:
                    fh.write(b",")
                fh.write(_dumps(chunk)[1:-1])
            fh.write(b"]")
        fh.write(skeleton + b"\n")


def _chunks(table):
    chunks = getattr(table, "chunks", None)
    return chunks() if chunks is not None else [list(table)]


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text("utf-8"))
