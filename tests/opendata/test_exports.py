"""/export/services.csv and /export/services.geojson: the /api/nearby/ filters over the whole set, streamed."""

import csv
import io
import json
import urllib.request

import pytest
from django.db import connection

from .conftest import Directory


def _csv(client, query: str = "") -> list[dict[str, str]]:  # noqa: ANN001
    response = client.get(f"/export/services.csv{query}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="services.csv"'
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def _geojson(client, query: str = "") -> dict:  # noqa: ANN001
    response = client.get(f"/export/services.geojson{query}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(b"".join(response.streaming_content))


@pytest.mark.django_db
def test_csv_lists_every_public_location_once_and_never_a_redacted_point(client, directory: Directory) -> None:
    rows = _csv(client)
    ours = {row["id"]: row for row in rows if row["id"] in directory.public or row["id"] in directory.hidden}
    assert set(ours) == set(directory.public)  # inactive, expired and not-yet-valid services are left out
    for sal, point in directory.points().items():
        assert (float(ours[sal]["lon"]), float(ours[sal]["lat"])) == point
        assert ours[sal]["redacted"] == "false"
        assert ours[sal]["address"].startswith("Οδός ")
    shelter = ours[directory.redacted]
    assert (shelter["lon"], shelter["lat"], shelter["address"], shelter["redacted"]) == ("", "", "", "true")
    assert shelter["municipality"]  # the area is still given
    assert len(rows) == len({row["id"] for row in rows})  # once each
    assert ours[next(iter(directory.points()))]["categories"] in ("health-system-access", "housing")
    assert ours[next(iter(directory.points()))]["languages"] in ("ar", "el")


@pytest.mark.django_db
def test_geojson_has_the_same_rows_as_the_csv(client, directory: Directory) -> None:
    collection = _geojson(client)
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == {row["id"] for row in _csv(client)}
    for sal, (lon, lat) in directory.points().items():
        assert features[sal]["geometry"] == {"type": "Point", "coordinates": [lon, lat]}
    shelter = features[directory.redacted]
    assert shelter["geometry"] is None
    assert shelter["properties"]["address"] is None
    assert shelter["properties"]["redacted"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_filters_are_those_of_nearby(client, directory: Directory, fmt: str) -> None:
    def ids(query: str) -> set[str]:
        if fmt == "csv":
            return {row["id"] for row in _csv(client, query)}
        return {f["id"] for f in _geojson(client, query)["features"]}

    assert ids("?category=health") == directory.health  # a top-level code includes its subcategories
    assert ids("?language=ar") == directory.arabic
    assert ids("?category=health&language=ar") == directory.health & directory.arabic
    assert ids("?q=Service 11") == {sal for sal, point in directory.public.items() if point == (23.93, 37.25)}
    code = connection.cursor()
    code.execute("SELECT a.code FROM services_location l JOIN boundaries_area a ON a.id = l.municipality_id"
                 " JOIN services_serviceatlocation sal ON sal.location_id = l.id WHERE sal.id = %s",
                 [next(iter(directory.west))])  # fmt: skip
    area = code.fetchone()[0]
    code.execute("SELECT sal.id::text FROM services_location l JOIN services_serviceatlocation sal"
                 " ON sal.location_id = l.id WHERE %s IN (SELECT a.code FROM boundaries_area a"
                 " WHERE a.id IN (l.municipality_id, l.community_id, l.neighbourhood_id))", [area])  # fmt: skip
    expected = {row[0] for row in code.fetchall()} - directory.hidden
    assert ids(f"?area={area}") == expected


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/export/services.csv", "/export/services.geojson"])
def test_bad_filters_are_400_with_a_message_per_field(client, directory: Directory, path: str) -> None:
    response = client.get(path, {"category": "no-such-category", "open_now": "maybe"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()["errors"]) == {"open_now"}
    response = client.get(path, {"category": "no-such-category"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["category"]


@pytest.mark.django_db
def test_formula_like_text_is_neutralised_in_csv(client, directory: Directory) -> None:
    from services.models import Service

    Service.objects.filter(name_en="Service 1").update(name_en='=HYPERLINK("http://x")')
    rows = {row["name_el"]: row for row in _csv(client)}
    assert rows["Υπηρεσία 1"]["name_en"] == '\'=HYPERLINK("http://x")'


def test_export_streams_over_real_http_from_a_server_side_cursor(live_server, live_directory: Directory) -> None:
    """Over HTTP the answer is chunked (no Content-Length): it is written while rows are still being read."""
    import opendata.selectors

    chunk, opendata.selectors.STREAM_CHUNK = opendata.selectors.STREAM_CHUNK, 3  # many chunks from 13 rows
    try:
        with urllib.request.urlopen(f"{live_server.url}/export/services.geojson") as response:
            assert response.headers.get("Content-Length") is None
            assert response.headers["Content-Type"] == "application/geo+json"
            collection = json.loads(response.read())
    finally:
        opendata.selectors.STREAM_CHUNK = chunk
    assert {f["id"] for f in collection["features"]} == set(live_directory.public)


@pytest.mark.django_db
def test_rows_come_from_a_server_side_cursor_without_hold(directory: Directory) -> None:
    """While the export is being written, PostgreSQL holds the cursor and Python only the current chunk."""
    from opendata.selectors import rows_streamed, service_location_export_query
    from services.selectors import SearchFilters

    chunks = rows_streamed(service_location_export_query(filters=SearchFilters()), chunk_size=2)
    first = next(chunks)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, is_holdable FROM pg_cursors WHERE name LIKE '_django_curs_%%'")
        cursors = cursor.fetchall()
    assert len(first) == 2
    assert len(cursors) == 1 and cursors[0][1] is False
    rest = [row for chunk in chunks for row in chunk]
    assert len(first) + len(rest) >= len(directory.public)
