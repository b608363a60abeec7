"""Checks run in a worker pool, off the server's event loop; each keeps its files in its own temporary
folder, removed when the result expires. One failing check never affects another or the server."""

import secrets
import shutil
import sys
import threading
import time
import traceback
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..api import check_files, check_workbook
from ..errors import InputUnusable, StandardInvalid
from ..report import FORMATS, write_reports
from ..report.json_report import to_json
from ..standard import Standard

ZIP_NAME = "report.zip"


@dataclass
class Job:
    id: str
    folder: Path
    created: float
    files: list[dict]  # {file, status, rows, message}; status starts as "waiting"
    refused: list[dict]
    state: str = "queued"  # queued | reading | evaluating | writing | done | failed
    message: str | None = None
    details: list[str] = field(default_factory=list)
    report: dict | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def out(self) -> Path:
        return self.folder / "out"


class Jobs:
    def __init__(self, root: Path, workers: int = settings.WEB_WORKERS):
        self.root = root
        self.pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="check")
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()

    def new_folder(self) -> tuple[str, Path]:
        job_id = secrets.token_urlsafe(12)
        folder = self.root / job_id
        folder.mkdir(parents=True)
        return job_id, folder

    def start(self, job_id, folder, accepted, refused, standard: Standard, county: str | None) -> Job:
        files = [{"file": n, "status": "waiting", "rows": 0, "message": None} for n, _ in accepted]
        job = Job(job_id, folder, time.time(), files, refused)
        with self.lock:
            self.jobs[job_id] = job
        if not accepted:
            job.state, job.message = "failed", "没有可核验的 Excel 工作簿（.xlsx）"
        else:
            self.pool.submit(_run, job, accepted, standard, county)
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def expire(self, now: float | None = None) -> int:
        """Remove the results (and their folders) older than RESULT_TTL_SECONDS; returns how many."""
        now = time.time() if now is None else now
        with self.lock:
            old = [j for j in self.jobs.values() if now - j.created > settings.RESULT_TTL_SECONDS]
            for j in old:
                del self.jobs[j.id]
        for j in old:
            shutil.rmtree(j.folder, ignore_errors=True)
        return len(old)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)


def _run(job: Job, accepted: list[tuple[str, Path]], standard: Standard, county: str | None) -> None:
    def on_file(status: dict) -> None:
        with job.lock:
            for f in job.files:
                if f["file"] == status["file"]:
                    f.update(status)
            if all(f["status"] != "waiting" for f in job.files):
                job.state = "evaluating"

    try:
        job.state = "reading"
        if len(accepted) == 1 and county is None:  # one county workbook: exactly what `check` does
            name, path = accepted[0]
            try:
                report = check_workbook(path, standard)
            except InputUnusable as e:
                on_file({"file": name, "status": "unusable", "rows": 0, "message": e.message})
                raise
            on_file(report["files"][0] | {"file": name})
        else:
            report = check_files(accepted, standard, county, on_file=on_file)
        job.state = "writing"
        write_reports(report, job.out, FORMATS)
        with zipfile.ZipFile(job.out / ZIP_NAME, "w", zipfile.ZIP_DEFLATED) as zf:
            for fmt in FORMATS:
                zf.write(job.out / f"report.{fmt}", f"report.{fmt}")
        job.report = report
        job.state = "done"
    except InputUnusable as e:
        job.message, job.details, job.state = f"无法核验：{e.message}", [str(p) for p in e.problems], "failed"
    except StandardInvalid as e:
        job.message, job.state = f"标准文件有误：{e}", "failed"
    except Exception as e:  # a malformed upload must never take the server down: say so and go on
        traceback.print_exc(file=sys.stderr)
        job.message, job.state = f"核验时出现内部错误（{type(e).__name__}），请把文件发给维护人员", "failed"


def report_json(job: Job) -> str:
    return to_json(job.report)
