"""Generate ``demo_county.xlsx``: a realistic demo county (示范县) in the canonical input format.

The workbook has exactly the three sheets of the input contract (spec: input-format.md): 学校
(44 schools of every 办学类型, two of them 民办), 县域 (every canonical label) and 质量监测 (six
subjects). Values are drawn around the 2017 national 优质均衡 standard so that most schools pass,
with a few designed failures to show what the report looks like:

- 李集中学: 初中 qualified teachers at 80% of the standard (one indicator under 85%);
- 前进小学: teaching space (93%) and equipment (90%) both short (only 5 of 7 met);
- 赵寨小学: sports space at exactly 80% of the standard;
- 马岭镇中心小学: a class of 48 (小学 limit 45);
- 城关镇第二中学: 2100 students (limit 2000);
- 示范县实验中学: one music room fewer than ceil(classes / 12);
- 城关镇第三小学 sits exactly on a standard (1000 students, 9 PE/art teachers = 0.9 per 100) and passes;
- 县域: teacher rotation at 8% of eligible teachers (needs 10%) and 社会认可度 83.5% (needs 85%).

Columns, indicators and thresholds are read from the standard files (national-2017, plus the columns
basic-2012 adds), so a new indicator there appears here without an edit. The file is regenerable and
deterministic (seeded ``random.Random(20261122)``):

    python sample_data/make_demo_county.py [OUT]      # default: demo_county.xlsx next to this script

Other counties for tests and benchmarks (same generator, other options; see ``county_rows``):

    python sample_data/make_demo_county.py 甲县.xlsx --county 甲县 --seed 7 --schools 100 [--passing]
    python sample_data/make_demo_county.py 省.xlsx --schools 30000 --mix 60:25:8:7   # a province
"""

import argparse
import math
import random
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from balance_check.samples import TYPE_LABEL as LEVEL_PREFIX
from balance_check.standard import load_standard
from balance_check.template import header_text

SEED = 20261122
DEFAULT_OUT = Path(__file__).resolve().parent / "demo_county.xlsx"

NATIONAL = load_standard("national-2017")
BASIC = load_standard("basic-2012")


# The national standard's columns (with the certificate column it reads when present), then the columns
# only the 2012 basic-balance monitoring (standard basic-2012) uses.
NATIONAL_COLUMNS = [
    f for f in NATIONAL.data["school_fields"] if not f.get("optional") or f["key"] == "certified_teachers"
]
SCHOOL_HEADERS = [header_text(f) for f in NATIONAL_COLUMNS] + [
    header_text(f)
    for f in BASIC.data["school_fields"]
    if f["key"] in BASIC.referenced_fields and f["key"] not in {g["key"] for g in NATIONAL_COLUMNS}
]

# Indicators counted per 学段 (teachers) and on whole-school totals (space, equipment, rooms).
LEVEL_INDICATORS = [i for i in NATIONAL.indicators if "whole_school" not in i["numerator"]]
WHOLE_SCHOOL_INDICATORS = [i for i in NATIONAL.indicators if "whole_school" in i["numerator"]]
# A special-education school's teachers: the share of its teachers that counts for each indicator.
SPECIAL_ED_SHARE = {
    "qualified_teachers_per_100": 0.9,
    "backbone_teachers_per_100": 0.12,
    "pe_art_teachers_per_100": 0.1,
}


def header(key):
    return header_text(NATIONAL.fields[key])


def rounding_step(key):
    """Whole counts for counts, 100 元 for money, 0.1 for areas."""
    spec = NATIONAL.fields[key]
    return 1 if spec["kind"] == "count" else 100 if spec.get("unit") == "元" else 0.1


STUDENTS_PER_TEACHER = {"primary": 17, "junior": 13}
AVG_CLASS = {"primary": (36, 42), "junior": (40, 47)}
MAX_CLASS = {"primary": 45, "junior": 50}

# Enrolment ranges by (办学类型, 城乡分类); tuples give (小学, 初中, 高中) ranges.
ENROLMENT = {
    "小学": {"城区": (900, 1900), "镇区": (500, 1500), "乡村": (200, 900)},
    "初中": {"城区": (900, 1800), "镇区": (600, 1300), "乡村": (300, 800)},
    "九年一贯制学校": ((300, 900), (250, 700)),
    "十二年一贯制学校": ((500, 1000), (400, 800), (600, 1000)),
    "完全中学": (None, (600, 1300), (800, 1500)),
    "教学点": ((30, 200),),  # synthetic counties only: some under 50 students (not evaluated)
}

