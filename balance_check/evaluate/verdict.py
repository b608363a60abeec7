"""The county's verdict per part and overall, with the reasons it does not pass (Chinese, one per line)."""

from ..problems import ProblemCode
from ..standard import Standard
from .outcome import MET, MISSING, NOT_MET


def _names(entries, limit=8) -> str:
    names = [e for e in entries[:limit]]
    return "、".join(names) + (f"等 {len(entries)} 个" if len(entries) > limit else "")


def verdict(report: dict, standard: Standard) -> tuple[bool, list[str], dict]:
    reasons, sections = [], {}
    resources = standard.section_label("resources")
    labels = {lvl: standard.level_label(lvl) for lvl in standard.data["levels"]}
    schools = report["schools"]  # a SchoolParts table: read its columns, make no records
    columns = zip(schools.column("name"), schools.column("level"), schools.column("passed"))
    failing = [f"{name}（{labels[level]}）" for name, level, passed in columns if not passed]
    cv_fail = [
        f"{labels[lvl]}{_ind_name(standard, k)} {e['cv']:.4f} 高于 {e['threshold']}"
        if e["cv"] is not None
        else f"{labels[lvl]}{_ind_name(standard, k)} 无法计算"
        for lvl, es in report["cv"].items()
        for k, e in es.items()
        if e["met"] is False
    ]
    if failing:
        reasons.append(f"{resources}：{len(failing)} 个学校（学段）未达到校际指标要求：{_names(failing)}")
    if cv_fail:
        reasons.append(f"{resources}：差异系数超标：{'；'.join(cv_fail)}")
    if report["not_evaluable"]:
        names = [e["name"] or f"第{e['row']}行" for e in report["not_evaluable"]]
        reasons.append(f"数据：{len(names)} 所学校数据有误或缺失，无法评估：{_names(names)}")
    if not report["schools"]:
        reasons.append(f"{resources}：没有可评估的学校")
    res_status = (
        NOT_MET
        if failing or cv_fail
        else MISSING
        if report["not_evaluable"] or not report["schools"]
        else MET
    )
    blocked = f"，{len(report['not_evaluable'])} 所学校无法评估" if report["not_evaluable"] else ""
    sections["resources"] = _section(
        standard,
        "resources",
        res_status,
        f"{len(report['schools']) - len(failing)}/"
        f"{len(report['schools'])} 个学校（学段）达标，差异系数超标 {len(cv_fail)} 项" + blocked,
    )
    for sec in ("guarantee", "quality", "recognition", "veto", "prerequisite"):
        label = standard.section_label(sec)
        items = [i for i in report["items"] if i["section"] == sec]
        if not items:
            continue  # this standard has no such part (e.g. basic-2012 is judged on CVs alone)
        bad = [i for i in items if i["status"] == NOT_MET]
        missing = [i for i in items if i["status"] == MISSING]
        for i in bad:
            names = [s["name"] for s in i["failing_schools"]]
            where = f"：{_names(names)}" if names else ""
            reasons.append(
                f"{label}：存在“{i['title']}”"
                if sec == "veto"
                else f"{label}：{i['id']} {i['title']} 未达标（{i['detail']}{where}）"
            )
        if missing:
            reasons.append(
                f"{label}：{len(missing)} 项未填报或数据不全："
                + _names([item_name(i["title"]) for i in missing])
            )
        status = NOT_MET if bad else MISSING if missing else MET
        sections[sec] = _section(
            standard,
            sec,
            status,
            f"{len(items) - len(bad) - len(missing)}/{len(items)} 项达标"
            + (f"，{len(missing)} 项未填报或数据不全" if missing else ""),
        )
    sections["data"] = _data_section(report, standard, reasons)
    passed = all(s["status"] == MET for s in sections.values())
    return passed, reasons, sections


def _data_section(report: dict, standard: Standard, reasons: list[str]) -> dict:
    """数据完整性: not_met when the input has errors, missing (不完整) when any item is 未填报 or a sheet
    is absent, met only when every item could be judged on error-free data."""
    problems = report["problems"]
    field = getattr(problems, "column", None) or (lambda k: [p[k] for p in problems])  # a table or a list
    errors = report["counts"]["errors"]  # counted once, with the report's other counts
    missing = [i for i in report["items"] if i["status"] == MISSING]
    sheets = [s for s, c in zip(field("sheet"), field("code")) if c == ProblemCode.MISSING_SHEET]
    if errors:
        reasons.append(f"数据：输入中有 {errors} 个错误，需更正后重新核验")
    unusable = [f["file"] for f in report.get("files", []) if f.get("status") == "unusable"]
    if unusable:  # several files: one that cannot be read may hold schools the county is missing
        reasons.append(f"数据：{len(unusable)} 个文件无法使用，其中的学校未计入：{_names(unusable)}")
    if sheets:
        listed = "、".join(f"“{s}”" for s in sheets)
        reasons.append(f"数据：工作簿缺少{listed}工作表，其中的项目均记为未填报")
    parts = [f"{errors} 个数据错误"] if errors else []
    if sheets:
        parts.append("缺少" + "、".join(f"“{s}”" for s in sheets) + "工作表")
    if missing:
        parts.append(f"{len(missing)} 项未填报或数据不全")
    status = NOT_MET if errors else MISSING if missing or sheets else MET
    return _section(standard, "data", status, "，".join(parts) if parts else "未发现数据错误")


def item_name(title: str) -> str:
    """An item's short name: its title up to the first comma (g01 → 学校规划布局合理), never cut."""
    return title.replace("；", "，").split("，")[0]


def _section(standard: Standard, key: str, status: str, detail: str) -> dict:
    return {"label": standard.section_label(key), "status": status, "detail": detail}


def _ind_name(standard: Standard, key: str) -> str:
    if key == "composite":
        return "综合差异系数"
    return next(i["name"] for i in standard.indicators if i["id"] == key)
