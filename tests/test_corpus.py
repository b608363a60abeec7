"""Every workbook of the bad-input corpus: the exact problems expected, every row accounted for, no crash."""

import atexit
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from corpus.make_corpus import build_corpus

from balance_check import InputUnusable, check_workbook, settings


def _build() -> dict:
    """The corpus, written once: its names parametrize the tests at collection and the same files are the
    fixture (a folder of its own, removed when the session ends; the tests only read it)."""
    folder = Path(tempfile.mkdtemp(prefix="balance-check-corpus-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return {c.name: c for c in build_corpus(folder)}


CORPUS = _build()
NAMES = list(CORPUS)


@pytest.fixture(scope="session")
def corpus():
    return CORPUS


def test_corpus_has_at_least_25_cases():
    assert len(NAMES) >= 25


@pytest.mark.parametrize("name", NAMES)
def test_corpus_case_reports_exactly_what_is_expected(name, corpus):
    case = corpus[name]
    if case.unusable:
        with pytest.raises(InputUnusable) as err:
            check_workbook(case.path)
        assert case.unusable in err.value.message
        return
    report = check_workbook(case.path)
    found = {(p["row"], p["column"], p["severity"], p["code"]) for p in report["problems"]}
    for row, column, severity, code in case.problems:
        assert any(
            r == row and (c or "").startswith(column) and s == severity and k == code for r, c, s, k in found
        ), (case.problems, sorted(found, key=str))
    ne = {e["name"] for e in report["not_evaluable"]}
    assert set(case.not_evaluable) <= ne
    assert set(case.evaluated) <= {s["name"] for s in report["schools"]}
    rows = [s["row"] for s in report["schools"]]
    listed = set(rows) | {e["row"] for e in report["excluded"]} | {e["row"] for e in report["not_evaluable"]}
    listed |= {e["row"] for e in report["skipped"]}
    assert len(listed) == report["counts"]["input_rows"]  # every data row appears exactly once


@pytest.mark.parametrize("name", ["text_in_number", "no_school_sheet", "ole_xls", "county_bad_percent"])
def test_cli_validate_exits_2_on_errors_without_traceback(name, corpus):
    proc = subprocess.run(
        [sys.executable, "-m", "balance_check", "validate", str(corpus[name].path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout.strip() or proc.stderr.strip()


def test_cli_validate_exits_1_on_warnings_only(corpus):
    proc = subprocess.run(
        [sys.executable, "-m", "balance_check", "validate", str(corpus["extra_column"].path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "unknown_column" not in proc.stdout and "不属于输入格式" in proc.stdout


def test_uncompressed_size_cap_is_a_named_setting(corpus, monkeypatch):
    monkeypatch.setattr(settings, "MAX_UNCOMPRESSED_BYTES", 2**20)
    with pytest.raises(InputUnusable) as err:
        check_workbook(corpus["extra_column"].path.with_name("zip_bomb.xlsx"))
    assert "安全上限" in err.value.message