# School names by (办学类型, 城乡分类), in sheet order.
ROSTER = {
    ("小学", "城区"): [
        "城关镇第一小学",
        "城关镇第二小学",
        "城关镇第三小学",
        "示范县实验小学",
        "育才实验小学",
        "南关小学",
        "新华小学",
    ],
    ("小学", "镇区"): [
        "东湖小学",
        "李集镇中心小学",
        "王店镇中心小学",
        "柳河镇中心小学",
        "马岭镇中心小学",
        "前进小学",
    ],
    ("小学", "乡村"): [
        "石桥小学",
        "杨庄小学",
        "赵寨小学",
        "高庄小学",
        "刘湾小学",
        "黄楼小学",
        "三里小学",
        "五里铺小学",
        "白云小学",
        "青山小学",
    ],
    ("初中", "城区"): ["城关镇第一中学", "城关镇第二中学", "示范县实验中学", "北关中学"],
    ("初中", "镇区"): ["李集中学", "王店中学", "柳河中学"],
    ("初中", "乡村"): ["马岭中学", "双河中学", "黄楼中学"],
    ("九年一贯制学校", "镇区"): ["东湖九年一贯制学校"],
    ("九年一贯制学校", "乡村"): ["石桥九年一贯制学校", "红星学校"],
    ("九年一贯制学校", "城区"): ["博文外国语学校"],
    ("十二年一贯制学校", "城区"): ["示范县育英学校"],
    ("完全中学", "城区"): ["示范县第二中学"],
    ("完全中学", "镇区"): ["示范县第三中学"],
    ("教学点", "乡村"): ["后李村教学点", "张湾教学点", "西岭教学点"],
    ("特殊教育学校", "城区"): ["示范县特殊教育学校"],
}
PRIVATE = {"育才实验小学", "博文外国语学校"}  # 办学性质 民办; all others 公办
FIXED_ENROLMENT = {
    "城关镇第三小学": {"primary": 1000},
    "后李村教学点": {"primary": 30},
    "张湾教学点": {"primary": 50},
    "西岭教学点": {"primary": 90},
    "示范县特殊教育学校": {"primary": 128},
}
FAULTS = {  # the designed failures (see the module docstring); oversize comes from FIXED_ENROLMENT
    "李集中学": "qualified_low",
    "前进小学": "two_short",
    "赵寨小学": "sports_80",
    "马岭镇中心小学": "class_48",
    "城关镇第二中学": "oversize",
    "示范县实验中学": "few_music",
    "城关镇第三小学": "exact_pe_art",
}

FAULT_ENROLMENT = {"oversize": {"junior": 2100}}

# Designed faults: indicator -> fraction of the standard (below 1 means the indicator is not met).
SHORTFALLS = {
    "qualified_low": {"qualified_teachers_per_100": 0.80},
    "two_short": {"teaching_space_per_student": 0.93, "equipment_value_per_student": 0.90},
    "sports_80": {"sports_space_per_student": 0.80},
}


def school_code(rng, index):
    """A 10-digit 学校标识码 as text; every fourth one starts with 0."""
    lead = "0" if index % 4 == 0 else rng.choice("123")
    return f"{lead}41622{index + 1:04d}"


def draw_enrolment(rng, school_type, area):
    """Students per level: primary (小学), junior (初中), senior (高中)."""
    ranges = ENROLMENT[school_type]
    if school_type in ("小学", "初中"):
        level = "primary" if school_type == "小学" else "junior"
        return {level: rng.randint(*ranges[area])}
    return {level: rng.randint(*span) for level, span in zip(("primary", "junior", "senior"), ranges) if span}


def above(required, factor, step=1):
    """``required * factor`` rounded to ``step``: strictly above ``required`` when factor >= 1."""
    if factor < 1:
        value = round(required * factor / step) * step
    else:
        value = max(math.ceil(required * factor / step), math.floor(required / step) + 1) * step
    return round(value, 6) if step < 1 else int(value)


