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
