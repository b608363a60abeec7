"""Each report writer's own cost on one evaluated report: wall and CPU time, and the memory it adds.

    .venv/bin/python benchmarks/writers.py WORKBOOK.xlsx [--formats json,md,xlsx,docx,html] [--memory]

The workbook is read and evaluated once (columnar, as `check` does), then each format is written on its
own into a temporary folder. CPU time is given beside wall time because the machine is shared: the CPU
figure drifts less with the load. --memory runs each writer again under tracemalloc and prints the peak
it allocates above what the report already holds (tracemalloc slows the writers down; the times of
that pass are not printed). Each writer runs in this one process (jobs=1: report.json alone would otherwise
share its work with a second process, whose time process_time does not see). Whole-process figures
against the sheet-load floor are benchmarks/scale.py's.
"""

import argparse
import gc
import tempfile
import time
import tracemalloc
from pathlib import Path

from balance_check.api import check_workbook
from balance_check.report import FORMATS, write_reports


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbook", type=Path)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--memory", action="store_true", help="also each writer's peak allocation")
    args = ap.parse_args()
    formats = args.formats.split(",")
    t = time.perf_counter()
    report = check_workbook(args.workbook, columnar=True)
    print(f"read and evaluate: {time.perf_counter() - t:.2f} s ({len(report['schools']):,} school parts)")
    gc.collect()
    with tempfile.TemporaryDirectory() as out:
        for fmt in formats:
            wall, cpu = time.perf_counter(), time.process_time()
            write_reports(report, out, [fmt], jobs=1)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            size = (Path(out) / f"report.{fmt}").stat().st_size / 2**20
            print(f"{fmt:>5}: {wall:6.2f} s wall, {cpu:6.2f} s CPU, {size:8.1f} MiB written")
        if args.memory:
            for fmt in formats:
                tracemalloc.start()
                before = tracemalloc.get_traced_memory()[0]
                write_reports(report, out, [fmt], jobs=1)
                peak = tracemalloc.get_traced_memory()[1] - before
                tracemalloc.stop()
                print(f"{fmt:>5}: peak {peak / 2**20:7.1f} MiB above the report")


if __name__ == "__main__":
    main()
