"""Where standards files live and how one is read."""

import difflib
import json
from pathlib import Path

from ..errors import StandardInvalid, StandardNotFound
from .kinds import condition_schema
from .messages import json_message, yaml_message
from .parsed import load_yaml_file

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Installed wheels carry the files under the package; a source checkout keeps them at the root.
STANDARDS_DIRS = [_PACKAGE_DIR / "_standards", _PACKAGE_DIR.parent / "standards"]
SUFFIXES = (".yaml", ".yml", ".json")


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
    """The file's top-level mapping (a YAML file read back from the cache of parsed files when it was
    parsed before: a check reads its standard twice, `find` confirming the id and `resolve` merging it)."""
    try:
        data = json.loads(path.read_text("utf-8")) if path.suffix == ".json" else load_yaml_file(path)
    except UnicodeDecodeError:
        raise StandardInvalid(f"标准文件 {path.name} 不是 UTF-8 编码，请在编辑器中另存为 UTF-8") from None
    except OSError as e:
        raise StandardInvalid(f"无法读取标准文件 {path}（系统错误 {e.errno}）") from None
    except yaml_error() as e:
        raise StandardInvalid(f"标准文件 {path.name} {yaml_message(e)}") from None
    except json.JSONDecodeError as e:
        raise StandardInvalid(f"标准文件 {path.name} {json_message(e)}") from None
    if not isinstance(data, dict):
        raise StandardInvalid(f"标准文件 {path.name} 的顶层必须是键值对象")
    return data


def load_yaml(text: str):
    """yaml.safe_load, with libyaml's loader when PyYAML was built with it (the pure-Python one costs a
    tenth of a second per file). Every YAML text the tool reads goes through here; PyYAML is imported
    only then (a check whose files are cached never imports it, see parsed.py)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def yaml_error() -> type:
    """PyYAML's error class, for an `except` clause (evaluated only when an exception is being matched)."""
    import yaml

    return yaml.YAMLError


def is_shipped(path: Path) -> bool:
    """A file of the standards directory (its parents, named by id, are shipped files too)."""
    return path.resolve().parent == standards_dir().resolve()


def is_path(ref: str) -> bool:
    """A reference with a folder separator or a standards-file suffix is a path; anything else an id."""
    return "/" in ref or "\\" in ref or ref.lower().endswith(SUFFIXES)


def find(ref: str, where: str = "") -> Path:
    """A path to a file, or the id of a shipped standard."""
    ref = str(ref)
    if is_path(ref):
        p = Path(ref)
        if p.is_file():
            return p
        if p.is_dir():
            raise StandardNotFound(f"{ref} 是文件夹，不是标准文件。请给出 .yaml 文件的路径", where)
        raise StandardNotFound(f"找不到文件 {ref}。请检查路径和文件名", where)
    # The usual case: the shipped file named after the id declares that id, so one file is read, not all
    # (shipped ids are unique, tests/test_standards_files.py; suffixes in the order of the scan below).
    for suffix in sorted(SUFFIXES):
        named = standards_dir() / f"{ref}{suffix}"
        if named.is_file() and str(read(named).get("id", named.stem)) == ref:
            return named
    ids: dict[str, Path] = {}
    for f in shipped_files():
        ids.setdefault(str(read(f).get("id", f.stem)), f)
        ids.setdefault(f.stem, f)
    if ref in ids:
        return ids[ref]
    close = difflib.get_close_matches(ref, sorted(ids), n=3, cutoff=0.5)
    hint = f"您是否要找 {'、'.join(close)}？" if close else "可用 balance-check standards list 查看内置标准。"
    raise StandardNotFound(f"没有编号为 {ref} 的标准。{hint}", where)
