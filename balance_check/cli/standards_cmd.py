"""balance-check standards list | show ID | diff A B | new OUT --extends ID | validate FILE."""

import json
from pathlib import Path

import click

from ..report.atomic import output_file
from ..rules.compare import diff_records, new_facts, write_starter
from ..rules.files import find
from ..rules.merge import flatten, provenance
from ..standard import list_standards, load_standard
from .common import user_errors
from .frame import ChineseGroup


@click.group(cls=ChineseGroup)
def standards():
    """查看、比较、新建和校验标准文件。"""


@standards.command("list")
@user_errors
def list_cmd():
    """列出内置标准。"""
    for s in list_standards():
        ext = f"（继承 {s['extends']}）" if s.get("extends") else ""
        click.echo(f"{s['id']:<24}{s['title']}{ext}")


@standards.command("show")
@click.argument("ref", metavar="标准")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出合并后的标准")
@user_errors
def show(ref: str, as_json: bool):
    """显示标准（合并继承后）的每条规则及其来源文件。"""
    std = load_standard(ref)
    if as_json:
        click.echo(json.dumps(std.data, ensure_ascii=False, indent=2))
        return
    origin = provenance(find(str(ref)))
    click.echo(f"{std.id}：{std.title}")
    for path, value in flatten(std.data).items():
        click.echo(f"{path} = {json.dumps(value, ensure_ascii=False)}    ← {origin.get(path, '?')}")


@standards.command("diff")
@click.argument("a", metavar="标准A")
@click.argument("b", metavar="标准B")
@user_errors
def diff_cmd(a: str, b: str):
    """按规则记录列出两个标准之间不同的规则，并给出每条规则的条款出处。"""
    groups = diff_records(a, b)
    if not groups:
        click.echo("两个标准的规则相同。")
        return
    click.echo(f"{a}  →  {b}")
    show = lambda v: "（无）" if v is None else json.dumps(v, ensure_ascii=False)  # noqa: E731
    words = {"added": "新增", "removed": "删除", "changed": "修改"}
    for g in groups:
        title = f"  {g['title']}" if g["title"] else ""
        click.echo(f"\n{g['record']}（{words[g['change']]}）{title}")
        click.echo(f"  条款：{g['clause'] or '（未注明）'}")
        for p, va, vb in g["rows"]:
            click.echo(f"  {p[len(g['record']) :].lstrip('.') or p}  {show(va)}  →  {show(vb)}")
    facts = new_facts(a, b)
    if facts:
        click.echo(f"\n{b} 新增县域填报项目：{'、'.join(facts)}")
    click.echo(f"\n共 {len(groups)} 条规则记录不同（{sum(len(g['rows']) for g in groups)} 处）。")


@standards.command("new")
@click.argument("out", metavar="FILE.yaml", type=click.Path(path_type=Path))
@click.option(
    "--extends", "parent", default="national-2017", metavar="标准", help="继承的标准；默认 national-2017"
)
@click.option("--id", "new_id", default=None, metavar="编号", help="新标准的编号（默认取文件名）")
@click.option("--force", is_flag=True, help="文件已存在时覆盖（默认不覆盖）")
@user_errors
def new(out: Path, parent: str, new_id: str | None, force: bool):
    """写出一个带注释的省级标准起始文件。

    文件名没有扩展名时加 .yaml；已存在的文件不覆盖，除非加 --force。"""
    load_standard(parent)  # an unknown parent is refused before anything is written
    path = output_file(out, ".yaml", force, "标准文件")
    write_starter(path, new_id or path.stem, parent)
    click.echo(f"已写入 {path}；编辑后用 balance-check standards validate {path} 校验")


@standards.command("validate")
@click.argument("ref", metavar="文件或编号")
@user_errors
def validate_cmd(ref: str):
    """按 JSON Schema 校验标准文件（合并继承后）；有误时指出出错的键路径。"""
    s = load_standard(ref)
    click.echo(f"标准文件有效：{s.id}（{s.title}），指标 {len(s.indicators)} 项，县域项目 {len(s.items)} 项")
