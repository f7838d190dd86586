import pytest
from django.db import connection


@pytest.mark.django_db
def test_health_reports_ok_after_a_database_round_trip(client) -> None:
    response = client.get("/api/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_health_reports_503_when_the_database_is_unreachable_and_recovers(client) -> None:
    """A real outage: the connection is pointed at a port where no server listens, then back."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "9"})
    try:
        response = client.get("/api/health/")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable"}
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert client.get("/api/health/").status_code == 200
