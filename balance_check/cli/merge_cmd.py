"""balance-check merge 文件夹 --out 合并.xlsx: one county workbook from many (one file per school)."""

import sys
from pathlib import Path

import click

from ..problems import ProblemCode
from . import process
from .common import EXIT_FAIL, EXIT_PASS, get_standard, standard_option, user_errors
from .frame import ChineseCommand

county_option = click.option(
    "--county",
    "county_file",
    default=None,
    metavar="FILE",
    help="以哪个文件的“县域”“质量监测”表为准（文件名，文件夹中的文件写其相对路径）",
)


@click.command(cls=ChineseCommand)
@click.argument(
    "input_paths", metavar="文件夹|文件 ...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "--out",
    "-o",
    "out_path",
    type=click.Path(path_type=Path),
    required=True,
    help="合并后的县域工作簿（.xlsx）",
)
@standard_option
@county_option
@user_errors
def merge(input_paths: tuple[Path, ...], out_path: Path, standard_ref: str, county_file: str | None):
    """把各校分别填报的工作簿合并为一个县的填报工作簿（模板格式）。
    退出码：0 无问题，1 有错误或提示，2 无法合并，3 无法写入。"""
    try:
        with process.loading():
            from ..api import merge_files  # heavy (pandas): imported when the command runs

        data = merge_files(list(input_paths), out_path, get_standard(standard_ref), county_file)
    except OSError as e:
        click.echo(f"无法写入 {out_path}：{e.strerror or e}", err=True)
        sys.exit(3)
    for f in data.files:
        state = {"read": f"{f['rows']} 行", "no_schools": "没有学校数据行", "unusable": "无法使用"}[
            f["status"]
        ]
        click.echo(f"  {f['file']}：{state}")
    merge_codes = (
        ProblemCode.DUPLICATE_IDENTICAL,
        ProblemCode.DUPLICATE_CONFLICT,
        ProblemCode.COUNTY_CONFLICT,
        ProblemCode.QUALITY_CONFLICT,
        ProblemCode.FILE_UNUSABLE,
        ProblemCode.FILE_WITHOUT_SCHOOLS,
        ProblemCode.COUNTY_FACT_IGNORED,
    )
    shown = [p for p in data.problems.items if p.code in merge_codes]
    for p in shown:
        click.echo(f"  {p.severity.label}：{p.file or ''} {p.message}")
    errors = sum(p.severity == "error" for p in data.problems.items)
    click.echo(
        f"已写入 {out_path}：{len(data.files)} 个文件，学校 {len(data.schools)} 行"
        f"（重复而未计入 {len(data.skipped)} 行）；数据错误 {errors} 个"
    )
    sys.exit(EXIT_FAIL if shown or errors else EXIT_PASS)