def level_columns(rng, level, students, school_type, fault):
    """Classes, class size and teacher counts of one level (小学 or 初中) of a school."""
    if school_type == "教学点":
        classes = max(2, math.ceil(students / rng.uniform(15, 32)))
    elif school_type == "特殊教育学校":
        classes = math.ceil(students / rng.uniform(9, 12))
    else:
        classes = math.ceil(students / rng.uniform(*AVG_CLASS[level]))
    max_class = min(MAX_CLASS[level], math.ceil(students / classes) + rng.randint(1, 5))
    if fault == "class_48":
        max_class = 48
    if school_type == "特殊教育学校":  # about one teacher per 3 students; excluded from 资源配置
        teachers = round(students / 3.2)
        counts = {i["id"]: round(teachers * SPECIAL_ED_SHARE.get(i["id"], 0.1)) for i in LEVEL_INDICATORS}
    else:
        counts = {
            i["id"]: above(
                students * i["thresholds"][level] / i["per"],
                SHORTFALLS.get(fault, {}).get(i["id"], rng.uniform(1.04, 1.30)),
            )
            for i in LEVEL_INDICATORS
        }
        if fault == "exact_pe_art":
            pe_art = next(i for i in LEVEL_INDICATORS if i["id"] == "pe_art_teachers_per_100")
            on_it = students * pe_art["thresholds"][level] / pe_art["per"]
            counts[pe_art["id"]] = round(on_it)  # exactly on the standard
        teachers = round(students / STUDENTS_PER_TEACHER[level] * rng.uniform(0.95, 1.10))
        teachers = max(teachers, counts["qualified_teachers_per_100"])
    return {
        header(f"{level}_classes"): classes,
        header(f"{level}_max_class_size"): max_class,
        header(f"{level}_teachers"): teachers,
        **{header(i["numerator"][level]): counts[i["id"]] for i in LEVEL_INDICATORS},
    }


def facility_totals(rng, school_type, enrolment, fault):
    """Whole-school facility totals, large enough for every level after the 一贯制/完全中学 split."""
    weights = (
        {"junior": 1.0, "senior": 1.2}
        if school_type == "完全中学"
        else {"primary": 1.0, "junior": 1.1, "senior": 1.32}
    )
    weighted = sum(weights[level] * n for level, n in enrolment.items())
    totals = {}
    for ind in WHOLE_SCHOOL_INDICATORS:
        key = ind["numerator"]["whole_school"]
        required = weighted * max(
            ind["thresholds"][level] / ind["per"] / weights[level]
            for level in enrolment
            if level in ind["thresholds"]
        )
        factor = SHORTFALLS.get(fault, {}).get(ind["id"], rng.uniform(1.04, 1.30))
        totals[header(key)] = above(required, factor, rounding_step(key))
    return totals


def specialist_rooms(rng, classes, fault):
    """Music and art rooms: one of each per 12 classes, occasionally one more."""
    needed = max(1, math.ceil(classes / 12))
    music = needed - 1 if fault == "few_music" else needed + (rng.random() < 0.15)
    art = needed + (rng.random() < 0.15)
    return {
        "音乐专用教室数（间）": music,
        "音乐专用教室最小面积（㎡）": rng.choice([96, 96, 96, 98, 100, 108, 120]) if music else None,
        "美术专用教室数（间）": art,
        "美术专用教室最小面积（㎡）": rng.choice([90, 90, 90, 96, 100, 108]) if art else None,
    }


def make_school(rng, extra_rng, index, name, school_type, area, faults=FAULTS):
    """One row of the 学校 sheet, as {header: value}; None for columns the type does not use."""
    fault = faults.get(name)
    enrolment = (
        FAULT_ENROLMENT.get(fault) or FIXED_ENROLMENT.get(name) or draw_enrolment(rng, school_type, area)
    )
    ownership = "民办" if name in PRIVATE else "公办"
    row = dict.fromkeys(SCHOOL_HEADERS)
    row.update(
        {
            "学校标识码": school_code(rng, index),
            "学校名称": name,
            "办学类型": school_type,
            "城乡分类": area,
            "办学性质": ownership,
        }
    )
    for level, column in (
        ("primary", "小学在校生数"),
        ("junior", "初中在校生数"),
        ("senior", "高中在校生数"),
    ):
        if level in enrolment:
            row[column] = enrolment[level]
    for level in ("primary", "junior"):
        if level in enrolment:
            row.update(level_columns(rng, level, enrolment[level], school_type, fault))
    row["持教师资格证专任教师数"] = sum(row[f"{p}专任教师数"] or 0 for p in LEVEL_PREFIX.values())
    row.update(facility_totals(rng, school_type, enrolment, fault))
    classes = sum(row[f"{p}班级数"] or 0 for p in LEVEL_PREFIX.values())
    row.update(specialist_rooms(rng, classes, fault))
    row.update(basic_balance_columns(extra_rng, row, enrolment))
    return row


