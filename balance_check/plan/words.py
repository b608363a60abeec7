"""How a planned measure and the problem it answers read in the ledger and the documents."""

import re

from ..standard import Standard
from .actions import HIRE, TRAIN

_SUFFIX = re.compile(r"(面积|数|值)$")


def field_label(standard: Standard, key: str) -> str:
    return standard.fields[key]["header"] if key in standard.fields else key


def thing(standard: Standard, key: str) -> str:
    """教学及辅助用房面积 → 教学及辅助用房; 网络多媒体教室数 → 网络多媒体教室."""
    return _SUFFIX.sub("", field_label(standard, key))


def measure_text(standard: Standard, act, level_label: str | None) -> str:
    what = thing(standard, act.field)
    if act.kind == HIRE:
        if "体育艺术" in what:
            return f"招聘{what}（体育、音乐、美术，具备规定学历并持证）"
        return f"招聘{level_label or ''}专任教师（具备规定学历并持教师资格证）"
    if act.kind == TRAIN:
        return f"从现有专任教师中培养{what}"
    return f"{act.kind}{what}"


def num(v) -> str:
    """12,345 or 12,345.6 or 1.25: thousands separated, at most two decimals, no trailing zeros."""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
