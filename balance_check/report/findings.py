"""What the report says in prose: the problems found and the measures they call for, from the gaps.

Shared by the Word 自评报告 and the HTML page so both say the same thing."""

from collections import defaultdict

from .words import COMPOSITE_CV, cv_text, level_label, number, section_label, shortfall_text, total_text

# What a shortfall in each unit asks the county to do.
MEASURE = {
    "人": "补充配备教师",
    "㎡": "改扩建校舍场地",
    "元": "购置教学仪器设备",
    "间": "增加网络多媒体教室",
    "台": "购置计算机",
    "册": "补充图书",
}


def school_type_counts(report: dict) -> dict[str, int]:
    """Schools by 办学类型 over every input row (evaluated, excluded, not evaluable)."""
    seen, counts = set(), defaultdict(int)
    entries = report["schools"] + report["excluded"] + report["not_evaluable"]
    for e in entries:
        key = (e.get("file"), e["row"])  # a row number is per file when several files make the county
        if key in seen:
            continue
        seen.add(key)
        counts[e.get("type") or "类型不明"] += 1
    return dict(counts)


def problems(report: dict) -> list[str]:
    """One sentence per problem: failing school parts, CVs over the limit, items not met or not reported."""
    inds = {i["id"]: i for i in report["indicators"]}
    resources = section_label(report, "resources")
    out = []
    for s in report["schools"]:
        if s["passed"]:
            continue
        gaps = "；".join(
            f"{inds[k]['name']} {number(e['value'])}{inds[k]['unit']}"
            f"（标准 {number(e['threshold'])}，{shortfall_text(inds[k], e)}）"
            for k, e in ((k, s["indicators"][k]) for k in s["unmet"])
        )
        level = level_label(report, s["level"])
        out.append(f"{s['name']}（{level}）{resources}未达标，{s['met_count']} 项达标：{gaps}。")
    for level, entries in report["cv"].items():
        for k, e in entries.items():
            if e["met"] is False:
                name = inds[k]["name"] if k in inds else COMPOSITE_CV
                value = "无法计算" if e["cv"] is None else cv_text(e["cv"])
                out.append(
                    f"{level_label(report, level)}{name}校际差异系数为 {value}，高于 {e['threshold']}。"
                )
    for i in report["items"]:
        if i["status"] == "met":
            continue
        schools = "、".join(s["name"] for s in i["failing_schools"][:10])
        more = f"等 {len(i['failing_schools'])} 所学校" if len(i["failing_schools"]) > 10 else ""
        where = f"（{schools}{more}）" if schools else ""
        verb = "未填报" if i["status"] == "missing" else "未达标"
        out.append(f"{i['id']} {i['title']}：{verb}。{i['detail']}{where}")
    for e in report["not_evaluable"]:
        out.append(f"{e['name']}（第 {e['row']} 行）数据有误或缺失，未能评估，须更正后重新核验。")
    return out


def measures(report: dict, limit: int | None = None) -> list[str]:
    """Measures grouped by kind of resource, with the schools and the county total to add. With
    `limit`, each kind names at most that many schools and counts the rest (a province has thousands:
    one paragraph of every school's shortfall is unreadable and slow to write)."""
    inds = {i["id"]: i for i in report["indicators"]}
    by_kind: dict[str, list[str]] = defaultdict(list)
    totals: dict[str, float] = defaultdict(float)
    whole: dict[str, bool] = {}
    for s in report["schools"]:
        for k, e in s["indicators"].items():
            text = shortfall_text(inds[k], e)
            if text:
                unit = inds[k]["unit"]
                by_kind[unit].append(
                    f"{s['name']}（{level_label(report, s['level'])}）{inds[k]['name']}{text}"
                )
                totals[unit] += e["shortfall"]
                whole[unit] = inds[k].get("shortfall") == "whole"
    out = []
    for unit, lines in by_kind.items():
        total = total_text(totals[unit], whole[unit])
        shown = lines if limit is None else lines[:limit]
        more = (
            f"{'；' if shown else ''}另有 {len(lines) - len(shown)} 项，见 report.xlsx 整改清单"
            if len(shown) < len(lines)
            else ""
        )
        out.append(
            f"{MEASURE.get(unit, '补足资源')}：全县合计需增加 {total} {unit}。其中"
            + "；".join(shown)
            + more
            + "。"
        )
    for i in report["items"]:
        if i["status"] == "not_met":
            out.append(f"落实“{i['title']}”（{i['id']}）：{i['detail']}。")
        elif i["status"] == "missing":
            out.append(f"补报“{i['title']}”（{i['id']}）的数据和佐证材料。")
    return out
