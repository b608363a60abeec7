"""`balance-check serve` as users start it, and the standards the page offers."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from balance_check.rules.compare import write_starter
from balance_check.web import create_app

DEMO = Path(__file__).resolve().parent.parent / "sample_data" / "demo_county.xlsx"


def serve(*args):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "balance_check", "serve", "--no-browser", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    line = proc.stdout.readline()
    return proc, line


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_serve_prints_its_address_and_asks_a_token_only_off_this_machine(host):
    proc, line = serve("--host", host)
    try:
        address = re.search(r"http://\S+", line).group(0)
        port = re.search(r":(\d+)/", address).group(1)
        assert int(port) > 0
        local = f"http://127.0.0.1:{port}/"
        if host == "127.0.0.1":
            assert "token" not in address
            assert httpx.get(local, timeout=30).status_code == 200
        else:
            token = re.search(r"\?token=(\S+)", address).group(1)
            assert len(token) >= 24
            assert httpx.get(local, timeout=30).status_code == 403
            assert httpx.get(local + "api/standards", timeout=30).status_code == 403
            assert httpx.get(f"{local}?token={token}", timeout=30).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_provincial_files_in_the_standards_dir_and_an_uploaded_standard_are_offered_and_used(tmp_path):
    folder = tmp_path / "province"
    folder.mkdir()
    write_starter(folder / "demo-province.yaml", "demo-province", "national-2017")
    (folder / "broken.yaml").write_text("id: [", "utf-8")
    with TestClient(create_app(standards_dir=folder, root=tmp_path / "server")) as c:
        listing = c.get("/api/standards").json()
        ids = [s["id"] for s in listing["standards"]]
        assert ids[0] == "national-2017" and "demo-province" in ids
        assert any("broken.yaml" in p for p in listing["problems"])
        for standard, upload in (("demo-province", None), ("", folder / "demo-province.yaml")):
            files = [("files", ("demo_county.xlsx", DEMO.read_bytes()))]
            if upload is not None:
                files.append(("standard_file", (upload.name, upload.read_bytes())))
            job = c.post("/api/checks", files=files, data={"standard": standard}).json()
            while job["state"] not in ("done", "failed"):
                time.sleep(0.2)
                job = c.get(f"/api/checks/{job['id']}").json()
            assert job["state"] == "done", job
            report = c.get(job["result"]["downloads"]["json"]).json()
            assert report["standard"]["id"] == "demo-province"
        bad = c.post(
            "/api/checks",
            files=[("files", ("a.xlsx", b"PK")), ("standard_file", ("s.yaml", b"id: ["))],
        )
        assert bad.status_code == 400 and "标准文件有误" in bad.json()["detail"]
        unknown_case = c.post("/api/checks", files=[("files", ("a.xlsx", b"PK"))], data={"cases": "nope"})
        assert unknown_case.status_code == 400 and "没有特殊情形" in unknown_case.json()["detail"]
