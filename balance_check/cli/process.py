"""The command-line process's housekeeping: the collector paused while the heavy modules load, and an
exit that does not tear the interpreter down object by object.

Why: in a county check CPython's cyclic collector cost about as much as the evaluation itself. Importing
pandas and numpy makes some 50,000 long-lived objects, and the collector walks them again and again while
they load (about 40 ms at 100 schools) and several more times while the interpreter shuts down (0.1-0.3 s
measured, against 0.03 s with them frozen). Modules live until the process ends, so once loaded they are
moved out of the collector's sight with gc.freeze, as CPython's documentation suggests for objects that
live as long as the process; at exit the operating system releases the memory anyway.

The same goes for what the command made: at 30,000 schools, freeing the report's objects one by one and
tearing the modules down took 0.16-0.23 s after the last line was printed. A command that ends with
sys.exit therefore ends with os._exit, after the atexit handlers (logging's flush, weakref finalizers)
have run and the output is flushed: every file is already written and closed by then (and only when no
other thread is still running that the interpreter would wait for).

Only the `balance-check` process does this (ChineseGroup.__call__ switches it on): a program that imports
the library and the tests keep Python's defaults. Under `serve` only the loaded modules are frozen; the
collector stays on, since the server runs for hours.
"""

import atexit
import gc
import os
import sys
import threading
from contextlib import contextmanager

_process = False


def start() -> None:
    """Called once by the console entry point, before any command runs."""
    global _process
    _process = True


@contextmanager
def loading():
    """Around a command's heavy imports: no collection while they load, then they are frozen."""
    if not _process or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def collector_off() -> None:
    """For the rest of a check: the collector stays off. A check makes no reference cycles worth
    collecting — its peak memory at 200,000 schools was the same with the collector off (979 MB both
    ways) — while each full collection walks every row read and every problem record again (four to
    eight of them at 200,000 schools, 0.1 s each). The process ends when the check does."""
    if _process:
        gc.disable()


def finish() -> None:
    """At the end of a command that ends the usual way: what was printed is flushed, and every object
    left is frozen, so the interpreter's shutdown does not walk them again (they are freed with the
    process)."""
    if not _process:
        return
    _flush()
    gc.freeze()


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (e.g. `| head`): nothing more can be shown
            pass


def can_exit_now() -> bool:
    """In the console process, with no other thread still running that the interpreter would wait for
    (os._exit would cut it off: a web server's jobs, say). Daemon threads are never waited for."""
    main = threading.main_thread()
    return _process and not any(
        t is not main and not t.daemon and t.is_alive() for t in threading.enumerate()
    )


def exit_now(code) -> None:
    """End the process with sys.exit's code (None is 0, a text is printed and gives 1), running the
    atexit handlers and flushing the output first; nothing is left to tear down after that."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    elif not isinstance(code, int):
        code = 0 if code is None else 1
    atexit._run_exitfuncs()
    _flush()
    os._exit(code)
