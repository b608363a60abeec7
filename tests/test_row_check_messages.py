"""Row-check problems carry each row's own message, values and school, and the 数据完整性 section states
the number of errors the report counts: the records are made in bulk (one message per distinct text), so
a mix-up between rows would show here."""

from school_rows import NATIONAL, rows_for

from balance_check.evaluate import evaluate
from balance_check.reading import read_rows
from balance_check.samples import school
from balance_check.template import header_text

HEADER = {f["key"]: header_text(f) for f in NATIONAL.data["school_fields"]}


def _checked(schools):
    return evaluate(read_rows(rows_for(schools), NATIONAL), NATIONAL)


def test_more_than_teachers_messages_name_each_rows_own_values():
    report = _checked(
        [
            school("甲小学", primary_qualified_teachers=80),  # 70 teachers
            school("乙小学", primary_qualified_teachers=90),
            school("丙小学", primary_qualified_teachers=80, primary_teachers=75),  # same value, other bound
            school("丁小学"),
        ]
    )
    found = [
        (p["row"], p["school"], p["value"], p["message"])
        for p in report["problems"]
        if p["code"] == "more_than_teachers"
    ]
    qualified, teachers = HEADER["primary_qualified_teachers"], HEADER["primary_teachers"]
    assert found == [
        (2, "甲小学", 80, f"“{qualified}”80 多于“{teachers}”70"),
        (3, "乙小学", 90, f"“{qualified}”90 多于“{teachers}”70"),
        (4, "丙小学", 80, f"“{qualified}”80 多于“{teachers}”75"),
    ]


def test_data_section_states_the_counted_errors():
    flagged = [school(f"校{i}", primary_qualified_teachers=80 + i) for i in range(3)]
    report = _checked(flagged + [school("戊小学")])
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert report["counts"]["errors"] == len(errors) == 3
    data = report["sections"]["data"]
    assert data["status"] == "not_met" and data["detail"].startswith("3 个数据错误")
    assert "数据：输入中有 3 个错误，需更正后重新核验" in report["reasons"]
