"""The comparison of two years of one county: the dict written as compare.json.

Labels and verdicts are decided here once; the writers only read them."""

import numpy as np
import pandas as pd

from .. import __version__
from ..report.words import COMPOSITE_CV, SECTION_STATUS, STATUS
from .cv_change import compare_cv
from .effects import split_change
from .matching import match_parts

STATUS_LABEL = {**STATUS, None: "（无）"}  # None: the item or part is not in that year's report
SECTION_STATUS_LABEL = {**SECTION_STATUS, None: "（无）"}
CHANGE_LABEL = {
    "newly_passing": "新达标",
    "newly_failing": "新不达标",
    "still_passing": "保持达标",
    "still_failing": "仍未达标",
    "appeared": "新增",
    "disappeared": "不再参评",
}


def level_labels(before: dict, after: dict) -> dict[str, str]:
    """学段 key -> label as the standard files name them (this year's wins)."""
    merged = {**before.get("levels", {}), **after.get("levels", {})}
    return {k: v["label"] for k, v in merged.items()}


def compare_reports(before: dict, after: dict, sources: tuple[str, str] = (None, None)) -> dict:
    levels = level_labels(before, after)
    pairs = match_parts(before, after)
    schools = _schools(before, after, pairs, levels)
    cv = compare_cv(before, after, pairs)
    items = _items(before, after)
    sections = _sections(before, after)
    regressions = _regressions(before, after, schools, cv, items, sections, levels)
    changes = [s["change"] for s in schools]
    return {
        "tool": {"name": "balance-check", "version": __version__},
        "standard": {"id": after["standard"]["id"], "title": after["standard"]["title"]},
        "before": _year(before, sources[0]),
        "after": _year(after, sources[1]),
        "levels": levels,
        "indicators": [{k: i.get(k) for k in ("id", "name", "unit", "per")} for i in after["indicators"]],
        "worsened": bool(regressions),
        "regressions": regressions,
        "counts": {k: changes.count(k) for k in CHANGE_LABEL}
        | {"matched": sum(s["matched_by"] is not None for s in schools)},
        "schools": schools,
        "cv": cv,
        "items": items,
        "sections": sections,
    }


def _year(report: dict, source) -> dict:
    return {
        "source": source,
        "county": report["county"].get("name"),
        "year": report["county"].get("year"),
        "passed": report["passed"],
        "school_parts": len(report["schools"]),
        "failing_parts": sum(not s["passed"] for s in report["schools"]),
    }


def _num(v):
    return None if v is None or not np.isfinite(v) else float(v)


def _column(report: dict, positions: pd.Series, get) -> np.ndarray:
    """A value of each pair's part in one year (NaN where the part is absent that year)."""
    schools = report["schools"]
    return np.array([np.nan if p is pd.NA else get(schools[p]) for p in positions.tolist()], dtype="float64")


def _schools(before: dict, after: dict, pairs: pd.DataFrame, levels: dict) -> list[dict]:
    p0 = _column(before, pairs["pos_0"], lambda s: s["students"])
    p1 = _column(after, pairs["pos_1"], lambda s: s["students"])
    per_ind = {}
    for ind in after["indicators"]:
        k = ind["id"]
        raw = lambda s, k=k: _nan(s["indicators"].get(k, {}).get("raw"))  # noqa: E731
        val = lambda s, k=k: _nan(s["indicators"].get(k, {}).get("value"))  # noqa: E731
        x0, x1 = _column(before, pairs["pos_0"], raw), _column(after, pairs["pos_1"], raw)
        parts = split_change(x0, p0, x1, p1, ind.get("per", 1))
        parts["before"] = _column(before, pairs["pos_0"], val)
        parts["after"] = _column(after, pairs["pos_1"], val)
        per_ind[k] = parts
    index = {True: _whereabouts_index(before), False: _whereabouts_index(after)}  # by "appeared"
    out = []
    for i, (j0, j1, by) in enumerate(zip(pairs["pos_0"], pairs["pos_1"], pairs["matched_by"])):
        s0 = None if j0 is pd.NA else before["schools"][j0]
        s1 = None if j1 is pd.NA else after["schools"][j1]
        now = s1 or s0
        indicators = {}
        for k, cols in per_ind.items():
            e0 = (s0 or {}).get("indicators", {}).get(k, {}) if s0 else {}
            e1 = (s1 or {}).get("indicators", {}).get(k, {}) if s1 else {}
            indicators[k] = {
                "before": _num(cols["before"][i]),
                "after": _num(cols["after"][i]),
                "change": _num(cols["change"][i]),
                "resource_effect": _num(cols["resource_effect"][i]),
                "enrolment_effect": _num(cols["enrolment_effect"][i]),
                "met_before": e0.get("met"),
                "met_after": e1.get("met"),
            }
        out.append(
            {
                "code": now.get("code"),
                "name": now["name"],
                "level": now["level"],
                "matched_by": by,
                "change": _change(s0, s1),
                "note": None if s0 and s1 else _whereabouts(index[s0 is None], now, s0 is None, levels),
                "before": _side(s0),
                "after": _side(s1),
                "indicators": indicators,
            }
        )
    return out


