"""Items checked on county facts: attestations, vetoes, values against thresholds or each other."""

import re

from .. import boundary
from ..standard import Standard
from .outcome import MET, MISSING, NOT_MET, Outcome


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
    if value is None:
        return Outcome(MISSING, f"“{label}”未填报", evidence=ev)
    return Outcome(
        MET if value is met_when else NOT_MET, f"{label}：{words[0] if value else words[1]}", evidence=ev
    )


def attestation(cond, county, standard) -> Outcome:
    return _flag(cond, county, standard, True, ("是", "否"))


def absent(cond, county, standard) -> Outcome:
    """A veto condition: met when the county answers 不存在."""
    return _flag(cond, county, standard, False, ("存在", "不存在"))


def at_least(cond, county, standard) -> Outcome:
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


def compare(cond, county, standard) -> Outcome:
    (value, ev), (other, _) = _fact(county, cond["fact"]), _fact(county, cond["other"])
    a, b = _label(standard, cond["fact"]), _label(standard, cond["other"])
    if value is None or other is None:
        return Outcome(
            MISSING, "、".join(f"“{x}”未填报" for x, v in ((a, value), (b, other)) if v is None), evidence=ev
        )
    ok = boundary.reaches(value, other)
    unit = cond.get("unit", "")
    return Outcome(MET if ok else NOT_MET, f"{a} {_show(value, unit)}，{b} {_show(other, unit)}", evidence=ev)


def ratio_at_least(cond, county, standard) -> Outcome:
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


def years_since(cond, county, standard) -> Outcome:
    (year, ev), (ref, _) = _fact(county, cond["fact"]), _fact(county, cond["reference"])
    lacking = [_label(standard, k) for k, v in ((cond["fact"], year), (cond["reference"], ref)) if v is None]
    if lacking:
        return Outcome(MISSING, "、".join(f"“{x}”未填报" for x in lacking), evidence=ev)
    gap = ref - year
    return Outcome(
        MET if gap >= cond["min_years"] else NOT_MET,
        f"基本均衡认定年份按 {year} 年起算，至评估年度 {ref} 年满 {gap} 年，要求 ≥ {cond['min_years']} 年",
        evidence=ev,
    )


def quality_monitoring(cond, quality, standard) -> Outcome:
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


COUNTY_KINDS = {
    "attestation": attestation,
    "absent": absent,
    "at_least": at_least,
    "compare": compare,
    "ratio_at_least": ratio_at_least,
    "years_since": years_since,
}
