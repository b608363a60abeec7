"""Which sheet is 学校 (and 县域, 质量监测): an exact name wins; a near name is used only when it is the
only candidate; several near names stop the check, since reading last year's copy would be silent.

Exact: the sheet's name, folded (full width, spaces), is one of the role's names in aliases.yaml.
Near: the name without its bracketed parts and copy marks (学校（旧）, Excel's 学校 (2), 学校 - 副本,
学校数据（2026年）) is such a name or starts with one."""

import re
import unicodedata

from ..errors import InputUnusable
from ..problems import ProblemCode, ProblemLog, Severity
from .aliases import ALIASES
from .headers import normalise

SHEETS = ALIASES["sheets"]
ROLE_LABEL = {"schools": "学校", "county": "县域", "quality": "质量监测"}
_COPY_MARKS = re.compile(r"副本|复制|拷贝|copyof|copy|备份|[-_—~·.]|\d+$")


def _fold(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name))).lower()


def _near_base(name: str) -> str:
    return _COPY_MARKS.sub("", normalise(name)[0].lower())


def classify_sheet(name: str, role: str) -> str | None:
    """ "exact", "near" or None for this sheet name and role."""
    wanted = [_fold(a) for a in SHEETS[role]]
    if _fold(name) in wanted:
        return "exact"
    base = _near_base(name)
    if base and any(base == w or base.startswith(w) for w in wanted):
        return "near"
    return None


def choose_sheet(names: list[str], role: str, log: ProblemLog, taken: set[str] = frozenset()) -> str | None:
    """The sheet to read for `role`, warnings for near names beside it; InputUnusable when several
    near names and no exact one exist. `taken`: sheets already chosen for another role."""
    label = ROLE_LABEL[role]
    found = [(n, classify_sheet(n, role)) for n in names if n not in taken]
    order = {_fold(a): i for i, a in enumerate(SHEETS[role])}
    exact = sorted((n for n, k in found if k == "exact"), key=lambda n: order[_fold(n)])
    near = [n for n, k in found if k == "near"]
    if exact:
        chosen = exact[0]
        for other in exact[1:] + near:
            log.add(
                sheet=other,
                row=None,
                column=None,
                severity=Severity.WARNING,
                code=ProblemCode.NEAR_SHEET_IGNORED,
                message=f"工作表“{other}”与“{chosen}”相近，已按“{chosen}”核验，“{other}”未读取；"
                "如果应核验的是它，请把它改名为“" + label + "”",
            )
        return chosen
    if len(near) == 1:
        log.add(
            sheet=near[0],
            row=None,
            column=None,
            severity=Severity.WARNING,
            code=ProblemCode.NEAR_SHEET_USED,
            message=f"没有名为“{label}”的工作表，已读取名称相近的“{near[0]}”；请确认它是本次要核验的数据",
        )
        return near[0]
    if near:
        listed = "、".join(f"“{n}”" for n in near)
        message = (
            f"工作簿中有 {len(near)} 张名称相近的工作表：{listed}，"
            f"没有一张正好名为“{label}”，无法确定核验哪一张。"
            f"请把要核验的那张改名为“{label}”，其余的改成不以“{label}”开头的名称（如“旧表”）或删除"
        )
        records = ProblemLog()
        for n in near:
            records.add(
                sheet=n,
                row=None,
                column=None,
                severity=Severity.ERROR,
                code=ProblemCode.AMBIGUOUS_SHEET,
                message=message,
            )
        problems = records.to_list()
        raise InputUnusable(message, problems)
    return None
