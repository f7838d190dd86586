import pytest


@pytest.mark.django_db
def test_health_reports_ok_after_a_database_round_trip(client) -> None:
    response = client.get("/api/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
