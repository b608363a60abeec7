"""rollup.html: one printable page for a city or province — counts, then a line per county, failing first."""

from html import escape

from ..report.html_report import CSS
from .labels import STATUS, county_name, verdict, wan_yuan

EXTRA_CSS = (
    "td.n{text-align:right}.cell-met{background:#C6EFCE}.cell-not_met{background:#FFC7CE}"
    ".cell-missing{background:#FFEB9C}td[class^=cell-]{white-space:nowrap}"
)


def render_html(result: dict) -> str:
    c = result["counts"]
    title = "县域义务教育优质均衡发展汇总"
    std = "、".join(escape(s["title"]) for s in result["standards"]) or "—"
    parts = [
        f"<h1>{title}</h1>",
        f"<p class='note'>依据：{std}</p>",
        f"<div class='banner {'pass' if c['failed'] == 0 and c['unusable'] == 0 else 'fail'}'>"
        f"核验 {c['checked']} 个县：达到 {c['passed']} 个，未达到 {c['failed']} 个"
        + (f"；{c['unusable']} 个文件无法核验" if c["unusable"] else "")
        + "</div>",
        _chart(c),
        "<h2>各县结论（未达到的在前，按未达标学校和项目数由多到少）</h2>",
        _counties(result),
    ]
    if result["unusable"]:
        parts.append("<h2>无法核验的文件</h2>")
        parts.append(
            "<table><tr><th>文件</th><th>原因</th></tr>"
            + "".join(
                f"<tr><td>{escape(b['file'])}</td><td>{escape(b['message'])}"
                + "".join(f"<br>{escape(p)}" for p in b["problems"][:5])
                + "</td></tr>"
                for b in result["unusable"]
            )
            + "</table>"
        )
    parts.append(
        "<p class='note'>各县每项差异系数见 rollup.xlsx；各县的完整报告见 --each 写出的子文件夹。</p>"
    )
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{CSS}{EXTRA_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def _chart(c: dict) -> str:
    total = max(c["files"], 1)
    segments = [
        (c["passed"], "#70AD47", "达到"),
        (c["failed"], "#C00000", "未达到"),
        (c["unusable"], "#BFBFBF", "无法核验"),
    ]
    x, svg = 0.0, ["<svg width='720' height='46' role='img' aria-label='各县结论'>"]
    for count, colour, label in segments:
        width = count / total * 600
        if count:
            svg.append(f"<rect x='{x:.1f}' y='4' width='{width:.1f}' height='22' fill='{colour}'/>")
            svg.append(f"<text x='{x + 4:.1f}' y='42'>{label} {count}</text>")
        x += width
    svg.append("</svg>")
    return "".join(svg)


def _counties(result: dict) -> str:
    head = ["序号", "县（市、区）", "年度", "总体结论"] + list(result["sections"].values())
    head += ["未达标学校（学段）", "差异系数超标", "未达标县域项目"]
    head += [f"{label}最大差异系数" for label in result["levels"].values()]
    if result["has_plan"]:
        head.append("估算资金（万元）")
    rows = []
    for n, row in enumerate(result["counties"], 1):
        cells = [
            f"<td class='n'>{n}</td>",
            f"<td>{escape(county_name(row))}<br><span class='note'>{escape(row['file'])}</span></td>",
            f"<td>{row['year'] or '—'}</td>",
            f"<td class='cell-{'met' if row['passed'] else 'not_met'}'>{verdict(row)}</td>",
        ]
        for key in result["sections"]:
            status = row["sections"].get(key)
            cells.append(f"<td class='cell-{status}'>{STATUS[status]}</td>")
        cells += [
            f"<td class='n'>{row['failing_parts']}/{row['school_parts']}</td>",
            f"<td class='n'>{row['failing_cv']}</td>",
            f"<td class='n'>{row['failing_items']}</td>",
        ]
        for lvl in result["levels"]:
            cells.append(f"<td>{_max_cv(row['cv'].get(lvl, {}), result['indicators'])}</td>")
        if result["has_plan"]:
            money = wan_yuan(row["plan_cost_yuan"])
            cells.append(f"<td class='n'>{'—' if money is None else f'{money:,.1f}'}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        "<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>"
    )


def _max_cv(entries: dict, names: dict) -> str:
    known = [(e["cv"], key, e["met"]) for key, e in entries.items() if e["cv"] is not None]
    if not known:
        return "—"
    cv, key, met = max(known)
    cls = " class='not_met'" if met is False else ""
    return f"<span{cls}>{cv:.4f}</span><br><span class='note'>{escape(names.get(key, key))}</span>"
