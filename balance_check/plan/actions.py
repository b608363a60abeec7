"""What adding to an input column means: the kind of measure, its unit cost, and what else it adds.

The rules of row consistency live here: a hired teacher is a 专任教师 holding the prescribed 学历 and a
certificate; a hired 体育艺术 teacher also counts toward 学历; 骨干 (and 中级职称) come only from
training the school's existing teachers, so at most 专任教师 minus those already counted."""

from dataclasses import dataclass, field

from ..standard import Standard

HIRE, TRAIN, BUILD, EQUIP = "招聘", "培养", "新建", "配备"
KINDS = (BUILD, EQUIP, HIRE, TRAIN)
CERTIFIED = "certified_teachers"

# Teacher columns are "<level>_<role>"; the role says how a school gets more of them.
_TEACHER_ROLES = {
    "teachers": (HIRE, "teacher_year", ("qualified_teachers",)),
    "qualified_teachers": (HIRE, "teacher_year", ("teachers",)),
    "pe_art_teachers": (HIRE, "teacher_year", ("teachers", "qualified_teachers")),
    "backbone_teachers": (TRAIN, "backbone_training", ()),
    "senior_title_teachers": (TRAIN, "senior_title_training", ()),
}
# Whole-school columns: building area is built, the rest is equipped; each has its own unit cost.
_BUILT_UNITS = ("㎡",)


@dataclass(frozen=True)
class Action:
    field: str  # the input column that the measure raises
    kind: str  # 新建 / 配备 / 招聘 / 培养
    cost_id: str  # entry of the unit-cost file
    unit: str
    whole: bool  # whole teachers and rooms, rounded up; ㎡ and 元 to 0.01
    level: str | None  # the 学段 of a per-level column; None for whole-school totals
    also: tuple = field(default_factory=tuple)  # columns that rise by the same amount
    cap: tuple | None = None  # (of, minus): at most row[of] - row[minus] may be added


def action_for(standard: Standard, key: str) -> Action:
    spec = standard.fields[key]
    level = spec.get("level")
    if level is not None:
        role = key[len(level) + 1 :]
        kind, cost_id, extra = _TEACHER_ROLES[role]
        if kind == HIRE:
            also = tuple(f"{level}_{r}" for r in extra if f"{level}_{r}" in standard.fields)
            also += (CERTIFIED,) if CERTIFIED in standard.fields else ()
            return Action(key, kind, cost_id, "人", True, level, also)
        return Action(key, kind, cost_id, "人", True, level, (), (f"{level}_teachers", key))
    unit = spec.get("unit") or ("间" if spec.get("kind") == "count" else "")
    kind = BUILD if unit in _BUILT_UNITS else EQUIP
    return Action(key, kind, key, unit, spec.get("kind") == "count", None)


def plannable(standard: Standard, key: str) -> bool:
    """A per-level column the planner knows how to raise (its role is a teacher count it can hire or
    train); whole-school columns are always built or equipped."""
    level = standard.fields[key].get("level")
    return level is None or key[len(level) + 1 :] in _TEACHER_ROLES


def indicator_actions(standard: Standard) -> dict[str, dict[str, Action]]:
    """indicator id -> {level or "whole_school": the action raising its numerator}; a column the
    planner cannot raise has no action, and its indicator is left as it is."""
    return {
        ind["id"]: {
            part: action_for(standard, f) for part, f in ind["numerator"].items() if plannable(standard, f)
        }
        for ind in standard.indicators
    }


def needed_cost_ids(standard: Standard) -> set[str]:
    ids = {a.cost_id for acts in indicator_actions(standard).values() for a in acts.values()}
    return ids | {"special_room_area"}
