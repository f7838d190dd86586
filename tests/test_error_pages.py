"""404, 403, 429 and 500 are the site's own pages, in Greek and English, with header, navigation and place search."""

import re

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

SWITCH = re.compile(r'data-language-switch="(\w+)" data-next="([^"]*)"')
WORDS = {
    ("el", 404): "Η σελίδα δεν βρέθηκε",
    ("en", 404): "Page not found",
    ("el", 403): "Χωρίς πρόσβαση",
    ("en", 403): "No access",
    ("el", 429): "Πάρα πολλά αιτήματα",
    ("en", 429): "Too many requests",
    ("el", 500): "Κάτι πήγε στραβά",
    ("en", 500): "Something went wrong",
}


@pytest.mark.parametrize("language, prefix", [("el", ""), ("en", "/en")])
@pytest.mark.parametrize(
    "path, status",
    [("/no-such-page/", 404), ("/test-errors/403/", 403), ("/test-errors/429/", 429), ("/test-errors/500/", 500)],
)
def test_error_pages_are_styled_in_both_languages(language: str, prefix: str, path: str, status: int) -> None:
    client = Client(raise_request_exception=False)
    response = client.get(prefix + path)
    assert response.status_code == status
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert WORDS[(language, status)] in body
    assert 'class="site-header"' in body and 'class="site-nav"' in body  # header and navigation
    assert f'action="{prefix}/"' in body and 'name="place"' in body  # the place search, on this language's map


@pytest.mark.parametrize("path, home", [("/no-such-page/", "/en/"), ("/en/no-such-page/", "/")])
def test_switch_on_a_missing_page_goes_to_the_home_page_of_the_other_language(path: str, home: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert SWITCH.findall(response.content.decode()) == [("en" if home == "/en/" else "el", home)]


def test_an_old_referral_qr_code_lands_on_the_styled_404() -> None:
    response = Client().get("/services/00000000-0000-0000-0000-000000000000/referral/")
    assert response.status_code == 404
    assert "Η σελίδα δεν βρέθηκε" in response.content.decode()


def test_favicon() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    page = Client().get("/").content.decode()
    assert 'rel="icon"' in page
