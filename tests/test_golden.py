"""Golden report.json files: a change to reading, evaluation or reports alters nothing but the keys it adds.

The goldens in tests/fixtures/golden/ were written by make_golden.py before the work on the open issues
began. A change that adds report keys lists them in ADDED_KEYS (and in its issue note); a change that
alters a value on purpose regenerates the goldens in a commit of its own that says which values changed."""

import json

import pytest
from fixtures.golden.make_golden import HERE, WORKBOOKS

from balance_check.report.json_report import to_json

# Key paths added since the goldens were written: dots separate keys, "*" matches any key, "[]" any item.
ADDED_KEYS: list[str] = [
    # several files make one county (issue 15): each record names its workbook beside its row
    "schools[].file",
    "excluded[].file",
    "not_evaluable[].file",
    "not_evaluable[].problems[].file",
    "problems[].file",
    "items[].failing_schools[].file",
    "skipped",
    "counts.skipped",
    "files",
    "problems[].code_label",
    "not_evaluable[].problems[].code_label",
    "schools[].indicators.*.band",
    "levels",
    "standard.report_title",  # the documents' names from the standard file
    "skipped",
    "counts.skipped",
    "schools[].indicators.*.near_miss",  # issue 11: comparisons the published precision would flip
    "cv.*.*.near_miss",
    "near_misses",
    "cv.*.*.note",  # issue 8: a CV over fewer than two school parts says it compares nothing
    "plan",
]


def drop(obj, path: list[str]):
    """Remove the key path from obj in place (a path that is absent is fine)."""
    if not path:
        return
    head, rest = path[0], path[1:]
    if head == "[]":
        for item in obj if isinstance(obj, list) else []:
            drop(item, rest)
        return
    if not isinstance(obj, dict):
        return
    keys = list(obj) if head == "*" else [head] if head in obj else []
    for key in keys:
        if rest:
            drop(obj[key], rest)
        else:
            del obj[key]


def without_added(report: dict) -> dict:
    for key_path in ADDED_KEYS:
        drop(report, key_path.replace("[]", ".[]").split("."))
    return report


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_report_equals_its_golden_file_but_for_the_added_keys(name, checked):
    now = without_added(json.loads(to_json(checked(WORKBOOKS[name]))))
    golden = json.loads((HERE / f"{name}.report.json").read_text("utf-8"))
    assert now == golden


def test_dropping_a_key_path_removes_it_everywhere_and_nothing_else():
    report = {
        "schools": [{"indicators": {"a": {"band": 1, "value": 2}, "b": {"band": 3, "value": 4}}}],
        "x": 1,
    }
    drop(report, "schools.[].indicators.*.band".split("."))
    assert report == {"schools": [{"indicators": {"a": {"value": 2}, "b": {"value": 4}}}], "x": 1}
