"""Opening a workbook safely: refuse what is not an .xlsx, is encrypted, or unpacks to too much."""

import zipfile
from pathlib import Path

from .. import settings
from ..errors import InputUnusable

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# Spreadsheets saved in another format: a county's folder holds them beside its .xlsx files (WPS saves
# .et by default). A folder's are read like its workbooks, so each is reported with what to do instead of
# being passed over: a school sent in one of them would otherwise be missing from the county unnoticed.
OTHER_SPREADSHEETS = {
    ".et": "WPS 表格文件（.et）",
    ".ett": "WPS 表格模板（.ett）",
    ".ods": "OpenDocument 表格（.ods）",
    ".csv": "CSV 文本文件",
    ".xlsb": "Excel 二进制工作簿（.xlsb）",
    ".numbers": "Numbers 表格",
}


def other_format(name: str) -> str | None:
    """What to do with a spreadsheet in a format the reader does not take (None for any other file)."""
    label = OTHER_SPREADSHEETS.get(Path(name).suffix.lower())
    if label is None:
        return None
    return f"{Path(name).name} 是{label}：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再核验"


def left_by_software(path: str) -> bool:
    """Files that software leaves beside a county's workbooks, never a workbook of theirs: macOS's
    "._名称.xlsx" companions and "__MACOSX/" folder (copied from a Mac or unpacked from its .zip). Read,
    each would be an unusable file, an error that keeps the county from passing."""
    parts = path.replace("\\", "/").split("/")
    return parts[-1].startswith("._") or "__MACOSX" in parts[:-1]


def check_container(path: Path) -> None:
    """Raise InputUnusable with a Chinese message unless `path` is a plausible, safe .xlsx."""
    if not path.exists():
        raise InputUnusable(f"找不到文件：{path}")
    if path.is_dir():
        raise InputUnusable(f"{path} 是文件夹，请指定 .xlsx 工作簿")
    if (hint := other_format(path.name)) is not None:
        raise InputUnusable(hint)
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        if path.suffix.lower() == ".xls":
            raise InputUnusable("这是旧版 .xls 文件：请在 Excel 或 WPS 中“另存为 .xlsx”后再核验")
        raise InputUnusable("工作簿已加密或为旧版格式：请取消密码保护并另存为 .xlsx 后再核验")
    if not zipfile.is_zipfile(path):
        raise InputUnusable(f"{path.name} 不是 Excel 工作簿（.xlsx）")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as e:
        raise InputUnusable(f"工作簿已损坏，无法打开：{e}") from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise InputUnusable(f"{path.name} 不是 Excel 工作簿（缺少 xl/workbook.xml）")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):  # the reader goes by the name, not the content
        raise InputUnusable(
            f"{path.name} 的扩展名是“{path.suffix or '（无）'}”，但内容是 .xlsx 工作簿。"
            f"请把文件名改为 {path.stem}.xlsx 后重试"
        )
    total = sum(i.file_size for i in infos)
    if total > settings.MAX_UNCOMPRESSED_BYTES:
        raise InputUnusable(
            f"工作簿解压后超过 {settings.MAX_UNCOMPRESSED_BYTES // 2**20} MB，"
            "超出安全上限（可用环境变量 BALANCE_CHECK_MAX_UNCOMPRESSED_MB 调整）"
        )
    for i in infos:
        if (
            i.compress_size
            and i.file_size / i.compress_size > settings.MAX_COMPRESSION_RATIO
            and i.file_size > 10 * 2**20
        ):
            raise InputUnusable(f"工作簿中 {i.filename} 的压缩比异常（疑似压缩炸弹），已拒绝读取")
