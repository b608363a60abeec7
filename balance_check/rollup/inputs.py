"""Which county files to check, and under which standard: files, folders, or a manifest CSV."""

import csv
from pathlib import Path

from ..errors import InputUnusable

# Header names accepted in a manifest (Chinese as county staff write them, or English).
FILE_COLUMNS = ("file", "文件", "文件名")
STANDARD_COLUMNS = ("standard", "标准")


def gather(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for its .xlsx files (sorted; Excel's ~$ lock files and hidden
    files left out). A path that does not exist is kept, to be reported as that county's problem."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(
                f for f in p.iterdir() if f.suffix.lower() == ".xlsx" and not f.name.startswith(("~$", "."))
            )
        else:
            out.append(p)
    return out


def read_manifest(path: Path) -> list[tuple[Path, str | None]]:
    """(file, standard) pairs from a CSV with a header row; a relative file is relative to the CSV.
    A blank standard means the one given with --standard (or the national one)."""
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text("gbk")  # saved from Excel on a Chinese Windows
    except OSError as e:
        raise InputUnusable(f"无法读取清单文件 {path}：{e.strerror or e}") from None
    rows = list(csv.DictReader(text.splitlines()))
    fields = {(h or "").strip().lower(): h for h in (rows[0].keys() if rows else [])}
    file_col = next((fields[c] for c in FILE_COLUMNS if c in fields), None)
    std_col = next((fields[c] for c in STANDARD_COLUMNS if c in fields), None)
    if file_col is None:
        raise InputUnusable(f"清单文件 {path.name} 需要表头 file,standard（或 文件,标准），且至少一行")
    out = []
    for row in rows:
        name = (row.get(file_col) or "").strip()
        if not name:
            continue
        std = (row.get(std_col) or "").strip() if std_col else ""
        f = Path(name)
        out.append((f if f.is_absolute() else path.parent / f, std or None))
    if not out:
        raise InputUnusable(f"清单文件 {path.name} 没有列出任何文件")
    return out
