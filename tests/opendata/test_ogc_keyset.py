"""/ogc/ services items: keyset paging (`next`/`prev` links carry the id of the page's last/first feature) and the
offset cap."""

from urllib.parse import parse_qs, urlsplit

import pytest

from opendata.ogc import MAX_OFFSET

from .conftest import Directory

pytestmark = pytest.mark.django_db
SERVICES = "/ogc/collections/services/items"


def _links(page: dict) -> dict[str, str]:
    return {link["rel"]: link["href"].replace("http://testserver", "") for link in page["links"]}


def _query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def _ids(page: dict) -> list[str]:
    return [feature["id"] for feature in page["features"]]


def test_next_links_carry_the_last_id_and_walk_every_feature_once_in_id_order(client, directory: Directory) -> None:  # noqa: ANN001
    everything = _ids(client.get(SERVICES, {"limit": 1000}).json())
    assert everything == sorted(everything) and set(directory.public) <= set(everything)
    url, pages, seen = f"{SERVICES}?limit=4&free=false", [], []
    while url:
        page = client.get(url).json()
        pages.append(page)
        seen += _ids(page)
        url = _links(page).get("next", "")
        if url:
            query = _query(url)
            assert query["after"] == [_ids(page)[-1]] and "offset" not in query  # the key, not an offset
            assert query["limit"] == ["4"] and query["free"] == ["false"]  # the filters travel along
        assert page["numberMatched"] == len(everything)
    assert seen == everything  # each once, in id order, nothing skipped
    assert len(pages) == -(-len(everything) // 4)
    assert "prev" not in _links(pages[0]) and all("prev" in _links(page) for page in pages[1:])
    # the self link of a keyset page repeats its key
    assert _query(_links(pages[1])["self"])["after"] == [_ids(pages[0])[-1]]


def test_prev_links_carry_the_first_id_and_give_back_the_page_before(client, directory: Directory) -> None:  # noqa: ANN001
    first = client.get(SERVICES, {"limit": 3}).json()
    second = client.get(_links(first)["next"]).json()
    third = client.get(_links(second)["next"]).json()
    back = client.get(_links(third)["prev"]).json()
    assert _query(_links(third)["prev"])["before"] == [_ids(third)[0]]
    assert _ids(back) == _ids(second)
    assert _ids(client.get(_links(back)["prev"]).json()) == _ids(first)
    assert _ids(client.get(_links(back)["next"]).json()) == _ids(third)
    # the first page reached backwards has nothing before it
    assert "prev" not in _links(client.get(_links(back)["prev"]).json())


def test_a_keyset_page_equals_the_offset_page_and_a_deleted_key_still_works(client, directory: Directory) -> None:  # noqa: ANN001
    everything = _ids(client.get(SERVICES, {"limit": 1000}).json())
    for start in (1, 5, 9):
        by_offset = _ids(client.get(SERVICES, {"limit": 3, "offset": start}).json())
        by_key = _ids(client.get(SERVICES, {"limit": 3, "after": everything[start - 1]}).json())
        assert by_key == by_offset == everything[start : start + 3]
    # a key between two ids (as after a feature that has since gone) continues with the next one
    gone = everything[4][:-1] + ("0" if everything[4][-1] != "0" else "1")
    following = [sal for sal in everything if sal > gone][:2]
    assert _ids(client.get(SERVICES, {"limit": 2, "after": gone}).json()) == following
    # past the last feature: an empty page with no next link
    last = client.get(SERVICES, {"limit": 2, "after": everything[-1]}).json()
    assert last["features"] == [] and "next" not in _links(last) and last["numberMatched"] == len(everything)


def test_keyset_pages_with_bbox_and_filters(client, directory: Directory) -> None:  # noqa: ANN001
    seen, url = [], f"{SERVICES}?bbox=23.0,37.0,23.5,37.5&limit=2"
    while url:
        page = client.get(url).json()
        seen += _ids(page)
        url = _links(page).get("next", "")
    assert seen == sorted(directory.west)
    seen, url = [], f"{SERVICES}?category=health&language=ar&limit=1"
    while url:
        page = client.get(url).json()
        seen += _ids(page)
        url = _links(page).get("next", "")
    assert set(seen) == directory.health & directory.arabic and len(seen) == len(set(seen))


def test_offsets_up_to_the_cap_are_accepted_beyond_it_a_clear_400(client, directory: Directory) -> None:  # noqa: ANN001
    page = client.get(SERVICES, {"offset": MAX_OFFSET}).json()
    assert page["features"] == [] and page["numberMatched"] == len(directory.public)
    response = client.get(SERVICES, {"offset": MAX_OFFSET + 1})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidParameterValue" and list(body["errors"]) == ["offset"]
    assert "next" in body["errors"]["offset"][0] and f"{MAX_OFFSET:,}" in body["errors"]["offset"][0]
    assert "ακολουθήστε" in body["errors"]["offset"][0]  # Greek outside the language prefix, as every /ogc/ error
    english = client.get(SERVICES, {"offset": MAX_OFFSET + 1, "lang": "en"}).json()["errors"]["offset"][0]
    assert english.startswith(f"Offsets stop at {MAX_OFFSET:,}: follow")
    # an offset page links onwards by key too
    page = client.get(SERVICES, {"offset": 2, "limit": 3}).json()
    assert _query(_links(page)["next"])["after"] == [_ids(page)[-1]]
    assert _query(_links(page)["self"])["offset"] == ["2"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"after": "not-a-uuid"}, "after"),
        ({"before": "1234"}, "before"),
        ({"after": "00000000-0000-0000-0000-000000000000", "before": "00000000-0000-0000-0000-000000000001"}, "before"),
        ({"after": "00000000-0000-0000-0000-000000000000", "offset": "3"}, "offset"),
    ],
)
def test_bad_page_keys_are_400(client, directory: Directory, query: dict, field: str) -> None:  # noqa: ANN001
    response = client.get(SERVICES, query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidParameterValue" and list(body["errors"]) == [field]


def test_area_pages_link_by_code(client, directory: Directory) -> None:  # noqa: ANN001
    everything: list[str] = []  # in the database's code order, by offsets
    while page := _ids(client.get("/ogc/collections/areas/items", {"limit": 100, "offset": len(everything)}).json()):
        everything += page
    assert {"t-west", "t-east"} <= set(everything) and len(everything) == len(set(everything))
    url, seen = "/ogc/collections/areas/items?limit=3", []
    while url:
        page = client.get(url).json()
        seen += _ids(page)
        url = _links(page).get("next", "")
        if url:
            assert _query(url)["after"] == [_ids(page)[-1]]
    assert seen == everything
    second = client.get("/ogc/collections/areas/items", {"limit": 3, "after": everything[2]}).json()
    assert _ids(client.get(_links(second)["prev"]).json()) == everything[:3]
    response = client.get("/ogc/collections/areas/items", {"after": "t-east", "before": "t-west"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["before"]
