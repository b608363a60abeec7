"""balance-check validate INPUT.xlsx: check the data only and list the problems."""

import sys
from pathlib import Path

import click

from .common import EXIT_UNUSABLE, get_standard, standard_option, user_errors
from .frame import ChineseCommand


@click.command(cls=ChineseCommand)
@click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))
@standard_option
@user_errors
def validate(input_path: Path, standard_ref: str):
    """只检查数据，不评估。退出码：0 无问题，1 仅有提示，2 有错误或无法读取。"""
    from ..problems import Severity
    from ..reading import read_workbook  # heavy (pandas): imported when the command runs

    data = read_workbook(input_path, get_standard(standard_ref))
    problems = data.problems.items
    if not problems:
        click.echo(f"未发现数据问题（学校 {len(data.schools)} 行）。")
        sys.exit(0)
    click.echo(f"{'级别':<4}{'工作表':<6}{'行':>6}  {'列':<20}说明")
    for p in problems:
        click.echo(f"{p.severity.label:<4}{p.sheet:<6}{p.row or '':>6}  {(p.column or ''):<20}{p.message}")
    errors = sum(p.severity == Severity.ERROR for p in problems)
    click.echo(f"共 {errors} 个错误，{len(problems) - errors} 个提示。")
    sys.exit(EXIT_UNUSABLE if errors else 1)
