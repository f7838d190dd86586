"""Shared fixtures: a PostGIS test database holding the real reference data (GEO_ACCMR_DATA_DIR, by default the
committed boundaries/data)."""

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.utils import translation

from boundaries.actions import reference_data_load, reference_files_missing

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop in the thread


def reference_data_dir() -> Path:
    """The reference files for tests: GEO_ACCMR_DATA_DIR (by default the committed boundaries/data)."""
    data_dir = Path(settings.GEO_ACCMR_DATA_DIR)
    missing = reference_files_missing(data_dir=data_dir)
    if missing:
        pytest.exit(f"reference data missing in {data_dir}: {', '.join(missing)}", returncode=2)
    return data_dir


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    """Load the reference data once per run; tests in transactions see it, transactional tests must add their own."""
    with django_db_blocker.unblock():
        reference_data_load(data_dir=reference_data_dir())


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """A request to an /en/ page leaves English active in the thread; the next test's reverse() starts in Greek."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With DATABASE_REPLICA_URL set, every database test may use the replica alias (see the fixture below); a live
    server's threads then open a real connection to it, which reads the test database's committed rows."""
    if "replica" not in settings.DATABASES:
        return
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and "_django_db_helper" not in getattr(item, "fixturenames", ()):
            continue
        args, kwargs = (marker.args, marker.kwargs) if marker else ((), {})
        item.add_marker(pytest.mark.django_db(*args, **{**kwargs, "databases": "__all__"}), append=False)


@pytest.fixture(autouse=True)
def _replica_alias_is_the_test_connection(request: pytest.FixtureRequest) -> Iterator[None]:
    """With DATABASE_REPLICA_URL set, the replica alias mirrors the test database (settings: TEST MIRROR): here its
    connection is the default one, so that requests the router sends to the replica see the test's own rows (they
    are inside the test's transaction). Lets any test file run with the replica configured; a subprocess server
    (gunicorn) uses the URL itself, which should then name the test database."""
    uses_db = request.node.get_closest_marker("django_db") is not None or "_django_db_helper" in request.fixturenames
    if "replica" not in settings.DATABASES or not uses_db:
        yield
        return
    request.getfixturevalue("_django_db_helper")  # first: its teardown (after ours) expects the replica's own object
    replica = connections["replica"]
    connections["replica"] = connections["default"]
    try:
        yield
    finally:
        connections["replica"] = replica


LIVE_SERVER_DRAIN_SECONDS = 30


def live_server_requests() -> list[threading.Thread]:
    """The live server's request threads still alive (socketserver names each after its target)."""
    return [t for t in threading.enumerate() if t.name.endswith("(process_request_thread)") and t.is_alive()]


@pytest.fixture(autouse=True)
def _live_server_drained(request: pytest.FixtureRequest) -> Iterator[None]:
    """A live-server test ends only when the server has answered every request it was sent.

    The live server answers in threads of its own. A page's request still running when the test database is flushed
    holds locks the flush needs (on a loaded machine, a deadlock). The test's browser context is closed first (it is
    set up after this fixture), which ends the keep-alive connections; here each request thread ends its answer,
    before `transactional_db` (set up first, so torn down after us) flushes the tables.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    deadline = time.monotonic() + LIVE_SERVER_DRAIN_SECONDS
    for thread in live_server_requests():
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
