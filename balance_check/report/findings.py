"""What the report says in prose: the problems found and the measures they call for, from the gaps.

Shared by the Word 自评报告 and the HTML page so both say the same thing."""

from collections import defaultdict

from .. import settings
from . import plan_text
from .places import row_label
from .school_columns import school_columns, take
from .words import COMPOSITE_CV, cv_text, level_label, number, section_label, shortfall_text


def school_type_counts(report: dict) -> dict[str, int]:
    """Schools by 办学类型 over every input row (evaluated, excluded, not evaluable)."""
    seen, counts = set(), defaultdict(int)
    t = school_columns(report["schools"])
    others = report["excluded"] + report["not_evaluable"]
    files = t.column("file") + [e.get("file") for e in others]
    rows = t.column("row") + [e["row"] for e in others]
    types = t.column("type") + [e.get("type") for e in others]
    # a row number is per file when several files make the county
    for key, typ in zip(zip(files, rows), types):
        if key in seen:
            continue
        seen.add(key)
        counts[typ or "类型不明"] += 1
    return dict(counts)


def excluded(report: dict, limit: int) -> str:
    """The excluded schools grouped by their reason, in the order the reasons first appear: each group's
    names (the first `limit` over all groups), its count, then the reason once — not the same reason
    after every school (a county excludes tens of 教学点, a province thousands)."""
    groups: dict[str, list[str]] = {}
    for e in report["excluded"]:
        groups.setdefault(e["reason"], []).append(e["name"] or row_label(report, e))
    parts, room = [], limit
    for reason, names in groups.items():
        shown = names[: max(room, 0)]
        room -= len(shown)
        if not shown:
            parts.append(f"另{len(names)}所，{reason}")
        elif len(shown) < len(names):
            parts.append(f"{'、'.join(shown)}等{len(names)}所，{reason}")
        else:
            parts.append(f"{'、'.join(shown)}{f'共{len(names)}所' if len(names) > 1 else ''}，{reason}")
    return "；".join(parts)


def skipped(report: dict) -> list[str]:
    """One line per row of the 学校 sheet that was not read as a school (the reader decided which)."""
    return [
        f"{row_label(report, e, ' ')}“{e['text'] or ''}”：{e['reason']}" for e in report.get("skipped", [])
    ]


def problems(report: dict, limit: int | None = None) -> tuple[list[str], int]:
    """One sentence per problem (failing school parts, CVs over the limit, items not met or not
    reported, schools not evaluable): the first `limit` sentences (all without one), and how many there
    are. A province has tens of thousands of failing school parts; the documents show the first few
    hundred, so only those sentences are made."""
    inds = {i["id"]: i for i in report["indicators"]}
    t = school_columns(report["schools"])
    failing = [j for j, passed in enumerate(t.column("passed")) if not passed]
    room = len(failing) if limit is None else min(limit, len(failing))
    out = _failing_sentences(report, inds, t, failing[:room])
    rest = _other_problems(report, inds)
    total = len(failing) + len(rest)
    shown = out + rest[: None if limit is None else max(limit - len(out), 0)]
    return shown, total


def _failing_sentences(report: dict, inds: dict, t, rows: list[int]) -> list[str]:
    if not rows:
        return []
    resources = section_label(report, "resources")
    columns = ("name", "level", "met_count", "unmet")
    names, levels, met_count, unmet = (take(t.column(c), rows) for c in columns)
    fields = ("value", "threshold", "shortfall")
    entries = {k: [take(t.indicator_column(k, f), rows) for f in fields] for k in inds}
    out = []
    for j, (name, level, met, keys) in enumerate(zip(names, levels, met_count, unmet)):
        gaps = "；".join(
            f"{inds[k]['name']} {number(e['value'])}{inds[k]['unit']}"
            f"（标准 {number(e['threshold'])}，{shortfall_text(inds[k], e)}）"
            for k, e in ((k, dict(zip(fields, (c[j] for c in entries[k])))) for k in keys)
        )
        out.append(f"{name}（{level_label(report, level)}）{resources}未达标，{met} 项达标：{gaps}。")
    return out


def _other_problems(report: dict, inds: dict) -> list[str]:
    out = []
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
        listed = i["failing_schools"][: settings.MAX_DOCUMENT_ROWS]
        schools = "、".join(s["name"] for s in listed)
        more = f"等 {len(i['failing_schools'])} 所学校" if len(i["failing_schools"]) > len(listed) else ""
        where = f"（{schools}{more}）" if schools else ""
        detail = i["detail"].rstrip("。")
        if i["status"] == "missing":
            out.append(f"“{i['title']}”尚未填报数据或数据不全，无法判断是否达到要求。")
        elif i["section"] == "veto":
            out.append(f"存在“{i['title']}”的情形（{detail}）{where}。")
        else:
            out.append(f"“{i['title']}”未达到要求：{detail}{where}。")
    for e in report["not_evaluable"]:
        out.append(f"{e['name']}（{row_label(report, e, ' ')}）数据有误或缺失，未能评估，须更正后重新核验。")
    return out


def measures(report: dict) -> list[str]:
    """The measures of the plan (report["plan"]): grouped by what is done, like-for-like totals only
    (never a county total over different input columns)."""
    return (
        plan_text.measure_paragraphs(report)
        + plan_text.cv_paragraphs(report)
        + plan_text.county_paragraphs(report)
    )
