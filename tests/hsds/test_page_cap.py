"""/hsds/ lists page by number (HSDS); pages skip at most MAX_SKIPPED records, beyond that a clear 400."""

import pytest
from django.test import Client

from hsds.serializers import MAX_SKIPPED

from .conftest import Directory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/hsds/services", "/hsds/service_at_locations", "/hsds/organizations",
                                  "/hsds/taxonomy_terms"])  # fmt: skip
def test_pages_up_to_the_cap_answer_beyond_it_a_400(client: Client, directory: Directory, path: str) -> None:
    last = MAX_SKIPPED // 50 + 1  # skips exactly MAX_SKIPPED records
    page = client.get(path, {"per_page": 50, "page": last})
    assert page.status_code == 200
    assert page.json()["contents"] == [] and page.json()["page_number"] == last and page.json()["total_items"] > 0
    response = client.get(path, {"per_page": 50, "page": last + 1})
    assert response.status_code == 400
    message = response.json()["errors"]["page"][0]
    assert "ndjson" in message and f"{MAX_SKIPPED:,}" in message and "εγγραφές" in message  # Greek by default
    english = client.get(path, {"per_page": 50, "page": last + 1, "lang": "en"}).json()["errors"]["page"][0]
    assert english.startswith(f"Pages reach the first {MAX_SKIPPED:,} records")
    # with 500 a page the cap comes ten times sooner; ndjson ignores pages and streams everything
    assert client.get(path, {"per_page": 500, "page": MAX_SKIPPED // 500 + 2}).status_code == 400
    streamed = client.get(path, {"per_page": 50, "page": last + 1, "format": "ndjson"})
    assert streamed.status_code == 200 and b"".join(streamed.streaming_content).count(b"\n") > 0
