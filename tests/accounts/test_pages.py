"""Every accounts page answers in Greek and in English for the people allowed to see it."""

from typing import Any

import pytest
from django.test import Client

from accounts.models import SavedSearch

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix, words", [("", "Ο λογαριασμός μου"), ("/en", "My account")])
def test_pages_in_both_languages(
    client: Client, coordinator: Any, editor_a: Any, org_a: Any, prefix: str, words: str
) -> None:
    SavedSearch.objects.create(user=coordinator, name="Κυψέλη", query="place=Kypseli")
    client.force_login(coordinator)
    html_lang = 'lang="el"' if not prefix else 'lang="en"'
    for path in (
        "/accounts/",
        "/accounts/people/",
        f"/accounts/people/{editor_a.pk}/",
        "/accounts/saved/",
        "/accounts/password/change/",
        "/organisations/",
        f"/organisations/{org_a.pk}/",
    ):
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        assert html_lang in response.content.decode(), path
    assert words in client.get(prefix + "/accounts/").content.decode()
    client.logout()
    for path in ("/accounts/password/reset/", "/accounts/login/", "/accounts/invitation/bad/"):
        response = client.get(prefix + path)
        assert response.status_code in (200, 404) and html_lang in response.content.decode(), path
