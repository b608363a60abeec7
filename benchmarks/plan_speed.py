"""How long the planner takes on a province-sized sheet (30,000 rows built from county_a, ~2/3 failing).

Run: .venv/bin/python benchmarks/plan_speed.py — prints read, evaluate-with-plan and plan-only seconds."""

import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import xlsxwriter

from balance_check.evaluate import evaluate
from balance_check.reading import read_workbook
from balance_check.standard import load_standard

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
SRC = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "county_a.xlsx"


def main() -> None:
    src = list(openpyxl.load_workbook(SRC)["学校"].iter_rows(values_only=True))
    header, body = src[0], src[1:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "province.xlsx"
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        ws = wb.add_worksheet("学校")
        ws.write_row(0, 0, header)
        for i in range(ROWS):
            row = list(body[i % len(body)])
            row[0], row[1] = f"{i:010d}", f"{row[1]}{i}"
            ws.write_row(i + 1, 0, row)
        wb.close()
        std = load_standard()
        t0 = time.perf_counter()
        data = read_workbook(path, std)
        t1 = time.perf_counter()
        report = evaluate(data, std)
        t2 = time.perf_counter()
    plan = report["plan"]
    planned = sum(s["status"] == "planned" for s in plan["schools"])
    print(f"{ROWS} rows: read {t1 - t0:.1f} s, evaluate with plan {t2 - t1:.1f} s")
    print(f"planned schools {planned}, ledger rows {len(plan['ledger'])}, CV what-ifs {len(plan['cv'])}")


if __name__ == "__main__":
    main()
