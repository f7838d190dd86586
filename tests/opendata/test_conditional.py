"""ETag / Last-Modified and 304 on the list endpoints; validators follow the directory version; CORS on GET."""

import pytest

from services.models import Service

from .conftest import Directory

pytestmark = pytest.mark.django_db
LISTS = [
    "/api/map/?bbox=23,37,24,37.5&zoom=9",
    "/api/areas/?level=community",
    "/export/services.csv",
    "/export/services.geojson?language=ar",
    "/ogc/collections/services/items?limit=3",
    "/ogc/collections/areas/items?level=community",
    "/ogc/collections",
]


@pytest.mark.parametrize("url", LISTS)
def test_conditional_get_answers_304_until_the_directory_changes(client, directory: Directory, url: str) -> None:  # noqa: ANN001
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert "Accept-Language" in first["Vary"]

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    Service.objects.filter(name_el="Υπηρεσία 3").update(name_en="Renamed")  # a bulk update sends no signal …
    from search.actions.directory import directory_changed

    directory_changed()  # … so writers that bypass signals call this, as the importers do
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_validators_differ_by_query_and_a_save_invalidates(client, directory: Directory) -> None:  # noqa: ANN001
    url = "/ogc/collections/services/items"
    etag = client.get(url)["ETag"]
    assert client.get(url, {"limit": 2})["ETag"] != etag
    Service.objects.get(name_el="Υπηρεσία 5").save()  # through the ORM: the signal bumps the version
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_errors_and_other_paths_carry_no_validators(client, directory: Directory) -> None:  # noqa: ANN001
    assert "ETag" not in client.get("/export/services.csv", {"open_now": "maybe"})
    assert "ETag" not in client.get("/api/health/")
    assert "ETag" not in client.get("/api/nearby/", {"lat": 37.25, "lon": 23.3})  # see DEFAULT_CONDITIONAL_PATHS


def test_answers_that_say_open_now_are_revalidated_every_minute(client, directory: Directory, settings) -> None:  # noqa: ANN001
    from datetime import UTC, datetime
    from unittest import mock

    settings.CONDITIONAL_GET_PATHS = [("/api/nearby/", True), ("/export/", False)]
    moment = datetime(2026, 5, 4, 10, 15, 20, tzinfo=UTC)
    with mock.patch("opendata.conditional.timezone.now", return_value=moment):
        nearby = client.get("/api/nearby/", {"lat": 37.25, "lon": 23.3})["ETag"]
        open_now = client.get("/export/services.csv", {"open_now": "true"})["ETag"]
        plain = client.get("/export/services.csv")["ETag"]
    later = moment.replace(minute=16)
    with mock.patch("opendata.conditional.timezone.now", return_value=later):
        assert client.get("/api/nearby/", {"lat": 37.25, "lon": 23.3})["ETag"] != nearby
        assert client.get("/export/services.csv", {"open_now": "true"})["ETag"] != open_now
        assert client.get("/export/services.csv")["ETag"] == plain  # same day, same directory


def test_cors_lets_any_page_read_the_open_endpoints(client, directory: Directory) -> None:  # noqa: ANN001
    urls = ["/api/areas/?level=community", "/ogc/collections", "/export/services.csv", "/api/nearby/?lat=37&lon=23"]
    for url in urls:
        response = client.get(url, HTTP_ORIGIN="https://planner.example.org")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response.get("Access-Control-Expose-Headers", "ETag")
        assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/nearby/", HTTP_ORIGIN="https://planner.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200
    assert set(preflight["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    # pages are not opened to other sites
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://planner.example.org")
