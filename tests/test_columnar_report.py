"""A columnar report (schools held as columns, streamed into report.json) has the dict report's content."""

import json
from collections.abc import Sequence

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_check import check_workbook, chunked
from balance_check.cli import main
from balance_check.evaluate import school_table
from balance_check.report import write_reports
from balance_check.report.json_report import to_json, write_json

WORKBOOKS = ("county_a", "county_b", "split_example", "official_cv_example")


@pytest.fixture(scope="module")
def reports(fixtures_dir, checked):
    return {
        name: (
            checked(fixtures_dir / f"{name}.xlsx"),
            check_workbook(fixtures_dir / f"{name}.xlsx", columnar=True),
        )
        for name in WORKBOOKS
    }


@pytest.mark.parametrize("name", WORKBOOKS)
def test_columnar_schools_are_the_records_of_the_list_report(reports, name):
    plain, columnar = reports[name]
    assert isinstance(plain["schools"], list) and isinstance(columnar["schools"], Sequence)
    assert not isinstance(columnar["schools"], list)
    assert columnar["schools"].to_list() == plain["schools"]
    assert {k: v for k, v in columnar.items() if k != "schools"} == {
        k: v for k, v in plain.items() if k != "schools"
    }


@pytest.mark.parametrize("name", WORKBOOKS)
def test_streamed_json_in_small_chunks_equals_the_dict_report(reports, name, tmp_path, monkeypatch):
    plain, columnar = reports[name]
    monkeypatch.setattr(chunked, "CHUNK", 3)  # many chunks, and a short last one
    write_json(columnar, tmp_path / "columnar.json")
    write_json(plain, tmp_path / "plain.json")
    streamed = json.loads((tmp_path / "columnar.json").read_text("utf-8"))
    assert streamed == json.loads((tmp_path / "plain.json").read_text("utf-8"))
    assert streamed == json.loads(json.dumps(plain))  # orjson and the standard encoder agree
    assert json.loads(to_json(columnar)) == streamed
    # the tables' texts assembled from their columns are the bytes orjson writes for their records
    assert (tmp_path / "columnar.json").read_bytes() == (tmp_path / "plain.json").read_bytes()


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_indexing_and_slicing_a_school_table_match_the_list(reports, data):
    plain, columnar = reports[data.draw(st.sampled_from(WORKBOOKS))]
    records, table = plain["schools"], columnar["schools"]
    n = len(records)
    assert len(table) == n
    start = data.draw(st.integers(-n - 2, n + 2))
    stop = data.draw(st.integers(-n - 2, n + 2))
    step = data.draw(st.sampled_from([None, 1, 2, 3, -1]))
    assert table[start:stop:step] == records[start:stop:step]
    if n:
        j = data.draw(st.integers(-n, n - 1))
        assert table[j] == records[j]
    assert table.column("name") == [r["name"] for r in records]
    assert table.column("passed") == [r["passed"] for r in records]


def test_cli_json_only_run_writes_what_the_library_returns(fixtures_dir, tmp_path, checked):
    src = fixtures_dir / "county_a.xlsx"
    result = CliRunner().invoke(main, ["check", str(src), "--out", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    written = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert written == json.loads(json.dumps(checked(src)))


def test_all_formats_from_a_columnar_report_equal_those_from_the_dict(reports, tmp_path):
    plain, columnar = reports["county_a"]
    write_reports(plain, tmp_path / "plain", ["json", "md", "html"])
    write_reports(columnar, tmp_path / "columnar", ["json", "md", "html"])
    for name in ("report.json", "report.md", "report.html"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "columnar" / name).read_bytes()



def test_writers_read_a_columnar_report_without_making_its_list_of_records(reports, tmp_path, monkeypatch):
    """A province's 200,000 records never exist at once: report.json streams them in chunks, the other
    writers read columns (and the few records a document shows); what they write equals what the dict
    report gives (cell values of the workbook, texts of the Word report)."""
    from docx import Document
    from python_calamine import CalamineWorkbook

    plain, columnar = reports["county_a"]
    write_reports(plain, tmp_path / "plain")

    def refuse(*_):
        raise AssertionError("a writer made the whole list of records")

    monkeypatch.setattr(school_table.SchoolParts, "__iter__", refuse)
    monkeypatch.setattr(school_table.SchoolParts, "to_list", refuse)
    write_reports(columnar, tmp_path / "columnar")

    def cells(path):
        book = CalamineWorkbook.from_path(str(path))
        return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}

    def texts(path):
        doc = Document(str(path))
        rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
        return [p.text for p in doc.paragraphs], rows

    a, b = tmp_path / "plain", tmp_path / "columnar"
    for name in ("report.json", "report.md", "report.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert cells(a / "report.xlsx") == cells(b / "report.xlsx")
    assert texts(a / "report.docx") == texts(b / "report.docx")
