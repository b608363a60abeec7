"""report.xlsx, the gap workbook a county hands in: verdicts, per-level resource sheets coloured by
verdict, CVs with each school's share of the variance, county items, a rectification list, data problems."""

import math
from collections import defaultdict
from functools import partial
from itertools import compress, repeat
from operator import contains, itemgetter
from pathlib import Path

import numpy as np

from ..problems import Severity
from .atomic import atomic_write
from .places import place, places, row_label, several_files
from .school_columns import record_column, school_columns, take
from .words import (
    COMPOSITE_CV,
    PASSED,
    SECTION_STATUS,
    SEVERITY,
    STATUS,
    cv_notes,
    level_label,
    section_label,
    shortfall_text,
    threshold_text,
    value_text,
)
from .xlsx_book import BAND_FORMAT, Sheet, open_book
from .xlsx_ledger import write_ledger
from .xlsx_lines import text_widths

# County items on three sheets; the last gathers the short parts (named by their first two labels).
ITEM_SHEETS = (("guarantee",), ("quality",), ("recognition", "veto", "prerequisite"))
SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_name(text: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of [ ] : * ? / \\."""
    return text.translate(SHEET_NAME_FORBIDDEN)[:31]


def _item_sheet_name(report: dict, sections: tuple[str, ...]) -> str:
    return _sheet_name("与".join(section_label(report, s) for s in sections[:2]))


def write_xlsx(report: dict, path) -> Path:
    return atomic_write(Path(path), lambda tmp: _write(report, tmp))


def _write(report: dict, path) -> None:
    wb, fmt = open_book(path)
    _overview(wb, fmt, report)
    t = school_columns(report["schools"])
    levels = np.array(t.column("level"), dtype=object)
    # 学段 -> the positions of its school parts in the table
    rows_of = defaultdict(list, {lv: np.flatnonzero(levels == lv).tolist() for lv in set(levels.tolist())})
    for level, counts in report["levels"].items():
        if counts["school_parts"]:
            _resources(wb, fmt, report, level, t, rows_of[level])
    _cv(wb, fmt, report, t, rows_of)
    for sections in ITEM_SHEETS:
        _items(wb, fmt, report, _item_sheet_name(report, sections), sections)
    write_ledger(wb, fmt, report)
    _problems(wb, fmt, report)
    _excluded(wb, fmt, report)
    if report.get("skipped"):
        _skipped(wb, fmt, report)
    wb.close()


# The colours of the evaluator's bands (met / near / below), explained on 总览 and above each school sheet.
LEGEND = [("达标", "met"), ("未达标，但不低于标准的规定比例", "near"), ("低于标准的规定比例", "low")]
PASSED_FORMAT = {True: "met_text", False: "low_text"}  # a school part's 结论 cell
PLACE_WIDTH_LIMIT = 36  # a file-and-row column (several files) wraps past this many character units


def _county(report) -> str:
    return report["county"]["name"] or "本县"


def _overview(wb, fmt, report):
    county = _county(report)
    year = report["county"]["year"]
    sh = Sheet(
        wb,
        fmt,
        "总览",
        [("项目", 16), ("结论", 14), ("说明", 100)],
        title=f"{county}{report['standard']['report_title']['results']}",
        county=county,
    )
    sh.add(["评估依据", None, report["standard"]["title"]])
    sh.add(["评估年度", None if year is None else f"{year}年"])  # text: a year is not a quantity
    colour = "met" if report["passed"] else "low"
    verdict = "达到" if report["passed"] else "尚未达到"
    sh.ws.set_row(sh.row, 36)
    sh.ws.write_string(sh.row, 0, "总体结论", fmt["head"])
    sh.ws.merge_range(
        sh.row,
        1,
        sh.row,
        2,
        f"{verdict}{report['standard']['report_title']['requirement']}要求",
        fmt[colour + "_big"],
    )
    sh.row += 1
    for s in report["sections"].values():
        sh.add([s["label"], SECTION_STATUS[s["status"]], s["detail"]], [None, _status_fmt(s["status"]), None])
    counts = report["counts"]
    if report["problems"]:  # warnings too: figures to check before the province does
        sh.add(
            [
                "数据问题",
                f"{len(report['problems'])} 处",
                f"错误 {counts['errors']} 处、提示 {counts['warnings']} 处，逐条见“数据问题”表",
            ],
            [None, "low_text" if counts["errors"] else "near_text", None],
        )
    for r in report["reasons"]:
        sh.add(["未达标原因", None, r])
    for n in report.get("near_misses", []):  # comparisons the published rounding would decide otherwise
        sh.add(["临界比较", None, n])  # its row height follows the text
    sh.add([None])
    sh.add(["颜色说明", None, f"各校{section_label(report, 'resources')}表中指标单元格的底色："])
    for words, colour in LEGEND:
        sh.add([None, None, words], [None, None, colour + "_text"])


def _status_fmt(status: str) -> str:
    return {"met": "met_text", "not_met": "low_text", "missing": "near_text"}[status]


def _resources(wb, fmt, report, level, t, rows):
    """One 学段's sheet, written a column at a time from the school table `t` (its `rows`)."""
    inds = report["indicators"]
    where = places(report, take(t.column("row"), rows), take(t.column("file"), rows))
    cols = [("学校标识码", 12), ("学校名称", 22), ("办学类型", 14), _fitted(report, "行号", where, 6)]
    cols += [("在校生数", 9)]
    cols += [(f"{i['name']}（{i['unit']}）\n标准 {_fmt_thr(i, level)}", 14) for i in inds]
    cols += [("达标项数", 8), ("结论", 8), ("未达标指标及缺口", 60)]
    name = _sheet_name(f"{level_label(report, level)}{section_label(report, 'resources')}")
    sh = Sheet(wb, fmt, name, cols, county=_county(report), repeat_cols=2, legend=LEGEND)
    columns = [take(t.column(c), rows) for c in ("code", "name", "type")]
    columns.append(where)
    columns.append(take(t.column("students"), rows))
    formats = [None] * 5
    for i in inds:
        columns.append(take(t.indicator_column(i["id"], "value"), rows))
        bands = take(t.indicator_column(i["id"], "band"), rows)
        formats.append(list(map(BAND_FORMAT.get, bands, repeat("num"))))
    passed = take(t.column("passed"), rows)
    columns += [take(t.column("met_count"), rows), list(map(PASSED.__getitem__, passed))]
    columns.append(_gaps(inds, t, rows))
    formats += [None, list(map(PASSED_FORMAT.__getitem__, passed)), None]
    sh.add_rows(columns, formats)


def _gaps(inds, t, rows) -> list[str]:
    """未达标指标及缺口 of each school part: its unmet indicators in the standard's order, with the gap.
    Made an indicator at a time: the text of a gap once per distinct shortfall (teachers and rooms
    repeat), the parts of a row joined by C calls."""
    unmet = take(t.column("unmet"), rows)
    n = len(unmet)
    parts = []  # per indicator: "；name gap" where the part misses it, "" elsewhere
    for i in inds:
        at = np.flatnonzero(np.fromiter(map(contains, unmet, repeat(i["id"])), dtype=bool, count=n))
        if not at.size:
            continue
        shortfall = np.array(take(t.indicator_column(i["id"], "shortfall"), rows), dtype=object)[at].tolist()
        texts = {v: f"；{i['name']}{shortfall_text(i, {'shortfall': v})}" for v in set(shortfall)}
        column = np.full(n, "", dtype=object)
        column[at] = list(map(texts.__getitem__, shortfall))
        parts.append(column.tolist())
    if not parts:
        return [""] * n
    return list(map(_WITHOUT_FIRST, map("".join, zip(*parts))))


_WITHOUT_FIRST = itemgetter(slice(1, None))  # the "；" before a row's first gap


def _fmt_thr(ind, level):
    return threshold_text(ind["thresholds"].get(level) if ind.get("thresholds") else None)


def _cv(wb, fmt, report, t, rows_of):
    names = {i["id"]: i for i in report["indicators"]}
    sh = Sheet(
        wb,
        fmt,
        "差异系数",
        [
            ("学段", 6),
            ("指标", 30),
            ("单位", 6),
            ("均值", 12),
            ("标准差", 12),
            ("差异系数", 10),
            ("标准", 8),
            ("结论", 8),
            ("学校数", 8),
            ("方差贡献最大的学校（占比）", 34),
        ],
        county=_county(report),
    )
    ranges = []
    for level, entries in report["cv"].items():
        first = sh.row
        for k, e in entries.items():
            ind = names.get(k, {"name": COMPOSITE_CV, "unit": ""})
            verdict = None if e["met"] is None else PASSED[e["met"]]
            sh.add(
                [
                    level_label(report, level),
                    ind["name"],
                    ind["unit"],
                    e["mean"],
                    e["sd"],
                    e["cv"],
                    e["threshold"],
                    verdict,
                    e["schools"],
                    _top_contributors(t, rows_of[level], k),
                ],
                [
                    None,
                    None,
                    None,
                    "num",
                    "num",
                    "cv",
                    "cv",
                    None if e["met"] is None else ("met_text" if e["met"] else "low_text"),
                    None,
                    None,
                ],
            )
        ranges.append((level_label(report, level), first, sh.row - 1))
    for note in cv_notes(report):  # below the table, above the charts
        sh.add([None, f"注：{note}"])
    at = sh.row + 1
    sh.ws.set_h_pagebreaks([at])  # the charts print together on a page of their own
    for label, first, last in ranges:  # one chart per 学段, titled with it
        at = _cv_chart(wb, sh, label, first, last, at)


def _top_contributors(t, rows, key, n=3) -> str:
    """The n school parts of a 学段 with the largest share of the variance (ties in table order: a
    stable sort of the shares, None as 0)."""
    rows = list(compress(rows, take(t.has_indicator(key), rows)))
    shares = take(t.indicator_column(key, "cv_share"), rows)
    order = np.nan_to_num(np.array(shares, dtype=np.float64), nan=0.0)  # None -> NaN -> 0
    ranked = np.argsort(-order, kind="stable")[:n].tolist()
    names = t.column("name") if ranked else []
    return "；".join(f"{names[rows[j]]}（{shares[j]:.0%}）" for j in ranked if shares[j])


def _cv_chart(wb, sh, label, first, last, at) -> int:
    """A bar chart of one 学段's CVs beside the limit, inserted at row `at`; returns the next free row."""
    if last < first:
        return at
    chart = wb.add_chart({"type": "bar"})
    name = sh.ws.get_name()
    for series, col, colour in (("差异系数", 5, "#5B9BD5"), ("标准", 6, "#FF7C80")):
        chart.add_series(
            {
                "name": series,
                "categories": [name, first, 1, last, 1],
                "values": [name, first, col, last, col],
                "fill": {"color": colour},
            }
        )
    font = {"name": "宋体", "size": 9}  # charts default to Calibri, which prints no Chinese
    chart.set_title({"name": f"{label}各指标差异系数与标准", "name_font": {**font, "size": 12}})
    chart.set_y_axis({"reverse": True, "num_font": font})  # the first indicator on top, as in the table
    chart.set_x_axis({"num_font": font})
    chart.set_legend({"font": font, "position": "bottom"})
    height = 28 * (last - first + 1) + 110
    chart.set_size({"width": 760, "height": height})
    sh.ws.insert_chart(at, 1, chart)
    return at + math.ceil(height / 20) + 1


def _items(wb, fmt, report, name, sections):
    sh = Sheet(
        wb,
        fmt,
        name,
        [
            ("编号", 6),
            ("部分", 10),
            ("内容", 34),
            ("结论", 8),
            ("情况", 34),
            ("佐证材料", 14),
            ("未达标学校", 28),
        ],
        county=_county(report),
    )
    for i in (i for i in report["items"] if i["section"] in sections):
        schools = "；".join(
            f"{s['name']}（{row_label(report, s)}）{s.get('detail') or ''}" for s in i["failing_schools"]
        )
        sh.add(
            [
                i["id"],
                section_label(report, i["section"]),
                i["title"],
                STATUS[i["status"]],
                i["detail"],
                i.get("evidence"),
                schools,
            ],
            [None, None, None, _status_fmt(i["status"]), None, None, None],
        )


def _problems(wb, fmt, report):
    """Every field of every problem record; the code is shown by its Chinese meaning (the code itself
    stays in report.json for programs)."""
    problems = report["problems"]
    col = partial(record_column, problems)
    sheets = col("sheet")
    several = several_files(report)
    if several:  # the file beside the sheet; the row column holds the row number alone
        sheets = [f"{f or ''} {s}".strip() for f, s in zip(col("file", None), sheets)]
    lacking = [e for e in report["not_evaluable"] if not e["problems"]]
    files = [e.get("file") if several else None for e in lacking]
    sh = Sheet(
        wb,
        fmt,
        "数据问题",
        [
            ("级别", 6),
            (sheet := _fitted(report, "工作表", sheets + files, 8)),
            ("行号", 6),
            ("列", 16),
            ("学校", 16),
            ("问题类型", 16),
            ("填写的值", 12),
            _narrowed("说明", 40, sheet[1] - 8),  # so the sheet still prints on one page across
        ],
        county=_county(report),
    )
    sh.add_rows(
        [
            [SEVERITY[s] for s in col("severity")],
            sheets,
            col("row"),
            col("column"),
            col("school", None),
            col("code_label"),
            [value_text(v) for v in col("value", None)],
            col("message"),
        ],
        [["low_text" if s == Severity.ERROR else "near_text" for s in col("severity")]],
    )
    for e, file in zip(lacking, files):
        sh.add([SEVERITY["error"], file, e["row"], None, e["name"], "无法评估", None, "数据缺失，无法评估"])


def _narrowed(header: str, width: float, given: float) -> tuple[str, float]:
    """A wide text column giving back what a fitted place column took (it wraps more, down to a
    minimum), so the sheet still fits the page across and no row is cut from its reason."""
    return header, max(width - given, min(width, 24))


def _fitted(report: dict, header: str, texts: list, narrow: float) -> tuple[str, float]:
    """A column of rows (or sheets): `narrow` for one workbook; when several files make the county it
    holds file names too, and is made as wide as the longest (up to a limit, past which it wraps) so that
    a school's row is not five lines tall."""
    if not several_files(report):
        return header, narrow
    shown = [t for t in texts if isinstance(t, str)]
    widest = int(text_widths(shown).max()) if shown else 0  # measured as one array (a province's rows)
    return f"文件及{header}", float(min(max(widest + 1, narrow), PLACE_WIDTH_LIMIT))


def _excluded(wb, fmt, report):
    where = [place(report, e) for e in report["excluded"]]
    sh = Sheet(
        wb,
        fmt,
        "排除学校",
        [
            ("学校名称", 22), ("学校标识码", 12), ("办学类型", 14),
            (place_col := _fitted(report, "行号", where, 6)),
            _narrowed("原因", 50, place_col[1] - 6),
        ],
        county=_county(report),
    )
    # the reason code stays in report.json; people read the reason
    for e, at in zip(report["excluded"], where):
        sh.add([e["name"], e.get("code"), e.get("type"), at, e["reason"]])


def _skipped(wb, fmt, report):
    """Rows of the 学校 sheet that were not read as schools (not counted anywhere)."""
    where = [place(report, e) for e in report["skipped"]]
    columns = [_fitted(report, "行号", where, 6), ("内容", 40), ("原因", 50)]
    sh = Sheet(wb, fmt, "跳过的行", columns, county=_county(report))
    for e, at in zip(report["skipped"], where):
        sh.add([at, e["text"], e["reason"]])
