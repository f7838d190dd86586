"""Security headers on every answer; the admin's relaxed script policy stays on the admin."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_and_apis_carry_a_policy_without_inline_script(client) -> None:
    for path in ("/", "/en/", "/api/health/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'", path
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_admin_allows_the_leaflet_widgets_inline_scripts_only_there(client, settings) -> None:
    def script_src(path: str) -> str:
        return client.get(path)["Content-Security-Policy"].split("script-src")[1].split(";")[0]

    assert "'unsafe-inline'" in script_src("/admin/login/")
    assert "'unsafe-inline'" in script_src("/en/admin/login/")
    assert "'unsafe-inline'" not in script_src("/en/")
