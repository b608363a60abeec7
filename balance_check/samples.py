"""The canonical example school: the template's 示例 row, the demo county and the tests' schools start here.

`LEVEL_VALUES` is what one 学段 of a school of 1000 students reports when it meets every national indicator
with room to spare, `FACILITIES` its whole-school totals. `school()` builds a 学校 row (by field key) of a
小学 or 初中 from them; `EXAMPLE_SCHOOL` is the row the template shows. A new column of the 学校 sheet gets
its example value here, and nowhere else in the code.
"""

LEVEL_VALUES = {
    "primary": {
        "primary_students": 1000,
        "primary_classes": 23,
        "primary_max_class_size": 44,
        "primary_teachers": 70,
        "primary_qualified_teachers": 60,
        "primary_backbone_teachers": 15,
        "primary_pe_art_teachers": 12,
    },
    "junior": {
        "junior_students": 1000,
        "junior_classes": 21,
        "junior_max_class_size": 48,
        "junior_teachers": 90,
        "junior_qualified_teachers": 70,
        "junior_backbone_teachers": 15,
        "junior_pe_art_teachers": 12,
    },
}
FACILITIES = {
    "teaching_space": 7000.0,
    "sports_space": 12000.0,
    "equipment_value": 3_000_000.0,
    "multimedia_rooms": 30,
    "music_rooms": 2,
    "music_room_min_area": 96,
    "art_rooms": 2,
    "art_room_min_area": 90,
}
TYPE_LABEL = {"primary": "小学", "junior": "初中"}


def school(name: str, level: str = "primary", **values) -> dict:
    """A 学校 row by field key: a 小学 or 初中 of 1000 students meeting every national indicator, with
    `values` replacing any of its fields (every 专任教师 holds a certificate unless stated)."""
    row = {
        "name": name,
        "type": TYPE_LABEL[level],
        "area": "镇区",
        "ownership": "公办",
        **LEVEL_VALUES[level],
        **FACILITIES,
    }
    row["certified_teachers"] = row[f"{level}_teachers"]
    row.update(values)
    return row


EXAMPLE_SCHOOL = school("城关镇第一小学", code="4101020001", area="城区")
