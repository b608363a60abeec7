"""balance-check template OUT.xlsx: an empty workbook to fill in."""

from pathlib import Path

import click

from ..report.atomic import output_file
from .common import get_standard, standard_option, user_errors
from .frame import ChineseCommand


@click.command(cls=ChineseCommand)
@click.argument("out_path", metavar="OUT.xlsx", type=click.Path(path_type=Path))
@standard_option
@click.option("--force", is_flag=True, help="文件已存在时覆盖（默认不覆盖，以免冲掉已填写的数据）")
@user_errors
def template(out_path: Path, standard_ref: str, force: bool):
    """写出空白填报模板（表头、单位、下拉列表、填表说明与示例）。

    文件名没有扩展名时加 .xlsx；已存在的文件不覆盖，除非加 --force。"""
    standard = get_standard(standard_ref)
    path = output_file(out_path, ".xlsx", force, "填报模板")
    from ..template import write_template  # XlsxWriter: imported when the command runs

    write_template(standard, path)
    click.echo(f"已写入模板 {path}")
