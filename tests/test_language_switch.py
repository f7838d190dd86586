"""The language switch on every page lands on the same page, with its query string, in the other language."""

import html
import re

import pytest
from django.test import Client

from tests.site_pages import site_pages_data

pytestmark = pytest.mark.django_db

QUERY = "?ref=qr&q=%CE%BA%CF%85%CF%88%CE%AD%CE%BB%CE%B7"  # "κυψέλη", as a browser sends it
# referral sheets and the client page: their language is the client's (referrals/), not the interface's
SHEETS = {"services:referral", "referrals:client"}
SWITCH = re.compile(r'data-language-switch="(\w+)" data-next="([^"]*)"')


@pytest.mark.parametrize("source, target", [("el", "en"), ("en", "el")])
def test_switch_on_every_page_keeps_the_page_and_its_query(source: str, target: str) -> None:
    coordinator, pages = site_pages_data()
    signed_in, signed_out = Client(), Client()
    signed_in.force_login(coordinator)
    checked = []
    for page in pages:
        client = signed_out if page.anonymous else signed_in
        response = client.get(page.path(source) + QUERY, headers={"accept-language": source})
        assert response.status_code == 200, (page.name, response.status_code)
        switches = SWITCH.findall(response.content.decode())
        if page.name in SHEETS:  # in the client's language (`lang`, the interface's by default), chosen from 14
            assert f'<html lang="{source}" dir="ltr">' in response.content.decode(), page.name
            assert switches == []
            other = client.get(page.path(source) + QUERY + "&lang=" + target)
            assert other.status_code == 200 and f'<html lang="{target}" dir="ltr">' in other.content.decode()
            checked.append(page.name)
            continue
        assert f'<html lang="{source}">' in response.content.decode(), page.name
        expected = page.path(target) + QUERY
        assert [(code, html.unescape(url)) for code, url in switches] == [(target, expected)], page.name
        # the switch itself (Django's set_language) keeps that address and remembers the language
        landed = client.post("/i18n/setlang/", {"language": target, "next": expected})
        assert landed.status_code == 302 and landed["Location"] == expected, page.name
        assert landed.cookies["django_language"].value == target
        checked.append(page.name)
    assert {"services:home", "coverage:dashboard", "services:referral", "editing:review_detail"} <= set(checked)
