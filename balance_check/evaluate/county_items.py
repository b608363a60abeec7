"""Items checked on county facts: attestations, vetoes, values against thresholds or each other."""

import re

from .. import boundary
from ..rules.kinds import ConditionInputs, register_condition_kind
from ..standard import Standard
from .outcome import MET, MISSING, NOT_MET, Outcome

_KEY = {"$ref": "#/$defs/key"}
_TEXT = {"type": "string"}


def _fact(county: dict, key: str):
    entry = county.get(key) or {}
    return entry.get("value"), entry.get("evidence")


def _label(standard: Standard, key: str) -> str:
    """The fact's label without its bracketed unit: the value shown beside it carries the unit."""
    return re.sub(r"[（(][^）)]*[）)]$", "", standard.facts[key]["label"])


def _show(value, unit: str = "") -> str:
    if unit == "%":
        return f"{value:.2%}".replace(".00%", "%")
    return f"{value:,.2f}".rstrip("0").rstrip(".") + unit


def _flag(cond, county, standard, met_when: bool, words: tuple[str, str]) -> Outcome:
    """A yes/no fact: met when it equals `met_when`; `words` name True and False for the detail."""
    value, ev = _fact(county, cond["fact"])
    label = _label(standard, cond["fact"])
    if county and cond["fact"] not in county and cond.get("row_absent") == "not_checked":
        # A 县域 sheet made from a template older than this fact has no row for it at all: the standard
        # may say the condition is then not checked (and says so) rather than blocking the item. A row
        # that is present but left blank is still 未填报.
        return Outcome(MET, f"县域表中没有“{label}”一行（旧版模板），此条未核验，请在县域表补填", evidence=ev)
    if value is None:
        return Outcome(MISSING, f"“{label}”未填报", evidence=ev)
    return Outcome(
        MET if value is met_when else NOT_MET, f"{label}：{words[0] if value else words[1]}", evidence=ev
    )


@register_condition_kind(
    "attestation",
    meaning="县填“是/否”，是为达标",
    properties={"fact": _KEY, "label": _TEXT, "row_absent": {"enum": ["missing", "not_checked"]}},
    required=["fact"],
    facts=["fact"],
)
def attestation(cond: dict, inputs: ConditionInputs) -> Outcome:
    return _flag(cond, inputs.county, inputs.standard, True, ("是", "否"))


@register_condition_kind(
    "absent",
    meaning="否决项：县填“存在/不存在”，不存在为达标",
    properties={"fact": _KEY, "label": _TEXT},
    required=["fact"],
    facts=["fact"],
)
def absent(cond: dict, inputs: ConditionInputs) -> Outcome:
    """A veto condition: met when the county answers 不存在."""
    return _flag(cond, inputs.county, inputs.standard, False, ("存在", "不存在"))


@register_condition_kind(
    "at_least",
    meaning="县域数值不低于阈值（百分数写成小数，如 0.95）",
    properties={"fact": _KEY, "min": {"type": "number"}, "unit": _TEXT, "label": _TEXT},
    required=["fact", "min"],
    facts=["fact"],
)
def at_least(cond: dict, inputs: ConditionInputs) -> Outcome:
    county, standard = inputs.county, inputs.standard
    value, ev = _fact(county, cond["fact"])
    label = cond.get("label") or _label(standard, cond["fact"])
    unit = cond.get("unit", "")
    if value is None:
        return Outcome(MISSING, f"“{label}”未填报", evidence=ev)
    ok = boundary.reaches(value, cond["min"])
    return Outcome(
        MET if ok else NOT_MET,
        f"{label} {_show(value, unit)}，标准 ≥ {_show(cond['min'], unit)}",
        evidence=ev,
    )


@register_condition_kind(
    "compare",
    meaning="一个县域数值不低于另一个",
    properties={"fact": _KEY, "other": _KEY, "unit": _TEXT, "label": _TEXT},
    required=["fact", "other"],
    facts=["fact", "other"],
)
def compare(cond: dict, inputs: ConditionInputs) -> Outcome:
    county, standard = inputs.county, inputs.standard
    (value, ev), (other, _) = _fact(county, cond["fact"]), _fact(county, cond["other"])
    a, b = _label(standard, cond["fact"]), _label(standard, cond["other"])
    if value is None or other is None:
        return Outcome(
            MISSING, "、".join(f"“{x}”未填报" for x, v in ((a, value), (b, other)) if v is None), evidence=ev
        )
    ok = boundary.reaches(value, other)
    unit = cond.get("unit", "")
    return Outcome(MET if ok else NOT_MET, f"{a} {_show(value, unit)}，{b} {_show(other, unit)}", evidence=ev)


