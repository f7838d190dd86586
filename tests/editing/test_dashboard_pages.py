"""/manage/ lists organisations a page at a time, every one reachable."""

from typing import Any

import pytest
from django.test import Client

from editing.views import MANAGE_ORGANISATIONS_PER_PAGE
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_organisations_are_paginated_and_all_reachable(client: Client, coordinator: Any) -> None:
    made = {OrganizationFactory().pk for _ in range(MANAGE_ORGANISATIONS_PER_PAGE + 5)}
    client.force_login(coordinator)
    first = client.get("/en/manage/")
    second = client.get("/en/manage/?page=2")
    assert len(first.context["organizations"].object_list) == MANAGE_ORGANISATIONS_PER_PAGE
    seen = {org.pk for response in (first, second) for org in response.context["organizations"].object_list}
    assert made <= seen
    assert "Page 1 of 2" in first.content.decode() and 'href="?page=2"' in first.content.decode()


def test_a_search_keeps_its_query_across_pages(client: Client, coordinator: Any) -> None:
    for i in range(MANAGE_ORGANISATIONS_PER_PAGE + 1):
        OrganizationFactory(name=f"Δίκτυο {i:03}", name_el=f"Δίκτυο {i:03}")
    client.force_login(coordinator)
    body = client.get("/en/manage/?q=Δίκτυο").content.decode()
    assert 'href="?q=%CE%94%CE%AF%CE%BA%CF%84%CF%85%CE%BF&amp;page=2"' in body
