"""Evaluate every item of the standard by dispatching each condition to its kind."""

from ..reading import InputData
from ..standard import Standard
from . import school_items, special
from .county_items import COUNTY_KINDS, quality_monitoring
from .outcome import combine


def evaluate_items(data: InputData, schools, standard: Standard, cases: list[dict] = ()) -> list[dict]:
    out = []
    for item in standard.items:
        overrides = [(special.applies(schools, c), c) for c in cases if _targets(c, item["id"])]
        outcomes = [
            _condition({**c, "overrides": overrides} if overrides else c, data, schools, standard)
            for c in item["conditions"]
        ]
        res = combine(outcomes)
        out.append(
            {
                "id": item["id"],
                "section": item["section"],
                "title": item["title"],
                "clause": item.get("clause", ""),
                "status": res.status,
                "detail": res.detail,
                "evidence": res.evidence,
                "failing_schools": res.failing_schools,
            }
        )
    return out


def _targets(case: dict, item_id: str) -> bool:
    return any(
        case.get(k, {}).get("item") == item_id
        for k in ("set_room_min_area", "set_school_max", "count_rooms_from")
    )


def _condition(cond: dict, data: InputData, schools, standard: Standard):
    kind = cond["kind"]
    if kind in COUNTY_KINDS:
        return COUNTY_KINDS[kind](cond, data.county, standard)
    if kind == "quality_monitoring":
        return quality_monitoring(cond, data.quality, standard)
    if kind == "school_ratio_sum":
        return school_items.school_ratio_sum(
            schools, cond, data.errors, standard, data.columns_present, data.county
        )
    return getattr(school_items, kind)(schools, cond, data.errors, standard)
