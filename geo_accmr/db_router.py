"""The read replica: which requests may read from it, and the router that sends their queries there.

When `DATABASE_REPLICA_URL` is set (settings: DATABASES["replica"], a streaming hot standby of the primary), a
request reads from the replica only if all of these hold:
- it is a GET or HEAD of a read-only view named in REPLICA_VIEWS (search, map, coverage, open data);
- the client wrote nothing in the last REPLICA_STICKY_SECONDS: any successful POST/PUT/PATCH/DELETE sets a signed
  cookie that keeps the same browser on the primary for that long (read-your-writes for editors and coordinators);
- the request itself has written nothing yet: the first write (through the ORM) pins the rest of it to the primary;
- the replica answers: a failed connection marks it down for REPLICA_RETRY_SECONDS in this worker, and reads go to
  the primary meanwhile, without an error.
Writes, sessions, accounts and sign-in records always go to the primary (PRIMARY_APPS).

ORM reads follow the router; raw SQL in the routed selectors uses `read_connection` instead of
`django.db.connection`. The decision is taken once, before the view (and before the conditional-GET middleware
reads the directory version, so the version and the answer come from the same database), and holds until the
response is closed, so streamed exports read from where the request started.
"""

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, cast

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.connection import ConnectionProxy

logger = logging.getLogger(__name__)

REPLICA = "replica"  # the alias in settings.DATABASES
# Read-only views (URL namespace:name; a namespace alone covers all its views) whose queries may go to the replica.
REPLICA_VIEWS = frozenset(
    {
        "services:home",  # the search page
        "services:detail",  # a service page (opened from the results)
        "api:nearby",
        "api:map",
        "api:coverage",
        "api:coverage-cells",
        "api:coverage-unmet-need",
        "coverage:dashboard",
        "coverage:csv",
        "ogc",
        "export",
        "hsds",
    }
)
# Apps whose tables are always read on the primary: sessions and who is signed in must never lag behind a sign-in.
PRIMARY_APPS = frozenset({"sessions", "auth", "accounts", "axes", "admin", "contenttypes"})
STICKY_COOKIE = "accmr_primary"
STICKY_SALT = "geo_accmr.db_router.sticky"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

_use_replica: ContextVar[bool] = ContextVar("geo_accmr_use_replica", default=False)
_replica_down_until = 0.0  # time.monotonic() before which this worker does not try the replica again


def read_alias() -> str:
    """The database this request reads from now: the replica or the primary (outside requests, the primary)."""
    return REPLICA if _use_replica.get() else DEFAULT_DB_ALIAS


class _ReadConnectionProxy(ConnectionProxy):
    """Like django.db.connection, but resolved to read_alias() at each use."""

    def __getattr__(self, item: str) -> Any:
        return getattr(connections[read_alias()], item)


# For raw SQL in read-only selectors: `read_connection.cursor()` where they used `connection.cursor()`; transactions
# on it take `transaction.atomic(using=read_connection.alias)`.
read_connection = cast(BaseDatabaseWrapper, _ReadConnectionProxy(connections, DEFAULT_DB_ALIAS))


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_view(request: HttpRequest) -> bool:
    """Whether the request is for a read-only view listed in REPLICA_VIEWS."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in REPLICA_VIEWS or bool(match.namespace and match.namespaces[0] in REPLICA_VIEWS)


def wrote_recently(request: HttpRequest) -> bool:
    """Whether this client's last successful write is at most REPLICA_STICKY_SECONDS old (signed cookie)."""
    return (
        request.get_signed_cookie(
            STICKY_COOKIE, default=None, salt=STICKY_SALT, max_age=settings.DATABASE_REPLICA_STICKY_SECONDS
        )
        is not None
    )


def replica_available() -> bool:
    """Whether the replica answers; when it does not, it is left alone for REPLICA_RETRY_SECONDS in this worker."""
    global _replica_down_until  # noqa: PLW0603 - per-process state, like Django's own connections
    if time.monotonic() < _replica_down_until:
        return False
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as exc:
        logger.warning("read replica unavailable, reading from the primary: %s", exc.__class__.__name__)
        replica.close()
        _replica_down_until = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS
        return False
    return True


def replica_allowed(request: HttpRequest) -> bool:
    """All the conditions of this module's docstring, cheapest first."""
    return (
        replica_configured()
        and request.method in ("GET", "HEAD")
        and replica_view(request)
        and not wrote_recently(request)
        and replica_available()
    )


def _request_finished(**kwargs: Any) -> None:
    _use_replica.set(False)


request_finished.connect(_request_finished, dispatch_uid="geo_accmr.db_router.request_finished")


class ReplicaRoutingMiddleware:
    """Decides where the request reads from; marks clients that wrote so that they read their writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Left set until the response is closed (request_finished): a streamed answer is read while it is sent.
        _use_replica.set(replica_allowed(request))
        response = self.get_response(request)
        if replica_configured() and request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_signed_cookie(
                STICKY_COOKIE, "1", salt=STICKY_SALT, max_age=settings.DATABASE_REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
            )  # fmt: skip
        return response


class ReplicaRouter:
    """Reads where read_alias() says (PRIMARY_APPS always on the primary); every write on the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if model._meta.app_label in PRIMARY_APPS:
            return DEFAULT_DB_ALIAS
        return read_alias()

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        _use_replica.set(False)  # what this request reads after its own write comes from where it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # one database, two copies

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica copies the primary's schema by itself
