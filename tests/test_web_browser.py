"""End to end in a real browser: Debian's headless Chromium driven by Playwright opens the page, uploads
the sample county (one workbook; then one file per school, selected together and as one .zip), reads the
verdict and checks that the downloaded report.json equals the library's result.

Screenshots go to $BALANCE_CHECK_ARTIFACTS, else a temporary folder (its path is printed)."""

import io
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from per_school import zip_files
from same_county import county_result
from web_server import running

from balance_check.report.json_report import to_json
from balance_check.web import create_app

DEMO = Path(__file__).resolve().parent.parent / "sample_data" / "demo_county.xlsx"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WAIT_MS = 240_000  # a loaded machine shared by many builds reads 45 workbooks slowly


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        pytest.skip(f"SKIPPED LOUDLY: the browser test needs Playwright ({e}); pip install -e '.[test]'")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"SKIPPED LOUDLY: no Chromium at {CHROMIUM}; apt-get install chromium (see .ci/run)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    given = os.environ.get("BALANCE_CHECK_ARTIFACTS")
    folder = Path(given or tempfile.mkdtemp(prefix="balance-check-shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with running(create_app(root=tmp_path_factory.mktemp("web"))) as url:
        yield url


@pytest.fixture(scope="module")
def split(demo_split) -> list[Path]:
    return demo_split


def _check_in_page(browser, base_url, files: list[Path], shot: Path) -> tuple[str, dict]:
    """Upload `files` in the page, wait for the verdict, download the .zip; returns (verdict, report)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    try:
        page.goto(base_url + "/")
        page.wait_for_selector("#standard option", state="attached")
        page.set_input_files("#files", [str(f) for f in files])
        page.click("#start")
        page.wait_for_function(
            "document.querySelector('#verdict').textContent"
            " || !document.querySelector('#job-message').hidden",
            timeout=WAIT_MS,
        )
        assert page.is_hidden("#job-message"), page.inner_text("#job-message")
        page.wait_for_selector("#download-zip")
        verdict = page.inner_text("#verdict")
        page.frame_locator("#report-frame").locator("h1").first.wait_for()  # the HTML report is shown
        page.screenshot(path=str(shot), full_page=True)
        with page.expect_download() as info:
            page.click("#download-zip")
        data = Path(info.value.path()).read_bytes()
    finally:
        page.close()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == sorted(f"report.{f}" for f in ("json", "md", "xlsx", "docx", "html"))
        return verdict, json.loads(zf.read("report.json"))


def _expected_verdict(report: dict) -> str:
    county = report["county"]["name"] or "本县"
    return f"{county}：{'达到' if report['passed'] else '未达到'}{report['standard']['title']}要求"


def test_the_sample_county_uploaded_in_the_page_gives_the_librarys_report(
    browser, base_url, artifacts, checked
):
    verdict, report = _check_in_page(browser, base_url, [DEMO], artifacts / "web_county_workbook.png")
    expected = json.loads(to_json(checked(DEMO)))
    assert verdict == _expected_verdict(expected)
    assert report == expected


def test_per_school_files_selected_together_give_the_county_workbooks_result(
    browser, base_url, artifacts, split, checked
):
    verdict, report = _check_in_page(browser, base_url, split, artifacts / "web_per_school_files.png")
    single = checked(DEMO)
    assert verdict == _expected_verdict(single)
    assert county_result(report) == county_result(single)
    assert {s["file"] for s in report["schools"]} <= {p.name for p in split}


def test_per_school_files_as_one_zip_give_the_county_workbooks_result(
    browser, base_url, artifacts, split, tmp_path, checked
):
    archive = zip_files(split, tmp_path / "各校数据.zip")
    verdict, report = _check_in_page(browser, base_url, [archive], artifacts / "web_per_school_zip.png")
    single = checked(DEMO)
    assert verdict == _expected_verdict(single)
    assert county_result(report) == county_result(single)
