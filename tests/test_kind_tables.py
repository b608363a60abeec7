"""A small table per condition kind: a condition, what it reads, the status and words it must give."""

import pytest
from school_rows import rows_for

from balance_check.evaluate.scope import classify
from balance_check.reading import read_rows
from balance_check.rules.kinds import KINDS, ConditionInputs
from balance_check.samples import school
from balance_check.standard import load_standard

NATIONAL = load_standard("national-2017")


def county(**facts) -> ConditionInputs:
    values = {k: {"value": v, "evidence": None} for k, v in facts.items()}
    return ConditionInputs(None, None, values, None, set(), NATIONAL)


def quality(rows) -> ConditionInputs:
    return ConditionInputs(None, None, {}, rows, set(), NATIONAL)


def schools(*rows, **facts) -> ConditionInputs:
    data = read_rows(rows_for(list(rows)), NATIONAL, county={k: {"value": v} for k, v in facts.items()})
    classified = classify(data.schools, data.errors, NATIONAL)
    return ConditionInputs(classified, data.errors, data.county, data.quality, data.columns_present, NATIONAL)


ROOMS = next(c for i in NATIONAL.items if i["id"] == "g03" for c in i["conditions"])
SIZE = next(c for i in NATIONAL.items if i["id"] == "g04" for c in i["conditions"])
CERTIFIED = next(c for i in NATIONAL.items if i["id"] == "g12" for c in i["conditions"])
YEARS = {"kind": "years_since", "fact": "basic_balance_year", "reference": "eval_year", "min_years": 3}
RATIO = {
    "kind": "ratio_at_least",
    "numerator": "rotated_teachers",
    "denominator": "rotation_eligible_teachers",
}

