"""The reader at scale: reading the 学校 sheet and evaluating the school items, next to the sheet load.

    .venv/bin/python benchmarks/reading_speed.py /tmp/balance-check-bench/shared_30000_5.xlsx --times 3

In one process, best of --times runs each (the machine is shared, so only figures measured together
mean anything): the floor (python-calamine loading the 学校 sheet into Python rows, what the reader
starts from), `read_workbook`, and the school items (`evaluate_items` with the schools classified). The
peak is the process's maximum resident size, the floor's own load included.
"""

import argparse
import resource
import time

from python_calamine import CalamineWorkbook

from balance_check.evaluate import special
from balance_check.evaluate.items import evaluate_items
from balance_check.evaluate.scope import classify
from balance_check.reading import read_workbook
from balance_check.standard import load_standard


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook")
    parser.add_argument("--times", type=int, default=3)
    parser.add_argument("--standard", default="national-2017")
    args = parser.parse_args()
    standard = load_standard(args.standard)
    best = [float("inf")] * 3
    for _ in range(args.times):
        start = time.perf_counter()
        CalamineWorkbook.from_path(args.workbook).get_sheet_by_name("学校").to_python(skip_empty_area=False)
        loaded = time.perf_counter()
        data = read_workbook(args.workbook, standard)
        read = time.perf_counter()
        cases = special.enabled(standard, data.columns_present, data.problems, data.sheet_names["schools"])
        evaluate_items(data, classify(data.schools, data.errors, standard), standard, cases)
        done = time.perf_counter()
        del data
        best = [min(b, t) for b, t in zip(best, (loaded - start, read - loaded, done - read))]
    floor, reading, items = best
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"schools sheet load (floor) {floor:.2f} s")
    print(f"read_workbook              {reading:.2f} s  ({reading / floor:.2f}× the floor)")
    print(f"school items               {items:.2f} s")
    print(f"reading + school items     {reading + items:.2f} s  ({(reading + items) / floor:.2f}× the floor)")
    print(f"peak memory                {peak:.0f} MiB")


if __name__ == "__main__":
    main()
