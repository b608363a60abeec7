"""balance-check standards list | show ID | validate FILE."""
import json

import click
import yaml

from ..standard import list_standards, load_standard
from .common import user_errors


@click.group()
def standards():
    """查看和校验标准文件。"""


@standards.command("list")
@user_errors
def list_cmd():
    """列出内置标准。"""
    for s in list_standards():
        ext = f"（继承 {s['extends']}）" if s.get("extends") else ""
        click.echo(f"{s['id']:<20}{s['title']}{ext}")


@standards.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@user_errors
def show(ref: str, as_json: bool):
    """显示标准（合并继承后）的全部规则。"""
    data = load_standard(ref).data
    click.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json
               else yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@standards.command("validate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@user_errors
def validate_cmd(path: str):
    """按 JSON Schema 校验标准文件；有误时指出出错的键路径。"""
    s = load_standard(path)
    click.echo(f"标准文件有效：{s.id}（{s.title}），指标 {len(s.indicators)} 项，县域项目 {len(s.items)} 项")
