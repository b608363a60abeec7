"""balance-check check INPUT.xlsx: evaluate and write the reports."""

import sys
from pathlib import Path

import click

from ..report import FORMATS, write_reports
from ..report.markdown import SECTION_STATUS
from ..standard import enable_cases
from .common import EXIT_FAIL, EXIT_PASS, get_standard, standard_option, user_errors
from .merge_cmd import county_option


@click.command()
@click.argument(
    "input_paths", metavar="INPUT.xlsx|文件夹 ...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@standard_option
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="报告输出目录",
)
@click.option(
    "--format",
    "-f",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    help=f"输出格式，逗号分隔：{', '.join(FORMATS)}",
)
@click.option(
    "--enable",
    "cases",
    multiple=True,
    metavar="CASE_ID",
    help="开启标准中的特殊情形（可多次指定；见 balance-check standards show）",
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
):
    """核验 INPUT.xlsx（或多个文件、文件夹，合并为一个县），输出 report.json/.md/.xlsx/.docx/.html。
    退出码：0 达标，1 未达标，2 无法核验。"""
    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"不支持的格式：{', '.join(unknown)}（可选 {', '.join(FORMATS)}）", param_hint="--format"
        )
    from ..api import check_paths  # heavy (pandas): imported when a check runs, not for --help

    std = enable_cases(get_standard(standard_ref), cases)
    report = check_paths(list(input_paths), std, county_file, columnar=True)
    written = write_reports(report, out_dir, chosen)
    _summary(report)
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
        f"排除 {c['excluded']} 所，无法评估 {c['not_evaluable']} 所；"
        f"数据错误 {c['errors']} 个，提示 {c['warnings']} 个"
    )
    for reason in report["reasons"]:
        click.echo(f"  · {reason}")
