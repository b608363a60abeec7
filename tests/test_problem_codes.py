"""Problem codes are one closed list: the enum, its Chinese meanings, the report schema and the docs table
in docs/report-contract.md agree, and every record in a report carries the meaning of its code."""

import json
import re
from pathlib import Path

import pytest
from school_rows import evaluate_rows

from balance_check.problems import MEANINGS, ProblemCode, ProblemLog, Severity
from balance_check.samples import school

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "docs" / "report-contract.md"
REPORT_SCHEMA = ROOT / "balance_check" / "schemas" / "report.schema.json"


def _doc_table(heading: str) -> dict[str, str]:
    """The `| `code` | meaning |` rows of the first table after `heading` in the contract."""
    text = CONTRACT.read_text("utf-8")
    after = text[text.index(heading) :]
    rows = {}
    for line in after.splitlines():
        m = re.fullmatch(r"\| `([a-z_]+)` \| (.+?) \|", line.strip())
        if m:
            rows[m.group(1)] = m.group(2)
        elif rows and not line.startswith("|"):
            break
    return rows


def test_every_code_has_a_chinese_meaning_and_no_meaning_is_orphaned():
    assert set(MEANINGS) == set(ProblemCode)
    assert all(re.search(r"[\u4e00-\u9fff]", c.meaning) for c in ProblemCode)


def test_the_docs_table_lists_exactly_the_codes_with_their_meanings():
    assert _doc_table("## 问题代码") == {c.value: c.meaning for c in ProblemCode}


def test_the_docs_lists_exactly_the_severities_with_their_labels():
    assert _doc_table("级别（`Severity`）") == {s.value: s.label for s in Severity}


def test_the_report_schema_allows_exactly_the_codes_of_the_enum():
    schema = json.loads(REPORT_SCHEMA.read_text("utf-8"))
    problem = schema["$defs"]["problem"]
    assert problem["properties"]["code"]["enum"] == [c.value for c in ProblemCode]
    assert problem["properties"]["severity"]["enum"] == [s.value for s in Severity]
    assert "code_label" in problem["required"]


def test_add_takes_keywords_only():
    with pytest.raises(TypeError):
        ProblemLog().add("学校", 2, "学校名称", Severity.ERROR, ProblemCode.MISSING_VALUE, "未填写")


def test_add_refuses_a_code_outside_the_closed_list():
    with pytest.raises(ValueError):
        ProblemLog().add(
            sheet="学校", row=2, column="学校名称", severity=Severity.ERROR, code="no_such_code", message="x"
        )


def test_no_module_writes_a_problem_code_as_a_string_literal():
    """Codes are written as ProblemCode members; a literal such as "missing_value" next to a severity
    (positional log.add or flag) is the old style this list replaced."""
    literal = re.compile(r'"(error|warning)",\s*"[a-z_]+"')
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "balance_check").rglob("*.py")
        if literal.search(p.read_text("utf-8"))
    ]
    assert offenders == []


def test_every_problem_record_in_a_report_carries_the_meaning_of_its_code():
    report = evaluate_rows(
        [
            school("文字校", primary_students="约800人"),
            school("负数校", primary_backbone_teachers=-3),
            school("负数校", primary_pe_art_teachers=None),
        ]
    )
    records = report["problems"] + [p for e in report["not_evaluable"] for p in e["problems"]]
    assert {p["code"] for p in records} >= {"not_a_number", "negative", "missing_value", "duplicate_conflict"}
    for p in records:
        assert p["code_label"] == ProblemCode(p["code"]).meaning


def test_problem_table_columns_equal_the_fields_of_its_records(fixtures_dir):
    """A province's report reads problem fields as columns (the verdict does): each equals the field of
    every record the table streams into report.json."""
    from balance_check import check_workbook

    problems = check_workbook(fixtures_dir / "county_a.xlsx", columnar=True)["problems"]
    records = problems.to_list()
    assert records  # county_a lacks two sheets: two warnings at least
    for key in records[0]:
        assert problems.column(key) == [r[key] for r in records], key
