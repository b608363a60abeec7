"""The planner's own time inside a check: make_plan timed in-process (perf_counter, best of --times),
with an optional cProfile of the whole evaluation listing the plan's functions.

    .venv/bin/python benchmarks/plan_time.py WORKBOOK [WORKBOOK ...] [--times 3] [--profile]

Each workbook is read once; `evaluate(data, std, columnar=True)` is then run --times times and every
call of make_plan inside it is timed (the evaluator imports make_plan from balance_check.plan when it
plans, so wrapping that name times exactly the plan). The first workbook's first call is a cold one
(the plan's modules imported, numpy and pandas paths first taken): give a county's workbook first, in
a process of its own, to see the cold cost."""

import argparse
import cProfile
import pstats
import time
from pathlib import Path

import balance_check.plan as plan_pkg
from balance_check.evaluate import evaluate
from balance_check.reading import read_workbook
from balance_check.standard import load_standard


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("workbooks", nargs="+", type=Path)
    ap.add_argument("--times", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="also profile one evaluation (cumulative)")
    ap.add_argument("--top", type=int, default=45)
    args = ap.parse_args()
    original = plan_pkg.make_plan
    spent: list[float] = []

    def timed(*a, **k):
        t = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            spent.append(time.perf_counter() - t)

    plan_pkg.make_plan = timed
    std = load_standard()
    for wb in args.workbooks:
        data = read_workbook(wb, std)
        whole = []
        for _ in range(args.times):
            t = time.perf_counter()
            evaluate(data, std, columnar=True)
            whole.append(time.perf_counter() - t)
        plans = spent[-args.times :]
        print(
            f"{wb.name}: make_plan best {min(plans) * 1000:.1f} ms (all: "
            + ", ".join(f"{p * 1000:.1f}" for p in plans)
            + f"; the first in this process is cold), evaluate best {min(whole):.3f} s"
        )
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            evaluate(data, std, columnar=True)
            prof.disable()
            stats = pstats.Stats(prof).sort_stats("cumulative")
            stats.print_stats(r"balance_check/plan/", args.top)


if __name__ == "__main__":
    main()
