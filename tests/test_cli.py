"""The CLI is thin: what it writes equals what the library returns, and its exit codes follow the contract."""

import json
import shutil
import subprocess
import sys

import jsonschema
import pytest
from click.testing import CliRunner

from balance_check import check_workbook
from balance_check.cli import main
from balance_check.report.json_report import load_schema

REPO_DEMO = "sample_data/demo_county.xlsx"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_check_writes_json_equal_to_library_result(tmp_path, fixtures_dir, checked):
    src = fixtures_dir / "county_a.xlsx"
    result = run("check", src, "--out", tmp_path)
    written = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert written == json.loads(json.dumps(checked(src)))
    assert result.exit_code == 1  # county_a does not pass
    assert {p.name for p in tmp_path.iterdir()} == {
        f"report.{ext}" for ext in ("json", "md", "xlsx", "docx", "html")
    }


def test_report_json_matches_documented_schema(tmp_path, fixtures_dir):
    for name in ("county_a", "county_b", "split_example"):
        run("check", fixtures_dir / f"{name}.xlsx", "--out", tmp_path / name, "--format", "json")
        jsonschema.validate(json.loads((tmp_path / name / "report.json").read_text("utf-8")), load_schema())


def test_passing_county_exits_0(tmp_path, county_b_attested):
    result = run("check", county_b_attested, "--out", tmp_path, "--format", "json")
    assert result.exit_code == 0
    assert "达到" in result.output and "未达到" not in result.output.splitlines()[0]


def test_unusable_input_exits_2_with_chinese_message_and_no_reports(tmp_path):
    bogus = tmp_path / "not_a_workbook.xlsx"
    bogus.write_text("学校名称,办学类型\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(bogus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "不是 Excel 工作簿" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_unknown_format_is_refused_before_evaluating(tmp_path, fixtures_dir):
    result = CliRunner().invoke(
        main, ["check", str(fixtures_dir / "county_b.xlsx"), "--out", str(tmp_path), "--format", "json,pdf"]
    )
    assert result.exit_code == 2 and "pdf" in result.output
    assert not any(tmp_path.iterdir())


def test_format_option_writes_only_the_chosen_files(tmp_path, fixtures_dir):
    run("check", fixtures_dir / "county_b.xlsx", "--out", tmp_path, "--format", "md")
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_standards_list_show_and_validate(tmp_path):
    listed = run("standards", "list").output
    ids = [line.split()[0] for line in listed.splitlines()]
    assert "national-2017" in ids and "basic-2012" in ids and "base-inputs" not in ids  # abstract base hidden
    shown = run("standards", "show", "national-2017").output
    assert "indicators[pe_art_teachers_per_100].thresholds.primary = 0.9    ← national-2017" in shown
    assert "school_fields[name].header" in shown and "← base-inputs" in shown
    assert run("standards", "validate", "standards/national-2017.yaml").exit_code == 0


def test_malformed_standard_is_rejected_with_key_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nextends: national-2017\nindicators:\n  - id: pe_art_teachers_per_100\n"
        "    thresholds: {primary: 不是数字}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["standards", "validate", str(bad)])
    assert result.exit_code == 2
    assert "indicators/2/thresholds/primary" in result.output


def test_template_round_trips_through_check_without_problems(tmp_path):
    out = tmp_path / "模板.xlsx"
    assert run("template", out).exit_code == 0
    import openpyxl

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["学校", "县域", "质量监测"]
    example = [c.value for c in wb["示例"][2]]
    wb["学校"].append(example)
    wb.save(out)
    report = check_workbook(out)
    assert report["problems"] == []
    assert [s["name"] for s in report["schools"]] == ["城关镇第一小学"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_python_dash_m_runs_the_same_cli(tmp_path, county_b_attested):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "balance_check",
            "check",
            str(county_b_attested),
            "--out",
            str(tmp_path),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert json.loads((tmp_path / "report.json").read_text("utf-8"))["passed"] is True
