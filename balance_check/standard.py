"""Standards are data: load a file (merging `extends`), validate it, and read it through `Standard`."""

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from .errors import StandardInvalid
from .rules.files import find, is_shipped, read, shipped_files
from .rules.kinds import references
from .rules.merge import resolve
from .rules.validate import validate


def list_standards() -> list[dict]:
    """The shipped standards that can be evaluated (abstract bases left out)."""
    out = []
    for f in shipped_files():
        data = read(f)
        if not data.get("abstract"):
            out.append(
                {
                    "id": data.get("id", f.stem),
                    "title": data.get("title", ""),
                    "extends": data.get("extends"),
                    "path": str(f),
                }
            )
    return out


class Standard:
    """A validated, merged standard. Read-only views over the data used by the engine."""

    def __init__(self, data: dict, path: Path | None = None) -> None:
        self.data = data
        self.path = path

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def indicators(self) -> list[dict]:
        return self.data["indicators"]

    @property
    def items(self) -> list[dict]:
        return self.data["items"]

    @property
    def school_types(self) -> dict[str, dict]:
        return self.data["school_types"]

    @cached_property
    def evaluated_levels(self) -> list[str]:
        return [k for k, v in self.data["levels"].items() if v.get("evaluated", True)]

    @cached_property
    def fields(self) -> dict[str, dict]:
        return {f["key"]: f for f in self.data["school_fields"]}

    @cached_property
    def referenced_fields(self) -> set[str]:
        """School fields an indicator, an item (as its kind declares) or a switched-on special case reads."""
        values = {f for ind in self.indicators for f in ind["numerator"].values()}
        for item in self.items:
            values |= {name for c in item["conditions"] for role, _, name in references(c) if role == "field"}
        for case in self.data.get("special_cases", []):
            if case["enabled"]:
                values |= set(case["needs_fields"])
        return values & set(self.fields)

    @cached_property
    def facts(self) -> dict[str, dict]:
        return {f["key"]: f for f in self.data["county_facts"]}

    def level_label(self, level: str) -> str:
        return self.data["levels"][level]["label"]

    @cached_property
    def _enrolment_fields(self) -> dict[str, str]:
        return {f["level"]: k for k, f in self.fields.items() if f.get("role") == "enrolment"}

    def enrolment_field(self, level: str) -> str | None:
        """The 学校 column holding a level's enrolment (None when the standard declares none)."""
        return self._enrolment_fields.get(level)

    def applicable(self, key: str) -> dict[str, bool]:
        """School type -> whether field `key` belongs to it (its 学段's field, or a whole-school total)."""
        level = self.fields[key].get("level")
        return {t: (level in spec["levels"]) if level else True for t, spec in self.school_types.items()}

    def section_label(self, section: str) -> str:
        return self.data["sections"][section]["label"]


def enable_cases(standard: Standard, ids: Iterable[str]) -> Standard:
    """A copy of the standard with the named special cases switched on."""
    ids = list(ids)
    if not ids:
        return standard
    known = {c["id"] for c in standard.data.get("special_cases", [])}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise StandardInvalid(
            f"标准 {standard.id} 没有特殊情形：{'、'.join(unknown)}（可选：{'、'.join(sorted(known))}）",
            "special_cases",
        )
    data = dict(standard.data)
    data["special_cases"] = [{**c, "enabled": c["enabled"] or c["id"] in ids} for c in data["special_cases"]]
    return Standard(data, standard.path)


def load_standard(ref: str | Path = "national-2017") -> Standard:
    """By id of a shipped standard or by path. Raises StandardInvalid naming the offending key path."""
    path = find(str(ref))
    data = resolve(path)
    if data.get("abstract"):
        raise StandardInvalid(f"{data.get('id')} 是供继承的基础声明，不能直接用于评估", "abstract")
    validate(data, schema_check=not is_shipped(path))
    return Standard(data, path)
