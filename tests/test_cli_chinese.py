"""The command-line frame speaks Chinese: every --help, every usage mistake, --version (exit code 2 for a
wrong command line), with nothing of click's English left."""

import re

import click
import pytest
from click.testing import CliRunner

from balance_check.cli import main

ENGLISH = (
    "Usage",
    "Error",
    "Options",
    "Commands",
    "Try",
    "Missing",
    "argument",
    "option",
    "Invalid value",
    "No such",
    "Show this message",
    "version",
)
FLAG = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")  # option names such as --version are names, not prose


def commands(group=main, path=()):
    for name in group.list_commands(None):  # the commands' modules are imported on first use
        cmd = group.get_command(None, name)
        yield path + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from commands(cmd, path + (name,))


ALL = [((), main)] + list(commands())
IDS = [" ".join(p) or "balance-check" for p, _ in ALL]


def english_in(text: str) -> list[str]:
    prose = FLAG.sub("", text)
    return [w for w in ENGLISH if w in prose]


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def mistakes(path, cmd):
    """Usage mistakes for this command: an unknown option, a missing or an extra argument, an unknown
    sub-command, an option whose value is left out."""
    yield path + ("--nope",)
    args = [p for p in cmd.params if isinstance(p, click.Argument)]
    if isinstance(cmd, click.Group):
        yield path + ("chek",)
    elif args:
        yield path  # the arguments are missing
    else:
        yield path + ("多余",)
    valued = [p for p in cmd.params if isinstance(p, click.Option) and not p.is_flag]
    if valued and not isinstance(cmd, click.Group):
        yield path + ("x",) * len(args) + (valued[0].opts[-1],)


@pytest.mark.parametrize("path,cmd", ALL, ids=IDS)
def test_help_is_chinese(path, cmd):
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    assert result.output.startswith("用法：")
    assert "选项：" in result.output
    assert english_in(result.output) == [], result.output


@pytest.mark.parametrize("path,cmd", ALL, ids=IDS)
def test_usage_mistakes_are_chinese_and_exit_2(path, cmd):
    for args in mistakes(path, cmd):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "出错：" in result.output or "用法：" in result.output, (args, result.output)
        assert english_in(result.output) == [], (args, result.output)
        assert "Traceback" not in result.output


def test_version_is_chinese():
    result = invoke("--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"balance-check 版本 \S+\n", result.output)


def test_unknown_command_suggests_the_nearest():
    result = invoke("chek")
    assert result.exit_code == 2
    assert "没有“chek”这个命令。您是否要找 check？" in result.output
    assert "查看帮助：balance-check --help" in result.output


def test_missing_argument_names_it():
    result = invoke("check")
    assert result.exit_code == 2 and "缺少参数 INPUT.xlsx" in result.output


def test_unknown_option_suggests_the_nearest():
    result = invoke("check", "x.xlsx", "--fromat", "json")
    assert result.exit_code == 2 and "没有 --fromat 这个选项。您是否要找 --format" in result.output


def test_extra_argument_is_refused_in_chinese():
    result = invoke("standards", "list", "多余")
    assert result.exit_code == 2 and "多余的参数：多余" in result.output


def test_an_xlsx_renamed_to_xls_gets_chinese_advice(tmp_path, fixtures_dir):
    renamed = tmp_path / "数据.xls"
    renamed.write_bytes((fixtures_dir / "county_b.xlsx").read_bytes())
    result = invoke("check", str(renamed), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "内容是 .xlsx 工作簿。请把文件名改为 数据.xlsx 后重试" in result.output
    assert "Cfb" not in result.output and "OLE" not in result.output
