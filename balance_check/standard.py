"""Standards are data: load a YAML/JSON file, merge `extends`, validate against the JSON Schema."""
import json
from functools import cached_property
from pathlib import Path

import jsonschema
import yaml

from .errors import StandardInvalid

_PACKAGE_DIR = Path(__file__).resolve().parent
# Installed wheels carry the files under the package; a source checkout keeps them at the root.
STANDARDS_DIRS = [_PACKAGE_DIR / "_standards", _PACKAGE_DIR.parent / "standards"]


def _standards_dir() -> Path:
    for d in STANDARDS_DIRS:
        if (d / "schema" / "standard.schema.json").is_file():
            return d
    raise StandardInvalid("找不到标准文件目录 standards/")


def _schema() -> dict:
    return json.loads((_standards_dir() / "schema" / "standard.schema.json").read_text("utf-8"))


def list_standards() -> list[dict]:
    out = []
    for f in sorted(_standards_dir().glob("*.y*ml")) + sorted(_standards_dir().glob("*.json")):
        data = _read(f)
        out.append({"id": data.get("id", f.stem), "title": data.get("title", ""),
                    "extends": data.get("extends"), "path": str(f)})
    return out


def _read(path: Path) -> dict:
    try:
        text = path.read_text("utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, json.JSONDecodeError) as e:
        raise StandardInvalid(f"无法读取标准文件 {path.name}：{e}") from None
    if not isinstance(data, dict):
        raise StandardInvalid(f"标准文件 {path.name} 的顶层必须是键值对象")
    return data


def _find(ref: str) -> Path:
    p = Path(ref)
    if p.suffix in (".yaml", ".yml", ".json") and p.is_file():
        return p
    for f in list(_standards_dir().glob("*.y*ml")) + list(_standards_dir().glob("*.json")):
        if f.stem == ref or _read(f).get("id") == ref:
            return f
    raise StandardInvalid(f"未知的标准：{ref}（可用 balance-check standards list 查看）", "extends")


def merge(base: dict, child: dict) -> dict:
    """Child overrides base. Mappings merge key by key; lists of records with `id`/`key` merge by
    that identifier (a record with `remove: true` drops it); other values are replaced."""
    out = dict(base)
    for k, v in child.items():
        b = out.get(k)
        if isinstance(v, dict) and isinstance(b, dict):
            out[k] = merge(b, v)
        elif isinstance(v, list) and isinstance(b, list) and _keyed(v) and _keyed(b):
            out[k] = _merge_records(b, v)
        else:
            out[k] = v
    return out


def _ident(r):
    return r.get("id", r.get("key")) if isinstance(r, dict) else None


def _keyed(items: list) -> bool:
    return bool(items) and all(_ident(r) is not None for r in items)


def _merge_records(base: list, child: list) -> list:
    merged = {_ident(r): r for r in base}
    order = [_ident(r) for r in base]
    for r in child:
        i = _ident(r)
        if r.get("remove"):
            merged.pop(i, None)
            continue
        if i in merged:
            merged[i] = merge(merged[i], r)
        else:
            merged[i] = r
            order.append(i)
    return [merged[i] for i in order if i in merged]


def _resolve(path: Path, seen: tuple = ()) -> dict:
    data = _read(path)
    parent = data.get("extends")
    if parent is None:
        return data
    if parent in seen:
        raise StandardInvalid(f"继承出现循环：{' → '.join(seen + (parent,))}", "extends")
    base = _resolve(_find(parent), seen + (data.get("id", path.stem),))
    merged = merge(base, {k: v for k, v in data.items() if k != "extends"})
    merged["extends"] = parent
    return merged


def validate(data: dict) -> None:
    """JSON Schema, then the cross-references the schema cannot express."""
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = min(errors, key=lambda e: -len(e.absolute_path))
        raise StandardInvalid(e.message, "/".join(str(p) for p in e.absolute_path) or "(root)")
    _check_references(data)


def _check_references(d: dict) -> None:
    levels = set(d["levels"])
    evaluated = {k for k, v in d["levels"].items() if v.get("evaluated", True)}
    for key in ("cv",):
        for lvl in d[key]["thresholds"]:
            if lvl not in evaluated:
                raise StandardInvalid(f"学段 {lvl} 不存在或不参评", f"{key}/thresholds/{lvl}")
    fields = {f["key"] for f in d["school_fields"]}
    facts = {f["key"] for f in d["county_facts"]}
    types = set(d["school_types"])
    for i, ind in enumerate(d["indicators"]):
        for lvl in ind.get("thresholds", {}):
            if lvl not in evaluated:
                raise StandardInvalid(f"学段 {lvl} 不存在或不参评", f"indicators/{i}/thresholds/{lvl}")
        for part, f in ind["numerator"].items():
            if f not in fields:
                raise StandardInvalid(f"未声明的学校数据列 {f}", f"indicators/{i}/numerator/{part}")
    for t, spec in d["school_types"].items():
        for lvl in spec["levels"] + list(spec.get("split_weights", {})):
            if lvl not in levels:
                raise StandardInvalid(f"学段 {lvl} 不存在", f"school_types/{t}/levels")
    for i, ex in enumerate(d["scope"]["exclude"]):
        for t in ex["types"]:
            if t not in types:
                raise StandardInvalid(f"未知的办学类型 {t}", f"scope/exclude/{i}/types")
    for i, item in enumerate(d["items"]):
        for j, c in enumerate(item["conditions"]):
            where = f"items/{i}/conditions/{j}"
            for k in ("fact", "other", "reference", "fallback_fact"):
                if k in c and c[k] not in facts:
                    raise StandardInvalid(f"未声明的县域项目 {c[k]}", f"{where}/{k}")
            if c["kind"] == "ratio_at_least":
                for k in ("numerator", "denominator"):
                    if c[k] not in facts:
                        raise StandardInvalid(f"未声明的县域项目 {c[k]}", f"{where}/{k}")
            for k in ("fields", "classes", "numerator", "denominator"):
                if c["kind"].startswith("school") and k in c:
                    for f in c[k]:
                        if f not in fields:
                            raise StandardInvalid(f"未声明的学校数据列 {f}", f"{where}/{k}")
            for t in c.get("exclude_types", []):
                if t not in types:
                    raise StandardInvalid(f"未知的办学类型 {t}", f"{where}/exclude_types")


class Standard:
    """A validated, merged standard. Read-only views over the data used by the engine."""

    def __init__(self, data: dict, path: Path | None = None):
        self.data = data
        self.path = path

    id = property(lambda self: self.data["id"])
    title = property(lambda self: self.data["title"])
    indicators = property(lambda self: self.data["indicators"])
    items = property(lambda self: self.data["items"])
    school_types = property(lambda self: self.data["school_types"])

    @cached_property
    def evaluated_levels(self) -> list[str]:
        return [k for k, v in self.data["levels"].items() if v.get("evaluated", True)]

    @cached_property
    def fields(self) -> dict[str, dict]:
        return {f["key"]: f for f in self.data["school_fields"]}

    @cached_property
    def facts(self) -> dict[str, dict]:
        return {f["key"]: f for f in self.data["county_facts"]}

    def level_label(self, level: str) -> str:
        return self.data["levels"][level]["label"]


def load_standard(ref: str | Path = "national-2017") -> Standard:
    path = _find(str(ref))
    data = _resolve(path)
    validate(data)
    return Standard(data, path)
