"""Near misses: comparisons whose outcome the published precision would change, said in words.

The national tables print CVs to 3 decimals and school values to 2 (`published_decimals` of the
standard). A CV of 0.5004 reads 0.500 on the form: a county should know before the inspectors do that
its verdict there hangs on whether the platform compares rounded values. The flags (`near_miss`) are
set where the comparisons are made (cv.py, indicators.py); this module only words them, once, for
every document."""

import pandas as pd

from .. import boundary
from ..standard import Standard


def _fmt(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


def _reading(decimals: int | None) -> str:
    return "未取舍的数值" if decimals is None else f"保留 {decimals} 位小数（四舍五入）后的数值"


def _other(decimals: int | None, published: int) -> str:
    """The reading not in force, as the sentence names it."""
    return f"按 {published} 位小数比较" if decimals is None else "按未取舍的数值比较"


def near_misses(report: dict, standard: Standard, parts: pd.DataFrame, results: dict) -> list[str]:
    """One sentence per near miss: the value, what it reads at the published precision, the outcome
    under the reading in force and under the other one. CVs from the report, school values from the
    indicator frames (`results`, indexed like `parts`)."""
    published = standard.data.get("published_decimals")
    if not published:
        return []
    labels = {k: standard.level_label(k) for k in standard.data["levels"]}
    names = {i["id"]: i for i in standard.indicators}
    out = []
    cv_decimals = standard.data["cv"].get("decimals")
    for level, entries in report["cv"].items():
        for key, e in entries.items():
            if not e.get("near_miss"):
                continue
            name = names[key]["name"] if key in names else "综合"
            shown = boundary.excel_round(e["cv"], published["cv"])
            verdict, other = ("达标", "超标") if e["met"] else ("超标", "达标")
            out.append(
                f"临界：{labels[level]}{name}差异系数 {e['cv']:.4f}，报表保留 {published['cv']} 位小数为 "
                f"{_fmt(shown, published['cv'])}（标准 ≤ {e['threshold']}）。"
                f"本标准按{_reading(cv_decimals)}比较，判定{verdict}；"
                f"若{_other(cv_decimals, published['cv'])}则{other}，请核实省级平台的比较方式。"
            )
    for key, r in results.items():  # only the flagged school parts are visited, not every part
        ind = names[key]
        flagged = r.index[r["near_miss"].to_numpy(dtype=bool)]
        if flagged.empty:
            continue
        shown = boundary.excel_round(r.loc[flagged, "value"], published["value"])
        for name, level, value, thr, met, rounded in zip(
            parts.loc[flagged, "name"],
            parts.loc[flagged, "level"],
            r.loc[flagged, "value"],
            r.loc[flagged, "threshold"],
            r.loc[flagged, "met"],
            shown,
        ):
            verdict = "达到标准" if met else "未达到标准"
            out.append(
                f"临界：{name}（{labels[level]}）{ind['name']} {value:.4f}{ind['unit']}，"
                f"报表保留 {published['value']} 位小数为 {_fmt(rounded, published['value'])}（标准 "
                f"{thr:g}）。本标准按{_reading(ind.get('decimals'))}比较，判定{verdict}；"
                f"若{_other(ind.get('decimals'), published['value'])}，与标准或 85% 下限比较的结论不同。"
            )
    return out


def reading_note(standard: Standard) -> str:
    """Which reading is in force: unrounded (the default) or the decimals a standard names."""
    published = standard.data.get("published_decimals") or {}
    rounded = [i["name"] for i in standard.indicators if i.get("decimals") is not None]
    cv_dec = standard.data["cv"].get("decimals")
    parts = [
        f"差异系数按{_reading(cv_dec)}与标准比较",
        "学校指标值按"
        + (f"标准文件规定的小数位数取舍后（{'、'.join(rounded)}）" if rounded else "未取舍的数值")
        + "与标准及 85% 下限比较",
    ]
    tail = (
        f"；国家报表公布差异系数保留 {published['cv']} 位、指标值保留 {published['value']} 位小数，"
        "按报表精度取舍会改变结论的比较标为“临界”（near_miss）"
        if published
        else ""
    )
    return (
        "取舍规则：" + "，".join(parts) + tail + "。四舍五入同 Excel 的 ROUND（按 15 位有效数字，逢五进一）。"
    )
