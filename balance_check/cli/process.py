"""The command-line process's garbage collector: paused while the heavy modules load, skipped at exit.

Why: in a county check CPython's cyclic collector cost about as much as the evaluation itself. Importing
pandas and numpy makes some 50,000 long-lived objects, and the collector walks them again and again while
they load (about 40 ms at 100 schools) and several more times while the interpreter shuts down (0.1-0.3 s
measured, against 0.03 s with them frozen). Modules live until the process ends, so once loaded they are
moved out of the collector's sight with gc.freeze, as CPython's documentation suggests for objects that
live as long as the process; at exit the operating system releases the memory anyway.

Only the `balance-check` process does this (ChineseGroup.__call__ switches it on): a program that imports
the library, the web server's workers and the tests keep Python's defaults.
"""

import gc
import sys
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


def finish() -> None:
    """At the end of the command: what was printed is flushed, and every object left is frozen, so the
    interpreter's shutdown does not walk them again (they are freed with the process)."""
    if not _process:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (e.g. `| head`): nothing more can be shown
            pass
    gc.freeze()
