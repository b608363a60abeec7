"""Inheritance: a file `extends` another and states only what differs.

Mappings merge key by key; lists of records that carry an `id` or `key` merge record by record (a record
with `remove: true` drops the inherited one); any other value replaces the inherited one."""

from pathlib import Path

from ..errors import StandardInvalid
from .files import find, read


def _ident(r):
    return r.get("id", r.get("key")) if isinstance(r, dict) else None


def _keyed(items) -> bool:
    return isinstance(items, list) and bool(items) and all(_ident(r) is not None for r in items)


def merge(base: dict, child: dict) -> dict:
    out = dict(base)
    for k, v in child.items():
        b = out.get(k)
        if isinstance(v, dict) and isinstance(b, dict):
            out[k] = merge(b, v)
        elif _keyed(v) and _keyed(b):
            out[k] = _merge_records(b, v)
        else:
            out[k] = v
    return out


def _merge_records(base: list, child: list) -> list:
    merged = {_ident(r): r for r in base}
    order = [_ident(r) for r in base]
    for r in child:
        i = _ident(r)
        if r.get("remove"):
            merged.pop(i, None)
        elif i in merged:
            merged[i] = merge(merged[i], r)
        else:
            merged[i] = r
            order.append(i)
    return [merged[i] for i in order if i in merged]


def chain(path: Path) -> list[tuple[str, dict]]:
    """The files from the root ancestor down to `path`, as (id, raw data)."""
    out, seen = [], []
    while True:
        data = read(path)
        ident = data.get("id", path.stem)
        if ident in seen:
            raise StandardInvalid(f"继承出现循环：{' → '.join(seen + [ident])}", "extends")
        seen.append(ident)
        out.append((ident, data))
        parent = data.get("extends")
        if parent is None:
            return list(reversed(out))
        if not isinstance(parent, str):
            raise StandardInvalid("extends 必须是标准编号", "extends")
        path = find(parent, "extends")


def resolve(path: Path) -> dict:
    files = chain(path)
    merged: dict = {}
    for _, data in files:
        merged = merge(merged, {k: v for k, v in data.items() if k != "abstract"})
    if files[-1][1].get("abstract"):
        merged["abstract"] = True
    return merged


def flatten(data, prefix: str = "") -> dict[str, object]:
    """Leaf paths such as indicators[qualified_teachers_per_100].thresholds.primary -> value."""
    out = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif _keyed(data):
        for r in data:
            out.update(flatten(r, f"{prefix}[{_ident(r)}]"))
    elif isinstance(data, list) and data and all(isinstance(r, dict) for r in data):
        for i, r in enumerate(data):
            out.update(flatten(r, f"{prefix}.{i}"))
    else:
        out[prefix] = data
    return out


def provenance(path: Path) -> dict[str, str]:
    """Leaf path of the merged standard -> id of the file that set it last."""
    merged_paths = flatten(resolve(path))
    origin = {}
    for ident, data in chain(path):
        for p in flatten(data):
            if p in merged_paths:
                origin[p] = ident
    return {p: origin.get(p, "?") for p in merged_paths}
