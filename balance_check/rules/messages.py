"""Chinese messages for what can be wrong in a standards file: one template per JSON Schema keyword used in
standards/schema/standard.schema.json, and the YAML parser's complaints with their line and column."""

import json

# Keywords that only lead to other keywords (their errors are reported by the keyword they lead to).
STRUCTURAL = {
    "$defs",
    "$id",
    "$ref",
    "$schema",
    "allOf",
    "description",
    "if",
    "items",
    "patternProperties",
    "properties",
    "propertyNames",
    "then",
    "title",
}

_TYPES = {
    "object": "键值对象（键: 值）",
    "array": "列表（- 项目 或 [a, b]）",
    "string": "文字",
    "number": "数字",
    "integer": "整数",
    "boolean": "true 或 false",
    "null": "空值",
}


def _show(v) -> str:
    return json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else f"“{v}”"


def _type(e) -> str:
    wanted = e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
    return f"应为{'或'.join(_TYPES.get(t, t) for t in wanted)}，实际是 {_show(e.instance)}"


def _required(e) -> str:
    missing = [k for k in e.validator_value if isinstance(e.instance, dict) and k not in e.instance]
    return f"缺少必填的键 {'、'.join(missing)}"


def _additional(e) -> str:
    allowed = sorted(e.schema.get("properties", {}))
    extra = sorted(k for k in e.instance if k not in allowed) if isinstance(e.instance, dict) else []
    listed = f"（允许的键：{'、'.join(allowed)}）" if allowed else ""
    return f"未知的键 {'、'.join(extra)}{listed}"


TEMPLATES = {
    "type": _type,
    "required": _required,
    "additionalProperties": _additional,
    "enum": lambda e: (
        f"取值 {_show(e.instance)} 不在允许的范围内（可选：{'、'.join(map(str, e.validator_value))}）"
    ),
    "const": lambda e: f"应为 {_show(e.validator_value)}，实际是 {_show(e.instance)}",
    "minimum": lambda e: f"不能小于 {e.validator_value}，实际是 {_show(e.instance)}",
    "maximum": lambda e: f"不能大于 {e.validator_value}，实际是 {_show(e.instance)}",
    "exclusiveMinimum": lambda e: f"必须大于 {e.validator_value}，实际是 {_show(e.instance)}",
    "minItems": lambda e: f"至少需要 {e.validator_value} 项，实际只有 {len(e.instance)} 项",
    "maxItems": lambda e: f"最多只能有 {e.validator_value} 项，实际有 {len(e.instance)} 项",
    "minLength": lambda e: "不能为空" if e.instance == "" else f"至少需要 {e.validator_value} 个字符",
    "pattern": lambda e: (
        f"{_show(e.instance)} 的写法不符合要求：只能用小写英文字母、数字、下划线或连字符，并以字母开头"
    ),
    "oneOf": lambda e: f"{_show(e.instance)} 不符合允许的写法（只能是其中一种）",
    "minProperties": lambda e: f"至少需要 {e.validator_value} 个键，实际是 {len(e.instance)} 个",
}


def schema_message(e) -> tuple[str, str]:
    """(key path, Chinese message) for one jsonschema ValidationError."""
    path = [str(p) for p in e.absolute_path]
    if e.validator == "additionalProperties" and isinstance(e.instance, dict):
        allowed = set(e.schema.get("properties", {}))
        path += sorted(k for k in e.instance if k not in allowed)[:1]  # name the unknown key itself
    if e.validator == "required":
        missing = [k for k in e.validator_value if isinstance(e.instance, dict) and k not in e.instance]
        path += missing[:1]
    template = TEMPLATES.get(e.validator)
    message = template(e) if template else f"不符合标准文件格式（{e.validator}）"
    if "propertyNames" in e.schema_path:  # the error is about a key's name, not its value
        message = f"键名 {_show(e.instance)} 不合规：{message}"
    return "/".join(path) or "(根)", message


# PyYAML's complaints (its `problem` text) → what a county or provincial official should do.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "此处不能出现“键: 值”；冒号后有空格的文字请加引号"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("found character '\\t'", "不能用制表符（Tab）缩进，请改用空格"),
    ("found a tab character", "不能用制表符（Tab）缩进，请改用空格"),
    ("expected <block end>", "缩进不一致：同一层的键要对齐"),
    ("did not find expected key", "缩进不一致或缺少键：同一层的键要对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致：每项以“- ”开头并对齐"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("found unknown escape character", "引号内有无法识别的转义字符（\\）；请改用单引号"),
    ("expected ',' or ']'", "方括号列表写法有误：缺少逗号或“]”"),
    ("expected ',' or '}'", "花括号写法有误：缺少逗号或“}”"),
    ("found duplicate", "重复的定义"),
    ("found undefined alias", "引用了未定义的别名（*名称）"),
    (
        "found character that cannot start any token",
        "此处有不能作为开头的字符（如 @、` 或 %），请给这段文字加引号",
    ),
)


def yaml_message(e) -> str:
    """'第 N 行第 M 列：…' for a PyYAML error (its marks count from 0)."""
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    problem = f"{getattr(e, 'problem', '') or ''} {getattr(e, 'context', '') or ''}"
    text = next(
        (zh for en, zh in _YAML_PROBLEMS if en in problem), "YAML 格式有误，请检查该处的缩进、冒号和引号"
    )
    if mark is None:
        return text
    return f"第 {mark.line + 1} 行第 {mark.column + 1} 列：{text}"


def json_message(e: json.JSONDecodeError) -> str:
    return f"第 {e.lineno} 行第 {e.colno} 列：JSON 格式有误（检查逗号、引号和括号）"
