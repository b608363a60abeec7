"""Bad and awkward county workbooks, each with exactly what the checker must say about it.

`build_corpus(out_dir)` writes the files and returns the cases; `python make_corpus.py DIR` writes them
for a person to open. Every case starts from a small canonical county and changes one thing."""

import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from school_rows import rows_for  # noqa: E402

from balance_check.samples import school

BASE = [
    school("城关小学"),
    school("东关小学", primary_students=900),
    school("南关中学", "junior"),
    school("西关小学", primary_students=700),
    school("北关中学", "junior", junior_students=1200),
]
COUNTY = [
    ("项目", "值", "佐证材料"),
    ("县（市、区）名称", "测试县", None),
    ("评估年度", 2026, None),
    ("社会认可度（%）", 91.5, None),
]


@dataclass
class Case:
    name: str
    path: Path
    problems: list = field(default_factory=list)  # (row, column, severity, code) that must all appear
    unusable: str | None = None  # a phrase of the exit-2 message
    not_evaluable: list = field(default_factory=list)
    evaluated: list = field(default_factory=list)


def _book(rows, county=None, quality=None, sheet="学校"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for title, content in (("县域", county), ("质量监测", quality)):
        if content:
            extra = wb.create_sheet(title)
            for r in content:
                extra.append(list(r))
    return wb


def _school_case(out, name, schools, problems, **kw):
    path = out / f"{name}.xlsx"
    _book(rows_for(schools)).save(path)
    return Case(name, path, problems, **kw)


def _edited(**changes):
    """BASE with the second school (东关小学, sheet row 3) changed."""
    return [BASE[0], {**BASE[1], **changes}] + BASE[2:]


def _header(key):
    return next(r for r in rows_for(BASE)[0] if r.startswith(key))


def build_corpus(out: Path) -> list[Case]:
    out.mkdir(parents=True, exist_ok=True)
    H = _header
    cases = [
        _school_case(
            out,
            "text_in_number",
            _edited(primary_students="约800人"),
            [(3, H("小学在校生数"), "error", "not_a_number")],
            not_evaluable=["东关小学"],
        ),
        _school_case(
            out,
            "text_with_unit",
            _edited(primary_teachers="12人"),
            [(3, H("小学专任教师数"), "error", "not_a_number")],
            evaluated=["东关小学"],
        ),
        _school_case(
            out,
            "negative_count",
            _edited(primary_backbone_teachers=-2),
            [(3, H("小学县级及以上骨干教师数"), "error", "negative")],
            not_evaluable=["东关小学"],
        ),
        _school_case(
            out,
            "fractional_head_count",
            _edited(primary_qualified_teachers=12.5),
            [(3, H("小学高于规定学历教师数"), "error", "not_integer")],
            not_evaluable=["东关小学"],
        ),
        _school_case(
            out,
            "more_qualified_than_teachers",
            _edited(primary_qualified_teachers=80),
            [(3, H("小学高于规定学历教师数"), "error", "more_than_teachers")],
            not_evaluable=["东关小学"],
        ),
        _school_case(
            out,
            "more_pe_art_than_teachers",
            _edited(primary_pe_art_teachers=75),
            [(3, H("小学体育艺术专任教师数"), "error", "more_than_teachers")],
            not_evaluable=["东关小学"],
        ),
        _school_case(
            out,
            "certified_above_teachers",
            _edited(certified_teachers=99),
            [(3, H("持教师资格证专任教师数"), "error", "more_than_teachers")],
            evaluated=["东关小学"],
        ),
        _school_case(  # one name twice with different data: neither copy is evaluated on a guess
            out,
            "duplicate_name",
            _edited(name="城关小学"),
            [
                (2, H("学校名称"), "error", "duplicate_conflict"),
                (3, H("学校名称"), "error", "duplicate_conflict"),
            ],
            not_evaluable=["城关小学"],
        ),
        _school_case(
            out,
            "duplicate_code",
            [{**BASE[0], "code": "4101020001"}, {**BASE[1], "code": "4101020001"}] + BASE[2:],
            [(3, H("学校标识码"), "error", "duplicate_conflict")],
            not_evaluable=["城关小学", "东关小学"],
        ),
        _school_case(
            out,
            "unknown_type",
            _edited(type="职业高中"),
            [(3, H("办学类型"), "error", "unknown_type")],
            not_evaluable=["东关小学"],
        ),
        _school_case(
            out,
            "blank_needed_value",
            _edited(primary_teachers=None),
            [(3, H("小学专任教师数"), "error", "missing_value")],
        ),
        _school_case(
            out,
            "dash_in_needed_cell",
            _edited(sports_space="—"),
            [(3, H("体育运动场馆面积"), "error", "missing_value")],
            not_evaluable=["东关小学"],
        ),
        _school_case(
            out,
            "slash_in_needed_cell",
            _edited(equipment_value="/"),
            [(3, H("教学仪器设备值"), "error", "missing_value")],
            not_evaluable=["东关小学"],
        ),
        _school_case(
            out,
            "wu_in_needed_cell",
            _edited(multimedia_rooms="无"),
            [(3, H("网络多媒体教室数"), "error", "missing_value")],
            not_evaluable=["东关小学"],
        ),
        _school_case(
            out,
            "value_in_unused_column",
            _edited(junior_students=30),
            [(3, H("初中在校生数"), "warning", "unused_value")],
            evaluated=["东关小学"],
        ),
        _school_case(
            out,
            "class_size_times_classes_below_enrolment",
            _edited(primary_classes=10),
            [(3, H("小学最大班额"), "warning", "class_size_inconsistent")],
            evaluated=["东关小学"],
        ),
        _school_case(
            out,
            "students_without_classes",
            _edited(primary_classes=0),
            [(3, H("小学班级数"), "warning", "no_classes")],
            evaluated=["东关小学"],
        ),
        _school_case(
            out,
            "implausible_area_per_student",
            _edited(teaching_space=200_000),
            [(3, H("教学及辅助用房面积"), "warning", "implausible_per_student")],
            evaluated=["东关小学"],
        ),
    ]
    cases += _structural_cases(out)
    return cases


def _drop_column(rows, prefix):
    j = next(i for i, h in enumerate(rows[0]) if h.startswith(prefix))
    return [r[:j] + r[j + 1 :] for r in rows]


def _structural_cases(out: Path) -> list[Case]:
    rows = rows_for(BASE)
    cases = []

    def save(name, wb, **kw):
        path = out / f"{name}.xlsx"
        wb.save(path)
        cases.append(Case(name, path, **kw))

    save(
        "missing_column",
        _book(_drop_column(rows, "网络多媒体教室数")),
        problems=[(1, "网络多媒体教室数", "error", "missing_column")],
        not_evaluable=[s["name"] for s in BASE],
    )
    save(
        "extra_column",
        _book([rows[0] + ["备注"]] + [r + ["无"] for r in rows[1:]]),
        problems=[(1, "备注", "warning", "unknown_column")],
        evaluated=[s["name"] for s in BASE],
    )
    save("no_name_column", _book(_drop_column(rows, "学校名称")), unusable="学校名称")
    save("no_school_sheet", _book(rows, sheet="汇总"), unusable="没有“学校”工作表")
    save("header_only", _book(rows[:1]), unusable="没有数据行")
    save(
        "blank_rows_between",
        _book(rows[:3] + [[None] * len(rows[0])] * 2 + rows[3:]),
        evaluated=[s["name"] for s in BASE],
    )
    save(
        "county_unknown_label",
        _book(rows, county=COUNTY + [("本县特色项目", "是", None)]),
        problems=[(5, "项目", "warning", "unknown_item")],
    )
    save(
        "county_percent_as_fraction",
        _book(rows, county=COUNTY[:3] + [("社会认可度（%）", 0.95, None)]),
        problems=[(4, "值", "warning", "percent_as_fraction")],
    )
    save(
        "county_bad_percent",
        _book(rows, county=COUNTY[:3] + [("社会认可度（%）", "约95%", None)]),
        problems=[(4, "值", "error", "bad_value")],
    )
    save(
        "quality_bad_level",
        _book(rows, quality=[("学科", "学业水平等级", "校际差异率"), ("语文", "五级", 0.1)]),
        problems=[(2, "学业水平等级", "error", "bad_value")],
    )
    for name, data, phrase in (
        ("text_file", b"school,type\n", "不是 Excel 工作簿"),
        ("ole_xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, ".xlsx"),
        ("ole_encrypted", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "加密"),
    ):
        path = out / (f"{name}.xls" if name == "ole_xls" else f"{name}.xlsx")
        path.write_bytes(data)
        cases.append(Case(name, path, unusable=phrase))
    bomb = out / "zip_bomb.xlsx"
    _book(rows).save(bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * (64 * 2**20))  # 64 MiB of zeros, a few KiB packed
    cases.append(Case("zip_bomb", bomb, unusable="压缩比异常"))
    return cases


if __name__ == "__main__":
    for c in build_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus_out")):
        print(c.path)
