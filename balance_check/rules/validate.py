"""Validation of a merged standard: the JSON Schema, then the cross-references it cannot express."""

import jsonschema

from ..errors import StandardInvalid
from .files import schema
from .messages import schema_message


def validate(data: dict) -> None:
    """JSON Schema, then the cross-references it cannot express. Raises StandardInvalid in Chinese,
    naming the key path."""
    validator = jsonschema.Draft202012Validator(schema())
    errors = list(validator.iter_errors(data))
    if errors:
        e = max(errors, key=lambda e: len(e.absolute_path))  # the deepest error names the key best
        path, message = schema_message(e)
        raise StandardInvalid(message, path)
    _check_references(data)
    _check_optional_inputs(data)


def _check_optional_inputs(d: dict) -> None:
    """An indicator or a school item must not read a column declared optional: a county that leaves the
    column out would then fail the indicator at every school with nothing but a warning. Only a
    condition that falls back on a county fact (`fallback_fact`) may read an optional column."""
    fields = {f["key"]: f for f in d["school_fields"]}

    def optional(key) -> bool:
        f = fields.get(key, {})
        return bool(f.get("optional")) and not f.get("required")

    def refuse(key, where):
        raise StandardInvalid(
            f"读取了声明为可选（optional）的学校数据列 {key}（{fields[key].get('header', key)}）："
            "缺少该列时每所学校都会不达标。请在 school_fields 中把它设为 required: true 或 optional: false",
            where,
        )

    for i, ind in enumerate(d["indicators"]):
        for part, f in ind["numerator"].items():
            if optional(f):
                refuse(f, f"indicators/{i}/numerator/{part}")
    for i, item in enumerate(d["items"]):
        for j, c in enumerate(item["conditions"]):
            if not c["kind"].startswith("school") or "fallback_fact" in c:
                continue
            where = f"items/{i}/conditions/{j}"
            for k in ("fields", "classes", "numerator", "denominator"):
                for n, f in enumerate(c.get(k, [])):
                    if optional(f):
                        refuse(f, f"{where}/{k}/{n}")
            for n, room in enumerate(c.get("rooms", [])):
                for k in ("count", "min_area_field"):
                    if optional(room.get(k)):
                        refuse(room[k], f"{where}/rooms/{n}/{k}")


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
