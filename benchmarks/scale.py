"""Province and national scale: whole-process time and peak memory of `check` against the sheet-load floor.

    .venv/bin/python benchmarks/scale.py                       # 100-school cold start, 30,000 schools
    .venv/bin/python benchmarks/scale.py --sizes 30000,200000 --all-formats 200000
    .venv/bin/python benchmarks/scale.py --bench-dir ../shared/bench   # also that generator's workbooks

Every figure is a whole process (start-up included), measured in the same run as what it is compared
with, because the machine is shared and absolute times drift with its load:

- `check --format json` of N schools next to the floor, python-calamine loading the 学校 sheet and
  nothing else (`CalamineWorkbook.from_path(f).get_sheet_by_name("学校").to_python()`), and their ratio;
- a county of 100 schools, JSON only, cold, next to `python -c "import pandas"`, and `--help` next to it.
  The project's modules are compiled to bytecode first (compileall), as pip does when it installs a
  wheel and as pandas' own modules are: an editable install under PYTHONDONTWRITEBYTECODE would
  otherwise compile every module again in every cold process.

Workbooks are made (not timed) by the project's generator, sample_data/make_demo_county.py, with the
type mix 小学:初中:九年一贯制学校:教学点 = 60:25:8:7; they are written with XlsxWriter in constant-memory
mode (openpyxl needs minutes and gigabytes for 200,000 rows) and cached in --cache. Where the shared
benchmark generator is present (`../shared/bench/make_big.py` beside the repository, or --bench-dir), its
workbooks (seed 5 for 30,000, seed 7 for 200,000, as its README gives) are measured too.

From 5,000 school parts a check writes its reports with two processes (report/forked.py): the check
column is wall time; CPU is user + system time of both; "peak memory" is ru_maxrss, the largest single
process; "peak PSS" is the largest sum over the processes of their proportional memory (shared pages
counted once), sampled every quarter second with --pss (a separate run: the sampling slows the check).

Targets: 30,000 ≤ 2× floor; 200,000 ≤ 1.5× floor, peak ≤ 1 GiB, all five formats < 60 s; county cold
start ≤ 2× `import pandas`; `--help` ≤ 0.5× `import pandas`.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "sample_data"))
MIX = (60, 25, 8, 7)
PY = sys.executable
CLI = [PY, "-m", "balance_check"]
FLOOR = (
    "import sys; from python_calamine import CalamineWorkbook; "
    "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name('学校').to_python()"
)


def run(cmd: list[str]) -> tuple[float, float, int, float, float | None]:
    """Wall seconds, peak resident MiB (the largest process), exit code, CPU seconds (user + system, a
    second writing process included) and the peak of the processes' summed proportional memory (PSS:
    pages they share counted once, sampled every SAMPLE_S) of one whole check."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    sampler = TreeMemory(proc.pid) if SAMPLE_PSS else None
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    tree_mb = sampler.stop() if sampler else None
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} ended with {proc.returncode}:\n{err[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, proc.returncode, cpu, tree_mb


SAMPLE_S = 0.25
# Reading /proc/<pid>/smaps_rollup walks the process's page tables under its memory lock: sampled every
# quarter second it slowed a national all-formats check by about 2.6 s (8 %). Off unless --pss asks for it,
# so that the times are measured without it.
SAMPLE_PSS = False


class TreeMemory(threading.Thread):
    """The largest sum of PSS over a process and its children seen while it runs (Linux /proc; 0 where
    it cannot be read). ru_maxrss gives only the largest single process, and a fork's pages are shared."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_S):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(self.pid)))

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak_kb / 1024


def _tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return [pid] + [q for c in children for q in _tree(int(c))]


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def best_of(cmd: list[str], times: int) -> tuple[float, float]:
    """Median time and largest peak over `times` runs (a shared machine: one run can be unlucky)."""
    runs = [run(cmd) for _ in range(times)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def best_check(cmd: list[str], times: int) -> tuple[float, float, float, float]:
    """best_of, with the CPU seconds of the median run and the largest summed PSS."""
    runs = sorted((run(cmd) for _ in range(times)), key=lambda r: r[0])
    mid = runs[len(runs) // 2]
    pss = [r[4] for r in runs if r[4] is not None]
    return mid[0], max(r[1] for r in runs), mid[3], max(pss) if pss else None


def project_workbook(n: int, cache: Path) -> Path:
    """N schools from make_demo_county (unique names and codes), written in constant-memory mode."""
    path = cache / f"demo_{n}.xlsx"
    if path.exists():
        return path
    import make_demo_county as demo
    import xlsxwriter

    schools, county, quality = demo.county_rows(county="模拟省", schools=n, mix=MIX)
    tmp = path.with_suffix(".part.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_numbers": False})
    text = wb.add_format({"num_format": "@"})
    for title, headers, rows in (
        ("学校", demo.SCHOOL_HEADERS, ([s[h] for h in demo.SCHOOL_HEADERS] for s in schools)),
        ("县域", ("项目", "值", "佐证材料"), county),
        ("质量监测", ("学科", "学业水平等级", "校际差异率"), quality),
    ):
        ws = wb.add_worksheet(title)
        ws.write_row(0, 0, headers)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, str):
                    ws.write_string(r, c, v, text if c == 0 and title == "学校" else None)
                else:
                    ws.write_number(r, c, v)
    wb.close()
    tmp.rename(path)
    return path


def shared_workbook(n: int, bench_dir: Path, cache: Path) -> Path:
    seed = {30_000: 5, 200_000: 7}.get(n, 5)
    path = cache / f"shared_{n}_{seed}.xlsx"
    if not path.exists():
        subprocess.run(
            [PY, str(bench_dir / "make_big.py"), str(path), str(seed), str(n)], check=True, cwd=bench_dir
        )
    return path


def check_cmd(path: Path, out: Path, formats: str) -> list[str]:
    return CLI + ["check", str(path), "--out", str(out), "--format", formats]


def scale_rows(label: str, path: Path, out: Path, n: int, all_formats: bool, times: int) -> list[str]:
    floor_s, floor_mb = best_of([PY, "-c", FLOOR, str(path)], times)
    check_s, check_mb, check_cpu, check_pss = best_check(check_cmd(path, out, "json"), times)
    rows = [
        f"| {label} | {n:,} | json | {check_s:.2f} s | {check_cpu:.2f} s | {floor_s:.2f} s "
        f"| {check_s / floor_s:.2f}× | {check_mb:,.0f} MiB / {floor_mb:,.0f} MiB | {_mib(check_pss)} |"
    ]
    if all_formats:
        all_s, all_mb, _, all_cpu, all_pss = run(check_cmd(path, out, "json,md,xlsx,docx,html"))
        rows.append(
            f"| {label} | {n:,} | all five | {all_s:.2f} s | {all_cpu:.2f} s | {floor_s:.2f} s "
            f"| {all_s / floor_s:.2f}× | {all_mb:,.0f} MiB / {floor_mb:,.0f} MiB | {_mib(all_pss)} |"
        )
    return rows


def _mib(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} MiB"


def cold_start(cache: Path, out: Path, times: int) -> None:
    county = project_workbook(100, cache)
    compiled = [PY, "-m", "compileall", "-q", str(ROOT / "balance_check")]
    subprocess.run(compiled, check=True, capture_output=True)
    pandas_s, pandas_mb = best_of([PY, "-c", "import pandas"], times)
    county_s, county_mb = best_of(check_cmd(county, out, "json"), times)
    help_s, help_mb = best_of(CLI + ["--help"], times)
    print("\n(the project's modules compiled to bytecode first, as a wheel install does)")
    print("\n| cold process | time | × import pandas | peak memory |")
    print("|---|---|---|---|")
    print(f'| `python -c "import pandas"` | {pandas_s:.2f} s | 1.00× | {pandas_mb:.0f} MiB |')
    print(f"| check 100 schools | {county_s:.2f} s | {county_s / pandas_s:.2f}× | {county_mb:.0f} MiB |")
    print(f"| `balance-check --help` | {help_s:.2f} s | {help_s / pandas_s:.2f}× | {help_mb:.0f} MiB |")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30000", help="school counts, comma-separated")
    parser.add_argument("--all-formats", default="", help="sizes also checked with all five formats")
    parser.add_argument("--times", type=int, default=1, help="runs per large measurement (median)")
    parser.add_argument("--cold-times", type=int, default=5, help="runs per start-up measurement (median)")
    parser.add_argument("--bench-dir", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--workbooks", default="demo,shared", help="which generators: demo, shared")
    parser.add_argument("--no-cold", action="store_true", help="skip the start-up measurements")
    parser.add_argument(
        "--pss", action="store_true", help="also sample the processes' summed PSS (slows the checks down)"
    )
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "balance-check-bench")
    args = parser.parse_args(argv)
    global SAMPLE_PSS
    SAMPLE_PSS = args.pss
    sizes = [int(s) for s in args.sizes.split(",") if s]
    all_formats = {int(s) for s in args.all_formats.split(",") if s}
    args.cache.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average before {os.getloadavg()[0]:.1f}"
    )
    if not args.no_cold:
        cold_start(args.cache, out, args.cold_times)
    which = set(args.workbooks.split(","))

    print(
        "\n| workbook | schools | formats | check | check CPU | floor | ratio "
        "| peak memory (check / floor) | peak PSS, all processes |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        if "demo" in which:
            path = project_workbook(n, args.cache)
            for row in scale_rows("make_demo_county", path, out, n, n in all_formats, args.times):
                print(row, flush=True)
        if "shared" in which and (args.bench_dir / "make_big.py").is_file():
            path = shared_workbook(n, args.bench_dir, args.cache)
            for row in scale_rows("make_big", path, out, n, n in all_formats, args.times):
                print(row, flush=True)
    print(f"\nload average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
