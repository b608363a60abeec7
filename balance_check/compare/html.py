"""compare.html: one printable page — what changed, the trend of each 差异系数, the schools behind it."""

from html import escape

from .. import settings
from ..report.html_report import CSS
from ..report.words import COMPOSITE_CV
from .result import CHANGE_LABEL, SECTION_STATUS_LABEL, STATUS_LABEL

EXTRA_CSS = (
    ".up{color:#9C0006}.down{color:#006100}.legend span{display:inline-block;width:12px;height:12px;"
    "margin:0 4px 0 12px;vertical-align:middle}"
)


def _year(side: dict, fallback: str) -> str:
    return f"{side['year']}年" if side["year"] else fallback


def render_html(result: dict) -> str:
    b, a = result["before"], result["after"]
    county = escape(a["county"] or b["county"] or "本县")
    y0, y1 = _year(b, "上年"), _year(a, "本年")
    worse = result["worsened"]
    parts = [
        f"<h1>{county}义务教育优质均衡发展年度比较</h1>",
        f"<p class='note'>{escape(y0)}（{escape(b['source'] or '')}）→ "
        f"{escape(y1)}（{escape(a['source'] or '')}）；依据：{escape(result['standard']['title'])}</p>",
        f"<div class='banner {'fail' if worse else 'pass'}'>"
        + (f"有 {len(result['regressions'])} 项结论由达标变为未达标" if worse else "没有结论由达标变为未达标")
        + f"；总体结论：{y0}{_reach(b['passed'])}，{y1}{_reach(a['passed'])}</div>",
    ]
    if worse:
        parts.append(
            "<ul>" + "".join(f"<li>{escape(r['label'])}</li>" for r in result["regressions"]) + "</ul>"
        )
    parts.append(
        _table(
            ["部分", y0, y1],
            [(s["label"], _st(s["before"]), _st(s["after"])) for s in result["sections"].values()],
            raw={1, 2},
        )
    )
    parts.append("<h2>差异系数的变化</h2>")
    names = {i["id"]: i["name"] for i in result["indicators"]}
    for level, entries in result["cv"].items():
        parts.append(cv_trend(result["levels"].get(level, level), entries, names, y0, y1))
    parts.append(_movers(result, names))
    c = result["counts"]
    parts.append(
        "<h2>学校（学段）的变化</h2><p>"
        + "，".join(f"{label} {c[key]} 个" for key, label in CHANGE_LABEL.items())
        + "。</p>"
    )
    for key in ("newly_failing", "newly_passing", "appeared", "disappeared"):
        rows = [s for s in result["schools"] if s["change"] == key]
        if rows:
            parts.append(f"<h3>{CHANGE_LABEL[key]}（{len(rows)} 个）</h3>" + _school_table(rows, result, key))
    changed = [i for i in result["items"] if i["changed"]]
    parts.append(
        "<h2>县域项目的变化</h2>"
        + (
            _table(
                ["编号", "项目", y0, y1, f"{y1}情况"],
                [
                    (
                        i["id"],
                        i["title"],
                        _st(i["before"], STATUS_LABEL),
                        _st(i["after"], STATUS_LABEL),
                        i["detail_after"],
                    )
                    for i in changed
                ],
                raw={2, 3},
            )
            if changed
            else "<p>各项目结论与上年相同。</p>"
        )
    )
    parts.append("<p class='note'>逐校逐项的数值、资源变化与学生数变化见 compare.xlsx。</p>")
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{county}年度比较</title><style>{CSS}{EXTRA_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def _reach(passed: bool) -> str:
    return "达到" if passed else "未达到"


def _st(status, words=SECTION_STATUS_LABEL) -> str:
    return f"<span class='{status or ''}'>{escape(words[status])}</span>"


def _table(headers, rows, raw=frozenset()) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{v if j in raw else escape('—' if v is None else str(v))}</td>" for j, v in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def cv_trend(level_label: str, entries: dict, names: dict, y0: str, y1: str) -> str:
    """Per indicator a pale bar for last year and a coloured one for this year, the limit as a red line."""
    rows = list(entries.items())
    values = [v for _, e in rows for v in (e["before"], e["after"], e["threshold"]) if v is not None]
    top = (max(values) if values else 0) * 1.15 or 1
    label_w, bar_w, h = 330, 520, 34
    svg = [
        f"<svg width='{label_w + bar_w + 120}' height='{h * len(rows) + 30}' role='img' "
        f"aria-label='{escape(level_label)}差异系数变化'>",
        f"<text x='0' y='14' font-weight='bold'>{escape(level_label)}</text>",
    ]
    for n, (key, e) in enumerate(rows):
        y = 22 + n * h
        svg.append(
            f"<text x='{label_w - 6}' y='{y + 19}' text-anchor='end'>"
            f"{escape(names.get(key, COMPOSITE_CV))}</text>"
        )
        for k, (value, met, dy) in enumerate(
            ((e["before"], e["met_before"], 2), (e["after"], e["met_after"], 16))
        ):
            width = (value or 0) / top * bar_w
            colour = (
                ("#BFBFBF" if k == 0 else "#70AD47")
                if met is not False
                else ("#E6A5AD" if k == 0 else "#C00000")
            )
            text = "—" if value is None else f"{value:.4f}"
            svg.append(f"<rect x='{label_w}' y='{y + dy}' width='{width:.1f}' height='12' fill='{colour}'/>")
            svg.append(f"<text x='{label_w + width + 4:.1f}' y='{y + dy + 10}'>{text}</text>")
        if e["change"] is not None:
            arrow = "▲" if e["change"] > 0 else "▼" if e["change"] < 0 else "＝"
            cls = "up" if e["change"] > 0 else "down"
            svg.append(
                f"<text class='{cls}' x='{label_w + bar_w + 60}' y='{y + 19}' "
                f"fill='{'#9C0006' if e['change'] > 0 else '#006100'}'>{arrow} {e['change']:+.4f}</text>"
            )
        if e["threshold"] is not None:
            x = label_w + e["threshold"] / top * bar_w
            svg.append(
                f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{y}' y2='{y + h - 2}' "
                "stroke='#C00000' stroke-width='2'/>"
            )
    svg.append("</svg>")
    limit = next((e["threshold"] for _, e in rows if e["threshold"] is not None), None)
    legend = (
        f"<p class='note legend'><span style='background:#BFBFBF'></span>{escape(y0)}"
        f"<span style='background:#70AD47'></span>{escape(y1)}（红色为超标）"
        + (f"；红线为标准（差异系数 ≤ {limit}）" if limit is not None else "")
        + "；▲ 差异扩大，▼ 差异缩小。</p>"
    )
    return "".join(svg) + legend


def _movers(result: dict, names: dict) -> str:
    rows = []
    for level, entries in result["cv"].items():
        for key, e in entries.items():
            if e["movers"] and e["change"]:
                who = "；".join(
                    f"{m['name']}（{'扩大' if m['term_change'] > 0 else '缩小'}）" for m in e["movers"][:3]
                )
                rows.append((result["levels"].get(level, level), names.get(key, COMPOSITE_CV), who))
    if not rows:
        return ""
    return "<h3>影响差异系数最大的学校</h3>" + _table(
        ["学段", "指标", "学校（按对差异系数平方贡献的变化排序）"], rows
    )


def _school_table(rows: list[dict], result: dict, key: str) -> str:
    names = {i["id"]: i["name"] for i in result["indicators"]}
    shown = rows[: settings.MAX_DOCUMENT_ROWS]
    out = []
    for s in shown:
        side = s["after"] or s["before"]
        if key in ("newly_failing", "newly_passing"):
            flipped = [
                names[k]
                for k, e in s["indicators"].items()
                if e["met_before"] is not None
                and e["met_after"] is not None
                and e["met_before"] != e["met_after"]
            ]
            why = "、".join(flipped) or "—"
            detail = f"达标项数 {s['before']['met_count']} → {s['after']['met_count']}；变化的指标：{why}"
        else:
            detail = s["note"] or ""
        out.append((s["name"], result["levels"].get(s["level"], s["level"]), side["students"], detail))
    more = (
        f"<p class='note'>另有 {len(rows) - len(shown)} 个，见 compare.xlsx。</p>"
        if len(rows) > len(shown)
        else ""
    )
    return _table(["学校", "学段", "在校生数", "说明"], out) + more
