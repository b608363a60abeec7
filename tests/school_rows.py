"""Building 学校 sheets in memory for tests: canonical headers from the standard, comfortable defaults."""

from balance_check.evaluate import evaluate
from balance_check.reading import read_rows
from balance_check.standard import load_standard
from balance_check.template import header_text

NATIONAL = load_standard("national-2017")

# Per level: a school of 1000 students that meets every national indicator comfortably.
COMFORTABLE = {
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
    row = {
        "name": name,
        "type": TYPE_LABEL[level],
        "area": "镇区",
        "ownership": "公办",
        **COMFORTABLE[level],
        **FACILITIES,
    }
    row["certified_teachers"] = row[f"{level}_teachers"]
    row.update(values)
    return row


def rows_for(schools: list[dict], standard=NATIONAL) -> list[list]:
    fields = [
        f for f in standard.data["school_fields"] if not f.get("optional") or f["key"] == "certified_teachers"
    ]
    return [[header_text(f) for f in fields]] + [[s.get(f["key"]) for f in fields] for s in schools]


def evaluate_rows(schools: list[dict], standard=NATIONAL) -> dict:
    return evaluate(read_rows(rows_for(schools, standard), standard), standard)


def part(report: dict, name: str, level: str = "primary") -> dict:
    return next(s for s in report["schools"] if s["name"] == name and s["level"] == level)