def basic_balance_columns(rng, row, enrolment):
    """Computers, books and 中级职称 teachers for basic-2012. A separate generator keeps the 2017
    columns identical whether or not these are drawn."""
    students = sum(enrolment.values())
    out = {
        "计算机台数（台）": math.ceil(students * rng.uniform(0.12, 0.18)),
        "图书册数（册）": math.ceil(students * rng.uniform(25, 35)),
    }
    for p in LEVEL_PREFIX.values():
        teachers = row[f"{p}专任教师数"]
        out[f"{p}中级及以上专业技术职务教师数"] = (
            round(teachers * rng.uniform(0.40, 0.60)) if teachers else None
        )
    return out


# 县域 values that make every county item pass (the demo's two designed failures put right).
PASSING_COUNTY_ITEMS = {"交流轮岗教师数": 140, "交流轮岗骨干教师数": 35, "社会认可度（%）": 91.2}


def county_items(county="示范县", year=2026, values=None):
    """(项目, 值, 佐证材料) rows of the 县域 sheet; yes/no and veto items point to an attachment.
    `values` replaces the value of any item by its label."""
    items = [
        ("县（市、区）名称", county),
        ("评估年度", year),
        ("通过国家义务教育基本均衡认定年份", 2017),
        ("学校规划布局合理", "是"),
        ("城乡学校建设、编制、公用经费、装备标准统一", "是"),
        ("不足100人的村小和教学点按100人核定公用经费", "是"),
        ("特殊教育学校生均公用经费（元）", 7200),
        ("教师年平均工资收入（元）", 98600),
        ("当地公务员年平均工资收入（元）", 97900),
        ("教师绩效工资总量足额核定", "是"),
        ("教师5年360学时培训完成率（%）", 100),
        ("县级统筹分配各校教职工编制和岗位", "是"),
        ("符合交流轮岗条件教师数", 1350),
        ("交流轮岗教师数", 108),  # 8%: below the 10% required
        ("交流轮岗骨干教师数", 27),
        ("专任教师持证上岗率（%）", 100),
        ("城区和镇区公办小学就近划片入学比例（%）", 100),
        ("城区和镇区公办初中就近划片入学比例（%）", 97.2),
        ("优质高中招生名额分配比例（%）", 56),
        ("名额分配向农村初中倾斜", "是"),
        ("留守儿童关爱体系健全", "是"),
        ("符合条件随迁子女在公办学校和政府购买服务民办学校就读比例（%）", 92.5),
        ("初中三年巩固率（%）", 98.6),
        ("残疾儿童少年入学率（%）", 97.1),
        ("学校制定章程并实现管理与教学信息化", "是"),
        ("教师培训经费不低于学校年度公用经费预算总额的5%", "是"),
        ("教师熟练运用信息化手段、设施设备利用率较高", "是"),
        ("德育工作和校园文化建设达到良好以上", "是"),
        ("课程开齐开足、教学秩序规范、综合实践活动有效开展", "是"),
        ("无过重课业负担", "是"),
        ("社会认可度（%）", 83.5),  # below the 85% required
        ("以考试方式招生", "不存在"),
        ("违规择校", "不存在"),
        ("重点校或重点班", "不存在"),
        ("有编不补或长期聘用编外教师", "不存在"),
        ("重大安全责任事故或严重违纪违规事件", "不存在"),
        ("弄虚作假", "不存在"),
        ("基本均衡发展认定后年度监测持续保持较高水平", "是"),  # p01's second condition
    ]
    items = [(label, (values or {}).get(label, value)) for label, value in items]
    rows, attachment = [], 0
    for label, value in items:
        evidence = None
        if value in ("是", "不存在"):
            attachment += 1
            evidence = f"见附件{attachment}"
        rows.append((label, value, evidence))
    return rows


def quality_rows(rng):
    subjects = ("语文", "数学", "科学", "体育与健康", "艺术", "德育")
    return [(s, rng.choice(("Ⅲ", "Ⅲ", "Ⅳ")), round(rng.uniform(0.08, 0.14), 2)) for s in subjects]


def add_sheet(wb, title, headers, rows, widths):
    ws = wb.create_sheet(title)
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    for column, width in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", widths):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    return ws


