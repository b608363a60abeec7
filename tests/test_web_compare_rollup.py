"""年度比较 and 多县汇总 on the page: the endpoints return what the library returns for the same files, keep
the upload's safety rules, and list an unusable county file without stopping the others."""

import copy
import json
import time

import pytest
from fastapi.testclient import TestClient
from generated import county_workbook, demo, row_of, set_county_value, write_county

from balance_check.compare import compare_files
from balance_check.rollup import rollup
from balance_check.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(create_app(root=tmp_path_factory.mktemp("server"))) as c:
        yield c


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    d = tmp_path_factory.mktemp("years")
    schools, county, quality = demo.county_rows()
    write_county(d / "上年.xlsx", schools, county, quality)
    now = copy.deepcopy(schools)
    row_of(now, "东湖小学")["小学在校生数"] = 1250
    now.remove(row_of(now, "杨庄小学"))
    write_county(d / "本年.xlsx", now, set_county_value(county, "社会认可度（%）", 70), quality)
    return d


@pytest.fixture(scope="module")
def counties(tmp_path_factory):
    d = tmp_path_factory.mktemp("counties")
    county_workbook(d / "甲县.xlsx", seed=11, county="甲县", schools=12)
    county_workbook(d / "乙县.xlsx", seed=12, county="乙县", schools=12)
    (d / "坏县.xlsx").write_text("这不是工作簿", "utf-8")
    return d


def finished(client, job: dict, seconds: float = 180) -> dict:
    deadline = time.time() + seconds
    while job["state"] not in ("done", "failed"):
        assert time.time() < deadline, job
        time.sleep(0.2)
        job = client.get(f"/api/checks/{job['id']}").json()
    return job


def post_compare(client, before, after, **data):
    files = [("before", (before.name, before.read_bytes())), ("after", (after.name, after.read_bytes()))]
    return client.post("/api/compare", files=files, data={"standard": "national-2017", **data})


def test_the_compare_endpoints_json_equals_the_librarys_compare_of_the_same_two_files(client, years):
    before, after = years / "上年.xlsx", years / "本年.xlsx"
    job = finished(client, post_compare(client, before, after).json())
    assert job["state"] == "done", job
    view = job["compare"]
    got = client.get(view["downloads"]["json"]).json()
    assert got == json.loads(json.dumps(compare_files(before, after, "national-2017"), ensure_ascii=False))
    assert view["worsened"] == got["worsened"] is True  # 东湖小学 grew: observed to turn a verdict to fail
    assert view["headline"].startswith(got["after"]["county"] or "本县")
    assert f"有结论由达标变为未达标（{len(got['regressions'])} 项）" in view["headline"]
    assert view["regressions"] == [r["label"] for r in got["regressions"]]
    for fmt in ("xlsx", "html"):
        assert client.get(view["downloads"][fmt]).status_code == 200
    assert "<html" in client.get(f"/api/checks/{job['id']}/report").text.lower()
    assert client.get(f"/api/checks/{job['id']}/download/report.docx").status_code == 404


def test_the_same_year_twice_says_first_that_no_verdict_went_from_pass_to_fail(client, years):
    job = finished(client, post_compare(client, years / "上年.xlsx", years / "上年.xlsx").json())
    assert job["state"] == "done", job
    assert job["compare"]["worsened"] is False
    assert job["compare"]["headline"].endswith("没有结论由达标变为未达标")
    assert job["compare"]["regressions"] == []


def test_compare_refuses_a_file_that_is_neither_a_workbook_nor_a_report_json(client, years, tmp_path):
    other = tmp_path / "说明.txt"
    other.write_text("x", "utf-8")
    r = post_compare(client, years / "上年.xlsx", other)
    assert r.status_code == 400
    assert "说明.txt" in r.json()["detail"]


def test_the_rollup_endpoints_rows_equal_the_librarys_and_a_bad_file_is_listed_not_fatal(client, counties):
    names = ["甲县.xlsx", "乙县.xlsx", "坏县.xlsx"]
    files = [("files", (n, (counties / n).read_bytes())) for n in names]
    job = finished(client, client.post("/api/rollup", files=files, data={"standard": "national-2017"}).json())
    assert job["state"] == "done", job
    got = client.get(job["rollup"]["downloads"]["json"]).json()
    library = rollup([counties / n for n in names], standard="national-2017", jobs=1)
    strip = lambda rows: [{k: v for k, v in r.items() if k != "report_dir"} for r in rows]  # noqa: E731
    assert strip(got["counties"]) == json.loads(json.dumps(strip(library["counties"]), ensure_ascii=False))
    assert got["counts"] == library["counts"]
    assert [u["file"] for u in job["rollup"]["unusable"]] == ["坏县.xlsx"]
    assert job["rollup"]["unusable"][0]["message"] == library["unusable"][0]["message"]
    assert client.get(job["rollup"]["downloads"]["xlsx"]).status_code == 200
    assert "<html" in client.get(f"/api/checks/{job['id']}/report").text.lower()


def test_a_rollup_where_no_county_can_be_checked_fails_with_each_files_message(client, counties):
    files = [("files", ("坏县.xlsx", (counties / "坏县.xlsx").read_bytes()))]
    job = finished(client, client.post("/api/rollup", files=files).json())
    assert job["state"] == "failed"
    assert "坏县.xlsx" in job["message"]


@pytest.mark.parametrize("path", ["/api/compare", "/api/rollup"])
def test_compare_and_rollup_without_the_token_get_403_on_a_non_loopback_app(tmp_path, years, path):
    with TestClient(create_app(token="s3cret", root=tmp_path / "server")) as c:
        files = [("before", ("a.xlsx", b"x")), ("after", ("b.xlsx", b"x")), ("files", ("c.xlsx", b"x"))]
        r = c.post(path, files=files)
        assert r.status_code == 403
        assert "令牌" in r.json()["detail"]
        assert not any((tmp_path / "server" / "checks").glob("*/upload"))
