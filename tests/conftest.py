import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The parsed-YAML cache (balance_check/rules/parsed.py) of the test run lives in a folder of its own,
# removed at the end: tests neither read what earlier runs left in ~/.cache nor leave anything there.
if "BALANCE_CHECK_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="balance-check-test-cache-")
    os.environ["BALANCE_CHECK_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)

REPO = Path(__file__).resolve().parent.parent
# The reference workbooks and their independently computed results travel with the repository,
# so a fresh clone tests itself with nothing beside it.
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    if not FIXTURES.is_dir():
        pytest.fail(f"reference fixtures not found at {FIXTURES}")
    return FIXTURES


@pytest.fixture(scope="session")
def county_b_attested(tmp_path_factory) -> Path:
    """county_b (a county that passes everything) with the county attestations added since it was made:
    p01's second condition (年度监测持续保持较高水平), whose label comes from the standard file. The
    reference workbook itself is never edited; this copy is the variant the tests need."""
    import openpyxl

    from balance_check.standard import load_standard

    std = load_standard("national-2017")
    p01 = next(i for i in std.items if i["id"] == "p01")
    labels = [std.facts[c["fact"]]["label"] for c in p01["conditions"] if c["kind"] == "attestation"]
    wb = openpyxl.load_workbook(FIXTURES / "county_b.xlsx")
    ws = wb["县域"]
    for label in labels:
        ws.append([label, "是", "见附件"])
    out = tmp_path_factory.mktemp("county_b") / "county_b.xlsx"
    wb.save(out)
    return out


DEMO = REPO / "sample_data" / "demo_county.xlsx"


@pytest.fixture(scope="session")
def checked():
    """check_workbook(path, standard) of a workbook no test changes, evaluated once per session: the
    reference workbooks and the sample county are checked by many test files. Each call returns a deep
    copy, so a test may change the report it gets without changing another test's."""
    import copy

    from balance_check import check_workbook

    reports = {}

    def report(path, standard="national-2017") -> dict:
        key = (str(Path(path).resolve()), standard)  # a standard by id or path: a Standard is not cached
        if key not in reports:
            reports[key] = check_workbook(path, standard)
        return copy.deepcopy(reports[key])

    return report


@pytest.fixture(scope="session")
def demo_split(tmp_path_factory) -> list[Path]:
    """The sample county as its schools send it back, one workbook per school and 县域.xlsx (made once per
    session; the files are read-only for the tests: a test that changes one copies it first)."""
    from per_school import split_county

    return split_county(DEMO, tmp_path_factory.mktemp("per_school"))


HOSTILE = "<script>alert(1)</script>小学"


@pytest.fixture(scope="session")
def hostile_county_a(tmp_path_factory):
    """county_a with a failing school renamed to markup (东关小学 → HOSTILE), checked and written as
    .docx, .html and .xlsx: (report, folder)."""
    import openpyxl

    from balance_check import check_workbook
    from balance_check.report import write_reports

    out = tmp_path_factory.mktemp("docs")
    wb = openpyxl.load_workbook(FIXTURES / "county_a.xlsx")
    wb["学校"]["B3"] = HOSTILE
    wb.save(out / "in.xlsx")
    report = check_workbook(out / "in.xlsx")
    write_reports(report, out, ["docx", "html", "xlsx"])
    return report, out


@pytest.fixture(scope="session")
def office_pdfs(tmp_path_factory, checked, hostile_county_a):
    """Every document the tests render with LibreOffice, converted to PDF in one soffice run: the
    自评报告 and gap workbook of county_a and county_b (county_a_report.pdf, county_a_book.pdf …), the
    glyph documents (glyphs_default.pdf …) and hostile_county_a's (hostile_report.pdf, hostile_book.pdf).
    Returns (reports of county_a and county_b, the folder of the PDFs, the fontconfig environment)."""
    import shutil

    import office

    from balance_check.report import write_reports

    if not office.OFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("office")
    env = office.fontconfig(tmp)
    reports, files = {}, []
    for name in ("county_a", "county_b"):
        reports[name] = checked(FIXTURES / f"{name}.xlsx")
        folder = tmp / name
        write_reports(reports[name], folder, ["docx", "xlsx"])
        for ext, kind in (("docx", "report"), ("xlsx", "book")):
            target = tmp / f"{name}_{kind}.{ext}"  # the PDF takes the stem: keep them apart
            shutil.copy(folder / f"report.{ext}", target)
            files.append(target)
    files += office.glyph_documents(tmp)
    _, hostile = hostile_county_a
    for ext, kind in (("docx", "report"), ("xlsx", "book")):
        files.append(tmp / f"hostile_{kind}.{ext}")
        shutil.copy(hostile / f"report.{ext}", files[-1])
    office.to_pdf(files, tmp, env, tmp / "profile")
    return reports, tmp, env
