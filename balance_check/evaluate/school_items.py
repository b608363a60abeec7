"""Items checked on school data: special rooms per 12 classes, school size, class size, certificates."""

import numpy as np
import pandas as pd

from .. import boundary
from ..rules.kinds import KINDS, ConditionInputs, register_condition_kind
from ..standard import Standard
from . import special
from .outcome import MET, MISSING, NOT_MET, Outcome

_KEYS = {"type": "array", "items": {"$ref": "#/$defs/key"}, "minItems": 1}
_TEXT = {"type": "string"}
_TYPES = {"type": "array", "items": {"type": "string"}}
_ROOM = {
    "type": "object",
    "required": ["label", "count"],
    "additionalProperties": False,
    "properties": {
        "label": _TEXT,
        "count": {"$ref": "#/$defs/key"},
        "min_area_field": {"$ref": "#/$defs/key"},
        "min_area": {"type": "number", "minimum": 0},
    },
}


def applicable(schools: pd.DataFrame, standard: Standard, key: str) -> pd.Series:
    """Whether field `key` belongs to each school's type, as the standard answers it."""
    answer = standard.applicable(key)
    return pd.Series(per_type(schools, answer.get) == True, index=schools.index)  # noqa: E712


def _fmt(v) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def _texts(values: pd.Series) -> pd.Series:
    """Numbers as display text, keeping the index (an empty selection stays a string Series); formatted
    once per distinct number (room counts and limits repeat across schools)."""
    numbers = values.tolist()
    shown = {v: _fmt(v) for v in set(numbers)}
    return pd.Series([shown[v] for v in numbers], index=values.index, dtype=object)


def per_type(schools: pd.DataFrame, answer) -> np.ndarray:
    """answer(type key) for each school, asked once per distinct type_key (None for a school of no
    known type, whose key is not a text)."""
    codes, uniques = pd.factorize(schools["type_key"], use_na_sentinel=True)
    table = [answer(t) if isinstance(t, str) else None for t in uniques] + [None]
    out = np.empty(len(table), dtype=object)
    out[:] = table
    return out[codes]


def _in_scope(schools: pd.DataFrame, cond: dict) -> pd.Series:
    return schools["type_key"].notna() & ~schools["type_key"].isin(cond.get("exclude_types", []))


def _refs(schools: pd.DataFrame, mask: pd.Series, details: pd.Series | None = None, limit=None) -> list[dict]:
    """The schools `mask` marks (the first `limit` of them), taking only the columns the entries show."""
    mask = mask.fillna(False).astype(bool)
    if not mask.index.equals(schools.index):
        mask = mask.reindex(schools.index, fill_value=False)
    at = np.flatnonzero(mask.to_numpy())[:limit]
    names, files, rows, codes = (schools[c].iloc[at].tolist() for c in ("name", "file", "row", "code"))
    texts = details.loc[schools.index[at]].tolist() if details is not None else [""] * len(at)
    return [
        {"name": name or f"第{row}行", "file": file, "row": int(row), "code": code, "detail": text}
        for name, file, row, code, text in zip(names, files, rows, codes, texts)
    ]


def _outcome(schools, failing, missing, fail_detail, what: str) -> Outcome:
    n_fail, n_miss = int(failing.sum()), int(missing.sum())
    status = NOT_MET if n_fail else MISSING if n_miss else MET
    parts = [f"{n_fail} 所学校{what}"] if n_fail else []
    if n_miss:
        names = "、".join(r["name"] for r in _refs(schools, missing, limit=5))
        parts.append(f"{n_miss} 所学校数据缺失或有误（{names}{'等' if n_miss > 5 else ''}）")
    return Outcome(
        status,
        "；".join(parts) or f"全部学校{what.replace('不达标', '达标')}",
        _refs(schools, failing, fail_detail),
    )


