"""click's frame in Chinese: help headings, usage lines and every usage mistake.

click translates through gettext, which needs a locale variable that Windows laptops usually lack, so the
Chinese is built in here instead: a formatter, a context, a command and a group class, and one place that
turns click's exception types (by type, never by catching everything) into Chinese and exit code 2."""

import difflib
import importlib
import re
import sys

import click

from . import process
from .exits import EXIT_UNUSABLE

HELP_TEXT = "显示本帮助并退出"
_TYPE_NAMES = {"text": "文字", "path": "路径", "integer": "整数", "integer range": "整数", "float": "数字"}


class ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


class _Chinese:
    """What commands and groups share: the help option's text, the 选项 heading, extra words refused."""

    context_class = ChineseContext

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        for p in self.params:  # click would show its English type names and "[default: …]"
            if isinstance(p, click.Option) and not p.is_flag and p.metavar is None:
                p.metavar = _TYPE_NAMES.get(p.type.name)
            if isinstance(p, click.Option) and p.show_default and p.default is not None:
                p.show_default = False
                p.help = f"{p.help or ''}；默认 {p.default}"

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def format_options(self, ctx, formatter) -> None:
        rows = [
            r
            for p in self.get_params(ctx)
            if not isinstance(p, click.Argument) and (r := p.get_help_record(ctx)) is not None
        ]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def parse_args(self, ctx, args):
        # Extra words are collected and refused here, in Chinese, instead of by click's own message.
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = not strict
        if strict and rest and not ctx.resilient_parsing:
            raise click.UsageError(f"多余的参数：{' '.join(rest)}", ctx)
        return rest


class ChineseCommand(_Chinese, click.Command):
    pass


class ChineseGroup(_Chinese, click.Group):
    command_class = ChineseCommand
    group_class = type  # sub-groups are ChineseGroups too

    def __init__(self, *args, lazy_commands: dict[str, str] | None = None, **kwargs):
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)
        # name → "module:attribute" under balance_check.cli, imported on first use
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx, name):
        if name not in self.commands and name in self.lazy_commands:
            module, attr = self.lazy_commands[name].split(":")
            with process.loading():  # some commands' modules import pandas at their top
                command = getattr(importlib.import_module(f"balance_check.cli.{module}"), attr)
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx, args):
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-") and not ctx.resilient_parsing:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=3, cutoff=0.5)
            hint = f"。您是否要找 {'、'.join(close)}？" if close else ""
            raise click.UsageError(f"没有“{name}”这个命令{hint}", ctx)
        return super().resolve_command(ctx, args)

    def __call__(self, *args, **kwargs):
        # Only the console entry point (`balance-check …`, `python -m balance_check`) calls the group
        # itself; click's test runner and programs call .main(): they keep Python's own collector.
        process.start()
        try:
            return self.main(*args, **kwargs)
        except SystemExit as e:  # how every command ends: its files are written and closed
            if not process.can_exit_now():
                raise
            process.exit_now(e.code)
        finally:
            process.finish()

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.ctx.get_help(), err=True)
            sys.exit(EXIT_UNUSABLE)
        except click.UsageError as e:
            show_usage_error(e)
            sys.exit(EXIT_UNUSABLE)
        except click.ClickException as e:  # our commands raise these with Chinese messages only
            click.echo(f"错误：{e.message}", err=True)
            sys.exit(EXIT_UNUSABLE)
        except click.Abort:
            click.echo("已中断。", err=True)
            sys.exit(EXIT_UNUSABLE)
        sys.exit(rv if isinstance(rv, int) else 0)


def _param_name(param) -> str:
    if isinstance(param, click.Argument):
        return param.metavar or param.name.upper()
    return "/".join(param.opts) if param is not None else ""


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _wanted(kind) -> str:
    """What a value of click's type must be, for click's own (English) conversion errors."""
    if isinstance(kind, click.IntRange):
        low = "" if kind.min is None else f"不小于 {kind.min} "
        high = "" if kind.max is None else f"不大于 {kind.max} "
        return f"应为{low}{'且' if low and high else ''}{high}的整数"
    if isinstance(kind, click.Choice):
        return f"可选：{'、'.join(map(str, kind.choices))}"
    return {"integer": "应为整数", "float": "应为数字"}.get(getattr(kind, "name", ""), "不符合要求")


def chinese_message(e: click.UsageError) -> str:
    """The Chinese sentence for one of click's usage exceptions, chosen by its type."""
    if isinstance(e, click.MissingParameter):
        if isinstance(e.param, click.Argument):
            return f"缺少参数 {_param_name(e.param)}"
        return f"缺少选项 {_param_name(e.param)}"
    if isinstance(e, click.BadParameter):
        hint = e.param_hint if isinstance(e.param_hint, str) else _param_name(e.param)
        message = e.message if _CJK.search(e.message) else _wanted(getattr(e.param, "type", None))
        return f"{hint} 的值有误：{message}" if hint else message
    if isinstance(e, click.NoSuchOption):
        close = sorted(e.possibilities)
        hint = f"。您是否要找 {'、'.join(close)}？" if close else ""
        return f"没有 {e.option_name} 这个选项{hint}"
    if isinstance(e, click.BadOptionUsage):  # click raises it without a context; the name is all we have
        return f"选项 {e.option_name} 用法有误：该选项后面缺少值，或不带值的选项被加了值"
    if isinstance(e, click.BadArgumentUsage):
        return "参数的个数不对"
    return e.message  # UsageErrors raised by this package are in Chinese already


def show_usage_error(e: click.UsageError) -> None:
    if e.ctx is not None:
        click.echo(e.ctx.get_usage(), err=True)
    click.echo(f"出错：{chinese_message(e)}", err=True)
    if e.ctx is not None:
        click.echo(f"查看帮助：{e.ctx.command_path} --help", err=True)
