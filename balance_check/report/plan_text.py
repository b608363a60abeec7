"""The plan in words and rows for the documents: like-for-like totals (one input column per line, never
added across columns), measures grouped by what is done, schools named a few at a time. Writers call
these and lay the result out; nothing here decides a number."""

from collections import defaultdict

from .words import level_label

NAMES_SHOWN = 8  # schools named in one sentence; the 整改清单 lists them all
TOTAL_HEADERS = ["措施", "内容", "需增加", "涉及学校", "估算资金（万元）"]
KIND_ORDER = ("新建", "配备", "招聘", "培养")
HIRE = "招聘"
INCLUDED = "含于新聘专任教师"  # 学历、体艺、持证 rise with each hire; the money is on the 专任教师 line


def n(v) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def wan(yuan) -> str:
    return "—" if not yuan else f"{yuan / 10000:,.2f}"


def total_rows(report: dict) -> list[list[str]]:
    """One row per input column added to; money on the column that is paid for (a hire's 专任教师)."""
    by_key = report["plan"]["totals"]["by_key"]
    keys = sorted(by_key, key=lambda k: (KIND_ORDER.index(by_key[k]["kind"]), -by_key[k]["cost_yuan"], k))
    return [
        [
            by_key[k]["kind"],
            by_key[k]["label"],
            f"{n(by_key[k]['amount'])} {by_key[k]['unit']}",
            f"{by_key[k]['schools']} 所",
            wan(by_key[k]["cost_yuan"]) if by_key[k]["cost_yuan"] or by_key[k]["kind"] != HIRE else INCLUDED,
        ]
        for k in keys
    ]


def kind_rows(report: dict) -> list[list[str]]:
    by_kind = report["plan"]["totals"]["by_kind"]
    return [[k, wan(by_kind[k])] for k in KIND_ORDER if by_kind.get(k)]


def _names(items: list[tuple[str, str]], count: int | None = None) -> str:
    """The first NAMES_SHOWN (name, amount) items, and 等 `count` 所 when there are more (`count`:
    how many in all, when `items` holds only the first)."""
    count = len(items) if count is None else count
    shown = "、".join(f"{name}{amount}" for name, amount in items[:NAMES_SHOWN])
    return shown + (f"等 {count} 所" if count > NAMES_SHOWN else "")


def measure_paragraphs(report: dict) -> list[str]:
    """School measures grouped by what is done (招聘小学专任教师…, 新建教学及辅助用房…)."""
    groups: dict = defaultdict(list)
    infeasible = []
    for s in report["plan"]["schools"]:  # read once: a nation's plan makes its 200,000 records on demand
        for m in s["measures"]:
            groups[(m["kind"], m["measure"], m["unit"])].append((s["name"], m["amount"], m["cost_yuan"]))
        if s["status"] == "infeasible":
            infeasible.append(s["name"])
    out = []
    for (kind, measure, unit), rows in sorted(groups.items(), key=lambda t: KIND_ORDER.index(t[0][0])):
        amount = sum(r[1] for r in rows)
        cost = sum(r[2] for r in rows)
        # only the schools the sentence names get their amount written out
        names = _names([(name, f" {n(a)} {unit}") for name, a, _ in rows[:NAMES_SHOWN]], len(rows))
        out.append(
            f"{measure}：共 {n(amount)} {unit}，涉及 {len(rows)} 所学校（{names}），估算 {wan(cost)} 万元。"
        )
    if infeasible:
        out.append(
            f"{'、'.join(infeasible[:NAMES_SHOWN])}{'等' if len(infeasible) > NAMES_SHOWN else ''}"
            f" {len(infeasible)} 所学校仅靠增加资源无法达标"
            "（如现有专任教师不足以培养所需骨干教师），须另行研究。"
        )
    return out


def cv_paragraphs(report: dict) -> list[str]:
    out = []
    ind_names = {i["id"]: i["name"] for i in report["indicators"]}
    for c in report["plan"]["cv"]:
        before = "—" if c["cv_after_school_plan"] is None else f"{c['cv_after_school_plan']:.4f}"
        after = "—" if c["cv_after"] is None else f"{c['cv_after']:.4f}"
        totals = "；".join(f"{n(t['amount'])} {t['unit']}" for k, t in c["totals"].items() if t["cost_yuan"])
        verdict = "可降至标准以内" if c["met_after"] else "仍高于标准，须另行研究"
        names = _names([(s["name"], "") for s in c["schools"][:NAMES_SHOWN]], len(c["schools"]))
        out.append(
            f"{level_label(report, c['level'])}{ind_names.get(c['indicator'], c['name'])}"
            f"差异系数（学校整改后）{before}，"
            f"高于 {c['threshold']}："
            f"{c['measure']}，向低于全县均值的 {len(c['schools'])} 所学校（{names}）补充 {totals}，"
            f"测算后为 {after}，{verdict}。"
        )
    return out


def county_paragraphs(report: dict) -> list[str]:
    out = []
    for c in report["plan"]["county"]:
        text = "；".join(c["measures"])
        if c["cost_yuan"]:
            text += f"，估算 {wan(c['cost_yuan'])} 万元"
        if c["schools"]:
            text += "。" + "；".join(f"{s['name']}：{s['detail']}" for s in c["schools"][:NAMES_SHOWN])
            if len(c["schools"]) > NAMES_SHOWN:
                text += f"；另有 {len(c['schools']) - NAMES_SHOWN} 所见整改清单"
        out.append(f"{c['title']}：{text}。")  # documents name items, never by id
    return out


def cost_note(report: dict) -> str:
    plan = report["plan"]
    used = "；".join(
        f"{u['label']} {n(u['unit_cost'])} {u['unit']}（{u['source']}，{u['year']}年）"
        for u in plan["unit_costs"]
    )
    years = f"新聘教师按 {n(plan['teacher_years'])} 年工资计。" if plan["teacher_years"] else ""
    return f"{plan['note']}{years}单价：{used or '无'}。"