@register_condition_kind(
    "school_rooms",
    meaning="按班级数配备专用教室及最小面积",
    properties={
        "label": _TEXT,
        "exclude_types": _TYPES,
        "classes": _KEYS,
        "classes_per_room": {"type": "integer", "minimum": 1},
        "rooms": {"type": "array", "minItems": 1, "items": _ROOM},
    },
    required=["label", "classes", "classes_per_room", "rooms"],
    fields=["classes", "rooms[].count", "rooms[].min_area_field"],
)
def school_rooms(cond: dict, inputs: ConditionInputs) -> Outcome:
    schools, errors, standard = inputs.schools, inputs.errors, inputs.standard
    scope, need = _rooms_needed(schools, cond, standard)
    missing = scope & errors[cond["classes"]].any(axis=1)
    failing = pd.Series(False, index=schools.index)
    detail = pd.Series("", index=schools.index, dtype=object)
    overrides = cond.get("overrides", [])
    level = special.school_level(schools, standard) if overrides else None
    for room in cond["rooms"]:
        count, by_compliant = _room_count(schools, room, overrides, errors)
        missing |= scope & (count.isna() | by_compliant["error"])
        few = scope & (count < need)
        label = pd.Series(room["label"], index=schools.index).where(
            ~by_compliant["mask"], "达标" + room["label"]
        )
        detail[few] += label[few] + " " + _texts(count[few]) + " 间，需 " + _texts(need[few]) + " 间；"
        failing |= few
        if room.get("min_area_field"):
            area = schools[room["min_area_field"]]
            minimum = _room_min_area(schools, room, overrides, level)
            has = scope & (need > 0) & (count > 0) & ~by_compliant["mask"]  # counted rooms are compliant
            missing |= has & (area.isna() | errors[room["min_area_field"]])
            small = has & ~boundary.reaches(area, minimum) & area.notna()
            detail[small] += (
                room["label"]
                + "最小面积 "
                + _texts(area[small])
                + " ㎡，低于 "
                + _texts(minimum[small])
                + " ㎡；"
            )
            failing |= small
    shown = detail[failing.to_numpy(dtype=bool)].str.rstrip("；")  # only failing schools list their text
    return _outcome(schools, failing, missing & ~failing, shown, cond["label"] + "不达标")


def _rooms_needed(schools: pd.DataFrame, cond: dict, standard: Standard):
    """The schools in scope and the rooms each needs (one per `classes_per_room` classes, rounded up)."""
    scope = _in_scope(schools, cond)
    classes = schools[cond["classes"]].where(
        pd.DataFrame({c: applicable(schools, standard, c) for c in cond["classes"]})
    )
    return scope, np.ceil(classes.fillna(0).sum(axis=1) / cond["classes_per_room"] - boundary.REL_TOL)


def room_needs(schools: pd.DataFrame, cond: dict, standard: Standard, errors: pd.DataFrame):
    """For the planner: scope, rooms needed, and per room kind (room, rooms counted, minimum area or
    None, rooms counted as compliant), read exactly as school_rooms reads them."""
    scope, need = _rooms_needed(schools, cond, standard)
    overrides = cond.get("overrides", [])
    level = special.school_level(schools, standard) if overrides else None
    rooms = []
    for room in cond["rooms"]:
        count, by_compliant = _room_count(schools, room, overrides, errors)
        minimum = _room_min_area(schools, room, overrides, level) if room.get("min_area_field") else None
        rooms.append((room, count, minimum, by_compliant["mask"]))
    return scope, need, rooms


def _room_count(schools, room, overrides, errors) -> tuple[pd.Series, dict]:
    """The rooms counted: all rooms of the type, or, where a case counts compliant rooms only (the
    practice reading of g03), the column of rooms that reach the area."""
    count = schools[room["count"]]
    mask = pd.Series(False, index=schools.index)
    error = errors[room["count"]].copy()
    for applies, case in overrides:
        field = case.get("count_rooms_from", {}).get("fields", {}).get(room["count"])
        if field:
            count = count.where(~applies, schools[field])
            error = error.where(~applies, errors[field] if field in errors else False)
            mask |= applies
    return count, {"mask": mask, "error": error.astype(bool)}


def _room_min_area(schools, room, overrides, level) -> pd.Series:
    """The standard's area, or a smaller one a switched-on case allows (by school, or by the school's
    one 学段; an allowance never raises the area)."""
    minimum = pd.Series(float(room["min_area"]), index=schools.index)
    for applies, case in overrides:
        spec = case.get("set_room_min_area", {})
        allowed = pd.Series(np.nan, index=schools.index)
        if room["count"] in spec.get("areas", {}):
            allowed[applies] = spec["areas"][room["count"]]
        for lvl, areas in spec.get("areas_by_level", {}).items():
            if room["count"] in areas:
                allowed[applies & (level == lvl)] = areas[room["count"]]
        minimum = minimum.where(allowed.isna(), np.minimum(minimum, allowed))
    return minimum


@register_condition_kind(
    "school_max",
    meaning="学校数据之和不超过上限（可按学校类别不同）",
    properties={
        "label": _TEXT,
        "exclude_types": _TYPES,
        "fields": _KEYS,
        "max": {"type": "number", "minimum": 0},
        "max_by_size_group": {"type": "object", "additionalProperties": {"type": "number"}},
        "unit": _TEXT,
    },
    required=["fields", "max", "label"],
    fields=["fields"],
)
def school_max(cond: dict, inputs: ConditionInputs) -> Outcome:
    schools, errors, standard = inputs.schools, inputs.errors, inputs.standard
    fields = cond["fields"]
    scope, values, use, total, limit = size_limits(schools, cond, standard)
    missing = scope & ((values.isna() & use) | (errors[fields] & use)).any(axis=1)
    failing = scope & total.notna() & ~boundary.within(total, limit)
    unit = cond.get("unit", "")
    shown = failing[failing].index
    detail = pd.Series("", index=schools.index, dtype=object)
    detail[shown] = (
        cond["label"] + " " + _texts(total[shown]) + unit + "，超过 " + _texts(limit[shown]) + unit
    )
    return _outcome(schools, failing, missing & ~failing, detail, cond["label"] + "不达标")


