"""Caseworkers keep searches of the map under a name, open and delete them; nobody sees another's."""

from typing import Any

import pytest
from django.test import Client

from accounts.models import SavedSearch

pytestmark = pytest.mark.django_db

QUERY = "place=Κυψέλη&lat=38.00000&lon=23.74000&category=health&language=ar&free=on"


def test_anonymous_visitors_cannot_list_or_save(client: Client) -> None:
    assert client.get("/accounts/saved/")["Location"].startswith("/accounts/login/")
    response = client.post("/accounts/saved/", {"name": "x", "query": QUERY})
    assert response.status_code == 302 and not SavedSearch.objects.exists()
    assert "Αποθήκευση αυτής της αναζήτησης" not in client.get("/?" + QUERY).content.decode()


def test_save_list_open_and_delete(client: Client, caseworker: Any) -> None:
    client.force_login(caseworker)
    home = client.get("/?" + QUERY).content.decode()
    assert 'action="/accounts/saved/"' in home  # the form shows above the results when signed in
    response = client.post("/accounts/saved/", {"name": "Κυψέλη υγεία", "query": "?" + QUERY + "&lang="})
    assert response.status_code == 302
    search = SavedSearch.objects.get(user=caseworker)
    assert search.name == "Κυψέλη υγεία"
    listing = client.get("/accounts/saved/").content.decode()
    assert 'href="/?place=%CE%9A%CF%85%CF%88%CE%AD%CE%BB%CE%B7&amp;lat=38.00000' in listing
    # opening it runs the same search
    opened = client.get("/?" + search.query)
    assert opened.context["form"].cleaned_data["category"] == ["health"]
    # saving again under the same name replaces it
    client.post("/accounts/saved/", {"name": "Κυψέλη υγεία", "query": "place=Πατήσια"})
    assert list(SavedSearch.objects.values_list("query", flat=True)) == [
        "place=%CE%A0%CE%B1%CF%84%CE%AE%CF%83%CE%B9%CE%B1"
    ]
    assert client.post(f"/accounts/saved/{search.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_a_nameless_search_is_not_saved(client: Client, caseworker: Any) -> None:
    client.force_login(caseworker)
    assert client.post("/accounts/saved/", {"name": "  ", "query": QUERY}).status_code == 400
    assert not SavedSearch.objects.exists()


def test_nobody_sees_or_deletes_another_persons_searches(client: Client, caseworker: Any, make_person: Any) -> None:
    other = make_person("other", None)
    theirs = SavedSearch.objects.create(user=other, name="Secret search", query=QUERY)
    client.force_login(caseworker)
    assert "Secret search" not in client.get("/accounts/saved/").content.decode()
    assert client.post(f"/accounts/saved/{theirs.pk}/delete/").status_code == 404
    assert client.get(f"/accounts/saved/{theirs.pk}/delete/").status_code == 405
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()
