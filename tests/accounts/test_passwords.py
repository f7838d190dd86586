"""Password reset by email (Django's views, our templates) and password change."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kalispera-Thessaloniki-77"


def test_reset_by_email_sets_a_new_password_and_the_link_works_once(client: Client, make_person: Any) -> None:
    make_person("irini", None, email="irini@example.org")
    page = client.get("/accounts/password/reset/")
    assert page.status_code == 200 and "Ξεχάσατε τον κωδικό σας;" in page.content.decode()
    assert client.post("/accounts/password/reset/", {"email": "IRINI@example.org"}).status_code == 302
    assert [m.to for m in mail.outbox] == [["irini@example.org"]]
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    assert "irini" in mail.outbox[0].body
    set_page = client.get(link, follow=True)
    assert set_page.status_code == 200 and set_page.context["validlink"]
    form_url = set_page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.post("/accounts/login/", {"username": "irini", "password": NEW_PASSWORD}).status_code == 302
    client.logout()
    assert not client.get(link, follow=True).context["validlink"]


def test_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client: Client) -> None:
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert not mail.outbox


def test_password_change_needs_the_old_password(client: Client, make_person: Any) -> None:
    user = make_person("petros", None)
    assert client.get("/accounts/password/change/").status_code == 302  # sign in first
    client.force_login(user)
    wrong = client.post(
        "/en/accounts/password/change/",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and "Your old password was entered incorrectly" in wrong.content.decode()
    ok = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert ok.status_code == 302 and ok["Location"] == "/accounts/password/change/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
