"""/ogc/ as HTML pages for a browser (`Accept: text/html` or `?f=html`); JSON stays the answer for programs and
links to the pages as `alternate`. A shelter's point and address never reach a page."""

import json

import pytest

from .conftest import Directory

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
PAGES = [
    "/ogc/",
    "/ogc/conformance",
    "/ogc/collections",
    "/ogc/collections/services",
    "/ogc/collections/areas",
    "/ogc/collections/services/items",
    "/ogc/collections/areas/items",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_browser_gets_a_page_and_a_program_json(client, directory: Directory, path: str) -> None:  # noqa: ANN001
    page = client.get(path, headers={"accept": BROWSER})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html"), page.content[:200]
    assert "Accept" in page["Vary"]
    assert '<html lang="el">' in page.content.decode()
    assert client.get(path, {"f": "html"}, headers={"accept": "application/json"})["Content-Type"].startswith(
        "text/html"
    )
    for accept in ("*/*", "application/json", "application/geo+json"):
        answer = client.get(path, headers={"accept": accept})
        assert answer["Content-Type"].startswith("application/"), (accept, answer["Content-Type"])
    # a browser can still ask for the JSON
    assert client.get(path, {"f": "json"}, headers={"accept": BROWSER})["Content-Type"].startswith("application/")


@pytest.mark.parametrize(
    "path", ["/ogc/", "/ogc/collections", "/ogc/collections/areas", "/ogc/collections/areas/items"]
)
def test_json_links_to_its_page_as_alternate(client, directory: Directory, path: str) -> None:  # noqa: ANN001
    links = client.get(path, {"limit": "5"} if path.endswith("items") else {}).json()["links"]
    alternate = [link for link in links if link["rel"] == "alternate" and link["type"] == "text/html"]
    assert len(alternate) == 1
    assert alternate[0]["href"].startswith(f"http://testserver{path}?") and "f=html" in alternate[0]["href"]
    assert client.get(alternate[0]["href"])["Content-Type"].startswith("text/html")


def test_items_page_is_a_table_with_the_pages_features_and_paging(client, directory: Directory) -> None:  # noqa: ANN001
    data = client.get("/ogc/collections/services/items", {"limit": "5", "offset": "5"}).json()
    page = client.get("/ogc/collections/services/items", {"limit": "5", "offset": "5", "f": "html"}).content.decode()
    table = page.split('id="ogc-items"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 5  # the header and the page's five features
    for feature in data["features"]:
        assert feature["properties"]["name_el"] in table
        assert f"/ogc/collections/services/items/{feature['id']}?f=html" in table
    # the pager follows the JSON's own next/prev links (keyset: the key of the page's last / first feature), as HTML
    assert 'rel="next"' in page and 'rel="prev"' in page
    for rel in ("next", "prev"):
        (link,) = [link for link in data["links"] if link["rel"] == rel and link["type"] == "application/geo+json"]
        key = "after" if rel == "next" else "before"
        assert f"{key}={data['features'][-1 if rel == 'next' else 0]['id']}" in link["href"]
        pager = page.split(f'rel="{rel}"')[0].rsplit("<a ", 1)[1] + page.split(f'rel="{rel}"')[1].split(">")[0]
        assert f"{key}={data['features'][-1 if rel == 'next' else 0]['id']}" in pager and "f=html" in pager
    drawn = json.loads(page.split('id="ogc-features" type="application/json">')[1].split("</script>")[0])
    assert {f["id"] for f in drawn["features"]} == {f["id"] for f in data["features"] if f["geometry"]}


def test_a_shelters_point_and_address_never_reach_a_page(client, directory: Directory) -> None:  # noqa: ANN001
    everything = client.get("/ogc/collections/services/items", {"limit": "100", "f": "html"}).content.decode()
    one = client.get(f"/ogc/collections/services/items/{directory.redacted}", {"f": "html"}).content.decode()
    for page in (everything, one):
        assert "Υπηρεσία 12" in page  # the shelter's service is listed, as in the JSON
        assert "Οδός 12" not in page and "37.2," not in page and "23.2," not in page and "37.200000" not in page
    drawn = json.loads(one.split('id="ogc-features" type="application/json">')[1].split("</script>")[0])
    assert drawn["features"] == []


def test_english_page_and_its_language_switch(client, directory: Directory) -> None:  # noqa: ANN001
    page = client.get("/ogc/collections", {"f": "html", "lang": "en"}).content.decode()
    assert '<html lang="en">' in page and "Browse the items" in page
    areas = client.get("/ogc/collections/areas/items", {"f": "html", "lang": "en", "level": "municipality"})
    areas = areas.content.decode()
    assert "<td>Municipality</td>" in areas and "<td>municipality</td>" not in areas  # the level's name, not its code
    assert 'value="/ogc/collections?f=html&amp;lang=el"' in page


def test_errors_stay_json(client, directory: Directory) -> None:  # noqa: ANN001
    missing = client.get("/ogc/collections/services/items/not-a-feature", {"f": "html"})
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    bad = client.get("/ogc/collections", {"f": "xml"})
    assert bad.status_code == 400 and "f" in bad.json()["errors"]
