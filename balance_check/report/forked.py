"""A piece of the report writing done in a second process, beside the first, on machines with two cores
or more (a province's gap workbook alone takes as long as all the other formats together).

The second process is a fork: it starts with the evaluated report already in its memory (shared, copied
only where written), so nothing is pickled but the outcome. It runs one function and sends back either
its return value or the exception it raised; the first process re-raises that exception as its own, so a
failure reads the same whichever process met it. Only where fork is safe and cheap: Linux, more than one
core usable, and no other thread running (a fork copies one thread; a lock another one held would stay
held in the copy)."""

import contextlib
import ctypes
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable

from ..errors import OutputUnwritable


def available() -> bool:
    """Whether a second writing process can run here."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    return len(os.sched_getaffinity(0)) >= 2 and threading.active_count() == 1


def start(fn: Callable[[], object], what: str) -> "Forked | None":
    """fn() started in a second process, or None when one cannot be started (no memory or process left,
    no temporary folder): the caller then does the work itself."""
    try:
        return Forked(fn, what)
    except OSError:
        return None


class Forked:
    """fn() running in a forked process; `result()` waits for it and returns or raises its outcome."""

    def __init__(self, fn: Callable[[], object], what: str):
        self.what = what  # named in the message if the process dies without an answer
        _release_free_heap()
        # the second process's own temporary files (XlsxWriter's row files) go into a folder of its own,
        # removed here however it ends: one killed midway leaves nothing behind
        self._scratch = tempfile.mkdtemp(prefix="balance-check-")
        try:
            read, write = os.pipe()
            try:
                pid = os.fork()
            except OSError:
                os.close(read)
                os.close(write)
                raise
        except OSError:
            shutil.rmtree(self._scratch, ignore_errors=True)
            raise
        if pid == 0:  # the second process: never returns into the caller
            os.close(read)
            tempfile.tempdir = self._scratch
            _run_child(fn, write)
        os.close(write)
        self.pid, self._read = pid, read
        self._done = False

    def result(self):
        """fn's return value, or its exception raised here; waits for the process to end."""
        with os.fdopen(self._read, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(self.pid, 0)
        self._done = True
        shutil.rmtree(self._scratch, ignore_errors=True)
        if not data:  # killed (out of memory, a signal) before it could answer
            code = os.waitstatus_to_exitcode(status)
            cause = f"被信号 {-code} 终止" if code < 0 else f"退出码 {code}"
            raise OutputUnwritable(
                f"生成 {self.what} 的进程意外结束（{cause}），可能是内存不足。请关闭其他程序后重试，"
                "或用 --format 分几次生成报告",
                None,
            )
        kind, value = pickle.loads(data)
        if kind == "ok":
            return value
        raise value

    def stop(self) -> None:
        """End the process if it is still running (the first process failed or was interrupted)."""
        if self._done:
            return
        try:  # SIGKILL: a handler the first process installed for SIGTERM must not keep it running
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):  # already closed when result() was interrupted
            os.close(self._read)
        self._done = True
        shutil.rmtree(self._scratch, ignore_errors=True)


def _release_free_heap() -> None:
    """Give the memory reading and evaluation freed back to the system (glibc keeps it: about 280 MB
    after a national check), so that it is not counted twice once the two processes run."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        pass


def _run_child(fn: Callable[[], object], fd: int) -> None:
    code = 0
    try:
        try:
            outcome = ("ok", fn())
        except BaseException as e:  # noqa: BLE001 - every failure goes back to the first process
            outcome = ("error", _sendable(e))
        try:
            data = pickle.dumps(outcome)
        except Exception:  # an unpicklable return value or exception: its text goes back instead
            data = pickle.dumps(("error", RuntimeError(traceback.format_exc())))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:  # noqa: BLE001 - the process must end here whatever happened
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the first process's buffered output


def _sendable(e: BaseException) -> BaseException:
    """The exception as it can be rebuilt in the first process: OutputUnwritable keeps its message and
    path; any other keeps its type where it pickles, with the second process's traceback as a note."""
    if isinstance(e, OutputUnwritable):
        return OutputUnwritable(e.message, e.path)
    note = "".join(traceback.format_exception(e))
    try:
        copy = pickle.loads(pickle.dumps(e))
    except Exception:
        copy = RuntimeError(f"{type(e).__name__}: {e}")
    copy.add_note(f"在第二个写出进程中：\n{note}")
    return copy
