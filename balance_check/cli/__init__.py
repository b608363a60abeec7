"""Command line: thin click commands over the library (one module per command)."""

import signal
import sys

import click

from .. import __version__
from .check import check
from .compare_cmd import compare
from .frame import ChineseGroup
from .merge_cmd import merge
from .rollup_cmd import rollup
from .serve_cmd import serve
from .standards_cmd import standards
from .template_cmd import template
from .validate import validate


@click.group("balance-check", cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    "-V",
    "--version",
    prog_name="balance-check",
    message="%(prog)s 版本 %(version)s",
    help="显示版本号并退出",
)
def main():
    """县域义务教育优质均衡发展自查工具：核验学校数据表，生成差距报告。"""
    # Ended by a scheduler or Ctrl-C: unwind normally so half-written temporary files are removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


main.add_command(check)
main.add_command(merge)
main.add_command(serve)
main.add_command(validate)
main.add_command(template)
main.add_command(standards)
main.add_command(compare)
main.add_command(rollup)
