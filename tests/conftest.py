from pathlib import Path

import pytest

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
