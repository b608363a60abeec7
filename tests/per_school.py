"""Per-school workbooks made from a county workbook, as a county gets them back from its schools.

Each school's file is the blank template with that school's row on 学校 and a blank 县域 sheet; the
county's 县域 and 质量监测 go into one more file, 县域.xlsx, that has no school rows."""

import zipfile
from pathlib import Path

import openpyxl

from balance_check import load_standard
from balance_check.reading.headers import HeaderMatcher
from balance_check.template import header_text, write_template


def split_county(workbook: Path, out_dir: Path, standard: str = "national-2017") -> list[Path]:
    """Writes 县域.xlsx and one file per school row (named 001_学校名.xlsx …); returns them in order."""
    std = load_standard(standard)
    out_dir.mkdir(parents=True, exist_ok=True)
    blank = out_dir / "_blank.xlsx"
    write_template(std, blank)
    src = openpyxl.load_workbook(workbook, data_only=True)
    rows = list(src["学校"].iter_rows(values_only=True))
    matcher = HeaderMatcher(std.data["school_fields"])
    keys = [matcher.match(h)[0] for h in rows[0]]
    columns = {header_text(spec): spec["key"] for spec in std.data["school_fields"]}
    made = []
    county = openpyxl.load_workbook(blank)
    _copy_sheet(src["县域"], county["县域"])
    _copy_sheet(src["质量监测"], county["质量监测"])
    made.append(out_dir / "县域.xlsx")
    county.save(made[-1])
    for n, row in enumerate(r for r in rows[1:] if any(v is not None for v in r)):
        values = dict(zip(keys, row))
        wb = openpyxl.load_workbook(blank)
        ws = wb["学校"]
        for c, cell in enumerate(ws[1], start=1):
            v = values.get(columns.get(cell.value))
            if v is not None:
                ws.cell(row=2, column=c, value=v)
        path = out_dir / f"{n + 1:03d}_{values['name']}.xlsx"
        wb.save(path)
        made.append(path)
    blank.unlink()
    return made


def _copy_sheet(src, dst) -> None:
    for row in src.iter_rows():
        for cell in row:
            target = dst.cell(row=cell.row, column=cell.column, value=cell.value)
            target.number_format = cell.number_format


def zip_files(paths: list[Path], out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in paths:
            zf.write(p, p.name)
    return out