@register_condition_kind(
    "ratio_at_least",
    meaning="两个县域数值之比不低于阈值",
    properties={"numerator": _KEY, "denominator": _KEY, "min": {"type": "number"}, "label": _TEXT},
    required=["numerator", "denominator", "min"],
    facts=["numerator", "denominator"],
)
def ratio_at_least(cond: dict, inputs: ConditionInputs) -> Outcome:
    county, standard = inputs.county, inputs.standard
    (num, ev), (den, _) = _fact(county, cond["numerator"]), _fact(county, cond["denominator"])
    label = cond.get("label", "比例")
    lacking = [
        _label(standard, k) for k, v in ((cond["numerator"], num), (cond["denominator"], den)) if v is None
    ]
    if lacking:
        return Outcome(MISSING, "、".join(f"“{x}”未填报" for x in lacking), evidence=ev)
    if den == 0:
        return Outcome(
            MISSING, f"{label}无法计算：“{_label(standard, cond['denominator'])}”为 0", evidence=ev
        )
    ok = boundary.reaches(num, cond["min"] * den)  # cross-multiplied: exact for counts
    return Outcome(
        MET if ok else NOT_MET,
        f"{label} {num / den:.2%}（{num:g}/{den:g}），标准 ≥ {cond['min']:.0%}",
        evidence=ev,
    )


@register_condition_kind(
    "years_since",
    meaning="两个年份相差不少于若干年",
    properties={
        "fact": _KEY,
        "reference": _KEY,
        "min_years": {"type": "integer", "minimum": 0},
        "detail": {
            "type": "string",
            "description": "可代入 {fact} {reference} {gap} {min_years} {fact_label} {reference_label}",
        },
    },
    required=["fact", "reference", "min_years"],
    facts=["fact", "reference"],
    placeholders={"detail": ("fact", "reference", "gap", "min_years", "fact_label", "reference_label")},
)
def years_since(cond: dict, inputs: ConditionInputs) -> Outcome:
    county, standard = inputs.county, inputs.standard
    (year, ev), (ref, _) = _fact(county, cond["fact"]), _fact(county, cond["reference"])
    lacking = [_label(standard, k) for k, v in ((cond["fact"], year), (cond["reference"], ref)) if v is None]
    if lacking:
        return Outcome(MISSING, "、".join(f"“{x}”未填报" for x in lacking), evidence=ev)
    gap = ref - year
    # the standard file words the sentence (e.g. 通过基本均衡认定); the default only names the facts
    words = cond.get(
        "detail", "{fact_label} {fact}，{reference_label} {reference}，相差 {gap} 年，要求 ≥ {min_years} 年"
    )
    values = {"fact": year, "reference": ref, "gap": gap, "min_years": cond["min_years"]}
    labels = {
        "fact_label": _label(standard, cond["fact"]),
        "reference_label": _label(standard, cond["reference"]),
    }
    return Outcome(
        MET if gap >= cond["min_years"] else NOT_MET,
        words.format(**values, **labels),
        evidence=ev,
    )


@register_condition_kind(
    "quality_monitoring",
    meaning="质量监测各学科等级与校际差异率",
    properties={
        "min_level": {"type": "integer", "minimum": 1},
        "max_diff_rate_below": {"type": "number", "minimum": 0},
    },
    required=["min_level", "max_diff_rate_below"],
)
def quality_monitoring(cond: dict, inputs: ConditionInputs) -> Outcome:
    quality = inputs.quality
    if quality is None:
        return Outcome(MISSING, "未提供“质量监测”工作表")
    if not quality:
        return Outcome(MISSING, "“质量监测”工作表没有学科数据")
    roman = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}
    low = [q for q in quality if q["level"] is not None and q["level"] < cond["min_level"]]
    wide = [q for q in quality if q["diff"] is not None and not q["diff"] < cond["max_diff_rate_below"]]
    unknown = [q for q in quality if q["level"] is None or q["diff"] is None]
    notes = [
        f"{q['subject']} 学业水平 {roman.get(q['level'], q['level'])} 级，低于 {roman[cond['min_level']]} 级"
        for q in low
    ]
    notes += [
        f"{q['subject']} 校际差异率 {q['diff']:.2f}，未低于 {cond['max_diff_rate_below']}" for q in wide
    ]
    notes += [f"{q['subject']} 数据缺失或无法识别" for q in unknown]
    status = NOT_MET if low or wide else MISSING if unknown else MET
    return Outcome(
        status,
        "；".join(notes)
        or f"{len(quality)} 个学科均达到 {roman[cond['min_level']]} 级以上且校际差异率低于 "
        f"{cond['max_diff_rate_below']}",
    )