def size_limits(schools: pd.DataFrame, cond: dict, standard: Standard):
    """(scope, values, whether each value is used, the school's total, its limit) of a school_max
    condition; shared with the planner, which states the excess."""
    fields = cond["fields"]
    use = pd.DataFrame({f: applicable(schools, standard, f) for f in fields})
    scope = _in_scope(schools, cond) & use.any(axis=1)
    values = schools[fields].where(use)
    total = values.sum(axis=1, min_count=1)
    groups = pd.Series(
        per_type(schools, lambda t: standard.school_types[t].get("size_group")), index=schools.index
    )
    limit = groups.map(cond.get("max_by_size_group", {})).fillna(cond["max"]).astype(float)
    for mask, case in cond.get("overrides", []):  # a relaxed limit for the schools a special case names
        spec = case["set_school_max"]
        relaxed = (
            schools["type_key"]
            .map(spec.get("max_by_type", {}))
            .fillna(groups.map(spec.get("max_by_size_group", {})))
            .fillna(spec["max"])
            .astype(float)
        )
        limit = limit.where(~mask, np.maximum(limit, relaxed))  # an allowance never tightens a limit
    return scope, values, use, total, limit


@register_condition_kind(
    "school_ratio_sum",
    meaning="全县学校数据合计之比不低于阈值；缺列时用县域数值",
    properties={
        "label": _TEXT,
        "numerator": _KEYS,
        "denominator": _KEYS,
        "min": {"type": "number"},
        "fallback_fact": {"$ref": "#/$defs/key"},
        "detail": {"type": "string", "description": "一所学校的说明，{numerator} {denominator} 可代入"},
        "missing_label": _TEXT,
    },
    required=["numerator", "denominator", "min", "label"],
    facts=["fallback_fact"],
    fields=["numerator", "denominator"],
    placeholders={"detail": ("numerator", "denominator")},
)
def school_ratio_sum(cond: dict, inputs: ConditionInputs) -> Outcome:
    """Σ numerator / Σ denominator over the county's schools; the county value when the column is absent."""
    schools, errors, standard = inputs.schools, inputs.errors, inputs.standard
    if not set(cond["numerator"]) <= inputs.present:
        if not cond.get("fallback_fact"):
            return Outcome(MISSING, f"缺少数据：{cond['label']}")
        # the 县域 sheet's rate stands in for the missing column
        stand_in = {"fact": cond["fallback_fact"], "min": cond["min"], "unit": "%", "label": cond["label"]}
        return KINDS["at_least"].check(stand_in, inputs)
    rows = schools["type_key"].notna()
    num = schools.loc[rows, cond["numerator"]].sum(axis=1, min_count=1)
    den = schools.loc[rows, cond["denominator"]].fillna(0).sum(axis=1)
    given = num.notna() & ~errors.loc[rows, cond["numerator"] + cond["denominator"]].any(axis=1)
    total_num, total_den = float(num[given].sum()), float(den[given].sum())
    if total_den <= 0:
        return Outcome(MISSING, f"{cond['label']}：没有可用的学校数据")
    rate = total_num / total_den
    ok = boundary.reaches(rate, cond["min"])
    short = (num < den) & given
    shown = short[short].index
    detail = pd.Series("", index=schools.index, dtype=object)
    words = cond.get("detail", "{numerator}/{denominator}")  # the standard file words it
    detail[shown] = [
        words.format(numerator=n, denominator=d) for n, d in zip(_texts(num[shown]), _texts(den[shown]))
    ]
    text = f"{cond['label']} {rate:.2%}（{_fmt(total_num)}/{_fmt(total_den)}），标准 {cond['min']:.0%}"
    missing_rows = (
        rows
        & ~given.reindex(schools.index, fill_value=False)
        & ~pd.Series(
            per_type(schools, lambda t: "needs_only" in standard.school_types[t]) == True,  # noqa: E712
            index=schools.index,
        )
    )
    status = NOT_MET if not ok else MISSING if missing_rows.any() else MET
    if missing_rows.any():
        text += f"；{int(missing_rows.sum())} 所学校{cond.get('missing_label', '数据')}缺失、有误"
    return Outcome(status, text, _refs(schools, short.reindex(schools.index, fill_value=False), detail))