def _whereabouts_index(report: dict) -> dict:
    """code or name -> why a school of this year has no part in the other: built once per year."""
    index = {}
    for kind, entries in (("school", report["schools"]), ("not_evaluable", report.get("not_evaluable", []))):
        for e in entries:
            for key in (e.get("code"), e.get("name")):
                if key:
                    index.setdefault(key, (kind, None))
    for e in report.get("excluded", []):  # an excluded school is named with its reason
        for key in (e.get("code"), e.get("name")):
            if key:
                index[key] = ("excluded", e.get("reason"))
    return index


def _whereabouts(index: dict, school: dict, appeared: bool, levels: dict) -> str:
    """Why a part is in one year only: the other year left the school out, could not evaluate it,
    has it without this 学段, or does not have it at all."""
    year = "上年" if appeared else "本年"
    kind, reason = index.get(school.get("code")) or index.get(school["name"]) or (None, None)
    if kind == "excluded":
        return f"{year}不参加资源配置评估：{reason}" if reason else f"{year}不参加资源配置评估"
    if kind == "not_evaluable":
        return f"{year}数据有误或缺失，无法评估"
    if kind == "school":
        return f"{year}该校没有{levels.get(school['level'], school['level'])}学段"
    return f"{year}数据中没有该校"


def _nan(v):
    return np.nan if v is None else v


def _side(s: dict | None) -> dict | None:
    if s is None:
        return None
    return {
        "name": s["name"],
        "row": s["row"],
        "students": s["students"],
        "met_count": s["met_count"],
        "passed": s["passed"],
    }


def _change(s0, s1) -> str:
    if s0 is None:
        return "appeared"
    if s1 is None:
        return "disappeared"
    if s0["passed"]:
        return "still_passing" if s1["passed"] else "newly_failing"
    return "newly_passing" if s1["passed"] else "still_failing"


def _items(before: dict, after: dict) -> list[dict]:
    """Every county item of either year, with both statuses; `changed` when they differ."""
    i0 = {i["id"]: i for i in before["items"]}
    i1 = {i["id"]: i for i in after["items"]}
    out = []
    for key in list(i1) + [k for k in i0 if k not in i1]:
        a, b = i0.get(key), i1.get(key)
        item = b or a
        out.append(
            {
                "id": key,
                "section": item["section"],
                "title": item["title"],
                "before": a and a["status"],
                "after": b and b["status"],
                "detail_before": a and a.get("detail"),
                "detail_after": b and b.get("detail"),
                "changed": (a and a["status"]) != (b and b["status"]),
            }
        )
    return out


def _sections(before: dict, after: dict) -> dict:
    s0, s1 = before["sections"], after["sections"]
    return {
        key: {
            "label": (s1.get(key) or s0[key])["label"],
            "before": (s0.get(key) or {}).get("status"),
            "after": (s1.get(key) or {}).get("status"),
        }
        for key in list(s1) + [k for k in s0 if k not in s1]
    }


def _regressions(before, after, schools, cv, items, sections, levels) -> list[dict]:
    """Every verdict that went from pass to fail: school part, CV, item, section, overall."""
    out = []
    if before["passed"] and not after["passed"]:
        out.append({"kind": "overall", "id": None, "label": "总体结论由达标变为未达标"})
    for key, s in sections.items():
        if s["before"] == "met" and s["after"] not in ("met", None):
            out.append(
                {
                    "kind": "section",
                    "id": key,
                    "label": f"{s['label']}由达标变为{SECTION_STATUS_LABEL[s['after']]}",
                }
            )
    for i in items:
        if i["before"] == "met" and i["after"] not in ("met", None):
            out.append(
                {
                    "kind": "item",
                    "id": i["id"],
                    "label": f"{i['id']} {i['title']}：由达标变为{STATUS_LABEL[i['after']]}",
                }
            )
    names = {i["id"]: i["name"] for i in after["indicators"]}
    for level, entries in cv.items():
        for key, e in entries.items():
            if e["met_before"] is True and e["met_after"] is False:
                name = names.get(key, COMPOSITE_CV)
                out.append(
                    {
                        "kind": "cv",
                        "id": f"{level}.{key}",
                        "label": f"{levels.get(level, level)}{name}差异系数由达标变为超标"
                        f"（{_fmt(e['before'])} → {_fmt(e['after'])}）",
                    }
                )
    for s in schools:
        if s["change"] == "newly_failing":
            out.append(
                {
                    "kind": "school",
                    "id": s["code"] or s["name"],
                    "label": f"{s['name']}（{levels.get(s['level'], s['level'])}）由达标变为未达标",
                }
            )
    return out


def _fmt(v) -> str:
    return "—" if v is None else f"{v:.4f}"
