"""A result that cannot be written ends in a Chinese message naming the path, exit code 3, the verdict
already printed, no temporary files left behind and earlier reports exactly as they were."""

import os
import tempfile

import pytest
from click.testing import CliRunner

from balance_check.cli import main
from balance_check.errors import OutputUnwritable
from balance_check.report import atomic as atomic_module
from balance_check.report import write_reports

FAST = "json,md,html"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_verdict_printed(output: str):
    first = output.splitlines()[0]
    assert "达到" in first and "要求" in first  # the county's verdict, printed before writing
    assert "数据完整性" in output


@pytest.fixture
def county(fixtures_dir):
    return fixtures_dir / "county_b.xlsx"


def test_out_naming_an_existing_file_exits_3_and_leaves_the_file(tmp_path, county):
    target = tmp_path / "报告.txt"
    target.write_text("旧内容", encoding="utf-8")
    result = run("check", county, "--out", target)
    assert result.exit_code == 3
    assert_verdict_printed(result.output)
    assert f"{target} 是一个文件，不是文件夹" in result.output and "--out" in result.output
    assert snapshot(tmp_path) == {"报告.txt": "旧内容".encode()}
    assert "Traceback" not in result.output


def test_out_below_a_file_exits_3_naming_the_file(tmp_path, county):
    blocker = tmp_path / "数据.xlsx"
    blocker.write_bytes(b"x")
    result = run("check", county, "--out", blocker / "报告")
    assert result.exit_code == 3
    assert_verdict_printed(result.output)
    assert f"路径中的 {blocker} 是一个文件" in result.output
    assert snapshot(tmp_path) == {"数据.xlsx": b"x"}


def test_folder_that_cannot_be_written_exits_3_and_keeps_earlier_reports(tmp_path, county, monkeypatch):
    out = tmp_path / "报告"
    assert run("check", county, "--out", out, "--format", FAST).exit_code == 0
    before = snapshot(out)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("check", county, "--out", out, "--format", FAST)
    assert result.exit_code == 3
    assert_verdict_printed(result.output)
    assert f"没有权限写入文件夹 {out}" in result.output and "请换一个可写的文件夹" in result.output
    assert snapshot(out) == before


@pytest.mark.parametrize("earlier", [True, False], ids=["earlier-reports", "empty-folder"])
def test_report_locked_by_excel_exits_3_and_changes_nothing(tmp_path, county, monkeypatch, earlier):
    out = tmp_path / "报告"
    if earlier:
        assert run("check", county, "--out", out, "--format", "json,md,xlsx").exit_code == 0
    before = snapshot(out) if out.exists() else {}
    real_replace = os.replace

    def locked(src, dst):  # Windows refuses to rename a file that Excel holds open
        if "report.xlsx" in (os.path.basename(src), os.path.basename(dst)):
            raise PermissionError(13, "The process cannot access the file")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    result = run("check", county, "--out", out, "--format", "json,md,xlsx")
    assert result.exit_code == 3
    assert_verdict_printed(result.output)
    assert "文件被其他程序占用，请在 Excel/WPS 中关闭 report.xlsx 后重试" in result.output
    assert (snapshot(out) if out.exists() else {}) == before  # no leftovers, nothing half-replaced


@pytest.fixture(scope="module")
def report_b(fixtures_dir, checked):
    return checked(fixtures_dir / "county_b.xlsx")


@pytest.mark.parametrize("failing", ["json", "md", "html"])
@pytest.mark.parametrize("stage", ["temporary file", "writing", "rename"])
@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "two-processes"])
def test_write_reports_is_all_or_nothing(tmp_path, report_b, monkeypatch, failing, stage, jobs):
    report = report_b
    out = tmp_path / "out"
    write_reports(report, out, ["json", "md", "html"], jobs=jobs)
    for p in out.iterdir():
        p.write_text(f"earlier {p.name}", encoding="utf-8")
    before = snapshot(out)
    real_mkstemp, real_replace, real_fill = tempfile.mkstemp, os.replace, atomic_module._fill

    def mkstemp(*args, suffix="", **kwargs):
        if stage == "temporary file" and suffix == f".{failing}":
            raise PermissionError(13, "denied")
        return real_mkstemp(*args, suffix=suffix, **kwargs)

    def fill(path, tmp, write_fn):  # in whichever process writes the format
        if stage == "writing" and path.suffix == f".{failing}":
            return real_fill(path, tmp, lambda tmp: (_ for _ in ()).throw(OSError(28, "No space left")))
        return real_fill(path, tmp, write_fn)

    def replace(src, dst):  # the new file cannot take the report's name (putting the old one back can)
        new = os.path.basename(src).startswith(".report-")
        if stage == "rename" and new and os.path.basename(dst) == f"report.{failing}":
            raise PermissionError(13, "denied")
        return real_replace(src, dst)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(atomic_module, "_fill", fill)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputUnwritable) as caught:
        write_reports(report, out, ["json", "md", "html"], jobs=jobs)
    assert str(out) in caught.value.message or f"report.{failing}" in caught.value.message
    assert snapshot(out) == before


def test_a_successful_write_leaves_only_the_reports(tmp_path, report_b):
    report = report_b
    write_reports(report, tmp_path, ["json", "md"])
    write_reports(report, tmp_path, ["json", "md"])  # over earlier reports: their backups are removed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "report.md"]