# kind -> rows of (condition, inputs, status, words its detail or a failing school's detail contains)
TABLES = {
    "attestation": [
        ({"fact": "layout_reasonable"}, county(layout_reasonable=True), "met", "：是"),
        ({"fact": "layout_reasonable"}, county(layout_reasonable=False), "not_met", "：否"),
        ({"fact": "layout_reasonable"}, county(), "missing", "未填报"),
    ],
    "absent": [
        ({"fact": "exam_admission"}, county(exam_admission=False), "met", "：不存在"),
        ({"fact": "exam_admission"}, county(exam_admission=True), "not_met", "：存在"),
        ({"fact": "exam_admission"}, county(), "missing", "未填报"),
    ],
    "at_least": [
        (
            {"fact": "satisfaction_rate", "min": 0.85, "unit": "%"},
            county(satisfaction_rate=0.85),
            "met",
            "85%",
        ),
        ({"fact": "satisfaction_rate", "min": 0.85}, county(satisfaction_rate=0.8499), "not_met", "≥ 0.85"),
        ({"fact": "satisfaction_rate", "min": 0.85}, county(), "missing", "未填报"),
    ],
    "compare": [
        (
            {"fact": "teacher_avg_salary", "other": "civil_servant_avg_salary"},
            county(teacher_avg_salary=9e4, civil_servant_avg_salary=9e4),
            "met",
            "90,000",
        ),
        (
            {"fact": "teacher_avg_salary", "other": "civil_servant_avg_salary"},
            county(teacher_avg_salary=89_999, civil_servant_avg_salary=9e4),
            "not_met",
            "89,999",
        ),
        (
            {"fact": "teacher_avg_salary", "other": "civil_servant_avg_salary"},
            county(teacher_avg_salary=9e4),
            "missing",
            "未填报",
        ),
    ],  # fmt: skip
    "ratio_at_least": [
        ({**RATIO, "min": 0.1}, county(rotated_teachers=10, rotation_eligible_teachers=100), "met", "10/100"),
        (
            {**RATIO, "min": 0.1},
            county(rotated_teachers=9, rotation_eligible_teachers=100),
            "not_met",
            "9.00%",
        ),
        ({**RATIO, "min": 0.1}, county(rotated_teachers=0, rotation_eligible_teachers=0), "missing", "为 0"),
    ],
    "years_since": [
        (YEARS, county(basic_balance_year=2017, eval_year=2020), "met", "相差 3 年，要求 ≥ 3 年"),
        (YEARS, county(basic_balance_year=2018, eval_year=2020), "not_met", "相差 2 年"),
        (
            {**YEARS, "detail": "{fact} 年认定，已 {gap} 年"},
            county(basic_balance_year=2018, eval_year=2020),
            "not_met",
            "2018 年认定，已 2 年",
        ),
        (YEARS, county(eval_year=2020), "missing", "未填报"),
    ],  # fmt: skip
    "quality_monitoring": [
        (
            {"min_level": 3, "max_diff_rate_below": 0.15},
            quality([{"subject": "数学", "level": 3, "diff": 0.1}]),
            "met",
            "1 个学科",
        ),
        (
            {"min_level": 3, "max_diff_rate_below": 0.15},
            quality([{"subject": "数学", "level": 2, "diff": 0.1}]),
            "not_met",
            "数学 学业水平 Ⅱ 级",
        ),
        (
            {"min_level": 3, "max_diff_rate_below": 0.15},
            quality([{"subject": "数学", "level": 3, "diff": 0.15}]),
            "not_met",
            "未低于 0.15",
        ),
        ({"min_level": 3, "max_diff_rate_below": 0.15}, quality(None), "missing", "未提供"),
    ],  # fmt: skip
    "school_rooms": [
        (ROOMS, schools(school("甲", primary_classes=24, music_rooms=2)), "met", "全部学校专用教室达标"),
        (
            ROOMS,
            schools(school("甲", primary_classes=25, music_rooms=2)),
            "not_met",
            "音乐专用教室 2 间，需 3 间",
        ),
        (ROOMS, schools(school("甲", music_room_min_area=95.9)), "not_met", "最小面积 95.90 ㎡，低于 96 ㎡"),
        (ROOMS, schools(school("甲", music_room_min_area=None)), "missing", "数据缺失或有误（甲）"),
    ],  # fmt: skip
    "school_max": [
        (SIZE, schools(school("甲", primary_students=2000)), "met", "全部学校义务教育阶段在校生数达标"),
        (SIZE, schools(school("甲", primary_students=2001)), "not_met", "2,001人，超过 2,000人"),
    ],
    "school_ratio_sum": [
        (CERTIFIED, schools(school("甲")), "met", "专任教师持证上岗率 100.00%（70/70）"),
        (CERTIFIED, schools(school("甲", certified_teachers=69)), "not_met", "98.57%"),
    ],
}


@pytest.mark.parametrize(
    "kind, cond, inputs, status, words",
    [
        (kind, cond, inputs, status, words)
        for kind, rows in TABLES.items()
        for cond, inputs, status, words in rows
    ],
    ids=lambda v: v if isinstance(v, str) and v in KINDS else "",
)
def test_each_kind_gives_the_status_and_words_of_its_table(kind, cond, inputs, status, words):
    outcome = KINDS[kind].check({**cond, "kind": kind}, inputs)
    said = "；".join([outcome.detail] + [s["detail"] for s in outcome.failing_schools])
    assert (outcome.status, words in said) == (status, True), said


def test_every_registered_kind_has_a_table_with_a_met_and_a_not_met_row():
    assert set(TABLES) == set(KINDS)
    for rows in TABLES.values():
        assert {"met", "not_met"} <= {status for _, _, status, _ in rows}


def test_a_failing_school_is_named_with_its_detail():
    outcome = KINDS["school_ratio_sum"].check(
        CERTIFIED, schools(school("甲"), school("乙", certified_teachers=60))
    )
    assert [(s["name"], s["detail"]) for s in outcome.failing_schools] == [
        ("乙", "持证 60 人，专任教师 70 人")
    ]
