"""The parts of every page rendered once per language in each worker (base.html's navigation and footer, the search
page's map tags and scripts) are those of the page's own language, page and user, whatever was shown before."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client

from accounts.models import Profile, Role

pytestmark = pytest.mark.django_db
NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.S)
FOOTER = re.compile(r'<footer class="site-footer">.*?</footer>', re.S)
SCRIPTS = re.compile(r"</footer>(.*)</body>", re.S)
HEAD = re.compile(r"<head>(.*)</head>", re.S)
MAP = re.compile(r'<div class="map-wrap".*?</div>', re.S)
PARTS = {"nav": NAV, "footer": FOOTER, "scripts": SCRIPTS, "head": HEAD, "map": MAP}
PAGES = ["/", "/en/", "/?lat=37.9838&lon=23.7275", "/en/?lat=37.9838&lon=23.7275", "/organisations/",
         "/en/organisations/", "/privacy/", "/en/privacy/"]  # fmt: skip


def parts(client: Client, path: str) -> dict[str, list[str]]:
    response = client.get(path)
    assert response.status_code == 200, path
    return {name: pattern.findall(response.content.decode()) for name, pattern in PARTS.items()}


def fresh(client: Client, path: str) -> dict[str, list[str]]:
    """The page's parts rendered with nothing kept from the pages before."""
    caches["fragments"].clear()
    return parts(client, path)


def test_each_page_shows_its_own_language_and_page_after_any_other() -> None:
    client = Client()
    expected = {path: fresh(client, path) for path in PAGES}
    assert expected["/"]["footer"] != expected["/en/"]["footer"]
    assert expected["/"]["nav"] != expected["/organisations/"]["nav"]  # which item is the current page
    assert expected["/?lat=37.9838&lon=23.7275"]["scripts"] != expected["/en/?lat=37.9838&lon=23.7275"]["scripts"]
    caches["fragments"].clear()
    for order in (PAGES, PAGES[::-1], PAGES[1::2] + PAGES[::2]):
        for path in order:
            assert parts(client, path) == expected[path], path


def test_the_english_footer_names_english_pages_and_the_greek_one_greek_pages() -> None:
    client = Client()
    caches["fragments"].clear()
    client.get("/en/")
    (footer,) = parts(client, "/")["footer"]
    assert 'href="/privacy/"' in footer and "/en/" not in footer
    (scripts,) = parts(client, "/")["scripts"]
    assert '<script src="/jsi18n/">' in scripts
    (scripts,) = parts(client, "/en/")["scripts"]
    assert '<script src="/en/jsi18n/">' in scripts


def test_the_navigation_follows_the_user() -> None:
    coordinator = get_user_model().objects.create_user(username="coord", password="x")
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    signed_in, signed_out = Client(), Client()
    signed_in.force_login(coordinator)
    caches["fragments"].clear()
    for client, administration in ((signed_out, False), (signed_in, True), (signed_out, False), (signed_in, True)):
        (nav,) = parts(client, "/")["nav"]
        assert ('href="/admin/"' in nav) is administration
        assert nav.count('aria-current="page"') == 1
