"""What the commands share: loading a standard and turning unusable input into exit code 2."""

import functools
import sys

import click

from ..errors import CostsInvalid, InputUnusable, StandardInvalid
from ..standard import load_standard

EXIT_PASS, EXIT_FAIL, EXIT_UNUSABLE = 0, 1, 2

standard_option = click.option(
    "--standard",
    "-s",
    "standard_ref",
    default="national-2017",
    show_default=True,
    help="标准编号（balance-check standards list）或标准文件路径",
)


def user_errors(fn):
    """Input that cannot be used at all ends with a Chinese message and exit 2, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputUnusable as e:
            click.echo(f"无法核验：{e.message}", err=True)
            for p in e.problems:
                click.echo(f"  - {p}", err=True)
            sys.exit(EXIT_UNUSABLE)
        except CostsInvalid as e:
            click.echo(f"单价文件有误：{e}", err=True)
            sys.exit(EXIT_UNUSABLE)
        except StandardInvalid as e:
            click.echo(f"标准文件有误：{e}", err=True)
            sys.exit(EXIT_UNUSABLE)

    return wrapper


def get_standard(ref: str):
    return load_standard(ref)
