"""The console process's collector housekeeping (cli/process.py): `balance-check` pauses the collector
while pandas loads and freezes what is left at exit; programs that call the library or click's runner keep
Python's defaults, and the report written is the same either way."""

import gc
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from balance_check.cli import main, process

# Runs the console entry (main() itself, as the `balance-check` script does) and prints, after it ended,
# whether the collector is on and how many objects were frozen.
PROBE = """
import gc, sys
from balance_check.cli import main
sys.argv = ["balance-check", *sys.argv[1:]]
try:
    main()
except SystemExit as e:
    code = e.code
print(gc.isenabled(), gc.get_freeze_count(), code, file=sys.stderr)
"""


def run_console(*args):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, args)], capture_output=True, text=True, timeout=120
    )
    enabled, frozen, code = done.stderr.strip().splitlines()[-1].split()
    return enabled == "True", int(frozen), int(code), done.stdout


@pytest.fixture
def console_mode(monkeypatch):
    """process.start() as the console entry calls it; the flag and the frozen objects are undone after."""
    monkeypatch.setattr(process, "_process", False)
    yield
    gc.unfreeze()
    gc.enable()


def test_console_check_leaves_the_collector_on_and_its_objects_frozen(tmp_path, fixtures_dir):
    enabled, frozen, code, out = run_console(
        "check", fixtures_dir / "county_a.xlsx", "--out", tmp_path, "--format", "json"
    )
    assert enabled  # paused only while the modules loaded
    assert frozen > 10_000  # pandas' objects and the rest, out of the shutdown's collections
    assert code in (0, 1) and "已写入" in out
    assert (tmp_path / "report.json").is_file()


def test_console_help_freezes_at_exit_too():
    enabled, frozen, code, out = run_console("--help")
    assert enabled and frozen > 0 and code == 0 and "用法" in out


def test_click_runner_and_library_calls_keep_pythons_collector(tmp_path, fixtures_dir):
    before = gc.get_freeze_count()
    result = CliRunner().invoke(
        main, ["check", str(fixtures_dir / "county_a.xlsx"), "--out", str(tmp_path), "--format", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    assert gc.isenabled()
    assert gc.get_freeze_count() == before
    assert not process._process


def test_loading_pauses_then_freezes_only_in_the_console_process(console_mode):
    with process.loading():
        assert gc.isenabled()  # not started: a library call changes nothing
    assert gc.get_freeze_count() == 0
    process.start()
    with process.loading():
        assert not gc.isenabled()
        loaded = [object() for _ in range(3)]  # noqa: F841 - stands for a module's objects
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_loading_inside_loading_freezes_once_and_reenables(console_mode):
    process.start()
    with process.loading():
        with process.loading():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer pause alone
    assert gc.isenabled()


def test_loading_reenables_the_collector_when_an_import_fails(console_mode):
    process.start()
    with pytest.raises(ImportError):
        with process.loading():
            import balance_check_no_such_module  # noqa: F401
    assert gc.isenabled()


def test_finish_survives_a_closed_output_stream(console_mode, monkeypatch):
    class Closed:
        def flush(self):
            raise ValueError("I/O operation on closed file")

    monkeypatch.setattr(sys, "stdout", Closed())
    process.start()
    process.finish()
    assert gc.get_freeze_count() > 0


def test_console_and_library_write_the_same_report(tmp_path, fixtures_dir):
    console = tmp_path / "console"
    run_console("check", fixtures_dir / "county_a.xlsx", "--out", console, "--format", "json")
    runner = tmp_path / "runner"
    CliRunner().invoke(
        main, ["check", str(fixtures_dir / "county_a.xlsx"), "--out", str(runner), "--format", "json"]
    )
    assert json.loads((console / "report.json").read_bytes()) == json.loads(
        (runner / "report.json").read_bytes()
    )
