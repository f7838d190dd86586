"""The community lists and the organisation directory page with the one shared pager (templates/_pager.html):
where we are ("showing 21–25 of 25"), previous/next links that keep the list's filters, in both languages."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import OrganizationFactory, ServiceFactory

from .conftest import make_activity, make_call, make_entry

pytestmark = pytest.mark.django_db


def _pager(body: str) -> str:
    return body.split('<nav class="pager"')[1].split("</nav>")[0]


def test_activities_second_page_keeps_the_filter(client: Client, org_a: Any) -> None:
    for n in range(25):
        make_activity(org_a, committee="health", title_el=f"Δραστηριότητα {n:02}")
    make_activity(org_a, committee="education")  # filtered out: 25 in all, not 26
    pager = _pager(client.get(reverse("activities:list") + "?committee=health&page=2").content.decode())
    assert "εμφανίζονται 21–25 από 25" in pager and 'aria-current="page"' in pager
    assert 'href="?committee=health&amp;page=1" rel="prev"' in pager and 'rel="next"' not in pager
    english = _pager(client.get("/en" + reverse("activities:list") + "?committee=health").content.decode())
    assert "showing 1–20 of 25" in english and 'href="?committee=health&amp;page=2" rel="next"' in english


@pytest.mark.parametrize("kind", ["calls", "toolkit"])
def test_calls_and_toolkit_are_paged_by_the_shared_pager(
    client: Client, org_a: Any, caseworker: Any, kind: str
) -> None:
    for n in range(21):
        make_call(org_a, title=f"Κάλεσμα {n:02}") if kind == "calls" else make_entry(org_a, title=f"Οδηγός {n:02}")
    client.force_login(caseworker)
    pager = _pager(client.get(reverse(f"{kind}:list")).content.decode())
    assert "εμφανίζονται 1–20 από 21" in pager and 'href="?page=2" rel="next"' in pager


def test_organisation_directory_uses_the_shared_pager(client: Client) -> None:
    for n in range(21):
        ServiceFactory(organization=OrganizationFactory(name=f"Σελιδοποίηση {n:02d}"))
    pager = _pager(client.get("/en/organisations/?page=2").content.decode())
    assert "showing 21–21 of 21" in pager and 'href="?page=1" rel="prev"' in pager
