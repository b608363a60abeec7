"""Validation of a merged standard: the JSON Schema, then the cross-references it cannot express."""

from ..errors import StandardInvalid
from .files import schema
from .kinds import references, unknown_placeholders
from .messages import schema_message


def validate(data: dict, schema_check: bool = True) -> None:
    """JSON Schema, then the cross-references it cannot express. Raises StandardInvalid in Chinese,
    naming the key path. The shipped files are checked against the schema by the tests, so loading
    them may skip that step (`schema_check=False`)."""
    if schema_check:
        check_schema(schema(), data, StandardInvalid)
    _check_references(data)
    _check_optional_inputs(data)


def check_schema(schema_doc: dict, data, error=StandardInvalid) -> None:
    """Validate against a JSON Schema; raise `error` in Chinese naming the deepest offending key path.
    Standards and the unit-cost files of the planner go through this one validator."""
    import jsonschema  # a quarter of a second to import; only files from outside need it

    validator = jsonschema.Draft202012Validator(schema_doc)
    errors = list(validator.iter_errors(data))
    if errors:
        e = max(errors, key=lambda e: len(e.absolute_path))  # the deepest error names the key best
        path, message = schema_message(e)
        raise error(message, path)


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
            if "fallback_fact" in c:
                continue
            for role, path, name in references(c):  # the kind declares which keys name 学校 columns
                if role == "field" and optional(name):
                    refuse(name, f"items/{i}/conditions/{j}{path}")


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
