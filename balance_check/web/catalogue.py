"""The standards the page offers: the shipped ones and any provincial files in --standards-dir."""

from pathlib import Path

from ..errors import StandardInvalid
from ..rules.files import SUFFIXES
from ..standard import Standard, list_standards, load_standard

DEFAULT = "national-2017"


class Catalogue:
    def __init__(self, standards_dir: Path | None = None):
        shipped = sorted(list_standards(), key=lambda s: s["id"] != DEFAULT)  # the national standard first
        self.paths: dict[str, str] = {s["id"]: s["id"] for s in shipped}
        self.problems: list[str] = []
        if standards_dir is not None:
            for f in sorted(Path(standards_dir).iterdir()):
                if f.suffix not in SUFFIXES:
                    continue
                try:
                    std = load_standard(f)
                except StandardInvalid as e:
                    self.problems.append(f"{f.name}：{e}")
                    continue
                self.paths[std.id] = str(f)

    def load(self, ref: str) -> Standard:
        if ref not in self.paths:
            raise StandardInvalid(f"未知的标准：{ref}")
        return load_standard(self.paths[ref])

    def listing(self) -> list[dict]:
        out = []
        for ref in self.paths:
            std = self.load(ref)
            cases = [{"id": c["id"], "title": c["title"]} for c in std.data.get("special_cases", [])]
            out.append({"id": std.id, "title": std.title, "cases": cases})
        return out
