"""Command line: thin click commands over the library (one module per command)."""

import signal
import sys

import click

from .. import __version__
from .frame import ChineseGroup

# Each command's module is imported when that command runs: a county's `check` does not pay for the web
# server's, the roll-up's or the comparison's imports (`--help` imports them all, for their short help).
COMMANDS = {
    "check": "check:check",
    "merge": "merge_cmd:merge",
    "serve": "serve_cmd:serve",
    "validate": "validate:validate",
    "template": "template_cmd:template",
    "standards": "standards_cmd:standards",
    "compare": "compare_cmd:compare",
    "rollup": "rollup_cmd:rollup",
}


@click.group(
    "balance-check",
    cls=ChineseGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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

