"""The web server refuses what it must, says why in Chinese, and keeps serving: oversized uploads, too many
files, zip bombs, names that climb out of the folder, nested archives, non-Excel files, missing tokens."""

import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from balance_check import check_files, settings
from balance_check.cli import main
from balance_check.cli.serve_cmd import access_token
from balance_check.report.json_report import to_json
from balance_check.web import create_app
from balance_check.web.guard import is_loopback

DEMO = Path(__file__).resolve().parent.parent / "sample_data" / "demo_county.xlsx"
STATIC = Path(__file__).resolve().parent.parent / "balance_check" / "web" / "static"


@pytest.fixture
def root(tmp_path) -> Path:
    return tmp_path / "server"


@pytest.fixture
def client(root):
    with TestClient(create_app(root=root)) as c:
        yield c


@pytest.fixture(scope="module")
def few(demo_split) -> list[Path]:
    return demo_split[:6]


def finished(client, job: dict, seconds: float = 180) -> dict:
    deadline = time.time() + seconds
    while job["state"] not in ("done", "failed"):
        assert time.time() < deadline, job
        time.sleep(0.2)
        job = client.get(f"/api/checks/{job['id']}").json()
    return job


def upload(client, files: list[tuple[str, bytes]], **data):
    return client.post("/api/checks", files=[("files", (n, b)) for n, b in files], data=data)


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_an_upload_over_the_size_cap_is_refused_with_413_by_declared_and_by_counted_length(
    client, monkeypatch
):
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 100_000)
    r = upload(client, [("big.xlsx", b"x" * 200_000)])
    assert r.status_code == 413 and "上限" in r.json()["detail"]

    def chunks():  # no Content-Length: counted as it arrives
        boundary = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.xlsx"\r\n\r\n'
        yield boundary
        for _ in range(40):
            yield b"y" * 10_000
        yield b"\r\n--b--\r\n"

    r = client.post(
        "/api/checks", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert r.status_code == 413 and "BALANCE_CHECK_MAX_UPLOAD_MB" in r.json()["detail"]
    assert client.get("/api/standards").status_code == 200  # still serving


def test_upload_caps_are_named_settings_with_environment_overrides():
    code = "from balance_check import settings as s; print("
    code += "s.MAX_UPLOAD_BYTES, s.MAX_UPLOAD_FILES, s.RESULT_TTL_SECONDS)"
    env = {"BALANCE_CHECK_MAX_UPLOAD_MB": "7", "BALANCE_CHECK_MAX_UPLOAD_FILES": "9", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(7 * 2**20), "9", "3600"]


def test_too_many_files_are_refused_whether_uploaded_one_by_one_or_in_a_zip(client, monkeypatch):
    monkeypatch.setattr(settings, "MAX_UPLOAD_FILES", 3)
    r = upload(client, [(f"{i}.xlsx", b"PK") for i in range(4)])
    assert r.status_code == 413 and "最多上传 3 个" in r.json()["detail"]
    r = upload(client, [("all.zip", zipped({f"{i}.xlsx": b"PK" for i in range(4)}))])
    assert r.status_code == 413 and "最多上传 3 个" in r.json()["detail"]


def test_a_zip_bomb_is_refused_whole(client, root):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("学校.xlsx", "w") as member:
            for _ in range(20):
                member.write(bytes(1 << 20))  # 20 MB of zeros, a few kilobytes packed
    job = finished(client, upload(client, [("bomb.zip", buf.getvalue())]).json())
    assert job["state"] == "failed"
    assert job["refused"] == [{"file": "bomb.zip", "message": job["refused"][0]["message"]}]
    assert "压缩炸弹" in job["refused"][0]["message"]
    assert not list(root.rglob("学校.xlsx"))  # nothing was unpacked


def test_a_zip_that_unpacks_beyond_the_cap_is_refused(client, monkeypatch):
    monkeypatch.setattr(settings, "MAX_UPLOAD_UNPACKED_BYTES", 1000)
    job = finished(client, upload(client, [("big.zip", zipped({"a.xlsx": b"z" * 2000}))]).json())
    assert "解压后超过" in job["refused"][0]["message"]


@pytest.mark.parametrize("member", ["../evil.xlsx", "a/../../evil.xlsx", "/tmp/evil.xlsx", "C:\\evil.xlsx"])
def test_member_names_that_climb_out_of_the_folder_refuse_the_zip(client, root, tmp_path, member):
    job = finished(client, upload(client, [("x.zip", zipped({"ok.xlsx": b"PK", member: b"PK"}))]).json())
    assert job["state"] == "failed" and len(job["refused"]) == 1
    assert "指向压缩包以外" in job["refused"][0]["message"]
    assert not list(tmp_path.rglob("evil.xlsx")) and not Path("/tmp/evil.xlsx").exists()


def test_non_excel_files_and_nested_zips_are_refused_by_name_and_the_workbooks_still_checked(client):
    archive = zipped(
        {"说明.txt": b"hello", "inner.zip": zipped({"a.xlsx": b"PK"}), "县.xlsx": DEMO.read_bytes()}
    )
    job = upload(client, [("notes.pdf", b"%PDF"), ("东湖小学.et", b"\xd0\xcf"), ("各校.zip", archive)]).json()
    job = finished(client, job)
    refused = {f["file"]: f["message"] for f in job["refused"]}
    assert "不是 Excel" in refused["notes.pdf"]
    assert "不是 Excel" in refused["各校.zip/说明.txt"]
    assert "不能再套压缩包" in refused["各校.zip/inner.zip"]
    assert "WPS 表格文件（.et）" in refused["东湖小学.et"] and "另存为 .xlsx" in refused["东湖小学.et"]
    assert job["state"] == "done" and [f["file"] for f in job["files"]] == ["县.xlsx"]


def test_what_a_mac_adds_to_a_zip_is_neither_read_nor_refused(client):
    junk = b"\x00\x05\x16\x07 AppleDouble"  # the resource-fork companion macOS zips beside each file
    archive = zipped({"县.xlsx": DEMO.read_bytes(), "._县.xlsx": junk, "__MACOSX/._县.xlsx": junk})
    job = finished(client, upload(client, [("各校.zip", archive)]).json())
    assert job["state"] == "done" and job["refused"] == []
    assert [f["file"] for f in job["files"]] == ["县.xlsx"]


def test_a_bad_workbook_among_good_ones_shows_its_message_and_the_others_are_checked(client, few):
    files = [(p.name, p.read_bytes()) for p in few] + [("坏.xlsx", b"this is no workbook")]
    job = finished(client, upload(client, files).json())
    assert job["state"] == "done"
    status = {f["file"]: f for f in job["files"]}
    assert status["坏.xlsx"]["status"] == "unusable" and "不是 Excel" in status["坏.xlsx"]["message"]
    assert all(status[p.name]["status"] in ("read", "no_schools") for p in few)
    report = client.get(job["result"]["downloads"]["json"]).json()
    assert report["counts"]["evaluated_schools"] == check_files(few)["counts"]["evaluated_schools"]


def test_the_json_download_equals_the_library_result_and_lives_in_the_request_folder(client, root, checked):
    job = finished(client, upload(client, [("demo_county.xlsx", DEMO.read_bytes())]).json())
    report = client.get(job["result"]["downloads"]["json"]).json()
    assert report == json.loads(to_json(checked(DEMO)))
    assert (root / "checks" / job["id"] / "in").is_dir()
    assert job["result"]["verdict"].startswith("示范县：未达到")


def test_results_expire_and_their_folders_are_removed(client, root):
    job = finished(client, upload(client, [("demo_county.xlsx", DEMO.read_bytes())]).json())
    folder = root / "checks" / job["id"]
    assert folder.is_dir()
    removed = client.app.jobs.expire(now=time.time() + settings.RESULT_TTL_SECONDS + 1)
    assert removed == 1 and not folder.exists()
    assert client.get(f"/api/checks/{job['id']}").status_code == 404


def test_a_malformed_upload_is_answered_and_the_server_keeps_serving(client):
    r = client.post(
        "/api/checks", content=b"garbage", headers={"content-type": "multipart/form-data; boundary=zz"}
    )
    assert r.status_code in (200, 400)
    r = client.post("/api/checks", content=b"\x00\xff", headers={"content-type": "multipart/form-data"})
    assert r.status_code == 400 and "无法解析" in r.json()["detail"]
    assert client.get("/").status_code == 200


def test_requests_without_the_token_get_403_and_the_address_with_it_opens_the_page(root):
    with TestClient(create_app(token="s3cret", root=root)) as c:
        assert c.get("/").status_code == 403
        assert "访问令牌" in c.get("/api/standards").json()["detail"]
        assert c.post("/api/checks", files=[("files", ("a.xlsx", b"PK"))]).status_code == 403
        assert c.get("/?token=wrong").status_code == 403
        assert c.get("/?token=s3cret").status_code == 200
        assert c.get("/api/standards").status_code == 200  # the page's own requests carry the cookie


def test_a_non_loopback_host_gets_a_random_token_and_an_empty_token_there_exits_2():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    assert access_token("127.0.0.1", None) is None
    first, second = access_token("0.0.0.0", None), access_token("0.0.0.0", None)
    assert len(first) >= 24 and first != second
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--token", "", "--no-browser"])
    assert result.exit_code == 2 and "必须使用访问令牌" in result.output


def test_the_page_is_chinese_served_by_the_package_and_sets_names_only_as_text(client):
    page = client.get("/").text
    assert "上传" in page and 'lang="zh-CN"' in page
    for asset in ("app.js", "app.css"):
        r = client.get(f"/static/{asset}")
        assert r.status_code == 200
        assert "http://" not in r.text and "https://" not in r.text  # no CDN, no internet
    assert "http://" not in page and "https://" not in page
    assert "innerHTML" not in (STATIC / "app.js").read_text("utf-8")
    assert client.get("/static/../app.py").status_code == 404


def test_the_blank_template_is_downloadable_from_the_page(client, tmp_path):
    r = client.get("/api/template?standard=national-2017")
    assert r.status_code == 200
    (tmp_path / "t.xlsx").write_bytes(r.content)
    assert zipfile.ZipFile(tmp_path / "t.xlsx").testzip() is None
    assert client.get("/api/template?standard=nope").status_code == 400
