"""No anonymous write anywhere under /api/, /hsds/, /ogc/, /export/: every URL pattern, every writing method.

There is no exception: even unmet need (`POST /api/coverage/unmet-need/`) is counted for signed-in people only.
"""

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from boundaries.models import Area
from services.models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from tests.factories import ServiceAtLocationFactory, term

pytestmark = pytest.mark.django_db

PREFIXES = ("api/", "hsds/", "ogc/", "export/")
ANONYMOUS_WRITES: set[tuple[str, str]] = set()
WRITING_METHODS = ("post", "put", "patch", "delete")


def url_patterns(patterns: list, prefix: str = "") -> Iterator[str]:
    """Every URL pattern of the project as one string, e.g. "hsds/services/<str:id>"."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def concrete(pattern: str, ids: dict[str, str]) -> str:
    """A real path for a pattern: its parameters filled with ids of existing rows (so a write would find them)."""
    if "(?P<" in pattern:  # a regular expression: the OGC catch-all
        return "/" + re.sub(r"\^\(\?P<\w+>\.\*\)\$$", "anything", pattern)
    collection = pattern.rstrip("/").split("/")[-2] if "<" in pattern else ""
    if "<" in pattern and pattern.startswith("ogc/"):
        collection = pattern.split("/")[2]
    return "/" + re.sub(r"<(?:\w+:)?\w+>", ids.get(collection, "x"), pattern)


@pytest.fixture
def rows() -> dict[str, str]:
    sal = ServiceAtLocationFactory(service__categories=[term("health")])
    area = Area.objects.filter(level="municipality").first()
    return {
        "services": str(sal.service.pk),
        "service_at_locations": str(sal.pk),
        "organizations": str(sal.service.organization.pk),
        "taxonomies": str(Taxonomy.objects.get(code="categories").pk),
        "taxonomy_terms": str(term("health").pk),
        "areas": area.code if area else "x",
    }


def directory_state() -> tuple:
    return (
        Service.objects.count(),
        Organization.objects.count(),
        ServiceAtLocation.objects.count(),
        TaxonomyTerm.objects.count(),
        sorted(Service.objects.values_list("name", flat=True)),
    )


def test_anonymous_writes_never_succeed_on_any_open_data_or_api_url(rows: dict[str, str]) -> None:
    patterns = [p for p in url_patterns(get_resolver().url_patterns) if p.startswith(PREFIXES)]
    assert len(patterns) >= 30 and "hsds/services/<str:id>" in patterns  # the walk really sees the URLs
    client = Client()  # CSRF checks off: the views themselves must refuse
    before = directory_state()
    checked: list[tuple[str, str, int]] = []
    for pattern in patterns:
        path = concrete(pattern, rows)
        for method in WRITING_METHODS:
            if (method.upper(), path) in ANONYMOUS_WRITES:
                continue
            response = getattr(client, method)(path, data="{}", content_type="application/json")
            checked.append((method.upper(), path, response.status_code))
    allowed = [c for c in checked if c[2] not in (401, 403, 405)]
    assert not allowed, f"anonymous writes not refused: {allowed}"
    assert directory_state() == before
    assert len(checked) == 4 * len(patterns)
    assert ("POST", "/api/coverage/unmet-need/", 403) in checked
    assert ("POST", f"/hsds/services/{rows['services']}", 405) in checked


def test_unmet_need_is_written_only_by_signed_in_people(client: Client) -> None:
    assert client.post("/api/coverage/unmet-need/", data="{}", content_type="application/json").status_code == 403
    client.force_login(get_user_model().objects.create_user("caseworker"))
    response = client.post("/api/coverage/unmet-need/", data="{}", content_type="application/json")
    assert response.status_code == 400  # reachable once signed in (400 for this empty body)
