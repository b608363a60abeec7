"""report.html: one self-contained, printable page for the bureau chief (inline CSS and SVG, no network)."""

from html import escape
from pathlib import Path

from .. import settings
from . import findings, plan_text
from .atomic import atomic_write_text
from .places import place, sheet_label
from .words import (
    COMPOSITE_CV,
    SECTION_STATUS,
    SEVERITY,
    STATUS,
    cv_notes,
    cv_text,
    level_label,
    percent,
    section_label,
    value_text,
)

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px auto;
max-width:1000px;color:#222;line-height:1.6}
h1{font-size:24px;margin-bottom:4px}
h2{font-size:18px;border-bottom:2px solid #5B9BD5;padding-bottom:2px;margin-top:28px}
.banner{padding:12px 16px;border-radius:6px;font-size:20px;font-weight:bold}
.pass{background:#C6EFCE;color:#006100}.fail{background:#FFC7CE;color:#9C0006}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #bbb;padding:4px 6px;text-align:left}
th{background:#DDEBF7}.met{color:#006100}.not_met{color:#9C0006;font-weight:bold}.missing{color:#9C5700}
svg text{font-size:11px}.note{color:#666;font-size:12px}.level{white-space:nowrap}
@media print{@page{size:A4;margin:15mm}body{margin:0;max-width:none}h2{page-break-after:avoid}
svg,table{page-break-inside:avoid}}
"""


def write_html(report: dict, path) -> Path:
    return atomic_write_text(Path(path), render_html(report))


def render_html(report: dict) -> str:
    county = escape(report["county"]["name"] or "本县")
    year = f"{report['county']['year']}年" if report["county"]["year"] else ""
    names = report["standard"]["report_title"]
    verdict = "达到" if report["passed"] else "尚未达到"
    title = f"{county}{year}{escape(names['results'])}"
    parts = [
        f"<h1>{title}</h1>",
        f"<p class='note'>依据：{escape(report['standard']['title'])}</p>",
        f"<div class='banner {'pass' if report['passed'] else 'fail'}'>"
        f"总体结论：{verdict}{escape(names['requirement'])}要求</div>",
    ]
    if report["reasons"]:
        parts.append("<ul>" + "".join(f"<li>{escape(r)}</li>" for r in report["reasons"]) + "</ul>")
    near = report.get("near_misses", [])[: settings.MAX_DOCUMENT_ROWS]  # the published rounding would flip
    if near:
        parts.append("<ul class='note'>" + "".join(f"<li>{escape(n)}</li>" for n in near) + "</ul>")
    parts.append(
        _table(
            ["部分", "结论", "说明"],
            [
                (s["label"], _status(s["status"], SECTION_STATUS), s["detail"])
                for s in report["sections"].values()
            ],
            raw_cols={1},
        )
    )
    parts.append("<h2>校际差异系数</h2>")
    for level, entries in report["cv"].items():
        parts.append(cv_chart(report, level, entries))
    parts += [f"<p class='note'>注：{escape(n)}</p>" for n in cv_notes(report)]
    parts.append("<h2>学校达标率</h2>" + pass_rate_chart(report))
    shown, total = findings.problems(report, settings.MAX_DOCUMENT_ROWS)
    more = f"<p class='note'>另有 {total - len(shown)} 条，见 report.xlsx。</p>" if total > len(shown) else ""
    parts.append(
        "<h2>存在的问题</h2>"
        + (
            "<ol>" + "".join(f"<li>{escape(p)}</li>" for p in shown) + "</ol>" + more
            if total
            else "<p>未发现不达标项。</p>"
        )
    )
    parts.append(plan_section(report))
    if report["excluded"]:
        parts.append(
            f"<h2>不参加{escape(section_label(report, 'resources'))}评估的学校</h2>"
            + _table(
                ["学校", "行号", "原因"],
                [
                    (e["name"], place(report, e), e["reason"])
                    for e in report["excluded"][: settings.MAX_DOCUMENT_ROWS]
                ],
            )
        )
    parts.append(_problems(report))
    if report.get("skipped"):
        parts.append(
            "<h2>未作为学校读取的行</h2><p class='note'>不计入任何指标、差异系数和结论。</p>"
            + _table(
                ["行号", "内容", "原因"],
                [
                    (place(report, e), e["text"], e["reason"])
                    for e in report["skipped"][: settings.MAX_DOCUMENT_ROWS]
                ],
            )
        )
    body = "\n".join(parts)
    return (
        f"<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def _problems(report: dict) -> str:
    """The data problems, as on the workbook's 数据问题 sheet (at most MAX_DOCUMENT_ROWS here)."""
    problems = report["problems"]
    if not problems:
        return "<h2>数据问题</h2><p>数据核对未发现问题。</p>"
    errors = report["counts"]["errors"]  # counted once, by the evaluator
    shown = problems[: settings.MAX_DOCUMENT_ROWS]
    more = (
        f"<p class='note'>另有 {len(problems) - len(shown)} 处，见 report.xlsx 的“数据问题”表。</p>"
        if len(problems) > len(shown)
        else ""
    )
    rows = [
        (
            f"<span class='level {'not_met' if p['severity'] == 'error' else 'missing'}'>"
            f"{escape(SEVERITY[p['severity']])}</span>",
            sheet_label(report, p),
            p["row"],
            p["column"],
            p.get("school"),
            p["code_label"],
            value_text(p.get("value")),
            p["message"],
        )
        for p in shown
    ]
    return (
        f"<h2>数据问题（{len(problems)} 处，其中错误 {errors} 处）</h2>"
        + _table(["级别", "工作表", "行号", "列", "学校", "问题类型", "填写的值", "说明"], rows, raw_cols={0})
        + more
    )


def plan_section(report: dict) -> str:
    """整改方案 from the plan: like-for-like totals, then the measures grouped."""
    lines = findings.measures(report)
    if not lines:
        return "<h2>整改方案</h2><p>未发现需要整改的事项。</p>"
    rows = plan_text.total_rows(report)
    return (
        "<h2>整改方案（资金为估算）</h2>"
        + (_table(plan_text.TOTAL_HEADERS, rows) if rows else "")
        + (
            "<p>按措施类别的估算资金：</p>"
            + _table(["措施类别", "估算资金（万元）"], plan_text.kind_rows(report))
            if rows
            else ""
        )
        + "<ol>"
        + "".join(f"<li>{escape(x)}</li>" for x in lines[: settings.MAX_DOCUMENT_ROWS])
        + "</ol>"
        + f"<p class='note'>{escape(plan_text.cost_note(report))}</p>"
    )


def _status(status: str, words=STATUS) -> str:
    return f"<span class='{status}'>{words[status]}</span>"


def _table(headers, rows, raw_cols=frozenset()) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{v if j in raw_cols else escape('—' if v is None else str(v))}</td>"
            for j, v in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def cv_chart(report: dict, level: str, entries: dict) -> str:
    """Horizontal bars: each indicator's CV, a red line at its threshold; green when met."""
    names = {i["id"]: i["name"] for i in report["indicators"]}
    rows = list(entries.items())
    top = max([e["cv"] or 0 for _, e in rows] + [e["threshold"] or 0 for _, e in rows]) * 1.15 or 1
    label_w, bar_w, h = 330, 560, 22
    label = level_label(report, level)
    svg = [
        f"<svg width='{label_w + bar_w + 60}' height='{h * len(rows) + 30}' "
        f"role='img' aria-label='{escape(label)}差异系数'>",
        f"<text x='0' y='14' font-weight='bold'>{escape(label)}</text>",
    ]
    for n, (k, e) in enumerate(rows):
        y = 22 + n * h
        width = (e["cv"] or 0) / top * bar_w
        colour = "#70AD47" if e["met"] else "#C00000" if e["met"] is False else "#5B9BD5"
        value = cv_text(e["cv"])
        svg.append(
            f"<text x='{label_w - 6}' y='{y + 14}' text-anchor='end'>"
            f"{escape(names.get(k, COMPOSITE_CV))}</text>"
        )
        svg.append(
            f"<rect class='bar' x='{label_w}' y='{y + 3}' width='{width:.1f}' "
            f"height='{h - 8}' fill='{colour}'/>"
        )
        svg.append(f"<text x='{label_w + width + 4:.1f}' y='{y + 14}'>{value}</text>")
        if e["threshold"] is not None:
            x = label_w + e["threshold"] / top * bar_w
            svg.append(
                f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{y}' y2='{y + h}' stroke='#C00000' stroke-width='2'/>"
            )
    svg.append("</svg>")
    limit = next((e["threshold"] for _, e in rows if e["threshold"] is not None), None)
    caption = (
        f"<p class='note'>红线为标准（差异系数 ≤ {limit}），绿色达标，红色未达标。</p>"
        if limit is not None
        else ""
    )
    return "".join(svg) + caption


def pass_rate_chart(report: dict) -> str:
    rows = [
        (c["label"], c["passed"], c["school_parts"]) for c in report["levels"].values() if c["school_parts"]
    ]
    svg = [f"<svg width='700' height='{30 * len(rows) + 10}' role='img' aria-label='学校达标率'>"]
    for n, (label, ok, total) in enumerate(rows):
        y = 5 + n * 30
        width = ok / total * 500
        svg.append(f"<text x='0' y='{y + 16}'>{escape(label)}</text>")
        svg.append(f"<rect x='60' y='{y}' width='500' height='20' fill='#FFC7CE'/>")
        svg.append(f"<rect x='60' y='{y}' width='{width:.1f}' height='20' fill='#70AD47'/>")
        svg.append(f"<text x='570' y='{y + 16}'>{ok}/{total}（{percent(ok / total)}）</text>")
    svg.append("</svg>")
    return "".join(svg)
