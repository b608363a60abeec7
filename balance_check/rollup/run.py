"""Checking many counties in parallel processes; one county that cannot be used never stops the rest."""

import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from ..api import check_workbook
from ..errors import InputUnusable, StandardInvalid
from ..report import write_reports
from ..standard import load_standard
from .summary import county_summary


@lru_cache(maxsize=None)
def _standard(ref: str):
    return load_standard(ref)  # once per process, not once per county


def check_one(task: tuple[str, str, str, str | None]) -> dict:
    """Check one county file; returns {"summary": …} or {"unusable": …}, plus "write_error" when its own
    reports (--each) could not be written. Runs in a worker process: plain values in and out."""
    path, label, standard_ref, report_dir = task
    try:
        report = check_workbook(path, _standard(standard_ref))
    except InputUnusable as e:
        return {"unusable": {"file": label, "message": e.message, "problems": [str(p) for p in e.problems]}}
    except StandardInvalid as e:
        return {"unusable": {"file": label, "message": f"标准文件有误：{e}", "problems": []}}
    except Exception as e:  # an unforeseen failure of one county must not stop the others
        return {
            "unusable": {"file": label, "message": f"核验时出错（{type(e).__name__}）：{e}", "problems": []}
        }
    summary = county_summary(report, label)
    labels = {
        "sections": {k: s["label"] for k, s in report["sections"].items()},
        "levels": {k: v["label"] for k, v in report.get("levels", {}).items()},
    }
    out = {"summary": summary, "labels": labels}
    if report_dir is not None:
        try:
            write_reports(report, report_dir)
            summary["report_dir"] = report_dir
        except OSError as e:
            out["write_error"] = f"{label} 的报告无法写入 {report_dir}：{e.strerror or e}"
    return out


def check_all(tasks: list[tuple[str, str, str, str | None]], jobs: int | None = None) -> list[dict]:
    """check_one over the tasks, in input order; `jobs` processes (default: one per CPU)."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
    if jobs == 1:
        return [check_one(t) for t in tasks]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(check_one, tasks, chunksize=max(1, len(tasks) // (jobs * 4))))


def report_dirs(paths: list[Path], each_dir: Path | None) -> list[str | None]:
    """A subfolder per county for --each, named after its file (numbered when two files share a name)."""
    if each_dir is None:
        return [None] * len(paths)
    seen: dict[str, int] = {}
    out = []
    for p in paths:
        stem = p.stem or "county"
        seen[stem] = seen.get(stem, 0) + 1
        out.append(str(Path(each_dir) / (stem if seen[stem] == 1 else f"{stem}_{seen[stem]}")))
    return out
