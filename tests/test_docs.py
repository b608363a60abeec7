"""The documents county staff are sent to speak Chinese, and input-format's header → key table (header
first, key second, read by other tools) agrees with the standard's school fields."""

import re
from pathlib import Path

from balance_check.standard import load_standard
from balance_check.template import header_text

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("docs/input-format.md", "docs/report-contract.md")


def header_key_rows() -> dict[str, str]:
    text = (ROOT / "docs" / "input-format.md").read_text("utf-8")
    return dict(re.findall(r"^\| ([^|`]+?) \| ([a-z][a-z0-9_]*) \|", text, flags=re.M))


def test_input_format_table_matches_the_standard_fields():
    rows = header_key_rows()
    fields = {f["key"]: header_text(f) for f in load_standard("national-2017").data["school_fields"]}
    assert len(rows) >= 25
    assert {h: k for h, k in rows.items()} == {fields[k]: k for k in rows.values()}


def test_the_documents_are_written_in_chinese():
    for name in DOCS:
        text = (ROOT / name).read_text("utf-8")
        prose = re.sub(r"```.*?```|`[^`]*`|\|[^\n]*\|", "", text, flags=re.S)  # code and tables aside
        cjk = len(re.findall(r"[\u4e00-\u9fff]", prose))
        latin_words = re.findall(r"\b[A-Za-z]{4,}\b", prose)
        assert cjk > 10 * len(latin_words), (name, latin_words[:20])


def test_the_exit_code_table_is_the_same_in_readme_and_contract():
    def codes(text):
        return re.findall(r"^\| ([0-3]) \| ([^|]+?) \|", text, flags=re.M)

    readme = codes((ROOT / "README.md").read_text("utf-8"))
    contract = codes((ROOT / "docs" / "report-contract.md").read_text("utf-8"))
    assert [c for c, _ in contract] == ["0", "1", "2", "3"]
    assert readme == contract
