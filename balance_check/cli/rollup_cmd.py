"""balance-check rollup 县1.xlsx 县2.xlsx … --out 目录: many counties checked, one summary."""

import sys
from pathlib import Path

import click

from .common import EXIT_FAIL, EXIT_PASS, EXIT_UNUSABLE, out_option, user_errors
from .frame import ChineseCommand

EXIT_UNWRITABLE = 3
EACH_FOLDER = "各县报告"


@click.command(cls=ChineseCommand)
@click.argument("inputs", metavar="县.xlsx|文件夹|清单.csv …", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--standard",
    "-s",
    "standard_ref",
    default=None,
    help="所有县使用的标准（默认 national-2017）；也可给清单 CSV（列 file,standard）逐县指定",
)
@out_option("汇总")
@click.option("--each", is_flag=True, help=f"同时把每个县的完整报告写入 输出目录/{EACH_FOLDER}/文件名/")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="并行进程数（默认等于 CPU 数）")
@user_errors
def rollup(inputs: tuple[Path, ...], standard_ref: str | None, out_dir: Path, each: bool, jobs: int | None):
    """核验多个县（文件、文件夹或清单 CSV），生成 rollup.json/.xlsx/.html 汇总。
    退出码：0 所有县达标，1 有县未达标或无法核验，2 没有一个县能够核验，3 结果无法写入。"""
    manifests = [p for p in inputs if p.suffix.lower() == ".csv"]
    if standard_ref and standard_ref.lower().endswith(".csv"):
        manifests.append(Path(standard_ref))
        standard_ref = None
    files = [p for p in inputs if p.suffix.lower() != ".csv"]
    if not files and not manifests:
        raise click.UsageError("请给出县的数据文件、文件夹或清单 CSV")
    if len(manifests) > 1:
        raise click.UsageError("只能给一个清单 CSV")
    from ..rollup import rollup as rollup_counties  # heavy (pandas): imported when the command runs
    from ..rollup.write import write_rollup

    result = rollup_counties(
        files,
        standard=standard_ref,
        manifest=manifests[0] if manifests else None,
        each_dir=out_dir / EACH_FOLDER if each else None,
        jobs=jobs,
    )
    c = result["counts"]
    if c["checked"] == 0:
        click.echo(f"没有一个县能够核验（{c['files']} 个文件）：", err=True)
        for bad in result["unusable"]:
            click.echo(f"  {bad['file']}：{bad['message']}", err=True)
        sys.exit(EXIT_UNUSABLE)
    try:
        written = write_rollup(result, out_dir)
    except OSError as e:
        click.echo(f"汇总无法写入 {out_dir}：{e.strerror or e}", err=True)
        sys.exit(EXIT_UNWRITABLE)
    click.echo(
        f"核验 {c['checked']} 个县：达到 {c['passed']} 个，未达到 {c['failed']} 个；"
        f"无法核验 {c['unusable']} 个文件"
    )
    for row in result["counties"]:
        click.echo(
            f"  {'达到  ' if row['passed'] else '未达到'} {row['county'] or row['file']}"
            f"（未达标学校 {row['failing_parts']}，未达标县域项目 {row['failing_items']}）"
        )
    for bad in result["unusable"]:
        click.echo(f"  无法核验 {bad['file']}：{bad['message']}")
    for path in written:
        click.echo(f"已写入 {path}")
    for message in result["write_errors"]:
        click.echo(message, err=True)
    if result["write_errors"]:
        sys.exit(EXIT_UNWRITABLE)
    sys.exit(EXIT_PASS if c["failed"] == 0 and c["unusable"] == 0 else EXIT_FAIL)
