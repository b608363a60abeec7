"""Whether two report.json files hold the same content (after json.loads), and where they differ first.

    .venv/bin/python benchmarks/same_report.py before/report.json after/report.json [more pairs …]

A speed change must not change a result: compare the report of the code before it with the report after.
Exit code 0 when every pair is the same, 1 otherwise.
"""

import json
import sys


def differences(a, b, path: str = "", out: list | None = None, limit: int = 10) -> list[str]:
    """The first `limit` places where a and b differ, as key paths."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if type(a) is not type(b):
        out.append(f"{path}: {type(a).__name__} / {type(b).__name__}")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in the {'second' if k in b else 'first'}")
            else:
                differences(a[k], b[k], f"{path}/{k}", out, limit)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} / {len(b)} entries")
        for i, (x, y) in enumerate(zip(a, b)):
            differences(x, y, f"{path}[{i}]", out, limit)
    elif a != b:
        out.append(f"{path}: {a!r} / {b!r}")
    return out


def main(paths: list[str]) -> int:
    if not paths or len(paths) % 2:
        raise SystemExit(__doc__)
    same = True
    for first, second in zip(paths[::2], paths[1::2]):
        with open(first, encoding="utf-8") as f, open(second, encoding="utf-8") as g:
            a, b = json.load(f), json.load(g)
        if a == b:
            print(f"IDENTICAL  {first}  {second}")
        else:
            same = False
            print(f"DIFFERENT  {first}  {second}")
            for line in differences(a, b):
                print(f"  {line}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
