"""Condition kinds are registered once: a new kind works end to end; schema, references and docs follow."""

import re
from pathlib import Path

import pandas as pd
import pytest

from balance_check import check_workbook
from balance_check.errors import StandardInvalid
from balance_check.evaluate.outcome import MET, NOT_MET, Outcome
from balance_check.reading import read_workbook
from balance_check.rules.files import schema
from balance_check.rules.kinds import KINDS, ConditionInputs, register_condition_kind
from balance_check.standard import load_standard

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "tests" / "fixtures" / "county_a.xlsx"
HEAD = "id: prov\nextends: national-2017\ntitle: 省\nsource: {document: 文件, number: 号, date: '2020'}\n"


@pytest.fixture
def school_min_kind():
    """A kind this test module registers: every school's total of some columns reaches a minimum."""

    @register_condition_kind(
        "school_min_total",
        meaning="每所学校若干列之和不低于下限",
        properties={"label": {"type": "string"}, "fields": {"type": "array"}, "min": {"type": "number"}},
        required=["label", "fields", "min"],
        fields=["fields"],
    )
    def school_min_total(cond: dict, inputs: ConditionInputs) -> Outcome:
        schools = inputs.schools
        total = schools[cond["fields"]].sum(axis=1)
        low = schools["type_key"].notna() & (total < cond["min"])
        refs = [{"name": n, "row": int(r), "code": None, "detail": ""} for n, r in zip(*_cols(schools, low))]
        return Outcome(NOT_MET if low.any() else MET, f"{int(low.sum())} 所学校{cond['label']}不足", refs)

    yield school_min_total
    del KINDS["school_min_total"]


def _cols(schools: pd.DataFrame, mask: pd.Series):
    return schools.loc[mask, "name"], schools.loc[mask, "row"]


def _standard_with(tmp_path, condition: str) -> Path:
    p = tmp_path / "prov.yaml"
    p.write_text(
        HEAD + "items:\n  - id: t01\n    section: guarantee\n    title: 每校专用教室\n"
        f"    clause: 测试\n    conditions:\n      - {condition}\n",
        encoding="utf-8",
    )
    return p


@pytest.mark.parametrize("minimum, status", [(0, MET), (10_000, NOT_MET)])
def test_a_kind_registered_by_a_test_module_is_evaluated_end_to_end(
    tmp_path, school_min_kind, minimum, status
):
    std = _standard_with(
        tmp_path,
        f"{{kind: school_min_total, label: 专用教室, fields: [music_rooms, art_rooms], min: {minimum}}}",
    )
    report = check_workbook(WORKBOOK, std)
    item = next(i for i in report["items"] if i["id"] == "t01")
    assert item["status"] == status
    typed = int(read_workbook(WORKBOOK, load_standard(std)).schools["type_key"].notna().sum())
    failing = len(item["failing_schools"])
    assert typed > 0 and failing == (0 if status == MET else typed)
    assert item["detail"] == f"{failing} 所学校专用教室不足"


def test_a_registered_kind_is_held_to_its_declared_keys_and_fields(tmp_path, school_min_kind):
    with pytest.raises(StandardInvalid) as err:
        load_standard(
            _standard_with(tmp_path, "{kind: school_min_total, label: 教室, fields: [music_rooms]}")
        )
    assert err.value.path.startswith("items/")
    with pytest.raises(StandardInvalid) as err:
        load_standard(
            _standard_with(tmp_path, "{kind: school_min_total, label: 教室, fields: [nope], min: 1}")
        )
    assert re.fullmatch(r"items/\d+/conditions/0/fields/0", err.value.path)
    assert "nope" in str(err.value)


def test_an_unregistered_kind_is_refused_naming_the_condition(tmp_path):
    with pytest.raises(StandardInvalid) as err:
        load_standard(_standard_with(tmp_path, "{kind: school_min_total, label: 教室, fields: [x], min: 1}"))
    assert re.fullmatch(r"items/\d+/conditions/0(/kind)?", err.value.path)


def test_a_room_count_in_a_list_is_checked_as_a_declared_field(tmp_path):
    body = (
        "items:\n  - id: g03\n    conditions:\n      - kind: school_rooms\n        label: 专用教室\n"
        "        classes: [primary_classes]\n        classes_per_room: 12\n"
        "        rooms:\n          - {label: 音乐专用教室, count: music_rooms}\n"
        "          - {label: 书法教室, count: calligraphy_rooms}\n"
    )
    p = tmp_path / "prov.yaml"
    p.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(StandardInvalid) as err:
        load_standard(p)
    assert err.value.path == "items/2/conditions/0/rooms/1/count"


def test_the_schema_lists_exactly_the_registered_kinds():
    condition = schema()["$defs"]["condition"]
    assert condition["properties"]["kind"]["enum"] == list(KINDS)
    branches = {b["if"]["properties"]["kind"]["const"]: b["then"] for b in condition["allOf"]}
    assert branches == {k.name: k.schema for k in KINDS.values()}


def test_every_kind_a_shipped_standard_uses_is_registered_and_every_builtin_kind_is_used():
    used = set()
    for ident in ("national-2017", "basic-2012", "hebei-2017", "jiangsu-example"):
        used |= {c["kind"] for item in load_standard(ident).items for c in item["conditions"]}
    assert used == set(KINDS)


def test_the_docs_table_of_kinds_is_the_registry():
    text = (ROOT / "docs" / "standards.md").read_text("utf-8")
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \| (.+?) \|$", text, flags=re.M)
    expected = [(k.name, k.meaning, _keys(k)) for k in KINDS.values()]
    assert rows == expected, "docs/standards.md 应为：\n" + "\n".join(
        f"| `{n}` | {m} | {r} |" for n, m, r in expected
    )


def _keys(kind) -> str:
    optional = [p for p in kind.properties if p not in kind.required]
    text = ", ".join(f"`{r}`" for r in kind.required)
    return text + ("；可选 " + ", ".join(f"`{r}`" for r in optional) if optional else "")


@pytest.mark.parametrize("detail", ["{fact} 年，差 {years} 年", "{fact 年"])
def test_wording_with_a_name_the_kind_cannot_fill_in_is_refused_at_its_path(tmp_path, detail):
    body = (
        "items:\n  - id: p01\n    conditions:\n      - kind: years_since\n        fact: basic_balance_year\n"
        f'        reference: eval_year\n        min_years: 3\n        detail: "{detail}"\n'
    )
    p = tmp_path / "prov.yaml"
    p.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(StandardInvalid) as err:
        load_standard(p)
    assert re.fullmatch(r"items/\d+/conditions/0/detail", err.value.path)
