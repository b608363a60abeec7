"""Benchmark: a roll-up of 100 generated counties of 100 schools each, summary only (no --each).

    .venv/bin/python benchmarks/rollup_100_counties.py [--counties 100] [--schools 100] [--jobs N]

The counties are generated first (not timed) with sample_data/make_demo_county.py, a third of them with
designed faults; then `rollup` is timed as `balance-check rollup 文件夹 --out 目录` runs it, and the writing
of rollup.json/.xlsx/.html separately. Goal: under a minute on a 2-core machine."""

import argparse
import importlib.util
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from balance_check.rollup import rollup  # noqa: E402
from balance_check.rollup.write import write_rollup  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "make_demo_county", REPO / "sample_data" / "make_demo_county.py"
)
demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo)


def make_counties(folder: Path, counties: int, schools: int) -> None:
    for n in range(counties):
        name = f"模拟{n + 1:03d}县"
        faults = {f"{name}第1小学": "two_short"} if n % 3 == 1 else {}
        values = None if n % 3 == 2 else demo.PASSING_COUNTY_ITEMS
        demo.build_workbook(
            seed=1000 + n, county=name, schools=schools, faults=faults, county_values=values
        ).save(folder / f"{name}.xlsx")


def _cpu() -> float:
    """User + system CPU seconds of this process and its finished worker processes."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


LOAD = os.getloadavg()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        t = time.perf_counter()
        make_counties(folder, args.counties, args.schools)
        print(
            f"generated {args.counties} counties x {args.schools} schools in {time.perf_counter() - t:.1f} s"
        )
        t, cpu = time.perf_counter(), _cpu()
        result = rollup([folder], jobs=args.jobs)
        checked, cpu = time.perf_counter() - t, _cpu() - cpu
        t = time.perf_counter()
        write_rollup(result, out)
        written = time.perf_counter() - t
        c = result["counts"]
        print(
            f"checked {c['checked']} counties ({c['passed']} pass, {c['failed']} fail, "
            f"{c['unusable']} unusable) in {checked:.1f} s; summary written in {written:.2f} s; "
            f"total {checked + written:.1f} s"
        )
        print(
            f"CPU time of the check (this process and its workers): {cpu:.1f} s on {os.cpu_count()} cores; "
            f"load average before the run: {LOAD[0]:.1f}"
        )


if __name__ == "__main__":
    main()
