"""Comparing two standards rule by rule, and a starter file for a provincial standard."""

from pathlib import Path

from ..standard import load_standard
from .merge import flatten

_MISSING = object()


def diff(a: str, b: str) -> list[tuple[str, object, object]]:
    """Every leaf rule that differs: (path, value in A or None, value in B or None)."""
    fa, fb = flatten(load_standard(a).data), flatten(load_standard(b).data)
    skip = {"id", "title", "extends"}
    rows = []
    for p in sorted(set(fa) | set(fb)):
        if p in skip or p.startswith(("source.", "report_title.")):  # names, not rules
            continue
        va, vb = fa.get(p, _MISSING), fb.get(p, _MISSING)
        if va != vb:
            rows.append((p, None if va is _MISSING else va, None if vb is _MISSING else vb))
    return rows


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
