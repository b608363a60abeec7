"""A read-only sequence of records made a chunk at a time from columns: report["schools"]
(evaluate/school_table.py) and the plan's tables (plan/table.py, plan/ledger_table.py).

A province's report holds tens of thousands of records per table, the nation's hundreds of thousands: the
tables keep arrays, and the records — the same dicts, key for key — are made when read, CHUNK at a time
(the JSON writer streams the chunks; `to_list()` makes the plain list a county's report has)."""

import gc
from collections.abc import Sequence
from contextlib import contextmanager

CHUNK = 4096  # records made at a time while streaming: small enough to be a few MB


@contextmanager
def gc_paused():
    """The cyclic garbage collector off while a chunk's records are made: they are thousands of nested
    dicts and lists (no cycles), and each allocation burst would start a collection that walks them all
    again (two thirds of the time of making the plan's school records)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class ChunkedTable(Sequence):
    """A read-only sequence of records made in chunks by `_records(start, stop)`."""

    _n = 0

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, j):
        if isinstance(j, slice):
            start, stop, step = j.indices(self._n)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return [r for chunk in self._chunks(start, stop) for r in chunk]
        if j < 0:
            j += self._n
        if not 0 <= j < self._n:
            raise IndexError("table index out of range")
        return self._records(j, j + 1)[0]

    def __iter__(self):
        for chunk in self._chunks(0, self._n):
            yield from chunk

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(other) == self._n and list(self) == list(other)

    __hash__ = None

    def chunks(self):
        """Lists of at most CHUNK records, in order (what the JSON writer encodes one at a time)."""
        return self._chunks(0, self._n)

    def to_list(self) -> list[dict]:
        return list(self)

    def _chunks(self, start: int, stop: int):
        for s in range(start, stop, CHUNK):
            with gc_paused():
                chunk = self._records(s, min(s + CHUNK, stop))
            yield chunk

    def _records(self, start: int, stop: int) -> list[dict]:
        raise NotImplementedError
