"""report.json: the library's report dict, as it is (validated against the documented schema in tests).

Encoded with orjson (a tenth of the standard encoder's time on a province). A columnar report
(report["schools"] a SchoolParts table) is streamed: the schools are encoded a chunk at a time, so
neither all their dicts nor the whole 380 MB text of a national report exist at once."""

import json
from collections.abc import Sequence
from pathlib import Path

import orjson

from .atomic import atomic_write

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "report.schema.json"
# numpy numbers are written as numbers; NaN and infinities as null (undefined numbers are null)
_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
_PLACEHOLDER = "\x00balance-check: schools go here\x00"


def _dumps(value) -> bytes:
    return orjson.dumps(value, option=_OPTIONS)


def to_json(report: dict) -> str:
    """The whole report as one JSON text (for small reports; write_json streams)."""
    return _dumps(_plain(report)).decode("utf-8")


def _plain(report: dict) -> dict:
    schools = report.get("schools")
    if isinstance(schools, Sequence) and not isinstance(schools, list):
        return {**report, "schools": list(schools)}
    return report


def write_json(report: dict, path) -> None:
    atomic_write(Path(path), lambda tmp: _write(report, tmp))


def _write(report: dict, tmp: Path) -> None:
    schools = report.get("schools")
    chunks = getattr(schools, "chunks", None)
    with open(tmp, "wb") as fh:
        if chunks is None:
            fh.write(_dumps(report))
        else:
            # the rest of the report (tens of MB for a province) is written around the schools from one
            # bytes object, through views: neither split nor joined copies of it are made
            rest, marker = _dumps({**report, "schools": _PLACEHOLDER}), _dumps(_PLACEHOLDER)
            at = rest.index(marker)
            fh.write(memoryview(rest)[:at])
            fh.write(b"[")
            for n, chunk in enumerate(chunks()):
                if n:
                    fh.write(b",")
                fh.write(memoryview(_dumps(chunk))[1:-1])
            fh.write(b"]")
            fh.write(memoryview(rest)[at + len(marker) :])
        fh.write(b"\n")


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text("utf-8"))
