"""Validation of a merged standard: the JSON Schema, then the cross-references it cannot express."""

from ..errors import StandardInvalid
from .files import schema
from .kinds import references, unknown_placeholders


def validate(data: dict, check_schema: bool = True) -> None:
    """JSON Schema, then the cross-references the schema cannot express. The shipped files are checked
    against the schema by the tests, so loading them may skip that step (`check_schema=False`)."""
    if check_schema:
        _check_schema(data)
    _check_references(data)


def _check_schema(data: dict) -> None:
    import jsonschema  # a quarter of a second to import; only files from outside need it

    validator = jsonschema.Draft202012Validator(schema())
    errors = list(validator.iter_errors(data))
    if errors:
        e = max(errors, key=lambda e: len(e.absolute_path))  # the deepest error names the key best
        path = [str(p) for p in e.absolute_path]
        if e.validator == "additionalProperties":  # name the unknown key itself
            allowed = set(e.schema.get("properties", {}))
            path += sorted(k for k in e.instance if k not in allowed)[:1]
            raise StandardInvalid(f"未知的键（{e.message}）", "/".join(path))
        raise StandardInvalid(f"格式不符：{e.message}", "/".join(path) or "(root)")


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
            for role, path, name in references(c):  # the kind declares which keys name facts or columns
                if role == "fact" and name not in facts:
                    raise StandardInvalid(f"未声明的县域项目 {name}", where + path)
                if role == "field" and name not in fields:
                    raise StandardInvalid(f"未声明的学校数据列 {name}", where + path)
            for key, name in unknown_placeholders(c):
                raise StandardInvalid(f"措辞中的 {{{name}}} 无法代入", f"{where}/{key}")
            for t in c.get("exclude_types", []):
                if t not in types:
                    raise StandardInvalid(f"未知的办学类型 {t}", f"{where}/exclude_types")
