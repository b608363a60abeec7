import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The reference fixtures live beside the repository (shared/fixtures); BALANCE_CHECK_FIXTURES overrides.
FIXTURES = Path(os.environ.get("BALANCE_CHECK_FIXTURES", REPO.parent / "shared" / "fixtures"))


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    if not FIXTURES.is_dir():
        pytest.fail(f"reference fixtures not found at {FIXTURES} (set BALANCE_CHECK_FIXTURES)")
    return FIXTURES
