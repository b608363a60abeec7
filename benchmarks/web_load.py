"""Load benchmark of `balance-check serve` (not part of the test suite).

Starts the server as its own process on 127.0.0.1, sends N county uploads at the same time (default 20,
the sample county), waits for every answer, downloads each report.json and compares it with the
library's result. Prints the time to the last answer and the server's peak memory (VmHWM).

    .venv/bin/python benchmarks/web_load.py [--uploads 20] [--workbook sample_data/demo_county.xlsx]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from balance_check import check_workbook
from balance_check.report.json_report import to_json

REPO = Path(__file__).resolve().parent.parent


def start_server() -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "balance_check", "serve", "--no-browser"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    line = proc.stdout.readline()
    match = re.search(r"http://\S+", line)
    if not match:
        proc.kill()
        raise SystemExit(f"server did not start: {line}")
    return proc, match.group(0).rstrip("/")


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def one_upload(base: str, workbook: Path) -> dict:
    with httpx.Client(base_url=base, timeout=600) as c:
        job = c.post("/api/checks", files=[("files", (workbook.name, workbook.read_bytes()))]).json()
        while job["state"] not in ("done", "failed"):
            time.sleep(0.25)
            job = c.get(f"/api/checks/{job['id']}").json()
        if job["state"] != "done":
            return {"ok": False, "message": job["message"]}
        report = c.get(job["result"]["downloads"]["json"]).json()
        return {"ok": True, "report": report, "done_at": time.perf_counter()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--uploads", type=int, default=20)
    ap.add_argument("--workbook", type=Path, default=REPO / "sample_data" / "demo_county.xlsx")
    args = ap.parse_args()
    expected = json.loads(to_json(check_workbook(args.workbook)))
    proc, base = start_server()
    try:
        idle = peak_rss_mb(proc.pid)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.uploads) as pool:
            answers = list(pool.map(lambda _: one_upload(base, args.workbook), range(args.uploads)))
        last = max(a["done_at"] for a in answers if a["ok"]) - t0 if any(a["ok"] for a in answers) else None
        equal = sum(a["ok"] and a["report"] == expected for a in answers)
        peak = peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(f"uploads at once:           {args.uploads} × {args.workbook.name}")
    print(f"answers equal to library:  {equal}/{args.uploads}")
    print(f"time to last answer:       {last:.1f} s" if last is not None else "no answer")
    print(f"server peak memory:        {peak:.0f} MB (idle after start: {idle:.0f} MB)")
    sys.exit(0 if equal == args.uploads else 1)


if __name__ == "__main__":
    main()
