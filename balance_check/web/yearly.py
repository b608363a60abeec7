"""年度比较 and 多县汇总 on the page: the library functions the `compare` and `rollup` commands call, run in
the same worker pool as a check, with their outputs in the request's own temporary folder."""

from pathlib import Path

from ..compare import compare_files
from ..compare.inputs import is_report_json
from ..compare.write import FORMATS as COMPARE_FORMATS
from ..compare.write import write_compare
from ..errors import InputUnusable
from ..rollup import rollup
from ..rollup.write import write_rollup
from ..standard import Standard
from .intake import WORKBOOK_SUFFIXES, shown_name

COMPARE_SUFFIXES = (*WORKBOOK_SUFFIXES, ".json")
ROLLUP_FORMATS = ("json", "xlsx", "html")


def place_year(name: str, spooled: Path, folder: Path) -> tuple[str, Path] | dict:
    """One year's upload (a workbook or a report.json) under its own sub-folder; a refusal otherwise."""
    shown = shown_name(name)
    if Path(shown).suffix.lower() not in COMPARE_SUFFIXES:
        return {"file": shown, "message": "不是 Excel 工作簿（.xlsx）或 report.json"}
    folder.mkdir(parents=True)
    path = folder / shown
    spooled.replace(path)
    return shown, path


def compare_task(before: Path, after: Path, standard: Standard | None):
    """What the worker runs: compare_files exactly as the CLI calls it, then its three files."""

    def run(out: Path) -> dict:
        # two report.json files carry their own standard; a workbook is checked under the chosen one
        both_reports = is_report_json(before) and is_report_json(after)
        result = compare_files(before, after, None if both_reports else standard)
        write_compare(result, out, COMPARE_FORMATS)
        return result

    return run


def rollup_task(paths: list[Path], standard_ref: str):
    """What the worker runs: rollup over the accepted workbooks, one process (the pool is the server's)."""

    def run(out: Path) -> dict:
        result = rollup(paths, standard=standard_ref, jobs=1)
        if result["counts"]["checked"] == 0:
            listed = "；".join(f"{u['file']}：{u['message']}" for u in result["unusable"])
            raise InputUnusable(f"没有一个县能够核验（{listed}）")
        write_rollup(result, out)
        return result

    return run


def compare_view(result: dict, base: str) -> dict:
    b, a = result["before"], result["after"]
    county = a["county"] or b["county"] or "本县"
    verdict = lambda passed: "达到" if passed else "未达到"  # noqa: E731
    headline = (
        f"{county}：有结论由达标变为未达标（{len(result['regressions'])} 项）"
        if result["worsened"]
        else f"{county}：没有结论由达标变为未达标"
    )
    return {
        "worsened": result["worsened"],
        "headline": headline,
        "years": f"上年{verdict(b['passed'])}、本年{verdict(a['passed'])}{result['standard']['title']}要求",
        "regressions": [r["label"] for r in result["regressions"]],
        "counts": result["counts"],
        "downloads": {f: f"{base}compare.{f}" for f in COMPARE_FORMATS},
    }


def rollup_view(result: dict, base: str) -> dict:
    c = result["counts"]
    return {
        "headline": f"核验 {c['checked']} 个县：达到 {c['passed']} 个，未达到 {c['failed']} 个；"
        f"无法核验 {c['unusable']} 个文件",
        "all_passed": c["failed"] == 0 and c["unusable"] == 0,
        "unusable": [{"file": u["file"], "message": u["message"]} for u in result["unusable"]],
        "downloads": {f: f"{base}rollup.{f}" for f in ROLLUP_FORMATS},
    }
