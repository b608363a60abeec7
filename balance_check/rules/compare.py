"""Comparing two standards rule by rule, and a starter file for a provincial standard."""

from pathlib import Path

from ..standard import load_standard
from .merge import flatten

_MISSING = object()


# Not rules: names and sources of the file, its notes, and the input declarations (the columns and
# county facts a rule reads; a new fact shows through the rule that uses it).
_NOT_RULES = ("id", "title", "extends", "source", "notes", "county_facts", "school_fields", "report_title")


def _is_rule(path: str) -> bool:
    return not any(path == k or path.startswith((k + ".", k + "[")) for k in _NOT_RULES)


def diff(a: str, b: str) -> list[tuple[str, object, object]]:
    """Every leaf rule that differs: (path, value in A or None, value in B or None)."""
    fa, fb = flatten(load_standard(a).data), flatten(load_standard(b).data)
    rows = []
    for p in sorted(set(fa) | set(fb)):
        if not _is_rule(p):
            continue
        va, vb = fa.get(p, _MISSING), fb.get(p, _MISSING)
        if va != vb:
            rows.append((p, None if va is _MISSING else va, None if vb is _MISSING else vb))
    return rows


def record_of(path: str) -> str:
    """The record a leaf belongs to: items[g07] for items[g07].conditions.0.min, cv for cv.thresholds.x."""
    return path.split(".", 1)[0]


def diff_records(a: str, b: str) -> list[dict]:
    """The differing rules grouped by record, in file order of B (then A): each group says the record,
    whether it is new, changed or removed, its clause (B's, else A's), and its leaf rows."""
    sa, sb = load_standard(a), load_standard(b)
    rows = diff(a, b)
    groups: dict[str, dict] = {}
    for path, va, vb in rows:
        rec = record_of(path)
        g = groups.setdefault(rec, {"record": rec, "rows": []})
        g["rows"].append((path, va, vb))
    order: dict[str, int] = {}
    for rec in list(_records(sb.data)) + list(_records(sa.data)):
        order.setdefault(rec, len(order))
    out = sorted(groups.values(), key=lambda g: order.get(g["record"], len(order)))
    ra, rb = _records(sa.data), _records(sb.data)
    for g in out:
        rec = g["record"]
        g["change"] = "added" if rec not in ra else "removed" if rec not in rb else "changed"
        g["title"] = (rb.get(rec) or ra.get(rec) or {}).get("title", "")
        record = rb.get(rec) or ra.get(rec) or {}
        g["clause"] = record.get("clause") or record.get("basis", "")  # a special case states its basis
        if g["change"] != "changed":  # the heading already names a whole new or removed record
            g["rows"] = [r for r in g["rows"] if r[0].split(".", 1)[-1] not in ("id", "title", "clause")]
    return out


def _records(data: dict) -> dict[str, dict]:
    """record name (as record_of gives it) -> the record, for records and top-level sections."""
    out = {}
    for key, value in data.items():
        if isinstance(value, list):
            for r in value:
                if isinstance(r, dict) and ("id" in r or "key" in r):
                    out[f"{key}[{r.get('id', r.get('key'))}]"] = r
        elif isinstance(value, dict):
            out[key] = value
    return out


def new_facts(a: str, b: str) -> list[str]:
    """Labels of the county facts B asks for that A does not (a new rule's inputs)."""
    fa = load_standard(a).facts
    return [f["label"] for k, f in load_standard(b).facts.items() if k not in fa]


def starter(new_id: str, parent: str) -> str:
    """A commented provincial file that extends `parent` and changes nothing yet."""
    base = load_standard(parent)
    ind = base.indicators[0]
    thr = ", ".join(f"{k}: {v}" for k, v in ind.get("thresholds", {}).items())
    item = next((i for i in base.items if i["conditions"][0]["kind"] == "at_least"), None)
    lines = [
        f"# 省级标准：继承 {parent}（{base.title}），只写与其不同的规则。",
        "# 校验：balance-check standards validate 本文件；对比：balance-check standards diff "
        f"{parent} 本文件",
        f"id: {new_id}",
        f"extends: {parent}",
        "title: ××省县域义务教育优质均衡发展督导评估实施办法",
        "report_title:",
        f"  document: {base.data['report_title']['document']}",
        f"  results: {base.data['report_title']['results']}",
        "  requirement: ××省县域义务教育优质均衡发展督导评估",
        "source:",
        "  document: ××省教育厅关于印发《××省县域义务教育优质均衡发展督导评估实施办法》的通知",
        "  number: ×教督〔20××〕×号",
        '  date: "20××-××-××"',
        "  certainty: 请注明依据的正式文件；无正式文件的规则请写明“待核实”",
        "",
        "# 修改某项指标的阈值（按 id 合并，只写要改的键）：",
        "# indicators:",
        f"#   - id: {ind['id']}",
        f"#     thresholds: {{{thr}}}",
        "",
        "# 修改县域项目的条件（按 id 合并；conditions 整体替换）：",
    ]
    if item:
        c = item["conditions"][0]
        lines += [
            "# items:",
            f"#   - id: {item['id']}",
            "#     conditions:",
            f"#       - {{kind: at_least, fact: {c['fact']}, min: {c['min']}}}",
        ]
    lines += [
        "",
        "# 删除继承的项目：",
        "#   - {id: 项目编号, remove: true}",
        "",
        "# 资源配置评估范围（整体替换 exclude 列表）：",
        "# scope:",
        "#   include_private: true",
        "",
    ]
    return "\n".join(lines)


def write_starter(path: Path, new_id: str, parent: str) -> None:
    from ..report.atomic import atomic_write_text

    atomic_write_text(Path(path), starter(new_id, parent))
