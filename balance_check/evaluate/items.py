"""Evaluate every item of the standard by dispatching each condition to its kind."""

import pandas as pd

from ..reading import InputData
from ..rules.kinds import KINDS, ConditionInputs
from ..standard import Standard
from . import county_items, school_items, special  # noqa: F401  (importing them registers the built-in kinds)
from .outcome import combine


def evaluate_items(
    data: InputData, schools: pd.DataFrame, standard: Standard, cases: list[dict] = ()
) -> list[dict]:
    inputs = ConditionInputs(schools, data.errors, data.county, data.quality, data.columns_present, standard)
    out = []
    for item in standard.items:
        overrides = [(special.applies(schools, c), c) for c in cases if _targets(c, item["id"])]
        outcomes = [
            KINDS[c["kind"]].check({**c, "overrides": overrides} if overrides else c, inputs)
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
