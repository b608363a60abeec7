"""standards validate speaks Chinese: a template for every JSON Schema keyword the standard schema uses,
keeping the key path; YAML mistakes by line and column; an optional column cannot feed an indicator."""

import re

import jsonschema
import pytest
from click.testing import CliRunner

from balance_check.cli import main
from balance_check.errors import StandardInvalid
from balance_check.rules.files import schema
from balance_check.rules.messages import STRUCTURAL, TEMPLATES, schema_message
from balance_check.standard import load_standard

CJK = re.compile(r"[\u4e00-\u9fff]")
JSONSCHEMA_ENGLISH = ("is not", "should", "Additional properties", "does not match", "is a required", "too")

# keyword -> (sub-schema for key "x", a bad value for it, the key path the message must keep)
CASES = {
    "type": ({"type": "number"}, "4,5", "x"),
    "required": ({"type": "object", "required": ["need"]}, {}, "x/need"),
    "additionalProperties": ({"properties": {"a": {}}, "additionalProperties": False}, {"b": 1}, "x/b"),
    "enum": ({"enum": ["each", "composite"]}, "all", "x"),
    "const": ({"const": "at_least"}, "at_most", "x"),
    "minimum": ({"minimum": 0}, -1, "x"),
    "maximum": ({"maximum": 1}, 1.5, "x"),
    "exclusiveMinimum": ({"exclusiveMinimum": 0}, 0, "x"),
    "minItems": ({"minItems": 1}, [], "x"),
    "maxItems": ({"maxItems": 2}, [1, 2, 3], "x"),
    "minLength": ({"minLength": 1}, "", "x"),
    "pattern": ({"pattern": "^[a-z]+$"}, "Primary", "x"),
    "minProperties": ({"minProperties": 1}, {}, "x"),
    "oneOf": ({"oneOf": [{"type": "number"}, {"type": "string"}]}, [1], "x"),
    "propertyNames": ({"propertyNames": {"pattern": "^[a-z]+$"}}, {"Primary": 1}, "x"),
}


def keywords(node, inside_names=False):
    """Every keyword used in the schema (property names under properties/$defs are not keywords)."""
    out = set()
    if isinstance(node, dict):
        for k, v in node.items():
            if inside_names:
                out |= keywords(v)
            else:
                out.add(k)
                out |= keywords(v, inside_names=k in ("properties", "patternProperties", "$defs"))
    elif isinstance(node, list):
        for v in node:
            out |= keywords(v)
    return out


def test_every_keyword_of_the_standard_schema_has_a_chinese_template_and_a_case():
    used = keywords(schema())
    assert used - STRUCTURAL <= set(TEMPLATES), used - STRUCTURAL - set(TEMPLATES)
    assert used - STRUCTURAL <= set(CASES)


@pytest.mark.parametrize("keyword", sorted(CASES))
def test_each_keyword_reads_in_chinese_with_its_key_path(keyword):
    sub, bad, path = CASES[keyword]
    validator = jsonschema.Draft202012Validator({"type": "object", "properties": {"x": sub}})
    errors = list(validator.iter_errors({"x": bad}))
    assert len(errors) == 1
    got_path, message = schema_message(errors[0])
    assert got_path == path
    assert CJK.search(message) and not any(w in message for w in JSONSCHEMA_ENGLISH), message


def test_a_real_mistake_names_the_key_path_in_chinese(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nextends: national-2017\nindicators:\n  - id: pe_art_teachers_per_100\n"
        "    thresholds: {primary: '4,5'}\n  - id: qualified_teachers_per_100\n    colour: red\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["standards", "validate", str(bad)])
    assert result.exit_code == 2
    assert "indicators/" in result.output and CJK.search(result.output)
    assert not any(w in result.output for w in JSONSCHEMA_ENGLISH), result.output


@pytest.mark.parametrize(
    "text,line",
    [
        ("id: x\nextends national-2017\ntitle: : y\n", 3),  # a colon where a value should be
        ("id: x\ntitle: y\n\tsource: z\n", 3),  # a tab
        ("id: x\ntitle: 'y\n", 3),  # an unclosed quote
        ("id: x\nindicators:\n  - id: a\n   thresholds: {primary: 1}\n", 4),  # bad indentation
        ("id: x\nlevels: [primary, junior\n", 3),  # an unclosed list
    ],
)
def test_yaml_mistakes_are_reported_by_line_and_column(tmp_path, text, line):
    path = tmp_path / "prov.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StandardInvalid) as caught:
        load_standard(str(path))
    message = str(caught.value)
    assert re.search(rf"第 {line} 行第 \d+ 列：", message), message
    assert not re.search(r"[A-Za-z]{4,}", message.replace("prov.yaml", "").replace("YAML", "")), message


def _provincial(tmp_path, body: str):
    path = tmp_path / "prov.yaml"
    path.write_text("id: prov\nextends: national-2017\ntitle: 某省\n" + body, encoding="utf-8")
    return path


def test_an_indicator_on_an_optional_column_is_rejected_with_its_key_path(tmp_path):
    path = _provincial(
        tmp_path, "indicators:\n  - id: qualified_teachers_per_100\n    numerator: {primary: computers}\n"
    )
    result = CliRunner().invoke(main, ["standards", "validate", str(path)])
    assert result.exit_code == 2
    assert "indicators/0/numerator/primary" in result.output and "computers" in result.output
    assert "可选" in result.output


def test_the_same_column_declared_required_is_accepted(tmp_path):
    path = _provincial(
        tmp_path,
        "school_fields:\n  - {key: computers, optional: false}\n"
        "indicators:\n  - id: qualified_teachers_per_100\n    numerator: {primary: computers}\n",
    )
    assert load_standard(str(path)).indicators[0]["numerator"]["primary"] == "computers"


def test_a_school_item_on_an_optional_column_is_rejected_with_its_key_path(tmp_path):
    path = _provincial(
        tmp_path,
        "items:\n  - id: g05\n    conditions:\n"
        "      - {kind: school_max, label: 计算机台数, fields: [computers], max: 5, unit: 台}\n",
    )
    with pytest.raises(StandardInvalid) as caught:
        load_standard(str(path))
    assert caught.value.path == "items/4/conditions/0/fields/0"


def test_no_shipped_standard_reads_an_optional_column_in_an_indicator():
    for ref in ("national-2017", "basic-2012", "hebei-2017", "jiangsu-example"):
        std = load_standard(ref)
        read = {f for ind in std.indicators for f in ind["numerator"].values()}
        optional = {k for k, f in std.fields.items() if f.get("optional") and not f.get("required")}
        assert read and not read & optional, (ref, read & optional)
