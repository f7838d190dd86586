"""The read replica's decision rules (geo_accmr/db_router.py), in process; tests/ops/test_replica.py runs a pair."""

import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import translation

from geo_accmr import db_router
from geo_accmr.db_router import REPLICA, STICKY_COOKIE, ReplicaRouter, ReplicaRoutingMiddleware, read_alias
from services.models import Service


@pytest.mark.parametrize(
    ("path", "routed"),
    [
        ("/", True),  # the search page
        ("/en/", True),
        ("/services/5f0f6c1e-0000-4000-8000-000000000000/", True),
        ("/api/nearby/", True),
        ("/api/map/", True),
        ("/api/coverage/", True),
        ("/api/coverage/cells/", True),
        ("/coverage/", True),
        ("/en/coverage/coverage.csv", True),
        ("/ogc/collections/services/items", True),
        ("/ogc/anything", True),  # the OGC 404 view reads nothing, and is read-only too
        ("/export/services.csv", True),
        ("/hsds/services", True),
        ("/api/geocode/", False),  # writes the geocoding cache and the rate limiter's turns
        ("/api/health/", False),  # says whether the primary answers
        ("/services/5f0f6c1e-0000-4000-8000-000000000000/referral/", False),
        ("/organisations/", False),
        ("/manage/", False),
        ("/accounts/login/", False),
        ("/upload/", False),
        ("/no/such/page/", False),
    ],
)
def test_only_the_listed_read_only_views_may_read_the_replica(path: str, routed: bool) -> None:
    with translation.override("en" if path.startswith("/en/") else "el"):  # as LocaleMiddleware does before us
        assert db_router.replica_view(RequestFactory().get(path)) is routed


@pytest.fixture
def replica_chosen() -> Iterator[None]:
    token = db_router._use_replica.set(True)
    yield
    db_router._use_replica.reset(token)


def test_outside_requests_everything_reads_the_primary() -> None:
    assert read_alias() == DEFAULT_DB_ALIAS
    assert ReplicaRouter().db_for_read(Service) == DEFAULT_DB_ALIAS


def test_a_routed_request_reads_the_replica_except_sessions_and_accounts(replica_chosen: None) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Service) == REPLICA
    assert router.db_for_read(Session) == DEFAULT_DB_ALIAS
    assert router.db_for_read(get_user_model()) == DEFAULT_DB_ALIAS


def test_a_write_pins_the_rest_of_the_request_to_the_primary(replica_chosen: None) -> None:
    router = ReplicaRouter()
    assert read_alias() == REPLICA
    assert router.db_for_write(Service) == DEFAULT_DB_ALIAS
    assert read_alias() == DEFAULT_DB_ALIAS
    assert router.db_for_read(Service) == DEFAULT_DB_ALIAS


def test_the_replica_is_never_migrated() -> None:
    assert ReplicaRouter().allow_migrate(REPLICA, "services") is False
    assert ReplicaRouter().allow_migrate(DEFAULT_DB_ALIAS, "services") is True


def answer(status: int) -> ReplicaRoutingMiddleware:
    return ReplicaRoutingMiddleware(lambda request: HttpResponse(status=status))


@pytest.mark.parametrize(("method", "status", "marked"), [("post", 302, True), ("post", 200, True),
                         ("post", 400, False), ("delete", 204, True), ("get", 200, False)])  # fmt: skip
def test_a_successful_write_keeps_the_client_on_the_primary_for_a_few_seconds(
    method: str, status: int, marked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)  # the cookie is only set beside a replica
    response = answer(status)(getattr(RequestFactory(), method)("/manage/"))
    assert (STICKY_COOKIE in response.cookies) is marked
    if marked:
        cookie = response.cookies[STICKY_COOKIE]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert cookie["max-age"] == settings.DATABASE_REPLICA_STICKY_SECONDS
        follow_up = RequestFactory().get("/api/nearby/")
        follow_up.COOKIES[STICKY_COOKIE] = cookie.value
        assert db_router.wrote_recently(follow_up)
        with override_settings(DATABASE_REPLICA_STICKY_SECONDS=0):
            time.sleep(1.01)  # signatures are timestamped to the second
            assert not db_router.wrote_recently(follow_up)
        forged = RequestFactory().get("/api/nearby/")
        forged.COOKIES[STICKY_COOKIE] = "1"
        assert not db_router.wrote_recently(forged)  # harmless either way, but only our signature counts


def test_without_a_replica_no_cookie_is_set_and_nothing_is_routed() -> None:
    if REPLICA in settings.DATABASES:
        pytest.skip("DATABASE_REPLICA_URL is set")
    request: HttpRequest = RequestFactory().post("/manage/")
    assert STICKY_COOKIE not in answer(302)(request).cookies
    assert db_router.replica_allowed(RequestFactory().get("/api/nearby/")) is False
