"""The local web application: one page (served by the package, no CDN) and a small JSON API over the
library. Uploads become a check in the worker pool; the page polls it and shows the result."""

import asyncio
import contextlib
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from .. import settings
from ..errors import StandardInvalid
from ..report import FORMATS
from ..report.markdown import SECTION_STATUS
from ..standard import enable_cases, load_standard
from ..template import write_template
from . import models
from .catalogue import Catalogue
from .guard import SizeGate, TokenGate
from .intake import UploadRefused, shown_name, take
from .jobs import ZIP_NAME, Job, Jobs
from .yearly import compare_task, compare_view, place_year, rollup_task, rollup_view

STATIC = resources.files("balance_check.web") / "static"
_MEDIA = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "zip": "application/zip",
}
_ASSETS = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}


def create_app(token: str | None = None, standards_dir: Path | None = None, root: Path | None = None):
    """The ASGI application. `root`: where the per-request temporary folders go (a fresh temporary
    folder by default, removed when the server stops)."""
    root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="balance-check-web-"))
    root.mkdir(parents=True, exist_ok=True)
    jobs = Jobs(root / "checks")
    catalogue = Catalogue(standards_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        sweeper = asyncio.create_task(_sweep(jobs))
        try:
            yield
        finally:
            sweeper.cancel()
            jobs.close()
            shutil.rmtree(root, ignore_errors=True)

    app = FastAPI(title="balance-check", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.jobs = jobs

    @app.get("/", response_class=HTMLResponse)
    def page():
        return HTMLResponse((STATIC / "index.html").read_text("utf-8"), headers=_NO_STORE)

    @app.get("/static/{name}")
    def asset(name: str):
        if name not in _ASSETS:
            raise HTTPException(404, "没有这个文件")
        return Response((STATIC / name).read_bytes(), media_type=_ASSETS[name])

    @app.get("/api/standards", response_model=models.Catalogue)
    def standards():
        limits = {
            "max_upload_mb": settings.MAX_UPLOAD_BYTES // 2**20,
            "max_upload_files": settings.MAX_UPLOAD_FILES,
            "result_ttl_minutes": settings.RESULT_TTL_SECONDS // 60,
        }
        return {"standards": catalogue.listing(), "problems": catalogue.problems, "limits": limits}

    @app.get("/api/template")
    def template(standard: str = "national-2017"):
        try:
            std = catalogue.load(standard)
        except StandardInvalid as e:
            raise HTTPException(400, str(e)) from None
        folder = Path(tempfile.mkdtemp(dir=root))
        path = write_template(std, folder / "填报模板.xlsx")
        return FileResponse(
            path,
            media_type=_MEDIA["xlsx"],
            filename="学校数据填报模板.xlsx",
            background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
        )

    @app.post("/api/checks", response_model=models.Job)
    async def start(request: Request):
        form = await _form(request)
        job_id, folder = jobs.new_folder()
        std, intake = await _take_files(form, folder, lambda: _standard(catalogue, form, folder))
        county = str(form.get("county") or "").strip() or None
        if county is not None and len(intake.accepted) > 0:
            county = shown_name(county)
        job = jobs.start(job_id, folder, intake.accepted, intake.refused, std, county)
        return _view(job)

    @app.post("/api/compare", response_model=models.Job)
    async def start_compare(request: Request):
        """年度比较: `before` and `after` (a workbook or a report.json each), and the standard."""
        form = await _form(request)
        years = [form.get("before"), form.get("after")]
        if not all(isinstance(f, UploadFile) and f.filename for f in years):
            raise HTTPException(400, "请分别选择上年和本年的文件（工作簿或 report.json）")
        job_id, folder = jobs.new_folder()
        try:
            std = await run_in_threadpool(_standard, catalogue, form, folder)
            spooled = await run_in_threadpool(_spool, years, folder / "upload")
            placed = [place_year(n, p, folder / "in" / y) for (n, p), y in zip(spooled, ("上年", "本年"))]
        except StandardInvalid as e:
            shutil.rmtree(folder, ignore_errors=True)
            raise HTTPException(400, f"标准文件有误：{e}") from None
        finally:
            for f in years:
                await f.close()
        refused = [p for p in placed if isinstance(p, dict)]
        if refused:
            shutil.rmtree(folder, ignore_errors=True)
            raise HTTPException(400, "；".join(f"{r['file']}：{r['message']}" for r in refused))
        (_, before), (_, after) = placed
        names = [f"上年：{placed[0][0]}", f"本年：{placed[1][0]}"]
        job = jobs.start_task(job_id, folder, names, [], "compare", compare_task(before, after, std))
        return _view(job)

    @app.post("/api/rollup", response_model=models.Job)
    async def start_rollup(request: Request):
        """多县汇总: several county workbooks (or .zip archives of them), one standard for all."""
        form = await _form(request)
        job_id, folder = jobs.new_folder()
        ref, intake = await _take_files(form, folder, lambda: _standard_ref(catalogue, form, folder))
        if not intake.accepted:
            shutil.rmtree(folder, ignore_errors=True)
            raise HTTPException(400, "没有可汇总的县数据工作簿（.xlsx）")
        names = [n for n, _ in intake.accepted]
        task = rollup_task([p for _, p in intake.accepted], ref)
        return _view(jobs.start_task(job_id, folder, names, intake.refused, "rollup", task))

    @app.get("/api/checks/{job_id}", response_model=models.Job)
    def status(job_id: str):
        return _view(_job(jobs, job_id))

    @app.get("/api/checks/{job_id}/report", response_class=HTMLResponse)
    def report_page(job_id: str):
        job = _done(jobs, job_id)
        page = {"check": "report.html", "compare": "compare.html", "rollup": "rollup.html"}[job.kind]
        return FileResponse(job.out / page, media_type=_MEDIA["html"], headers=_NO_STORE)

    @app.get("/api/checks/{job_id}/download/{name}")
    def download(job_id: str, name: str):
        job = _done(jobs, job_id)
        if job.kind != "check":
            view = _view(job)[job.kind]
            if name not in {Path(u).name for u in view["downloads"].values()}:
                raise HTTPException(404, "没有这个文件")
            title = "年度比较" if job.kind == "compare" else "多县汇总"
            suffix = Path(name).suffix
            return FileResponse(job.out / name, media_type=_MEDIA[suffix[1:]], filename=f"{title}{suffix}")
        allowed = {f"report.{f}" for f in FORMATS} | {ZIP_NAME}
        if name not in allowed:
            raise HTTPException(404, "没有这个文件")
        county = (job.report["county"]["name"] or "本县") + "核验报告"
        shown = f"{county}.zip" if name == ZIP_NAME else f"{county}{Path(name).suffix}"
        return FileResponse(job.out / name, media_type=_MEDIA[Path(name).suffix[1:]], filename=shown)

    @app.exception_handler(HTTPException)
    async def _http_error(request, exc: HTTPException):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)

    outer = SizeGate(TokenGate(app, token))
    outer.jobs = jobs  # for the expiry sweep's tests and the load benchmark
    return outer


_NO_STORE = {"Cache-Control": "no-store"}


def _too_many() -> str:
    return (
        f"一次最多上传 {settings.MAX_UPLOAD_FILES} 个文件（可用环境变量 BALANCE_CHECK_MAX_UPLOAD_FILES 调整）"
    )


async def _sweep(jobs: Jobs) -> None:
    """Remove expired results now and then (their folders with them)."""
    while True:
        await asyncio.sleep(max(1, min(60, settings.RESULT_TTL_SECONDS // 4)))
        await run_in_threadpool(jobs.expire)


def _standard(catalogue: Catalogue, form, folder: Path):
    uploaded = form.get("standard_file")
    if isinstance(uploaded, UploadFile) and uploaded.filename:
        suffix = Path(uploaded.filename).suffix.lower()
        if suffix not in (".yaml", ".yml", ".json"):
            raise StandardInvalid("上传的标准文件应为 .yaml 或 .json")
        path = folder / f"standard{suffix}"
        with path.open("wb") as fh:
            shutil.copyfileobj(uploaded.file, fh)
        std = load_standard(path)
    else:
        std = catalogue.load(str(form.get("standard") or "national-2017"))
    cases = [str(c) for c in form.getlist("cases") if str(c)]
    return enable_cases(std, cases)


async def _take_files(form, folder: Path, standard):
    """The standard (`standard()` reads it from the form) and the uploaded `files`, spooled and sorted
    (workbooks accepted, archives unpacked, the rest refused), for a check or a roll-up alike. A bad
    standard is a 400, an upload over the caps a 413; either way the request's folder is removed."""
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    try:
        if len(uploads) > settings.MAX_UPLOAD_FILES:
            raise HTTPException(413, _too_many())
        std = await run_in_threadpool(standard)
        spooled = await run_in_threadpool(_spool, uploads, folder / "upload")
        return std, await run_in_threadpool(take, spooled, folder / "in")
    except StandardInvalid as e:
        shutil.rmtree(folder, ignore_errors=True)
        raise HTTPException(400, f"标准文件有误：{e}") from None
    except UploadRefused as e:
        shutil.rmtree(folder, ignore_errors=True)
        raise HTTPException(413, str(e)) from None
    except HTTPException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        for f in uploads:
            await f.close()


async def _form(request: Request):
    try:
        return await request.form(max_files=settings.MAX_UPLOAD_FILES + 1, max_fields=1000)
    except Exception as e:  # a malformed or cut-off multipart body, or too many parts
        if "Too many files" in str(e):
            raise HTTPException(413, _too_many()) from None
        raise HTTPException(400, f"上传内容无法解析：{type(e).__name__}") from None


def _standard_ref(catalogue: Catalogue, form, folder: Path) -> str:
    """The standard as rollup takes it (a name or a file path), checked here so a bad one is a 400."""
    _standard(catalogue, form, folder)
    saved = sorted(folder.glob("standard.*"))
    return str(saved[0]) if saved else catalogue.paths[str(form.get("standard") or "national-2017")]


def _spool(uploads: list[UploadFile], folder: Path) -> list[tuple[str, Path]]:
    folder.mkdir(parents=True)
    out = []
    for i, f in enumerate(uploads):
        path = folder / f"{i:04d}"
        with path.open("wb") as fh:
            shutil.copyfileobj(f.file, fh)
        out.append((f.filename or f"文件{i + 1}", path))
    return out


def _job(jobs: Jobs, job_id: str) -> Job:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "找不到这次核验的结果（结果保留一小时，可能已过期）：请重新上传")
    return job


def _done(jobs: Jobs, job_id: str) -> Job:
    job = _job(jobs, job_id)
    if job.state != "done":
        raise HTTPException(409, "核验尚未完成")
    return job


def _view(job: Job) -> dict:
    with job.lock:
        files = [dict(f) for f in job.files]
    view = {
        "id": job.id,
        "state": job.state,
        "files": files,
        "refused": job.refused,
        "message": job.message,
        "details": job.details,
        "kind": job.kind,
        "result": None,
        "compare": None,
        "rollup": None,
    }
    base = f"/api/checks/{job.id}/download/"
    if job.state == "done" and job.kind == "compare":
        view["compare"] = compare_view(job.report, base)
    elif job.state == "done" and job.kind == "rollup":
        view["rollup"] = rollup_view(job.report, base)
    elif job.state == "done":
        r = job.report
        county = r["county"]["name"] or "本县"
        view["result"] = {
            "county": r["county"]["name"],
            "standard": r["standard"]["title"],
            "passed": r["passed"],
            "verdict": f"{county}：{'达到' if r['passed'] else '未达到'}{r['standard']['title']}要求",
            "reasons": r["reasons"],
            "sections": [{**s, "status": SECTION_STATUS[s["status"]]} for s in r["sections"].values()],
            "counts": r["counts"],
            "problems": r["problems"][: settings.MAX_DOCUMENT_ROWS],
            "problems_total": len(r["problems"]),
            "downloads": {**{f: f"{base}report.{f}" for f in FORMATS}, "zip": base + ZIP_NAME},
        }
    return view
