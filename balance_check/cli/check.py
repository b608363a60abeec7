"""balance-check check INPUT.xlsx: evaluate and write the reports."""

import sys
from pathlib import Path

import click

from ..report import FORMATS, write_reports
from ..report.words import SECTION_STATUS, cv_notes
from ..standard import enable_cases
from . import process
from .common import (
    EXIT_FAIL,
    EXIT_PASS,
    get_standard,
    out_option,
    split_list,
    standard_option,
    user_errors,
)
from .frame import ChineseCommand
from .merge_cmd import county_option


@click.command(cls=ChineseCommand)
@click.argument(
    "input_paths", metavar="INPUT.xlsx|文件夹 ...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@standard_option
@out_option("报告")
@click.option(
    "--format",
    "-f",
    "formats",
    default=",".join(FORMATS),
    metavar="格式",
    help=f"输出格式，用逗号或顿号分隔：{','.join(FORMATS)}；默认全部",
)
@click.option(
    "--enable",
    "cases",
    multiple=True,
    metavar="特殊情形",
    help="开启标准中的特殊情形（可多次指定；见 balance-check standards show）",
)
@click.option(
    "--costs",
    "costs_path",
    type=click.Path(path_type=Path),
    default=None,
    help="本县的整改单价文件（YAML，未列出的项目取默认单价）",
)
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path),
    default=None,
    help="上次的报告工作簿 report.xlsx：沿用其整改清单中的责任单位、完成时限、状态和备注",
)
@county_option
@user_errors
def check(
    input_paths: tuple[Path, ...],
    standard_ref: str,
    out_dir: Path,
    formats: str,
    cases: tuple[str, ...],
    county_file: str | None,
    costs_path: Path | None,
    ledger_path: Path | None,
):
    """核验 INPUT.xlsx（或多个文件、文件夹，合并为一个县），输出 report.json/.md/.xlsx/.docx/.html。

    退出码：0 达标，1 未达标，2 无法核验或命令有误，3 报告无法写入。"""
    chosen = list(dict.fromkeys(f.lower().lstrip(".") for f in split_list(formats)))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"不支持的格式：{'、'.join(unknown)}（可选 {'、'.join(FORMATS)}）", param_hint="--format"
        )
    if not chosen:
        raise click.BadParameter(f"至少选择一种格式（{'、'.join(FORMATS)}）", param_hint="--format")
    if len(input_paths) == 1 and input_paths[0].is_file() and county_file is None:
        from ..reading import preload

        preload.start(input_paths[0])  # calamine loads the 学校 sheet on another core while pandas loads
    with process.loading():
        from ..api import check_paths  # heavy (pandas): imported when a check runs, not for --help
    process.collector_off()

    report = check_paths(
        list(input_paths),
        enable_cases(get_standard(standard_ref), cases),
        county_file,
        costs=costs_path,
        ledger=ledger_path,
        columnar=True,
    )
    _summary(report)  # the verdict first: it stands even when the documents cannot be written
    written = write_reports(report, out_dir, chosen)
    for path in written:
        click.echo(f"已写入 {path}")
    sys.exit(EXIT_PASS if report["passed"] else EXIT_FAIL)


def _summary(report: dict) -> None:
    county = report["county"]["name"] or "本县"
    verdict = "达到" if report["passed"] else "未达到"
    click.echo(f"{county}：{verdict}{report['standard']['title']}要求")
    for sec in report["sections"].values():
        click.echo(f"  {sec['label']:<8}{SECTION_STATUS[sec['status']]:<5}{sec['detail']}")
    c = report["counts"]
    click.echo(
        f"  学校 {c['input_rows']} 行：参评 {c['evaluated_schools']} 所（{c['school_parts']} 个学段），"
        f"排除 {c['excluded']} 所，无法评估 {c['not_evaluable']} 所"
        + (f"，不是学校而跳过 {c['skipped']} 行" if c.get("skipped") else "")
        + "；"
        f"数据错误 {c['errors']} 个，提示 {c['warnings']} 个"
    )
    for reason in report["reasons"]:
        click.echo(f"  · {reason}")
    for note in cv_notes(report):
        click.echo(f"  注：差异系数 {note}")
