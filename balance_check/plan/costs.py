"""Unit costs as data: the shipped default file, a county's own file over it, the county's salary over both.

A county's own file is validated by JSON Schema with the standards' validator; the shipped file is
validated by the tests (tests/test_plan.py), so a run skips that (and the import of jsonschema).
Every figure carries its source and year; one without a citable source says 待核实（估算）.
All planned money is an estimate (估算)."""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import CostsInvalid
from ..rules.files import standards_dir, yaml_error
from ..rules.parsed import load_yaml_file
from ..standard import Standard
from .actions import needed_cost_ids

UNVERIFIED = "待核实（估算）"
SALARY_FACT = "teacher_avg_salary"  # 县域 sheet: 教师年平均工资收入（元）


def default_path() -> Path:
    return standards_dir() / "costs" / "default.yaml"


@functools.lru_cache(maxsize=8)
def _read_cached(path: Path, mtime: float) -> str:
    """The shipped file, parsed once per file version (a province run evaluates many times)."""
    return json.dumps(_read(path, schema_check=False))


def _read(path: Path, schema_check: bool = True) -> dict:
    try:
        if Path(path).suffix == ".json":
            data = json.loads(Path(path).read_text("utf-8"))
        else:
            data = load_yaml_file(Path(path))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml_error()) as e:
        raise CostsInvalid(f"无法读取单价文件 {Path(path).name}：{e}") from None
    if schema_check:
        from ..rules.validate import check_schema

        check_schema(cost_schema(), data, CostsInvalid)
    return data


def cost_schema() -> dict:
    return json.loads((standards_dir() / "schema" / "costs.schema.json").read_text("utf-8"))


@dataclass
class Costs:
    entries: dict  # cost id -> {label, unit_cost, unit, source, year}
    teacher_years: float

    def per_unit(self, cost_id: str) -> float:
        """元 per unit added; a teacher costs the yearly salary times the years the file plans for."""
        e = self.entries[cost_id]
        return float(e["unit_cost"]) * (self.teacher_years if cost_id == "teacher_year" else 1.0)

    def used(self, ids) -> list[dict]:
        return [
            {
                "id": i,
                "label": self.entries[i].get("label", i),
                "unit_cost": float(self.entries[i]["unit_cost"]),
                "unit": self.entries[i].get("unit", ""),
                "source": self.entries[i]["source"],
                "year": self.entries[i]["year"],
                "verified": self.entries[i]["source"] != UNVERIFIED,
            }
            for i in sorted(ids)
        ]


def load_costs(path: str | Path | None = None, county: dict | None = None, standard: Standard | None = None):
    """The default file, overridden entry by entry by `path`; a needed entry in neither is an error."""
    base = json.loads(_read_cached(default_path(), default_path().stat().st_mtime))
    entries = dict(base["entries"])
    years = base.get("teacher_years", 1)
    if path is not None:
        own = _read(Path(path))
        unknown = sorted(set(own["entries"]) - set(entries))
        if unknown:
            raise CostsInvalid(
                f"未知的单价项目：{'、'.join(unknown)}（可用：{'、'.join(sorted(entries))}）", "entries"
            )
        entries.update(own["entries"])
        years = own.get("teacher_years", years)
    if standard is not None:
        lacking = sorted(needed_cost_ids(standard) - set(entries))
        if lacking:
            raise CostsInvalid(f"缺少单价：{'、'.join(lacking)}", "entries")
    salary = ((county or {}).get(SALARY_FACT) or {}).get("value")
    if isinstance(salary, (int, float)) and salary > 0:
        year = ((county or {}).get("eval_year") or {}).get("value")
        entries["teacher_year"] = {
            **entries.get("teacher_year", {}),
            "unit_cost": float(salary),
            "source": "本县填报：县域工作表“教师年平均工资收入”",
            "year": int(year) if isinstance(year, (int, float)) else entries["teacher_year"]["year"],
        }
    return Costs(entries, float(years))
