"""The 学校 sheet loaded early (reading/preload.py): the command line starts calamine on it before pandas
is imported; what is read is the same as without it, and a file the reader refuses is never opened by
calamine early."""

import dataclasses
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from balance_check.errors import InputUnusable
from balance_check.reading import preload, read_workbook, workbook
from balance_check.standard import load_standard


@pytest.fixture(scope="module")
def standard():
    return load_standard("national-2017")


def same_input(a, b) -> None:
    pd.testing.assert_frame_equal(a.schools, b.schools)
    pd.testing.assert_frame_equal(a.errors, b.errors)
    problems = [[dataclasses.astuple(p) for p in d.problems.items] for d in (a, b)]
    assert problems[0] == problems[1] and problems[0]  # the same records, and there are some
    assert (a.county, a.quality, a.sheet_names, a.skipped) == (b.county, b.quality, b.sheet_names, b.skipped)


def test_nothing_started_gives_nothing(fixtures_dir):
    assert preload.take(fixtures_dir / "county_a.xlsx") is None


def test_preloaded_sheet_reads_the_same_as_a_plain_read(fixtures_dir, standard):
    path = fixtures_dir / "county_a.xlsx"
    preload.start(path)
    early = preload._started[preload._key(path)].result(timeout=60)
    assert early.chosen == "学校" and early.sheet is not None
    preloaded = read_workbook(path, standard)
    assert preload.take(path) is None  # taken once, by the read
    same_input(preloaded, read_workbook(path, standard))


def test_a_renamed_school_sheet_is_chosen_as_the_reader_chooses(tmp_path, fixtures_dir, standard):
    book = openpyxl.load_workbook(fixtures_dir / "county_a.xlsx")
    book["学校"].title = "学校（2026年）"  # a near name: the reader uses it with a warning
    path = tmp_path / "renamed.xlsx"
    book.save(path)
    preload.start(path)
    assert preload._started[preload._key(path)].result(timeout=60).chosen == "学校（2026年）"
    preloaded = read_workbook(path, standard)
    plain = read_workbook(path, standard)
    assert preloaded.sheet_names["schools"] == "学校（2026年）"
    same_input(preloaded, plain)


def test_a_file_the_reader_refuses_is_not_opened_early(tmp_path, monkeypatch, standard):
    import python_calamine

    opened = []
    real = python_calamine.CalamineWorkbook.from_path
    monkeypatch.setattr(
        python_calamine.CalamineWorkbook, "from_path", lambda p: opened.append(p) or real(p), raising=False
    )
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)  # an old .xls (OLE) file
    preload.start(path)
    assert preload.take(path) is None
    assert opened == []
    with pytest.raises(InputUnusable, match="xls"):
        read_workbook(path, standard)


def test_a_missing_file_is_reported_by_the_reader_not_the_thread(tmp_path, standard):
    path = tmp_path / "nowhere.xlsx"
    preload.start(path)
    assert preload.take(path) is None
    with pytest.raises(InputUnusable, match="找不到文件"):
        read_workbook(path, standard)


def test_preloading_imports_no_pandas():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from balance_check.reading import preload; "
            "print(' '.join(m for m in ('pandas', 'numpy') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.strip() == ""


def test_formula_cells_without_values_are_found_by_the_early_scan_too(
    tmp_path, fixtures_dir, standard, monkeypatch
):
    book = openpyxl.load_workbook(fixtures_dir / "county_a.xlsx")
    sheet = book["学校"]
    header = [c.value for c in sheet[1]]
    column = next(i for i, h in enumerate(header, 1) if h and "在校生" in str(h))
    sheet.cell(row=2, column=column, value="=100+20")  # openpyxl saves no calculated value
    path = tmp_path / "formula.xlsx"
    book.save(path)
    preload.start(path)
    with monkeypatch.context() as m:  # the reader must take the early scan, not scan again
        m.setattr(workbook, "uncached_formula_cells", lambda *a: pytest.fail("scanned a second time"))
        preloaded = read_workbook(path, standard)
    plain = read_workbook(path, standard)
    found = [p for p in preloaded.problems.items if p.code == "formula_without_value"]
    assert [(p.row, p.column) for p in found] == [(2, header[column - 1])]
    same_input(preloaded, plain)
