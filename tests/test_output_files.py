"""template and standards new: never overwrite without --force, add a missing suffix, refuse another one,
create parent folders; standard references; --format separators a Chinese input method types."""

import json
import re
import tempfile

import openpyxl
import pytest
from click.testing import CliRunner

from balance_check.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_template_refuses_to_overwrite_an_existing_workbook(tmp_path):
    filled = tmp_path / "数据.xlsx"
    filled.write_bytes(b"filled-in data")
    result = run("template", filled)
    assert result.exit_code == 2
    assert f"{filled} 已存在，未覆盖" in result.output and "--force" in result.output
    assert filled.read_bytes() == b"filled-in data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["数据.xlsx"]


def test_template_force_overwrites(tmp_path):
    target = tmp_path / "数据.xlsx"
    target.write_bytes(b"old")
    result = run("template", target, "--force")
    assert result.exit_code == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "学校"


def test_template_without_suffix_gets_xlsx_and_parent_folders(tmp_path):
    result = run("template", tmp_path / "新建" / "二级" / "模板")
    assert result.exit_code == 0
    written = tmp_path / "新建" / "二级" / "模板.xlsx"
    assert openpyxl.load_workbook(written).sheetnames[0] == "学校"
    assert str(written) in result.output
    assert not (tmp_path / "新建" / "二级" / "模板").exists()


@pytest.mark.parametrize("name", ["模板.xls", "模板.csv", "模板.xlsm"])
def test_template_refuses_other_suffixes(tmp_path, name):
    result = run("template", tmp_path / name)
    assert result.exit_code == 2
    assert "只能保存为 .xlsx 文件" in result.output and "模板.xlsx" in result.output
    assert list(tmp_path.iterdir()) == []


def test_template_into_a_folder_that_cannot_be_written_exits_3(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("template", tmp_path / "模板.xlsx")
    assert result.exit_code == 3
    assert f"没有权限写入文件夹 {tmp_path}" in result.output
    assert list(tmp_path.iterdir()) == []


def test_standards_new_adds_yaml_and_the_result_validates(tmp_path):
    result = run("standards", "new", tmp_path / "省" / "prov2")
    assert result.exit_code == 0
    written = tmp_path / "省" / "prov2.yaml"
    assert written.is_file() and f"standards validate {written}" in result.output
    validated = run("standards", "validate", written)
    assert validated.exit_code == 0 and "标准文件有效：prov2" in validated.output


def test_standards_new_refuses_to_overwrite_and_force_overwrites(tmp_path):
    target = tmp_path / "prov.yaml"
    target.write_text("# 已编辑的省级标准\n", encoding="utf-8")
    refused = run("standards", "new", target)
    assert refused.exit_code == 2 and "已存在，未覆盖" in refused.output and "Error" not in refused.output
    assert target.read_text("utf-8") == "# 已编辑的省级标准\n"
    assert run("standards", "new", target, "--force").exit_code == 0
    assert "extends: national-2017" in target.read_text("utf-8")


@pytest.mark.parametrize("name", ["prov.json", "prov.txt"])
def test_standards_new_refuses_other_suffixes(tmp_path, name):
    result = run("standards", "new", tmp_path / name)
    assert result.exit_code == 2 and "只能保存为 .yaml 文件" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "ref,nearest", [("national", "national-2017"), ("hebei", "hebei-2017"), ("basic2012", "basic-2012")]
)
def test_unknown_standard_id_suggests_the_nearest(ref, nearest):
    result = run("standards", "show", ref)
    assert result.exit_code == 2
    assert re.search(f"您是否要找 {nearest}[、？]", result.output)  # the nearest first
    assert "标准文件有误" not in result.output


@pytest.mark.parametrize("ref", ["不存在.yaml", "省/标准", "省\\标准", "x.yml", "x.json"])
def test_a_path_that_does_not_exist_says_file_not_found(ref):
    result = run("standards", "validate", ref)
    assert result.exit_code == 2
    assert f"找不到文件 {ref}" in result.output and "未知" not in result.output


def test_check_with_an_unknown_standard_suggests_before_reading(tmp_path, fixtures_dir):
    result = run("check", fixtures_dir / "county_b.xlsx", "--standard", "national", "--out", tmp_path)
    assert result.exit_code == 2 and "您是否要找 national-2017？" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("formats", ["json，md", "json、md", " JSON ，.md "])
def test_format_accepts_chinese_separators(tmp_path, fixtures_dir, formats):
    result = run("check", fixtures_dir / "county_b.xlsx", "--out", tmp_path, "--format", formats)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "report.md"]
    assert json.loads((tmp_path / "report.json").read_text("utf-8"))["passed"] is True
