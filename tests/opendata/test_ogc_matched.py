"""/ogc/ services items: the matched set (a box's ids, or the count) kept per worker under the directory stamp.

The reference is the one-statement page that reads the whole set on every request: the view without a stamp (the
conditional-GET middleware, which reads it, switched off) and service_location_window(stamp=None).
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opendata import selectors
from opendata.selectors import FEATURE_JSON_COLUMNS, Bbox, service_location_window
from search.actions.directory import directory_stamp
from services.models import Service, ServiceAtLocation
from services.selectors import SearchFilters

from .conftest import WEST, Directory

pytestmark = pytest.mark.django_db
SERVICES = "/ogc/collections/services/items"
TIMESTAMP = re.compile(rb'"timeStamp":"[^"]*"')


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    selectors._MATCHED.clear()


def _next(body: dict, rel: str = "next") -> str:
    href = next((link["href"] for link in body["links"] if link["rel"] == rel), "")
    if not href:
        return ""
    parts = urlsplit(href)
    return f"{parts.path}?{parts.query}"


def _walk(client, url: str) -> list[bytes]:  # noqa: ANN001
    """Every page from `url` on through the next links, then back through the prev links (timeStamp masked)."""
    pages, body = [], {}
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(TIMESTAMP.sub(b"", response.content))
        body = response.json()
        url = _next(body)
    url = _next(body, "prev")
    while url:
        response = client.get(url)
        pages.append(TIMESTAMP.sub(b"", response.content))
        url = _next(response.json(), "prev")
    return pages


QUERIES = [
    "bbox=23.0,37.0,23.5,37.5&limit=2",
    "bbox=23.0,37.0,24.0,37.5&limit=3&language=ar",
    "bbox=23.0,37.0,24.0,37.5&limit=5&offset=4",
    "bbox=23.0,37.0,24.0,37.5&limit=1000",
    "bbox=23.2,37.0,23.21,37.5&limit=2",  # an empty box
    "limit=4",
    "limit=3&category=health",
    f"bbox={','.join(map(str, WEST))}&limit=2&datetime=2020-01-01/..",
]


@pytest.mark.parametrize("query", QUERIES)
def test_pages_are_byte_identical_to_the_one_statement_pages(client, directory: Directory, settings, query) -> None:  # noqa: ANN001
    kept = _walk(client, f"{SERVICES}?{query}")
    for lang in ("en", "el"):  # and the pages answered from the kept set in the other language
        assert _walk(client, f"{SERVICES}?{query}&lang={lang}") != []
    assert selectors._MATCHED._values, "the walk kept its matched set"
    settings.CONDITIONAL_GET_PATHS = []  # no stamp: every page reads the whole set (the reference)
    reference = _walk(client, f"{SERVICES}?{query}")
    assert kept == reference and len(kept) >= 1


def test_a_page_after_the_first_reads_no_box(client, directory: Directory) -> None:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        first = client.get(SERVICES, {"bbox": "23.0,37.0,24.0,37.5", "limit": 2}).json()
    assert len(queries) == 2  # the stamp read, and one statement: the page, the count and the box's ids
    with CaptureQueriesContext(connection) as queries:
        second = client.get(_next(first)).json()
    assert second["numberMatched"] == first["numberMatched"] == len(directory.points())
    reads = [query["sql"] for query in queries if "search_searchentry" in query["sql"]]
    assert reads == []  # only the stamp read and the page's own rows
    assert len(queries) == 2


def test_a_change_to_the_directory_shows_on_the_next_page(client, directory: Directory) -> None:  # noqa: ANN001
    first = client.get(SERVICES, {"bbox": "23.0,37.0,24.0,37.5", "limit": 2}).json()
    ids = sorted(sal for sal in directory.points())
    assert [feature["id"] for feature in first["features"]] == ids[:2]
    gone = ServiceAtLocation.objects.get(id=ids[3]).service
    gone.status = "inactive"
    gone.save()  # through the ORM: the search index follows and the directory stamp moves
    second = client.get(_next(first)).json()
    assert second["numberMatched"] == len(ids) - 1
    assert [feature["id"] for feature in second["features"]] == [ids[2], ids[4]]


def _window(stamp: str | None, **kwargs: object) -> selectors.Window:
    return service_location_window(filters=SearchFilters(), columns=FEATURE_JSON_COLUMNS, stamp=stamp, **kwargs)


def test_sets_are_kept_per_day(directory: Directory) -> None:
    """A service whose valid dates end today leaves the box tomorrow, under the same stamp (and service 15, which
    starts tomorrow, enters it)."""
    sal = sorted(directory.west)[0]
    Service.objects.filter(service_at_locations__id=sal).update(valid_to=timezone.localdate())
    from search.actions.directory import directory_changed
    from search.actions.search_index import search_index_refresh

    search_index_refresh()
    directory_changed()
    stamp, box = directory_stamp(), Bbox(*WEST)
    now = timezone.now()
    for moment in (now, now + timedelta(days=1), now):
        kept = _window(stamp, bbox=box, limit=2, moment=moment)
        assert kept == _window(None, bbox=box, limit=2, moment=moment)
    today = {row[0] for row in _window(stamp, bbox=box, limit=100, moment=now).rows}
    tomorrow = {row[0] for row in _window(stamp, bbox=box, limit=100, moment=now + timedelta(days=1)).rows}
    assert today == directory.west and sal in today - tomorrow and len(tomorrow - today) == 1


@pytest.mark.parametrize("cap", [0, 3])
def test_a_set_past_the_cap_keeps_its_count_and_pages_as_before(directory: Directory, monkeypatch, cap: int) -> None:  # noqa: ANN001
    monkeypatch.setattr(selectors, "MATCHED_IDS_CAP", cap)
    stamp, box = directory_stamp(), Bbox(23.0, 37.0, 24.0, 37.5)
    ids = sorted(directory.points())
    for kwargs in ({}, {"after": ids[1]}, {"before": ids[5]}, {"offset": 3}):
        assert _window(stamp, bbox=box, limit=2, **kwargs) == _window(None, bbox=box, limit=2, **kwargs)
    assert all(known.ids is None for known in selectors._MATCHED._values.values()) == (cap < len(ids))


def test_keys_between_and_past_the_ids(directory: Directory) -> None:
    stamp, box = directory_stamp(), Bbox(23.0, 37.0, 24.0, 37.5)
    ids = sorted(directory.points())
    gone = ids[4][:-1] + ("0" if ids[4][-1] != "0" else "1")  # a key that is no id (a feature since removed)
    keys = [ids[0], ids[-1], gone, "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"]
    for key in keys:
        for name in ("after", "before"):
            for limit in (1, 2, 100):
                kwargs = {name: key, "bbox": box, "limit": limit}
                assert _window(stamp, **kwargs) == _window(None, **kwargs), kwargs
    for offset in (0, 1, len(ids) - 1, len(ids), len(ids) + 5):
        assert _window(stamp, bbox=box, limit=3, offset=offset) == _window(None, bbox=box, limit=3, offset=offset)
