"""Atomic writes: a crash or an error never leaves a half-written report behind, and a failure to write
is one Chinese message that names the path and what to do (OutputUnwritable, exit code 3).

A set of files (report.json, .md, .xlsx, …) is written as a whole by `write_all`: every file goes to a
temporary name first; only when all have been written are the earlier files moved aside and the new ones
renamed into place. If any step fails, the new files are removed and the earlier ones are put back, so a
report still open in Excel (Windows refuses to rename it) leaves the folder exactly as it was."""

import errno
import os
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

from ..errors import OutputRefused, OutputUnwritable
from . import forked

Writer = Callable[[Path], None]
_STAGING: set[Path] = set()  # temporary files being written by write_all


def why(path: Path, e: OSError) -> str:
    """The Chinese message for an operating-system error while writing `path`."""
    path = Path(path)
    if isinstance(e, PermissionError):
        return _no_permission(path.parent)
    if isinstance(e, IsADirectoryError) or path.is_dir():
        return f"{path} 是一个文件夹，不能写成文件。请换一个文件名或输出文件夹"
    if e.errno == errno.ENOSPC:
        return f"磁盘空间不足，无法写入 {path}。请清理磁盘或换一个输出位置后重试"
    if e.errno == errno.EROFS:
        return f"{path.parent} 位于只读磁盘上，无法写入。请换一个输出位置"
    if e.errno == errno.ENAMETOOLONG:
        return f"路径过长，无法写入 {path}。请换一个较短的输出路径"
    return f"无法写入 {path}（系统错误 {e.errno}：{e.strerror}）。请检查该位置是否可写后重试"


def _no_permission(folder: Path) -> str:
    return f"没有权限写入文件夹 {folder}。请换一个可写的文件夹，或请管理员开放写入权限后重试"


def ensure_folder(folder) -> Path:
    """Create `folder` and its parents, or explain in Chinese why it cannot be a report folder."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputUnwritable(
            f"{folder} 是一个文件，不是文件夹。请用 --out 指定一个文件夹（例如 --out 自查报告）", folder
        )
    blocking = next((p for p in reversed(folder.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise OutputUnwritable(
            f"无法创建文件夹 {folder}：路径中的 {blocking} 是一个文件，不是文件夹。请换一个输出文件夹", folder
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        if isinstance(e, PermissionError):
            raise OutputUnwritable(
                f"没有权限创建文件夹 {folder}。请换一个可写的位置，或请管理员开放写入权限后重试", folder
            ) from None
        raise OutputUnwritable(why(folder, e), folder) from None
    return folder


def output_file(path, suffix: str, force: bool, what: str) -> Path:
    """The file a command will write: `suffix` added when the name has none, any other suffix refused,
    an existing file refused unless `force` (OutputRefused: a usage mistake). Parents are created."""
    path = Path(path)
    if path.suffix == "":
        path = path.with_name(path.name + suffix)
    elif path.suffix.lower() != suffix:
        raise OutputRefused(
            f"{what}只能保存为 {suffix} 文件，不能保存为 {path.suffix}：{path}。请把文件名改为 "
            f"{path.with_suffix(suffix).name}"
        )
    if path.is_dir():
        raise OutputRefused(f"{path} 是一个文件夹。请换一个文件名")
    if path.exists() and not force:
        raise OutputRefused(f"{path} 已存在，未覆盖。如确要覆盖，请加 --force；或换一个文件名")
    ensure_folder(path.parent)
    return path


def _temp_beside(path: Path) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    except OSError as e:
        raise OutputUnwritable(why(path, e), path) from None
    os.close(fd)
    tmp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
    return tmp


def _write_temp(path: Path, write_fn: Writer) -> Path:
    tmp = _temp_beside(path)
    _fill(path, tmp, write_fn)
    return tmp


def _fill(path: Path, tmp: Path, write_fn: Writer) -> None:
    """Write `path`'s content into its temporary file `tmp` and fsync it; on failure `tmp` is removed and
    an operating-system error becomes OutputUnwritable."""
    _STAGING.add(tmp)
    try:
        write_fn(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
    except Exception as e:
        tmp.unlink(missing_ok=True)
        cause = e if isinstance(e, OSError) else e.__cause__ or e.__context__  # XlsxWriter wraps OSError
        if isinstance(cause, OSError):
            raise OutputUnwritable(why(path, cause), path) from None
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        _STAGING.discard(tmp)


def write_all(files: list[tuple[Path, Writer]], apart: Collection[int] = ()) -> list[Path]:
    """Write every (path, write_fn) pair, all or none; earlier files stay as they were on failure.

    The files whose positions are in `apart` are written by a second process at the same time as the
    others (report/forked.py); their temporary files are named here, so whatever happens this process
    knows every file to remove."""
    files = [(Path(path), write_fn) for path, write_fn in files]
    temps: dict[int, tuple[Path, Path]] = {}
    aside: list[tuple[Path, Path]] = []  # (earlier file, its backup name)
    placed: list[Path] = []
    second = None
    try:
        if apart:
            for i in apart:
                temps[i] = (files[i][0], _temp_beside(files[i][0]))
            jobs = [(files[i][0], temps[i][1], files[i][1]) for i in apart]
            names = "、".join(path.name for path, _, _ in jobs)
            second = forked.start(lambda: [_fill(*job) for job in jobs], names)
        for i, (path, write_fn) in enumerate(files):
            if i not in temps:
                temps[i] = (path, _write_temp(path, write_fn))
            elif second is None:  # no second process could be started: written here after all
                _fill(path, temps[i][1], write_fn)
        if second is not None:
            second.result()
        ordered = [temps[i] for i in range(len(files))]
        for path, _ in ordered:  # an open (locked) earlier report fails here, before anything changed
            if path.exists():
                backup = path.with_name(f".{path.name}.{os.getpid()}.old")
                _rename(path, backup, path)
                aside.append((path, backup))
        for path, tmp in ordered:
            _rename(tmp, path, path)
            placed.append(path)
    except BaseException:
        if second is not None:
            second.stop()
        for path in placed:
            path.unlink(missing_ok=True)
        for path, backup in aside:
            os.replace(backup, path)
        for _, tmp in temps.values():
            tmp.unlink(missing_ok=True)
        raise
    for _, backup in aside:
        backup.unlink(missing_ok=True)
    return [path for path, _ in files]


def _rename(src: Path, dst: Path, shown: Path) -> None:
    try:
        os.replace(src, dst)
    except PermissionError:
        raise OutputUnwritable(
            f"文件被其他程序占用，请在 Excel/WPS 中关闭 {shown.name} 后重试（{shown}）", shown
        ) from None
    except OSError as e:
        raise OutputUnwritable(why(shown, e), shown) from None


def atomic_write(path, write_fn: Writer) -> Path:
    """Call write_fn(tmp) on a temporary file beside `path`, fsync it, then rename it onto `path`."""
    if Path(path) in _STAGING:  # a writer called by write_all: its target already is a temporary file
        write_fn(Path(path))
        return Path(path)
    write_all([(Path(path), write_fn)])
    return Path(path)


def atomic_write_text(path, text: str) -> Path:
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
