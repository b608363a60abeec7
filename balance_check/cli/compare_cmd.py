"""balance-check compare 上年.xlsx 本年.xlsx --out 目录: what changed in a county, and why."""

import sys
from pathlib import Path

import click

from ..report.formats import COMPARE_FORMATS as FORMATS
from .common import EXIT_FAIL, EXIT_PASS, out_option, user_errors
from .frame import ChineseCommand

EXIT_UNWRITABLE = 3


@click.command(cls=ChineseCommand)
@click.argument("before", metavar="上年.xlsx|report.json", type=click.Path(path_type=Path))
@click.argument("after", metavar="本年.xlsx|report.json", type=click.Path(path_type=Path))
@click.option(
    "--standard",
    "-s",
    "standard_ref",
    default=None,
    help="核验工作簿所用的标准（默认：另一份 report.json 的标准，否则 national-2017）",
)
@out_option("比较结果")
@click.option(
    "--format",
    "-f",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    help=f"输出格式，逗号分隔：{', '.join(FORMATS)}",
)
@user_errors
def compare(before: Path, after: Path, standard_ref: str | None, out_dir: Path, formats: str):
    """比较同一县两年的核验结果：逐校指标变化（资源与学生数两部分）、差异系数、县域项目。
    退出码：0 没有结论由达标变为未达标，1 有，2 输入无法使用或两年标准不同，3 结果无法写入。"""
    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"不支持的格式：{', '.join(unknown)}（可选 {', '.join(FORMATS)}）", param_hint="--format"
        )
    from ..compare import compare_files  # heavy (pandas): imported when the command runs
    from ..compare.write import write_compare

    result = compare_files(before, after, standard_ref)
    try:
        written = write_compare(result, out_dir, chosen)
    except OSError as e:
        click.echo(f"比较结果无法写入 {out_dir}：{e.strerror or e}", err=True)
        sys.exit(EXIT_UNWRITABLE)
    _summary(result)
    for path in written:
        click.echo(f"已写入 {path}")
    sys.exit(EXIT_FAIL if result["worsened"] else EXIT_PASS)


def _summary(result: dict) -> None:
    b, a = result["before"], result["after"]
    verdict = lambda passed: "达到" if passed else "未达到"  # noqa: E731
    click.echo(
        f"{a['county'] or b['county'] or '本县'}：上年{verdict(b['passed'])}、本年{verdict(a['passed'])}"
        f"{result['standard']['title']}要求"
    )
    c = result["counts"]
    click.echo(
        f"  学校（学段）：新达标 {c['newly_passing']}，新不达标 {c['newly_failing']}，"
        f"新增 {c['appeared']}，不再参评 {c['disappeared']}"
    )
    for r in result["regressions"]:
        click.echo(f"  · {r['label']}")
