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

# Runs the console entry (main() itself, as the `balance-check` script does). The process ends with
# os._exit, so what the probe sees it prints from an atexit handler, which must still run: whether the
# collector is on and how many objects were frozen while the modules loaded.
PROBE = """
import atexit, gc, sys
from balance_check.cli import main
atexit.register(lambda: print("atexit", gc.isenabled(), gc.get_freeze_count(), file=sys.stderr))
sys.argv = ["balance-check", *sys.argv[1:]]
main()
print("not reached", file=sys.stderr)
"""


def run_console(*args):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, args)], capture_output=True, text=True, timeout=120
    )
    assert "not reached" not in done.stderr
    _, enabled, frozen = done.stderr.strip().splitlines()[-1].split()
    return enabled == "True", int(frozen), done.returncode, done.stdout


@pytest.fixture
def console_mode(monkeypatch):
    """process.start() as the console entry calls it; the flag and the frozen objects are undone after."""
    monkeypatch.setattr(process, "_process", False)
    yield
    gc.unfreeze()
    gc.enable()


def test_console_check_freezes_pandas_runs_atexit_and_keeps_its_exit_code(tmp_path, fixtures_dir):
    enabled, frozen, code, out = run_console(
        "check", fixtures_dir / "county_a.xlsx", "--out", tmp_path, "--format", "json"
    )
    assert not enabled  # off for the check itself (process.collector_off)
    assert frozen > 10_000  # pandas' objects, out of every later collection
    assert code == 1  # county_a does not pass: the exit code survives os._exit
    assert "未达到" in out and out.rstrip().endswith("report.json")  # all of stdout was flushed
    assert (tmp_path / "report.json").is_file()


def test_console_help_leaves_the_collector_on():
    enabled, frozen, code, out = run_console("--help")
    assert enabled and code == 0 and "用法" in out


def test_collector_off_only_in_the_console_process(console_mode):
    process.collector_off()
    assert gc.isenabled()  # a library caller's collector is never switched off
    process.start()
    process.collector_off()
    assert not gc.isenabled()


def test_console_usage_mistake_still_exits_2_with_its_message():
    done = subprocess.run(
        [sys.executable, "-m", "balance_check", "check"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2 and "用法" in done.stderr


@pytest.mark.parametrize(
    "code, status, said", [(None, 0, ""), (0, 0, ""), (3, 3, ""), ("无法继续", 1, "无法继续"), (True, 1, "")]
)
def test_exit_now_gives_sys_exits_status(code, status, said):
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import atexit, sys\n"
            "from balance_check.cli import process\n"
            "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
            "print('printed before', end='')\n"
            f"process.start(); process.exit_now({code!r})",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == status
    assert done.stdout == "printed before"  # buffered output is flushed before os._exit
    assert "handler ran" in done.stderr and said in done.stderr


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


def test_writing_reports_hands_the_collector_back_as_it_found_it(tmp_path, fixtures_dir, console_mode):
    from balance_check.api import check_workbook
    from balance_check.report import write_reports

    report = check_workbook(fixtures_dir / "county_a.xlsx")
    write_reports(report, tmp_path / "a", ["json"])
    assert gc.get_freeze_count() == 0  # a library caller's report is collectable again afterwards
    kept = [object()]  # noqa: F841 - stands for the modules the command line froze
    gc.freeze()
    frozen = gc.get_freeze_count()
    write_reports(report, tmp_path / "b", ["json"])
    assert gc.get_freeze_count() >= frozen  # the command line's frozen modules stay frozen


def test_a_running_worker_thread_gets_the_interpreters_normal_exit(console_mode):
    import threading

    assert not process.can_exit_now()  # not the console process
    process.start()
    assert process.can_exit_now()
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not process.can_exit_now()  # os._exit would cut it off: the normal exit waits for it
    finally:
        stop.set()
        worker.join()
    daemon = threading.Thread(target=stop.wait, daemon=True)
    stop.clear()
    daemon.start()
    try:
        assert process.can_exit_now()  # daemon threads are never waited for
    finally:
        stop.set()
