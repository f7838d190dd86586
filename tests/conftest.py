"""Shared fixtures: a PostGIS test database holding the real reference data (../shared/data or GEO_ACCMR_DATA_DIR)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from boundaries.actions import reference_data_load, reference_files_missing

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop in the thread


def reference_data_dir() -> Path:
    """The reference files for tests: GEO_ACCMR_DATA_DIR, else ../shared/data beside the project."""
    candidates = [settings.GEO_ACCMR_DATA_DIR, settings.BASE_DIR.parent / "shared" / "data"]
    for candidate in candidates:
        if not reference_files_missing(data_dir=Path(candidate)):
            return Path(candidate)
    pytest.exit(f"reference data not found in {candidates}; set GEO_ACCMR_DATA_DIR", returncode=2)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    """Load the reference data once per run; tests in transactions see it, transactional tests must add their own."""
    with django_db_blocker.unblock():
        reference_data_load(data_dir=reference_data_dir())