def synthetic_roster(count: int, county: str, mix=None) -> list[tuple[str, str, str]]:
    """`count` schools named after the county, of the common types in a plausible mix:
    (name, 办学类型, 城乡分类). Every tenth is a 九年一贯制学校, then 初中 and 小学 alternate 1:2.
    `mix` = (小学, 初中, 九年一贯制学校, 教学点) weights spreads the types evenly in that proportion
    instead (the benchmarks use 60:25:8:7, the shape of large synthetic provinces)."""
    areas = ("城区", "镇区", "乡村")
    suffix = {"小学": "小学", "初中": "中学", "九年一贯制学校": "学校", "教学点": "教学点"}
    cycle = _mix_cycle(mix) if mix else None
    roster = []
    for i in range(count):
        area = areas[i % 3]
        if cycle:
            kind = cycle[i % len(cycle)]
            roster.append((f"{county}第{i + 1}{suffix[kind]}", kind, "乡村" if kind == "教学点" else area))
        elif i % 10 == 9:
            roster.append((f"{county}第{i + 1}学校", "九年一贯制学校", area))
        elif i % 3 == 2:
            roster.append((f"{county}第{i + 1}中学", "初中", area))
        else:
            roster.append((f"{county}第{i + 1}小学", "小学", area))
    return roster


def _mix_cycle(mix) -> list[str]:
    """One cycle of types in the given proportion, each type's turns spread evenly over the cycle."""
    kinds = ("小学", "初中", "九年一贯制学校", "教学点")
    turns = [((k + 0.5) / w, n, kind) for n, (kind, w) in enumerate(zip(kinds, mix)) for k in range(w)]
    return [kind for _, _, kind in sorted(turns)]


def county_rows(
    seed=SEED, county="示范县", year=2026, schools=None, faults=None, county_values=None, mix=None
):
    """The three sheets' rows of one county: (school dicts, 县域 rows, 质量监测 rows).

    Defaults give the demo county. `schools` = N gives a synthetic county of N schools (no designed
    faults unless `faults` names some); `county_values` replaces 县域 values by label."""
    rng, extra_rng = random.Random(seed), random.Random(seed + 1)
    if schools is None:
        roster = [(name, *type_area) for type_area, names in ROSTER.items() for name in names]
        faults = FAULTS if faults is None else faults
    else:
        roster = synthetic_roster(schools, county, mix)
        faults = faults or {}
    rows = [make_school(rng, extra_rng, i, *entry, faults=faults) for i, entry in enumerate(roster)]
    return rows, county_items(county, year, county_values), quality_rows(rng)


def write_workbook(schools, county, quality) -> Workbook:
    """The workbook of the input contract from rows as county_rows returns them."""
    wb = Workbook()
    wb.remove(wb.active)
    ws = add_sheet(
        wb, "学校", SCHOOL_HEADERS, ([s[h] for h in SCHOOL_HEADERS] for s in schools), [13, 20, 16, 9, 9]
    )
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        cell.number_format = "@"  # 学校标识码 is text: keep leading zeros
    add_sheet(wb, "县域", ("项目", "值", "佐证材料"), county, [58, 12, 12])
    add_sheet(wb, "质量监测", ("学科", "学业水平等级", "校际差异率"), quality, [12, 14, 12])
    return wb


def build_workbook(**options):
    """The demo county's workbook; the options of county_rows make other counties."""
    return write_workbook(*county_rows(**options))


def main(argv):
    parser = argparse.ArgumentParser(description="生成示范县（或指定规模的模拟县）的学校数据工作簿")
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=SEED, help="随机种子")
    parser.add_argument("--county", default="示范县", help="县名")
    parser.add_argument("--year", type=int, default=2026, help="评估年度")
    parser.add_argument("--schools", type=int, default=None, help="模拟县的学校数（不给则为示范县名单）")
    parser.add_argument(
        "--mix", default=None, help="模拟县的学校类型比例 小学:初中:九年一贯制学校:教学点，如 60:25:8:7"
    )
    parser.add_argument("--passing", action="store_true", help="去掉设计的不达标项，县域项目全部达标")
    args = parser.parse_args(argv[1:])
    build_workbook(
        seed=args.seed,
        county=args.county,
        year=args.year,
        schools=args.schools,
        faults={} if args.passing else None,
        county_values=PASSING_COUNTY_ITEMS if args.passing else None,
        mix=tuple(int(w) for w in args.mix.split(":")) if args.mix else None,
    ).save(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main(sys.argv)
