"""The same county written with the messy headers real spreadsheets have evaluates identically."""

import math

import openpyxl
import pytest

from balance_check import check_workbook


def _rewrite(src, dst, rename, title=False, two_rows=False, wan_yuan=False, numeric_codes=False):
    wb = openpyxl.load_workbook(src)
    ws = wb["学校"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    eq = header.index("教学仪器设备值（元）")
    if wan_yuan:
        header[eq] = "教学仪器设备值（万元）"
        for r in body:
            r[eq] = r[eq] / 10000 if r[eq] is not None else None
    header = [rename(h) for h in header]
    out = openpyxl.Workbook()
    new = out.active
    new.title = "学校数据"
    offset = 0
    if title:
        new.append(["示范县义务教育学校基本情况表（2026年）"])
        new.append([])
        offset += 2
    if two_rows:  # "小学" / "初中" merged over the per-level columns
        top, low = [], []
        for h in header:
            for prefix in ("小学", "初中"):
                if h.startswith(prefix):
                    top.append(prefix)
                    low.append(h[len(prefix) :])
                    break
            else:
                top.append(h)
                low.append(None)
        new.append(top)
        new.append(low)
        start = None
        for c, v in enumerate(top + [None], start=1):
            if start and (v != top[start - 1] or c == len(top) + 1):
                if c - start > 1:
                    new.merge_cells(
                        start_row=offset + 1, start_column=start, end_row=offset + 1, end_column=c - 1
                    )
                start = None
            if v in ("小学", "初中") and start is None:
                start = c
        offset += 1
    else:
        new.append(header)
    for r in body:
        new.append(r)
    if numeric_codes:
        for row in new.iter_rows(min_row=offset + 2, max_col=1):
            cell = row[0]
            cell.value = int(cell.value)
            cell.number_format = "0000000000"
    for name in wb.sheetnames[1:]:  # 县域 and 质量监测 as they were
        src_ws, dst_ws = wb[name], out.create_sheet(name)
        for r in src_ws.iter_rows(values_only=True):
            dst_ws.append(list(r))
    out.save(dst)
    return offset


VARIANTS = {
    "half_width_brackets": dict(rename=lambda h: h.replace("（", "(").replace("）", ")")),
    "line_breaks": dict(rename=lambda h: h[:2] + "\n" + h[2:] if len(h) > 4 else h),
    "junior_as_初级中学": dict(rename=lambda h: h.replace("初中", "初级中学")),
    "wan_yuan": dict(rename=lambda h: h, wan_yuan=True),
    "numeric_codes": dict(rename=lambda h: h, numeric_codes=True),
    "title_rows": dict(rename=lambda h: h, title=True),
    "two_header_rows": dict(rename=lambda h: h, two_rows=True),
    "all_at_once": dict(
        rename=lambda h: h.replace("（", " (").replace("）", ")"),
        title=True,
        wan_yuan=True,
        numeric_codes=True,
    ),
}


@pytest.fixture(scope="module")
def canonical(fixtures_dir, checked):
    return checked(fixtures_dir / "county_b.xlsx")


def _close(a, b):
    return (a is None and b is None) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_messy_headers_give_identical_results(variant, canonical, fixtures_dir, tmp_path):
    path = tmp_path / f"{variant}.xlsx"
    offset = _rewrite(fixtures_dir / "county_b.xlsx", path, **VARIANTS[variant])
    got = check_workbook(path)
    assert [p for p in got["problems"] if p["severity"] == "error"] == []
    assert got["passed"] == canonical["passed"]
    want = {(s["name"], s["level"]): s for s in canonical["schools"]}
    assert len(got["schools"]) == len(want)
    for s in got["schools"]:
        w = want[(s["name"], s["level"])]
        assert s["row"] == w["row"] + offset and s["code"] == w["code"] and s["passed"] == w["passed"]
        for k, e in s["indicators"].items():
            assert _close(e["value"], w["indicators"][k]["value"]) and e["met"] == w["indicators"][k]["met"]
    for level, entries in canonical["cv"].items():
        for k, e in entries.items():
            assert _close(got["cv"][level][k]["cv"], e["cv"])
    assert [(i["id"], i["status"]) for i in got["items"]] == [
        (i["id"], i["status"]) for i in canonical["items"]
    ]
