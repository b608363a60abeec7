"""The fillable input workbook: canonical headers, drop-downs, number validation, help and an example."""

from pathlib import Path

import xlsxwriter

from . import settings
from .report.atomic import atomic_write
from .samples import EXAMPLE_SCHOOL
from .standard import Standard


def header_text(spec: dict) -> str:
    return f"{spec['header']}（{spec['unit']}）" if spec.get("unit") else spec["header"]


def write_template(standard: Standard, path, fill: dict | None = None) -> Path:
    """The blank template; with `fill` ({"schools": [{field key: value}], "county": {fact key: (value,
    evidence)}, "quality": [(subject, level text, diff)]}) the same workbook holding a county's data."""
    atomic_write(Path(path), lambda tmp: _write(standard, tmp, fill or {}))
    return Path(path)


def _write(standard: Standard, path, fill: dict) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    fmt = {
        "head": wb.add_format(
            {"bold": True, "text_wrap": True, "valign": "vcenter", "bg_color": "#DDEBF7", "border": 1}
        ),
        "text": wb.add_format({"num_format": "@"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "percent": wb.add_format({"num_format": "0.0%"}),
    }
    _school_sheet(wb, standard, fmt, fill.get("schools", []))
    _county_sheet(wb, standard, fmt, fill.get("county", {}))
    _quality_sheet(wb, fmt, fill.get("quality", []))
    _help_sheet(wb, standard, fmt)
    _example_sheet(wb, standard, fmt)
    wb.close()


def _cell(ws, r, c, v, fmt=None) -> None:
    """Text always as text (a school name is never a formula), numbers as numbers."""
    if v is None or (isinstance(v, float) and v != v):
        return
    if isinstance(v, str):
        ws.write_string(r, c, v, fmt)
    else:
        ws.write_number(r, c, float(v), fmt)


def _school_sheet(wb, standard: Standard, fmt, rows: list[dict]) -> None:
    ws = wb.add_worksheet("学校")
    types = [t["label"] for t in standard.school_types.values()]
    for c, spec in enumerate(standard.data["school_fields"]):
        ws.write_string(0, c, header_text(spec), fmt["head"])
        ws.set_column(
            c,
            c,
            max(10, len(header_text(spec)) * 1.6),
            fmt["text"] if spec["kind"] in ("code", "text") else None,
        )
        choices = types if spec["kind"] == "type" else spec.get("choices")
        if choices:
            ws.data_validation(
                1,
                c,
                settings.TEMPLATE_ROWS,
                c,
                {"validate": "list", "source": choices, "error_message": "请从下拉列表中选择"},
            )
        elif spec["kind"] in ("count", "number"):
            ws.data_validation(
                1,
                c,
                settings.TEMPLATE_ROWS,
                c,
                {
                    "validate": "integer" if spec["kind"] == "count" else "decimal",
                    "criteria": ">=",
                    "value": 0,
                    "error_message": "请填写不小于 0 的" + ("整数" if spec["kind"] == "count" else "数字"),
                },
            )
    ws.set_row(0, 48)
    ws.freeze_panes(1, 2)
    keys = [spec["key"] for spec in standard.data["school_fields"]]
    for r, school in enumerate(rows, start=1):
        for c, key in enumerate(keys):
            _cell(ws, r, c, school.get(key))


def _county_sheet(wb, standard: Standard, fmt, values: dict) -> None:
    ws = wb.add_worksheet("县域")
    for c, (h, w) in enumerate((("项目", 56), ("值", 16), ("佐证材料", 30))):
        ws.write_string(0, c, h, fmt["head"])
        ws.set_column(c, c, w)
    lists = {"yes_no": ["是", "否"], "presence": ["存在", "不存在"]}
    for r, fact in enumerate(standard.data["county_facts"], start=1):
        ws.write_string(r, 0, fact["label"])
        if fact["kind"] in lists:
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": lists[fact["kind"]]})
        value, evidence = values.get(fact["key"], (None, None))
        if isinstance(value, bool):
            value = lists.get(fact["kind"], ["是", "否"])[0 if value else 1]
        _cell(ws, r, 1, value, fmt["percent"] if fact["kind"] == "percent" else None)
        _cell(ws, r, 2, evidence)
    ws.freeze_panes(1, 1)


def _quality_sheet(wb, fmt, rows: list[tuple]) -> None:
    ws = wb.add_worksheet("质量监测")
    for c, h in enumerate(("学科", "学业水平等级", "校际差异率")):
        ws.write_string(0, c, h, fmt["head"])
        ws.set_column(c, c, 16)
    ws.data_validation(1, 1, 50, 1, {"validate": "list", "source": ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"]})
    for r, (subject, level, diff) in enumerate(rows, start=1):
        _cell(ws, r, 0, subject)
        _cell(ws, r, 1, level)
        _cell(ws, r, 2, diff, fmt["percent"])


def _help_sheet(wb, standard: Standard, fmt) -> None:
    ws = wb.add_worksheet("填表说明")
    heads = ("列名", "填写内容", "单位", "哪些学校填写")
    for c, (h, w) in enumerate(zip(heads, (30, 60, 8, 40))):
        ws.write_string(0, c, h, fmt["head"])
        ws.set_column(c, c, w, fmt["wrap"])
    levels = {k: v["label"] for k, v in standard.data["levels"].items()}
    for r, spec in enumerate(standard.data["school_fields"], start=1):
        who = (
            f"有{levels[spec['level']]}学段的学校"
            if spec.get("level")
            else "每所学校（全校合计）"
            if spec.get("whole_school")
            else "每所学校"
        )
        ws.write_string(r, 0, header_text(spec))
        ws.write_string(r, 1, spec.get("help", ""))
        ws.write_string(r, 2, spec.get("unit", ""))
        ws.write_string(
            r, 3, "必填：" + who if spec.get("required") else "可选：" + who if spec.get("optional") else who
        )
    notes = [
        "“—”“/”“无”或空白表示没有数值；学校标识码按文本填写，保留前导0。",
        "一贯制学校、完全中学的校舍、场馆、设备、多媒体教室填全校合计，由本工具按在校生当量拆分到各学段。",
        "教学仪器设备值以“元”为单位；若表头写“（万元）”，本工具会自动换算。",
    ]
    for i, note in enumerate(notes, start=len(standard.data["school_fields"]) + 2):
        ws.write_string(i, 0, note)


def _example_sheet(wb, standard: Standard, fmt) -> None:
    ws = wb.add_worksheet("示例")
    for c, spec in enumerate(standard.data["school_fields"]):
        ws.write_string(0, c, header_text(spec), fmt["head"])
        v = EXAMPLE_SCHOOL.get(spec["key"])
        if isinstance(v, str):
            ws.write_string(1, c, v)
        elif v is not None:
            ws.write_number(1, c, v)
