"""Signing in: username or email, throttled per username and address (django-axes), secure session cookies."""

import os
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_sign_in_with_username_or_email(client: Client, make_person: Any) -> None:
    make_person("maria", None, email="Maria@Example.org")
    assert sign_in(client, "maria", PASSWORD).status_code == 302
    client.logout()
    response = sign_in(client, "maria@example.ORG", PASSWORD)
    assert response.status_code == 302 and client.session["_auth_user_id"]


def test_logins_without_a_request_still_work(client: Client, make_person: Any) -> None:
    make_person("tester", None)
    assert client.login(username="tester", password=PASSWORD)  # the test client's login passes no request
    assert client.get("/accounts/").status_code == 200


def test_an_email_two_accounts_share_signs_nobody_in(client: Client, make_person: Any) -> None:
    make_person("one", None, email="shared@example.org")
    make_person("two", None, email="shared@example.org")
    assert sign_in(client, "shared@example.org", PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_and_inactive_accounts_do_not_sign_in(client: Client, make_person: Any) -> None:
    make_person("ana", None)
    make_person("gone", None, is_active=False)
    assert sign_in(client, "ana", "wrong").status_code == 200
    assert sign_in(client, "gone", PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_username_from_that_address_with_a_translated_page(
    client: Client, make_person: Any
) -> None:
    make_person("nikos", None)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "nikos", "wrong", REMOTE_ADDR="10.0.0.1").status_code == 200
    locked = sign_in(client, "nikos", "wrong", REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    assert "Πάρα πολλές αποτυχημένες συνδέσεις" in locked.content.decode()
    # now even the right password is refused from there, in English too
    again = client.post("/en" + LOGIN, {"username": "nikos", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert again.status_code == 429 and "Too many failed sign-ins" in again.content.decode()
    assert "Try again in 15 minutes" in again.content.decode()
    assert "_auth_user_id" not in client.session
    # the same person from another address is not locked (username and address together)
    assert sign_in(client, "nikos", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_the_email_and_the_username_count_as_one_person(client: Client, make_person: Any) -> None:
    make_person("eleni", None, email="eleni@example.org")
    for name in ("eleni", "ELENI@example.org", "eleni", "eleni@example.org"):
        assert sign_in(client, name, "wrong").status_code == 200
    assert sign_in(client, "eleni@example.org", "wrong").status_code == 429
    assert sign_in(client, "eleni", PASSWORD).status_code == 429


def test_the_lock_lifts_after_the_cool_off(client: Client, make_person: Any) -> None:
    make_person("kostas", None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "kostas", "wrong")
    assert sign_in(client, "kostas", PASSWORD).status_code == 429
    # the attempts age past the cool-off (15 minutes)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    assert sign_in(client, "kostas", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client: Client, coordinator: Any) -> None:
    admin_login = f"/{settings.ADMIN_URL}login/"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(admin_login, {"username": "coord", "password": "wrong"})
    assert client.post(admin_login, {"username": "coord", "password": PASSWORD}).status_code == 429


@override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1})
def test_behind_one_proxy_the_forwarded_address_is_the_client(client: Client, make_person: Any) -> None:
    make_person("dimitra", None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "dimitra", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    locked = sign_in(client, "dimitra", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    other = sign_in(client, "dimitra", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.1")
    assert other.status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_address_does_not_dodge_the_lock(
    client: Client, make_person: Any
) -> None:
    make_person("giorgos", None)
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "giorgos", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert sign_in(client, "giorgos", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


def test_session_and_csrf_cookies_are_http_only_same_site_lax_and_last_a_working_day(
    client: Client, make_person: Any
) -> None:
    make_person("sofia", None)
    page = client.get(LOGIN)
    csrf = page.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    response = sign_in(client, "sofia", PASSWORD)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert int(session["max-age"]) == 8 * 3600 == settings.SESSION_COOKIE_AGE


def test_production_settings_pass_the_deploy_check_with_secure_cookies() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "geo_accmr.settings.production",
        "SECRET_KEY": "x" * 20 + "production-like-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "map.example.org",
        "EMAIL_URL": "smtp+tls://mailer:secret@mail.example.org:587",
        "API_NUM_PROXIES": "1",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY)"
    )
    flags = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert flags.stdout.split() == ["True", "True", "True", "True"]
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout
