"""balance-check template OUT.xlsx: an empty workbook to fill in."""

from pathlib import Path

import click

from .common import get_standard, standard_option, user_errors


@click.command()
@click.argument("out_path", metavar="OUT.xlsx", type=click.Path(path_type=Path))
@standard_option
@user_errors
def template(out_path: Path, standard_ref: str):
    """写出空白填报模板（表头、单位、下拉列表、填表说明与示例）。"""
    from ..template import write_template

    write_template(get_standard(standard_ref), out_path)
    click.echo(f"已写入模板 {out_path}")
