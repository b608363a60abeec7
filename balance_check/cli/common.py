"""What the commands share: the standard option, format lists, and turning user mistakes into exit codes."""

import functools
import re
import sys
from pathlib import Path

import click

from ..errors import (
    CostsInvalid,
    InputUnusable,
    OutputRefused,
    OutputUnwritable,
    StandardInvalid,
    StandardNotFound,
)
from ..standard import load_standard
from .exits import EXIT_FAIL, EXIT_PASS, EXIT_UNUSABLE, EXIT_UNWRITABLE

__all__ = ["EXIT_FAIL", "EXIT_PASS", "EXIT_UNUSABLE", "EXIT_UNWRITABLE", "split_list", "user_errors"]

standard_option = click.option(
    "--standard",
    "-s",
    "standard_ref",
    default="national-2017",
    metavar="标准",
    help="标准编号（见 balance-check standards list）或标准文件路径；默认 national-2017",
)

# A Chinese input method types the full-width comma or the enumeration comma; both separate like ",".
_SEPARATORS = re.compile(r"[,，、;；\s]+")


def out_option(what: str):
    """`--out 目录`, as every command that writes files takes it; `what` names what goes there."""
    return click.option(
        "--out",
        "-o",
        "out_dir",
        type=click.Path(path_type=Path),
        default=Path("out"),
        metavar="目录",
        help=f"{what}输出目录（不存在时自动创建）；默认 out",
    )


def split_list(text: str) -> list[str]:
    return [t for t in _SEPARATORS.split(text.strip()) if t]


def user_errors(fn):
    """A user mistake ends with a Chinese message and its exit code, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputUnusable as e:
            click.echo(f"无法核验：{e.message}", err=True)
            for p in e.problems:
                text = p.get("message") if isinstance(p, dict) else p
                if text and text != e.message:  # a refusal's records often repeat its message
                    click.echo(f"  - {text}", err=True)
            sys.exit(EXIT_UNUSABLE)
        except StandardNotFound as e:
            click.echo(str(e), err=True)
            sys.exit(EXIT_UNUSABLE)
        except CostsInvalid as e:
            click.echo(f"单价文件有误：{e}", err=True)
            sys.exit(EXIT_UNUSABLE)
        except StandardInvalid as e:
            click.echo(f"标准文件有误：{e}", err=True)
            sys.exit(EXIT_UNUSABLE)
        except OutputRefused as e:
            click.echo(f"未写入：{e}", err=True)
            sys.exit(EXIT_UNUSABLE)
        except OutputUnwritable as e:
            click.echo(f"无法写入结果：{e.message}", err=True)
            sys.exit(EXIT_UNWRITABLE)

    return wrapper


def get_standard(ref: str):
    return load_standard(ref)
