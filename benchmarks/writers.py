"""Each report writer's own cost on one evaluated report: wall and CPU time, and the memory it adds.

    .venv/bin/python benchmarks/writers.py WORKBOOK.xlsx [--formats json,md,xlsx,docx,html] [--memory]

The workbook is read and evaluated once (columnar, as `check` does), then each format is written on its
own into a temporary folder. CPU time is given beside wall time because the machine is shared: the CPU
figure drifts less with the load. --memory runs each writer again under tracemalloc and prints the peak
it allocates above what the report already holds (tracemalloc slows the writers down; the times of
that pass are not printed). --bound prints, for report.json, the least time any writer in Python could
take: orjson encoding the plain report (every table already a list of dicts, which the columnar report
never makes), part by part, with its size. Each writer runs in this one process (jobs=1: report.json
alone would otherwise share its work with a second process, whose time process_time does not see).
Whole-process figures against the sheet-load floor are benchmarks/scale.py's.
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
    ap.add_argument("--bound", action="store_true", help="also orjson alone on the plain report")
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
        if args.bound:
            encoding_bound(report)
        if args.memory:
            for fmt in formats:
                tracemalloc.start()
                before = tracemalloc.get_traced_memory()[0]
                write_reports(report, out, [fmt], jobs=1)
                peak = tracemalloc.get_traced_memory()[1] - before
                tracemalloc.stop()
                print(f"{fmt:>5}: peak {peak / 2**20:7.1f} MiB above the report")


def encoding_bound(report: dict) -> None:
    """orjson's own time for each large part of the plain report (its dicts made first, untimed)."""
    import orjson

    from balance_check.report.json_report import _plain

    plain = _plain(report)
    parts = {k: v for k, v in plain.items() if k != "plan"}
    parts.update({f"plan.{k}": v for k, v in plain["plan"].items()})
    total_cpu = total_size = 0.0
    gc.disable()  # the dicts exist already: a collection in between would be timed as encoding
    try:
        for name, value in sorted(parts.items(), key=lambda kv: -len(orjson.dumps(kv[1], default=str))):
            cpu = time.process_time()
            text = orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS)
            cpu = time.process_time() - cpu
            total_cpu, total_size = total_cpu + cpu, total_size + len(text)
            if len(text) >= 2**20:
                print(f"  orjson alone, {name:>16}: {cpu:6.2f} s CPU, {len(text) / 2**20:8.1f} MiB")
    finally:
        gc.enable()
    print(f"  orjson alone, the whole report: {total_cpu:6.2f} s CPU, {total_size / 2**20:8.1f} MiB "
          f"({total_size / 2**20 / max(total_cpu, 1e-9):.0f} MiB/s)")


if __name__ == "__main__":
    main()
