"""Rate limits on the public APIs: 429 with Retry-After and a message, per client address, configurable."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_beyond_the_limit_is_429_with_retry_after(client, settings) -> None:
    settings.API_RATE_LIMIT = "3/min"
    for _ in range(3):
        assert client.get("/api/areas/", {"level": "community", "simplify": 0.01}).status_code == 200
    response = client.get("/api/nearby/", {"lat": 37.98, "lon": 23.73})
    assert response.status_code == 429
    assert 50 <= int(response["Retry-After"]) <= 60
    message = response.json()["errors"]["detail"][0]
    assert f"{response['Retry-After']} " in message and message.startswith("Πάρα πολλά αιτήματα")
    # another address has its own count
    assert client.get("/api/health/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_limit_can_be_switched_off(client, settings) -> None:
    settings.API_RATE_LIMIT = "off"
    for _ in range(5):
        assert client.get("/api/health/").status_code == 200


def test_a_cache_outage_does_not_block_requests(client, settings) -> None:
    settings.API_RATE_LIMIT = "1/min"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0"}}  # nothing listens there  # fmt: skip
    for _ in range(3):
        assert client.get("/api/health/").status_code == 200
