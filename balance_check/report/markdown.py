"""report.md: a readable Chinese summary of the evaluation."""

from .. import settings
from .places import place, row_label, sheet_label
from .school_columns import school_columns, take
from .words import (
    COMPOSITE_CV,
    ITEM_SECTIONS,
    PASSED,
    SECTION_STATUS,
    SEVERITY,
    STATUS,
    cv_notes,
    cv_text,
    level_label,
    number,
    percent,
    section_label,
    shortfall_text,
)


def _cell(v) -> str:
    return "—" if v is None else str(v).replace("|", "｜").replace("\n", " ")


def _table(headers, rows) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(map(_cell, r)) + " |" for r in rows]
    return out + [""]


BLOCK = 8192  # lines joined and written at a time


def render_markdown(report: dict) -> str:
    return "\n".join(markdown_lines(report))


def write_markdown(report: dict, path) -> None:
    """report.md a block of lines at a time: a province's table of gaps is 70 MB of text at 200,000
    schools, which is then never held twice (joined, and again encoded)."""
    lines = markdown_lines(report)
    with open(path, "w", encoding="utf-8") as fh:
        for start in range(0, len(lines), BLOCK):
            if start:
                fh.write("\n")
            fh.write("\n".join(lines[start : start + BLOCK]))


def markdown_lines(report: dict) -> list[str]:
    county = report["county"]["name"] or "本县"
    year = f"{report['county']['year']}年" if report["county"]["year"] else ""
    lines = [
        f"# {county}{year}义务教育优质均衡发展自查结果",
        "",
        f"依据：{report['standard']['title']}（{report['standard'].get('source', {}).get('number', '')}）",
        "",
        "## 总体结论",
        "",
        f"**{'达到' if report['passed'] else '未达到'}**评估要求。",
        "",
    ]
    lines += [f"- {r}" for r in report["reasons"]] + ([""] if report["reasons"] else [])
    near = report.get("near_misses", [])  # comparisons the published rounding would decide otherwise
    lines += [f"- {n}" for n in near] + ([""] if near else [])
    lines += _table(
        ["部分", "结论", "说明"],
        [(s["label"], SECTION_STATUS[s["status"]], s["detail"]) for s in report["sections"].values()],
    )
    lines += _resources(report) + _cv(report) + _items(report) + _excluded(report) + _problems(report)
    if report["notes"]:
        lines += ["## 说明", ""] + [f"- {n}" for n in report["notes"]] + [""]
    return lines


def _resources(report) -> list[str]:
    inds = {i["id"]: i for i in report["indicators"]}
    lines = [f"## {section_label(report, 'resources')}", ""]
    for c in report["levels"].values():
        if c["school_parts"]:
            lines.append(
                f"- {c['label']}：{c['school_parts']} 个学校（学段）参评，"
                f"{c['passed']} 个达标，{c['failed']} 个未达标"
            )
    lines.append("")
    t = school_columns(report["schools"])
    failing = [j for j, passed in enumerate(t.column("passed")) if not passed]
    if failing:
        lines += ["### 未达标学校及差距", ""]
        headers = ["学校", "学段", "指标", "现值", "标准", "达成比例", "差距"]
        lines += _table(headers, _gap_rows(report, inds, t, failing))
    return lines


def _gap_rows(report, inds, t, failing):
    """One row per unmet indicator of each failing school part, made as the table takes them."""
    fields = ("value", "threshold", "ratio", "shortfall")
    entries = {k: [take(t.indicator_column(k, f), failing) for f in fields] for k in inds}
    names, levels = take(t.column("name"), failing), take(t.column("level"), failing)
    labels = {level: level_label(report, level) for level in set(levels)}
    for j, (name, level, unmet) in enumerate(zip(names, levels, take(t.column("unmet"), failing))):
        for k in unmet:
            ind = inds[k]
            value, threshold, ratio, shortfall = (c[j] for c in entries[k])
            yield (
                name,
                labels[level],
                ind["name"],
                number(value, unit=ind["unit"]),
                number(threshold, unit=ind["unit"]),
                percent(ratio or 0),
                shortfall_text(ind, {"shortfall": shortfall}),
            )


def _cv(report) -> list[str]:
    inds = {i["id"]: i for i in report["indicators"]}
    rows = []
    for level, entries in report["cv"].items():
        for k, e in entries.items():
            name = inds[k]["name"] if k in inds else COMPOSITE_CV
            unit = inds[k]["unit"] if k in inds else ""
            verdict = "—" if e["met"] is None else PASSED[e["met"]]
            rows.append(
                (
                    level_label(report, level),
                    name,
                    number(e["mean"], unit=unit),
                    number(e["sd"], unit=unit),
                    cv_text(e["cv"]),
                    e["threshold"],
                    verdict,
                )
            )
    notes = [f"注：{n}" for n in cv_notes(report)]
    return (
        ["### 校际差异系数", ""]
        + _table(["学段", "指标", "均值", "标准差", "差异系数", "标准", "结论"], rows)
        + [line for n in notes for line in (n, "")]
    )


def _items(report) -> list[str]:
    lines = []
    for sec in ITEM_SECTIONS:
        items = [i for i in report["items"] if i["section"] == sec]
        if not items:
            continue
        lines += [f"## {section_label(report, sec)}", ""]
        lines += _table(
            ["编号", "内容", "结论", "情况"],
            [(i["id"], i["title"], STATUS[i["status"]], i["detail"]) for i in items],
        )
        for i in items:
            if i["failing_schools"]:
                lines += [f"{i['id']} 未达标学校：", ""]
                lines += [
                    f"- {s['name']}（{row_label(report, s, ' ')}）"
                    + (f"：{s['detail']}" if s.get("detail") else "")
                    for s in i["failing_schools"]
                ] + [""]
    return lines


def _excluded(report) -> list[str]:
    lines = []
    if report["excluded"]:
        lines += [f"## 不参加{section_label(report, 'resources')}评估的学校", ""]
        lines += _table(
            ["学校", "行", "原因"], [(e["name"], place(report, e), e["reason"]) for e in report["excluded"]]
        )
    if report["not_evaluable"]:
        lines += ["## 数据有误、无法评估的学校", ""]
        rows = [
            (e["name"], place(report, e), "；".join(p["message"] for p in e["problems"]) or "数据缺失")
            for e in report["not_evaluable"]
        ]
        lines += _table(["学校", "行", "问题"], rows)
    if report.get("skipped"):
        lines += ["## 未作为学校读取的行", "", "这些行不计入任何指标、差异系数和结论：", ""]
        lines += _table(
            ["行", "内容", "原因"], [(place(report, e), e["text"], e["reason"]) for e in report["skipped"]]
        )
    return lines


def _problems(report) -> list[str]:
    problems = report["problems"]
    if not problems:
        return []
    shown = problems[: settings.MAX_PROBLEMS_SHOWN]
    lines = ["## 数据问题", ""]
    lines += _table(
        ["级别", "工作表", "行", "列", "说明"],
        [
            # the file beside the sheet when several files make the county, as on the page and in Word
            (SEVERITY[p["severity"]], sheet_label(report, p), p["row"], p["column"], p["message"])
            for p in shown
        ],
    )
    if len(problems) > len(shown):
        lines += [f"另有 {len(problems) - len(shown)} 个问题见 report.json / report.xlsx。", ""]
    return lines
