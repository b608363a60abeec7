"""What an upload may be: Excel workbooks, or .zip archives of them. Everything else is refused with a
message, file by file; a dangerous archive (a zip bomb, a name that climbs out of the folder) is
refused whole. Accepted files are written under the request's own temporary folder, never elsewhere."""

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import settings
from ..reading.container import left_by_software, other_format

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")  # .xls reaches the reader, which says how to convert it
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz")
_CHUNK = 1 << 20


class UploadRefused(Exception):
    """The whole upload is refused (too many files, too large): HTTP 413 with this Chinese message."""


@dataclass
class Intake:
    accepted: list[tuple[str, Path]] = field(default_factory=list)  # (name shown, saved path)
    refused: list[dict] = field(default_factory=list)  # {file, message}


def shown_name(name: str) -> str:
    """A file name as shown and stored: no folders, no control characters, at most 120 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return base[-120:] or "未命名.xlsx"


def _member_name(info: zipfile.ZipInfo) -> str:
    """Chinese Windows writes member names in GBK without saying so; read them as such."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _climbs_out(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return name.startswith(("/", "\\")) or ".." in parts or bool(re.match(r"^[A-Za-z]:", name))


class _Folder:
    """Numbered sub-folders keep two files of the same name apart; names shown are made unique."""

    def __init__(self, root: Path):
        self.root, self.count, self.names = root, 0, set()

    def place(self, name: str) -> tuple[str, Path]:
        self.count += 1
        if self.count > settings.MAX_UPLOAD_FILES:
            raise UploadRefused(
                f"一次最多上传 {settings.MAX_UPLOAD_FILES} 个工作簿（含压缩包中的文件）"
                "（可用环境变量 BALANCE_CHECK_MAX_UPLOAD_FILES 调整）"
            )
        shown, n = name, 1
        while shown in self.names:
            n += 1
            stem, dot, ext = name.rpartition(".")
            shown = f"{stem}（{n}）.{ext}" if dot else f"{name}（{n}）"
        self.names.add(shown)
        folder = self.root / f"{self.count:04d}"
        folder.mkdir(parents=True)
        return shown, folder / shown_name(shown)


def take(uploads: list[tuple[str, Path]], root: Path) -> Intake:
    """Sort uploaded (original name, spooled path) pairs into accepted workbooks and refused files."""
    out, folder = Intake(), _Folder(root)
    for original, spooled in uploads:
        name = shown_name(original)
        suffix = Path(name).suffix.lower()
        if suffix in WORKBOOK_SUFFIXES:
            shown, path = folder.place(name)
            spooled.replace(path)
            out.accepted.append((shown, path))
        elif suffix == ".zip":
            _unpack(name, spooled, folder, out)
        else:
            message = other_format(name) or "不是 Excel 工作簿（.xlsx）或 .zip 压缩包"
            out.refused.append({"file": name, "message": message})
    return out


def _unpack(zip_name: str, spooled: Path, folder: _Folder, out: Intake) -> None:
    def refuse(message: str) -> None:
        out.refused.append({"file": zip_name, "message": message})

    try:
        zf = zipfile.ZipFile(spooled)
    except (zipfile.BadZipFile, OSError):
        return refuse("压缩包已损坏或不是 .zip 格式")
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir() and not left_by_software(_member_name(i))]
        names = [_member_name(i) for i in infos]
        climbing = [n for n in names if _climbs_out(n)]
        if climbing:
            return refuse(f"压缩包中的文件名“{climbing[0]}”指向压缩包以外的位置，整个压缩包已拒绝")
        total = sum(i.file_size for i in infos)
        if total > settings.MAX_UPLOAD_UNPACKED_BYTES:
            return refuse(
                f"压缩包解压后超过 {settings.MAX_UPLOAD_UNPACKED_BYTES // 2**20} MB（疑似压缩炸弹），"
                "整个压缩包已拒绝（可用环境变量 BALANCE_CHECK_MAX_UPLOAD_UNPACKED_MB 调整）"
            )
        if any(
            i.compress_size
            and i.file_size / i.compress_size > settings.MAX_COMPRESSION_RATIO
            and i.file_size > _CHUNK
            for i in infos
        ):
            return refuse("压缩包中有压缩比异常的文件（疑似压缩炸弹），整个压缩包已拒绝")
        for info, member in zip(infos, names):
            shown = f"{zip_name}/{member}"
            suffix = Path(member).suffix.lower()
            if suffix in ARCHIVE_SUFFIXES:
                out.refused.append({"file": shown, "message": "压缩包中不能再套压缩包，请解压后上传"})
            elif suffix not in WORKBOOK_SUFFIXES or Path(member).name.startswith("~$"):
                message = other_format(member) or "不是 Excel 工作簿（.xlsx）"
                out.refused.append({"file": shown, "message": message})
            else:
                name, path = folder.place(shown_name(member))
                if not _extract(zf, info, path):
                    path.unlink(missing_ok=True)
                    out.refused.append({"file": shown, "message": "解压后的大小与压缩包记录不符，已拒绝"})
                    continue
                out.accepted.append((name, path))


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bool:
    """Copy one member, never more bytes than the archive declared (a forged header cannot overrun)."""
    written = 0
    try:
        with zf.open(info) as src, path.open("wb") as dst:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > info.file_size:
                    return False
                dst.write(chunk)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError):
        return False  # corrupt, encrypted (RuntimeError) or an unsupported compression method
    return True
