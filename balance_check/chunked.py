"""A read-only sequence of records made a chunk at a time from columns: report["schools"]
(evaluate/school_table.py) and the plan's tables (plan/table.py, plan/ledger_table.py).

A province's report holds tens of thousands of records per table, the nation's hundreds of thousands: the
tables keep arrays, and the records — the same dicts, key for key — are made when read, CHUNK at a time
(the JSON writer streams the chunks; `to_list()` makes the plain list a county's report has).

report.json need not make the records at all: `encoded_chunks()` gives each chunk's JSON text, and a table
may assemble it from its columns (`_encode`) — each column encoded by orjson in one call and cut into
its values' texts, the records' texts joined from those and the constant text between them (the keys,
braces and commas, see `assemble`). The bytes are those orjson writes for the records themselves (the
tests compare them on generated tables)."""

import gc
from collections.abc import Sequence
from contextlib import contextmanager

import orjson

CHUNK = 4096  # records made at a time while streaming: small enough to be a few MB
# numpy numbers are written as numbers; NaN and infinities as null (undefined numbers are null)
JSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def dumps(value) -> bytes:
    return orjson.dumps(value, option=JSON_OPTIONS)


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

    def encoded_chunks(self):
        """The JSON text of each chunk's records, comma-separated and without brackets (b"" for none)."""
        for s in range(0, self._n, CHUNK):
            with gc_paused():
                text = self._encode(s, min(s + CHUNK, self._n))
            yield text

    def to_list(self) -> list[dict]:
        return list(self)

    def _encode(self, start: int, stop: int) -> bytes:
        """What orjson writes for the records (a table with columns assembles the same text from them)."""
        return dumps(self._records(start, stop))[1:-1]

    def _chunks(self, start: int, stop: int):
        for s in range(start, stop, CHUNK):
            with gc_paused():
                chunk = self._records(s, min(s + CHUNK, stop))
            yield chunk

    def _records(self, start: int, stop: int) -> list[dict]:
        raise NotImplementedError


# ---- record texts assembled from columns -------------------------------------------------------------
class Texts:
    """The JSON texts of one column's values, one per record: a list of bytes, or (made in one orjson
    call) one bytes object of the texts separated by `sep`, which no text contains. `quoted`: the texts
    lack their enclosing quotes, which `assemble` writes with the constant text around them."""

    __slots__ = ("texts", "joined", "sep", "quoted")

    def __init__(self, texts: list | None = None, joined: bytes = b"", sep: bytes = b",", quoted=False):
        self.texts, self.joined, self.sep, self.quoted = texts, joined, sep, quoted

    def split(self, prefix: bytes = b"") -> list:
        """The texts, each after `prefix` (cut in C: the separators become the prefix, then cut at a byte
        orjson never writes)."""
        if self.texts is not None:
            texts = self.texts.tolist() if hasattr(self.texts, "tolist") else self.texts  # an object array
            return [prefix + t for t in texts] if prefix else texts
        if not prefix:
            return self.joined.split(self.sep)
        return (prefix + self.joined.replace(self.sep, b"\x00" + prefix)).split(b"\x00")


def numbers(values) -> Texts:
    """Numbers, true/false and null (a numeric numpy array, or a list without texts): one orjson call,
    separated by its commas (no such value's text has one)."""
    if not len(values):
        return Texts([])
    if hasattr(values, "dtype"):  # orjson reads numeric arrays in place (C order) but not object ones
        import numpy as np  # not at the top: problems.py imports this module, and --help must not load numpy

        values = values.tolist() if values.dtype == object else np.ascontiguousarray(values)
    return Texts(joined=dumps(values)[1:-1], sep=b",")


def strings(values: list) -> Texts:
    """Texts and null (a column of names, labels). Texts without a quote (most names) are encoded in one
    call and separated at the '","' between them; otherwise each distinct value is encoded once."""
    if not values:
        return Texts([])
    if set(map(type, values)) == {str}:
        text = dumps(values)
        # each '"' is a text's own quote unless escaped: without a '\\"' no cut falls inside a text
        if b'\\"' not in text:
            return Texts(joined=text[2:-2], sep=b'","', quoted=True)
    return values_texts(values)


def values_texts(values: list) -> Texts:
    """Any JSON values. Texts and null: each distinct value encoded once; numbers, true/false and null:
    one orjson call (equal numbers may read differently: 1, 1.0, True, -0.0 and 0.0); a mix of the two
    kinds: each kind so, put back in place; anything else (lists) value by value."""
    if not values:
        return Texts([])
    types = set(map(type, values))
    if types <= _TEXTS:
        texts = {v: dumps(v) for v in dict.fromkeys(values)}
        return Texts(list(map(texts.__getitem__, values)))
    if types <= _NUMBERS:
        return numbers(values)
    if types <= _TEXTS | _NUMBERS:
        import numpy as np

        kinds = objects(list(map(type, values)))
        is_text = np.equal(kinds, str)
        text = np.flatnonzero(is_text)
        other = np.flatnonzero(~is_text)
        held = objects(values)
        out = np.empty(len(values), dtype=object)
        out[text] = values_texts(held[text].tolist()).split()
        out[other] = numbers(held[other].tolist()).split()
        return Texts(out.tolist())
    return Texts([dumps(v) for v in values])


_TEXTS = {str, type(None)}
_NUMBERS = {int, float, bool, type(None)}


def objects(items: list):
    """A 1-D object array of the items (texts stay texts, never numpy strings)."""
    import numpy as np

    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


_JOIN_PIECES = 16384


def assemble(n: int, layout: list) -> bytes:
    """The texts of n records, comma-separated: `layout` lists, in the record's order, constant bytes
    (the same in every record) and Texts (one per record)."""
    if not n:
        return b""
    flat, width = _flat(n, layout + [b","])  # between records; the last record's is left out
    flat[-1] = flat[-1][:-1]
    # joined a block at a time: bytes.join keeps a buffer record per piece, and a few hundred thousand
    # of them no longer fit the processor's cache (four times slower)
    step = max(1, _JOIN_PIECES // width) * width
    return b"".join([b"".join(flat[i : i + step]) for i in range(0, len(flat), step)])


def _flat(n: int, layout: list) -> tuple[list, int]:
    """The pieces of n records in order, record after record, and how many pieces each has."""
    pieces: list = []  # constant bytes and Texts, constants merged
    for item in layout:
        if isinstance(item, Texts):
            if item.quoted:
                _add(pieces, b'"')
            pieces.append(item)
            if item.quoted:
                _add(pieces, b'"')
        else:
            _add(pieces, item)
    columns: list = []  # each a list of n texts: a Texts with the constant before it made one piece
    j = 0
    while j < len(pieces):
        item = pieces[j]
        if isinstance(item, bytes) and j + 1 < len(pieces) and b"\x00" not in item:
            if isinstance(pieces[j + 1], Texts) and pieces[j + 1].texts is None:
                columns.append(pieces[j + 1].split(item))
                j += 2
                continue
        columns.append(item.split() if isinstance(item, Texts) else [item] * n)
        j += 1
    width = len(columns)
    flat: list = [None] * (n * width)
    for j, texts in enumerate(columns):  # column by column, as slices of the flat list (no Python loop)
        flat[j::width] = texts
    return flat, width


def _add(pieces: list, text: bytes) -> None:
    if pieces and isinstance(pieces[-1], bytes):
        pieces[-1] += text
    else:
        pieces.append(text)
