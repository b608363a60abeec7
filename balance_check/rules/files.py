"""Where standards files live and how one is read."""

import json
from pathlib import Path

import yaml

from ..errors import StandardInvalid
from .kinds import condition_schema

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Installed wheels carry the files under the package; a source checkout keeps them at the root.
STANDARDS_DIRS = [_PACKAGE_DIR / "_standards", _PACKAGE_DIR.parent / "standards"]
SUFFIXES = (".yaml", ".yml", ".json")
# libyaml's loader when PyYAML was built with it: the pure-Python one costs a tenth of a second per file.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def standards_dir() -> Path:
    for d in STANDARDS_DIRS:
        if (d / "schema" / "standard.schema.json").is_file():
            return d
    raise StandardInvalid("找不到标准文件目录 standards/")


def schema() -> dict:
    """The standard schema, its `condition` generated from the registered kinds (rules/kinds.py)."""
    data = json.loads((standards_dir() / "schema" / "standard.schema.json").read_text("utf-8"))
    data["$defs"]["condition"] = condition_schema()
    return data


def shipped_files() -> list[Path]:
    return sorted(p for p in standards_dir().iterdir() if p.suffix in SUFFIXES)


def read(path: Path) -> dict:
    try:
        text = path.read_text("utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, json.JSONDecodeError) as e:
        raise StandardInvalid(f"无法读取标准文件 {path.name}：{e}") from None
    if not isinstance(data, dict):
        raise StandardInvalid(f"标准文件 {path.name} 的顶层必须是键值对象")
    return data


def is_shipped(path: Path) -> bool:
    """A file of the standards directory (its parents, named by id, are shipped files too)."""
    return path.resolve().parent == standards_dir().resolve()


def find(ref: str, where: str = "") -> Path:
    """A path to a file, or the id of a shipped standard."""
    p = Path(ref)
    if p.suffix in SUFFIXES and p.is_file():
        return p
    files = shipped_files()
    for f in files:  # file names are the ids: parse a file only when none is named so
        if f.stem == ref:
            return f
    for f in files:
        if read(f).get("id") == ref:
            return f
    raise StandardInvalid(f"未知的标准：{ref}（可用 balance-check standards list 查看）", where)
