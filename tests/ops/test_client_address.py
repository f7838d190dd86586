"""Which client an address belongs to, for the API rate limit and the sign-in lockout alike: behind one proxy
(API_NUM_PROXIES=1) each visitor counts on their own; without API_NUM_PROXIES, X-Forwarded-For is ignored, so a
forged header neither dodges a limit nor frames someone else; production's deploy check says when it is unset."""

import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the proxy's own address: every request arrives from it
ALICE, BOB = "203.0.113.7", "198.51.100.9"
ONE_PROXY = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
NO_PROXY_SETTING = {**settings.REST_FRAMEWORK, "NUM_PROXIES": None}


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def api(client: Client, forwarded: str | None) -> int:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.get("/api/health/", REMOTE_ADDR=PROXY, **extra).status_code


def sign_in(client: Client, password: str, forwarded: str) -> Any:
    return client.post(
        "/accounts/login/", {"username": "dimitra", "password": password},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded,
    )  # fmt: skip


@pytest.fixture
def dimitra() -> Any:
    return get_user_model().objects.create_user("dimitra", password="a-Long-enough-pass-9")


@override_settings(REST_FRAMEWORK=ONE_PROXY, API_RATE_LIMIT="2/min")
def test_behind_one_proxy_two_visitors_have_separate_rate_limit_buckets(client: Client) -> None:
    assert [api(client, ALICE) for _ in range(3)] == [200, 200, 429]
    assert api(client, BOB) == 200
    # a client-supplied entry before the proxy's own does not change who it is: the proxy appends the real address
    assert api(client, f"192.0.2.1, {ALICE}") == 429


@override_settings(REST_FRAMEWORK=ONE_PROXY)
def test_behind_one_proxy_two_visitors_have_separate_sign_in_lockouts(client: Client, dimitra: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", ALICE)
    assert sign_in(client, "a-Long-enough-pass-9", ALICE).status_code == 429
    assert sign_in(client, "a-Long-enough-pass-9", BOB).status_code == 302


@override_settings(REST_FRAMEWORK=NO_PROXY_SETTING, API_RATE_LIMIT="2/min")
def test_without_api_num_proxies_a_forged_forwarded_for_does_not_give_a_fresh_rate_limit_bucket(
    client: Client,
) -> None:
    statuses = [api(client, f"192.0.2.{n}") for n in range(3)] + [api(client, None)]
    assert statuses == [200, 200, 429, 429]  # all four are the one connection address


@override_settings(REST_FRAMEWORK=NO_PROXY_SETTING)
def test_without_api_num_proxies_a_forged_forwarded_for_does_not_dodge_the_lockout(
    client: Client, dimitra: Any
) -> None:
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", f"192.0.2.{n}")
    assert sign_in(client, "a-Long-enough-pass-9", "192.0.2.200").status_code == 429


def deploy_check(**extra: str) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "API_NUM_PROXIES")},
        "DJANGO_SETTINGS_MODULE": "geo_accmr.settings.production",
        "SECRET_KEY": "x" * 20 + "production-like-secret-key-0123456789-abcdefghijklmnop",
        "EMAIL_URL": "smtp+tls://mailer:secret@mail.example.org:587",
        "ALLOWED_HOSTS": "map.example.org",
        **extra,
    }
    check = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy"], env=env, capture_output=True, text=True,
        cwd=settings.BASE_DIR,
    )  # fmt: skip
    return check.stdout + check.stderr


def test_the_deploy_check_warns_when_api_num_proxies_is_unset_and_not_when_it_is_declared() -> None:
    unset = deploy_check()
    assert "ops.W001" in unset and "API_NUM_PROXIES=1" in unset
    for value in ("0", "1"):
        assert "ops.W001" not in deploy_check(API_NUM_PROXIES=value)
