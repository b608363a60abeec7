"""Building 学校 sheets in memory for tests: canonical headers from the standard, schools from `samples`."""

from balance_check.evaluate import evaluate
from balance_check.reading import read_rows
from balance_check.standard import load_standard
from balance_check.template import header_text

NATIONAL = load_standard("national-2017")


def rows_for(schools: list[dict], standard=NATIONAL, extra_fields=()) -> list[list]:
    """A header row of the standard's columns (optional ones only when named) and one row per school."""
    wanted = {"certified_teachers", *extra_fields}
    fields = [f for f in standard.data["school_fields"] if not f.get("optional") or f["key"] in wanted]
    return [[header_text(f) for f in fields]] + [[s.get(f["key"]) for f in fields] for s in schools]


def evaluate_rows(schools: list[dict], standard=NATIONAL) -> dict:
    return evaluate(read_rows(rows_for(schools, standard), standard), standard)


def part(report: dict, name: str, level: str = "primary") -> dict:
    return next(s for s in report["schools"] if s["name"] == name and s["level"] == level)
